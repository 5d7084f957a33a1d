// Reading a YAML document from a file or text, with a located diagnostic for a file that cannot be
// opened or a syntax error: the first step of every loader in configs/.
#pragma once

#include "configs/diagnostics.hpp"

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
/// "label:line:column" of a mark (1-based, as editors count).
std::string located(const std::string& label, const YAML::Mark& mark);

} // namespace satflow::configs
