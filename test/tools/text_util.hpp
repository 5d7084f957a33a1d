// Reading back the text satflow writes, for tests: occurrences in a page and CSV records as a reader
// that follows RFC 4180 sees them (quoted fields may hold commas, doubled quotes and line breaks, which
// a split at every comma would cut). One reader for every test, so that none splits CSV by hand.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace satflow::test {

/// How many times `what` occurs in `text`, not overlapping. REQUIRES: what is not empty.
int count_of(std::string_view text, std::string_view what);

/// The records of a CSV text, each a list of its fields unquoted. A line ends at "\n" or "\r\n" outside
/// quotes; an empty line is a record of one empty field; the last line needs no line end. Throws
/// std::invalid_argument for a malformed field (a quote inside an unquoted field, text after a closing
/// quote, a quote left open).
std::vector<std::vector<std::string>> csv_records(std::string_view text);

/// A CSV whose first record is its header: fields looked up by column name.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows; ///< the records after the header

  /// The index of the column called `name`. Throws std::out_of_range if the header has none.
  std::size_t column(std::string_view name) const;
  /// The field of rows[row] in the column called `name`. Throws std::out_of_range if either is missing.
  const std::string& at(std::size_t row, std::string_view name) const;
};

/// Reads `text` (see csv_records) with its first record as the header; no record at all gives an empty table.
CsvTable read_csv(std::string_view text);

} // namespace satflow::test
