// The CSV field and row writer, against RFC 4180's rules.
#include "tools/report/csv.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace satflow::tools {
namespace {

TEST(Csv, FieldsThatNeedNoQuotesAreWrittenUnchanged) {
  EXPECT_EQ(csv_field("NEONSAT-2"), "NEONSAT-2");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("AIT (queued)"), "AIT (queued)");
  EXPECT_EQ(csv_field("천리안 2B"), "천리안 2B"); // UTF-8 bytes pass through
  EXPECT_EQ(csv_field(" padded "), " padded ");   // RFC 4180: spaces are part of a field
}

TEST(Csv, FieldsWithACommaAQuoteOrALineEndAreQuotedWithQuotesDoubled) {
  EXPECT_EQ(csv_field("c,1"), "\"c,1\"");
  EXPECT_EQ(csv_field("the \"big\" one"), "\"the \"\"big\"\" one\"");
  EXPECT_EQ(csv_field("\""), "\"\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
}

TEST(Csv, RowsJoinFieldsWithCommasAndEndInANewline) {
  std::ostringstream out;
  write_csv_row(out, {"source", "c,1", "", "say \"hi\""});
  write_csv_row(out, {});
  write_csv_row(out, {""});
  EXPECT_EQ(out.str(), "source,\"c,1\",,\"say \"\"hi\"\"\"\n\n\n");
}

} // namespace
} // namespace satflow::tools
