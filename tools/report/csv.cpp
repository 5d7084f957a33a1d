#include "tools/report/csv.hpp"

namespace satflow::tools {

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos)
    return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    quoted += c;
    if (c == '"')
      quoted += '"';
  }
  quoted += '"';
  return quoted;
}

void write_csv_row(std::ostream& out, const std::vector<std::string>& fields) {
  bool first = true;
  for (const auto& f : fields) {
    out << (first ? "" : ",") << csv_field(f);
    first = false;
  }
  out << "\n";
}

} // namespace satflow::tools
