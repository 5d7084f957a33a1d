#include "test/tools/text_util.hpp"

#include <algorithm>
#include <stdexcept>

namespace satflow::test {

int count_of(std::string_view text, std::string_view what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + what.size()))
    ++n;
  return n;
}

namespace {

// Where the reader stands in a field: the three states of RFC 4180's grammar that matter.
enum class In { unquoted, quoted, after_closing_quote };

std::invalid_argument malformed(std::size_t records, std::size_t at, const char* what) {
  return std::invalid_argument("CSV record " + std::to_string(records + 1) + ", byte " + std::to_string(at) + ": " +
                               what);
}

} // namespace

std::vector<std::vector<std::string>> csv_records(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  In in = In::unquoted;
  auto end_field = [&] {
    record.push_back(std::move(field));
    field.clear();
    in = In::unquoted;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in == In::quoted) {
      if (c != '"')
        field += c;
      else if (i + 1 < text.size() && text[i + 1] == '"')
        field += text[i++];
      else
        in = In::after_closing_quote;
    } else if (c == ',') {
      end_field();
    } else if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      i += c == '\r';
      end_field();
      records.push_back(std::move(record));
      record.clear();
    } else if (in == In::after_closing_quote) {
      throw malformed(records.size(), i, "text after a closing quote");
    } else if (c == '"' && field.empty()) {
      in = In::quoted;
    } else if (c == '"') {
      throw malformed(records.size(), i, "a quote inside an unquoted field");
    } else {
      field += c;
    }
  }
  if (in == In::quoted)
    throw malformed(records.size(), text.size(), "a quoted field left open");
  if (!record.empty() || !field.empty() || in == In::after_closing_quote) { // a last line without its line end
    end_field();
    records.push_back(std::move(record));
  }
  return records;
}

std::size_t CsvTable::column(std::string_view name) const {
  const auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end())
    throw std::out_of_range("no CSV column '" + std::string(name) + "'");
  return static_cast<std::size_t>(it - header.begin());
}

const std::string& CsvTable::at(std::size_t row, std::string_view name) const { return rows.at(row).at(column(name)); }

CsvTable read_csv(std::string_view text) {
  auto records = csv_records(text);
  CsvTable table;
  if (records.empty())
    return table;
  table.header = std::move(records.front());
  table.rows.assign(std::make_move_iterator(records.begin() + 1), std::make_move_iterator(records.end()));
  return table;
}

} // namespace satflow::test
