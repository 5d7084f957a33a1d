#include "configs/yaml_file.hpp"

#include <fstream>
#include <sstream>

namespace satflow::configs {

std::string located(const std::string& label, const YAML::Mark& mark) {
  return label + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

std::optional<YAML::Node> parse_yaml(std::string_view text, const std::string& label, Diagnostics& diagnostics) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    diagnostics.add({located(label, e.mark), "", "YAML syntax error: " + e.msg});
    return std::nullopt;
  }
}

std::optional<std::string> read_text_file(const std::filesystem::path& file, const std::string& what,
                                          Diagnostics& diagnostics) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    diagnostics.add({file.string(), "", "cannot open the " + what});
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<YAML::Node> read_yaml_file(const std::filesystem::path& file, const std::string& what,
                                         Diagnostics& diagnostics) {
  const auto text = read_text_file(file, what, diagnostics);
  if (!text)
    return std::nullopt;
  return parse_yaml(*text, file.string(), diagnostics);
}

bool MapFile::open(const std::filesystem::path& file, const std::string& what, Diagnostics& diagnostics,
                   std::initializer_list<std::string_view> allowed) {
  const auto document = read_yaml_file(file, what, diagnostics);
  if (!document)
    return false;
  file_ = file;
  context_ = {file.string(), &diagnostics, {}};
  root_ = *document;
  return top().expect_map(allowed);
}

std::string MapFile::name() const {
  const YamlCursor c = top()["name"];
  return c.defined() ? c.string().value_or(file_.stem().string()) : file_.stem().string();
}

std::filesystem::path MapFile::file_beside(std::string_view key) const {
  const YamlCursor c = top()[key];
  const auto name = c.string();
  if (!name)
    return {};
  const auto path = file_.parent_path() / *name;
  if (std::error_code ec; !std::filesystem::is_regular_file(path, ec))
    c.error("cannot open the " + std::string(key) + " " + path.string());
  return path;
}

} // namespace satflow::configs
