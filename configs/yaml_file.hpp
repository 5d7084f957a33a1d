// Reading a YAML document from a file or text, with a located diagnostic for a file that cannot be
// opened or a syntax error: the first step of every loader in configs/.
#pragma once

#include "configs/diagnostics.hpp"
#include "configs/yaml_cursor.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace satflow::configs {

/// The document in `text`; on a syntax error, reports it at label:line:column and returns nothing.
std::optional<YAML::Node> parse_yaml(std::string_view text, const std::string& label, Diagnostics& diagnostics);
/// The whole text of `file`; reports "cannot open the WHAT" and returns nothing when it cannot be read.
std::optional<std::string> read_text_file(const std::filesystem::path& file, const std::string& what,
                                          Diagnostics& diagnostics);
/// The document in `file`; reports "cannot open the WHAT" or a syntax error and returns nothing.
std::optional<YAML::Node> read_yaml_file(const std::filesystem::path& file, const std::string& what,
                                         Diagnostics& diagnostics);
/// A small file read whole (a sweep, calibration or optimisation spec, a variants, observations or layout
/// file): its document and the context that its cursors report through, which must outlive them.
class MapFile {
public:
  /// Reads `file`: false, after reporting, when it cannot be read, is not YAML, or is not a map of
  /// none but the `allowed` keys.
  bool open(const std::filesystem::path& file, const std::string& what, Diagnostics& diagnostics,
            std::initializer_list<std::string_view> allowed);
  YamlCursor top() const { return YamlCursor(&context_, root_, ""); }
  /// Its `name:`, or its stem when it has none (or, reported, one that is not a string): what a spec's
  /// pages and stores, or a layout's runs, are called.
  std::string name() const;
  /// The file named at the required `key`, relative to this file's folder (a spec's scenario); reports
  /// a missing key, or "cannot open the KEY PATH" at it when that is not a regular file. Empty when the
  /// key is missing or not a string.
  std::filesystem::path file_beside(std::string_view key) const;

private:
  std::filesystem::path file_;
  DocumentContext context_;
  YAML::Node root_;
};

/// "label:line:column" of a mark (1-based, as editors count).
std::string located(const std::string& label, const YAML::Mark& mark);

} // namespace satflow::configs
