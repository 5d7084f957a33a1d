// CSV as RFC 4180 reads it, for every CSV that satflow writes (items, parts, comparisons, sweeps):
// a field is written as is, or in double quotes when it holds a comma, a double quote, CR or LF,
// with its double quotes doubled. Names come from users (sources, items, stages, parts), so any of
// them may hold a comma; a field that needs no quotes is written unchanged, so the CSV of names
// that need none is the same bytes as before quoting existed. Rows end in "\n", not RFC 4180's
// CRLF: every reader of CSV accepts it, and the files stay what they were.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace satflow::tools {

/// `text` as one CSV field: unchanged, or quoted (quotes doubled) when it holds ',', '"', CR or LF.
std::string csv_field(std::string_view text);
/// Writes `fields` as one CSV row: each as csv_field(), separated by commas, then "\n".
void write_csv_row(std::ostream& out, const std::vector<std::string>& fields);

} // namespace satflow::tools
