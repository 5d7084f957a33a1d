// Edits applied to a scenario document before it is read: a layout file (its functions replace the
// scenario's, its coordination keys override the scenario's), then each --set "key.path=value".
// Every value they replace is recorded in the DocumentContext, so that a problem with it is blamed
// on the layout or the --set rather than on a line of the file.
#pragma once

#include "configs/scenario_loader.hpp"
#include "configs/yaml_cursor.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <optional>
#include <string>

namespace satflow::configs {

/// Applies one "key.path=value" (value in YAML syntax; list elements by index or by their `name`);
/// its problems are blamed on its origin.
void apply_override(YAML::Node root, const Override& override_, DocumentContext& context);
/// The scalar text at a key path as --set reads the path (map keys, list elements by index or by their
/// `name`); nothing where the path leads nowhere or to a map or a list.
std::optional<std::string> scalar_at(const YAML::Node& root, const std::string& path);
/// A YAML value as --set would write it: a scalar as it is, anything else in flow style. What a
/// variant's or a sweep spec's `set:` map turns into an override.
std::string as_flow_yaml(const YAML::Node& value);

/// Splices the layout file into the document. Returns the layout's name ("" after an error).
std::string apply_layout(YAML::Node root, const std::filesystem::path& file, DocumentContext& context);

} // namespace satflow::configs
