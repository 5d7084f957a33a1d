#include "configs/overrides.hpp"

#include "configs/diagnostics.hpp"
#include "configs/yaml_file.hpp"

#include <fstream>
#include <sstream>
#include <vector>

namespace satflow::configs {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep))
    out.push_back(part);
  return out;
}

/// Index of a sequence element addressed by position or by its `name`, or -1.
long find_element(const YAML::Node& seq, const std::string& segment) {
  for (std::size_t i = 0; i < seq.size(); ++i) {
    const YAML::Node& e = seq[i];
    if (std::to_string(i) == segment ||
        (e.IsMap() && e["name"] && e["name"].IsScalar() && e["name"].Scalar() == segment))
      return static_cast<long>(i);
  }
  return -1;
}

/// "no element 'desgn' in the list 'process'; did you mean 'design'? known: ...": what exists at that
/// level, by name (or by index when the elements have no name).
std::string missing_element(const YAML::Node& seq, const std::string& segment, const std::string& parent) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < seq.size(); ++i) {
    const YAML::Node& e = seq[i];
    if (e.IsMap() && e["name"] && e["name"].IsScalar())
      names.push_back(e["name"].Scalar());
  }
  std::string message = "no element '" + segment + "' in the list '" + parent + "'";
  if (seq.size() == 0)
    return message + ", which is empty";
  if (names.empty())
    return message + "; its elements are 0 to " + std::to_string(seq.size() - 1);
  if (auto guess = closest_match(segment, names); !guess.empty())
    message += "; did you mean '" + guess + "'? known:";
  else
    message += "; known:";
  for (std::size_t i = 0; i < names.size(); ++i)
    message += (i ? ", " : " ") + names[i];
  return message;
}

} // namespace

/// Applies one "key.path=value" to the document; records the canonical path it replaced.
void apply_override(YAML::Node root, const Override& override_, DocumentContext& context) {
  const std::string& spec = override_.assignment;
  const std::string& origin = override_.origin;
  // A path that leads nowhere is blamed where the path was written; a bad value, where the value was.
  const std::string& path_origin = override_.path_origin.empty() ? origin : override_.path_origin;
  const auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0) {
    context.diagnostics->add({origin, "", "expected key.path=value"});
    return;
  }
  const std::string path = spec.substr(0, eq);
  YAML::Node value;
  try {
    value = YAML::Load(spec.substr(eq + 1));
  } catch (const YAML::Exception& e) {
    context.diagnostics->add({origin, path, "the value is not valid YAML: " + e.msg});
    return;
  }
  const auto segments = split(path, '.');
  YAML::Node current = root;
  std::string canonical;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& seg = segments[i];
    const bool last = i + 1 == segments.size();
    const std::string parent = canonical;
    YAML::Node next;
    if (current.IsSequence()) {
      const long index = find_element(current, seg);
      if (index < 0) {
        context.diagnostics->add({path_origin, path, missing_element(current, seg, parent)});
        return;
      }
      const YAML::Node& element = current[static_cast<std::size_t>(index)];
      const bool named = element.IsMap() && element["name"] && element["name"].IsScalar();
      canonical += (canonical.empty() ? "" : ".") + (named ? element["name"].Scalar() : seg);
      if (last) {
        current[static_cast<std::size_t>(index)] = value;
        break;
      }
      next.reset(current[static_cast<std::size_t>(index)]);
    } else if (current.IsMap() || (current.IsNull() && last)) {
      canonical += (canonical.empty() ? "" : ".") + seg;
      if (last) {
        current[seg] = value; // a new key is checked like any other key of the file
        break;
      }
      const YAML::Node& constant = current;
      if (!constant[seg]) {
        std::vector<std::string> keys;
        for (auto it = current.begin(); it != current.end(); ++it)
          if (it->first.IsScalar()) // a key that is a map or a list is reported by the reader, not named here
            keys.push_back(it->first.Scalar());
        std::string message = "no key '" + seg + "'" + (parent.empty() ? "" : " under '" + parent + "'");
        if (auto guess = closest_match(seg, keys); !guess.empty())
          message += "; did you mean '" + guess + "'?";
        context.diagnostics->add({path_origin, path, message});
        return;
      }
      next.reset(current[seg]);
    } else {
      context.diagnostics->add({path_origin, path, "'" + parent + "' is a value, not a map or a list"});
      return;
    }
    current.reset(next);
  }
  context.overridden[canonical] = origin;
}

std::optional<std::string> scalar_at(const YAML::Node& root, const std::string& path) {
  YAML::Node at = root;
  for (const auto& segment : split(path, '.')) {
    YAML::Node next;
    if (at.IsMap() && at[segment])
      next.reset(at[segment]);
    else if (const long index = at.IsSequence() ? find_element(at, segment) : -1; index >= 0)
      next.reset(at[static_cast<std::size_t>(index)]);
    else
      return std::nullopt;
    at.reset(next);
  }
  return at.IsScalar() ? std::optional(at.Scalar()) : std::nullopt;
}

std::string as_flow_yaml(const YAML::Node& value) {
  if (value.IsScalar())
    return value.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << value;
  return out.c_str();
}

/// Splices a layout file into the scenario document: its functions replace the scenario's, its
/// coordination keys override the scenario's. Returns the layout's name ("" after an error).
std::string apply_layout(YAML::Node root, const std::filesystem::path& file, DocumentContext& context) {
  const std::string origin = "layout " + file.string();
  MapFile layout;
  if (!layout.open(file, "layout file", *context.diagnostics, {"name", "description", "functions", "coordination"}))
    return "";
  const YamlCursor c = layout.top();
  if (!c["functions"].require())
    return "";
  if (!c["functions"].node().IsMap() || (c["coordination"].defined() && !c["coordination"].node().IsMap())) {
    (c["functions"].node().IsMap() ? c["coordination"] : c["functions"]).error("expected a map");
    return "";
  }
  root["functions"] = YAML::Clone(c["functions"].node());
  context.overridden["functions"] = origin;
  // A layout places the functions for the whole run: the scenario's relocations moved the functions of
  // its own layout, so they go with it (docs/config-reference.md, relocations).
  if (root["relocations"])
    root.remove("relocations");
  if (c["coordination"].defined()) {
    if (!root["coordination"] || !root["coordination"].IsMap())
      root["coordination"] = YAML::Node(YAML::NodeType::Map);
    YAML::Node coordination = root["coordination"];
    for (const auto& e : c["coordination"].unique_entries()) {
      coordination[e.key] = YAML::Clone(e.value);
      context.overridden["coordination." + e.key] = origin;
    }
  }
  return layout.name();
}

} // namespace satflow::configs
