// The CSV field and row writer, against RFC 4180's rules; and the tests' CSV reader
// (test/tools/text_util), against the same rules and against what the writer writes.
#include "tools/report/csv.hpp"

#include "test/tools/text_util.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

namespace satflow::tools {
namespace {

struct Written {
  const char* field;
  const char* as; ///< what csv_field must make of it
};

// Fields that need no quotes, then fields with a comma, a quote or a line end: quoted, quotes doubled.
constexpr Written kFields[] = {
    {"NEONSAT-2", "NEONSAT-2"},
    {"", ""},
    {"AIT (queued)", "AIT (queued)"},
    {"천리안 2B", "천리안 2B"}, // UTF-8 bytes pass through
    {" padded ", " padded "},   // RFC 4180: spaces are part of a field
    {"c,1", "\"c,1\""},
    {"the \"big\" one", "\"the \"\"big\"\" one\""},
    {"\"", "\"\"\"\""},
    {"two\nlines", "\"two\nlines\""},
    {"cr\r", "\"cr\r\""},
};

TEST(Csv, FieldsAreQuotedWithQuotesDoubledOnlyWhenTheyHoldACommaAQuoteOrALineEnd) {
  for (const auto& [field, as] : kFields)
    EXPECT_EQ(csv_field(field), as) << field;
}

TEST(Csv, RowsJoinFieldsWithCommasAndEndInANewline) {
  std::ostringstream out;
  write_csv_row(out, {"source", "c,1", "", "say \"hi\""});
  write_csv_row(out, {});
  write_csv_row(out, {""});
  EXPECT_EQ(out.str(), "source,\"c,1\",,\"say \"\"hi\"\"\"\n\n\n");
}

TEST(Csv, TheTestsReaderReadsBackEveryFieldTheWriterWrites) {
  std::ostringstream out;
  std::vector<std::string> row;
  for (const auto& written : kFields)
    row.emplace_back(written.field);
  write_csv_row(out, row);
  write_csv_row(out, {"last", ""}); // a trailing empty field is a field
  EXPECT_EQ(test::csv_records(out.str()), (std::vector<std::vector<std::string>>{row, {"last", ""}}));
}

TEST(Csv, TheTestsReaderFollowsRfc4180AndRefusesMalformedFields) {
  EXPECT_EQ(test::csv_records("a,b\r\n\"x\"\"y\",\n\nz"),
            (std::vector<std::vector<std::string>>{{"a", "b"}, {"x\"y", ""}, {""}, {"z"}}));
  EXPECT_TRUE(test::csv_records("").empty());
  for (const char* bad : {"a\"b", "\"a\"b", "\"open", "x,\"open\n"})
    EXPECT_THROW(test::csv_records(bad), std::invalid_argument) << bad;
  const test::CsvTable t = test::read_csv("name,ready_s\nS1,30\n\"S,2\",\n");
  EXPECT_EQ(t.header, (std::vector<std::string>{"name", "ready_s"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.at(1, "name"), "S,2");
  EXPECT_EQ(t.at(0, "ready_s"), "30");
  EXPECT_EQ(t.column("ready_s"), 1u);
  EXPECT_THROW(t.column("launched_s"), std::out_of_range);
}

} // namespace
} // namespace satflow::tools
