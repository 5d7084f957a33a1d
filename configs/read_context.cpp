#include "configs/read_context.hpp"

#include <cmath>

namespace satflow::configs {

std::string unknown_name_message(const char* what, const std::string& name, const std::vector<std::string>& known) {
  std::string message = std::string("unknown ") + what + " '" + name + "'";
  if (auto guess = closest_match(name, known); !guess.empty()) {
    message += "; did you mean '" + guess + "'?";
  } else if (!known.empty()) {
    message += "; known: ";
    for (std::size_t i = 0; i < known.size(); ++i)
      message += (i ? ", " : "") + known[i];
  }
  return message;
}

std::optional<std::string> ReadContext::site_ref(const YamlCursor& c, const models::Scenario& sc) const {
  const auto named = site_and_function(c, sc);
  return named ? std::optional(named->first) : std::nullopt;
}

std::optional<std::pair<std::string, std::string>> ReadContext::site_and_function(const YamlCursor& c,
                                                                                  const models::Scenario& sc) const {
  auto name = c.string();
  if (!name)
    return std::nullopt;
  for (const auto& [function, site] : sc.functions)
    if (function == *name)
      return std::pair{site, function};
  std::vector<std::string> names;
  for (const auto& site : sc.sites) {
    if (site.name == *name)
      return std::pair{*name, std::string()};
    names.push_back(site.name);
  }
  for (const auto& [function, site] : sc.functions)
    names.push_back(function);
  c.error(unknown_name_message("site or function", *name, names));
  return std::nullopt;
}

std::optional<std::pair<std::string, std::string>> ReadContext::site_pair(const YamlCursor& between,
                                                                          const models::Scenario& sc) const {
  if (!between.require())
    return std::nullopt;
  if (!between.node().IsSequence() || between.node().size() != 2) {
    between.error("expected a list of two sites or functions");
    return std::nullopt;
  }
  const auto a = fixed_site_ref(between.at(0), sc);
  const auto b = fixed_site_ref(between.at(1), sc);
  if (!a || !b)
    return std::nullopt;
  return std::pair{*a, *b};
}

std::optional<std::string> ReadContext::fixed_site_ref(const YamlCursor& c, const models::Scenario& sc) const {
  const auto named = site_and_function(c, sc);
  if (!named)
    return std::nullopt;
  for (const auto& r : sc.relocations)
    if (r.function == named->second) {
      c.error("'" + r.function +
              "' relocates, and links, friction and the hub join sites, which stay where they are: " +
              "name the site ('" + named->first + "' at the start)");
      return std::nullopt;
    }
  return named->first;
}

std::optional<YamlCursor> ReadContext::required_list(const char* key, const char* element) const {
  const YamlCursor list = root[key];
  if (!list.require() || !list.expect_sequence())
    return std::nullopt;
  if (list.node().size() == 0)
    list.error(std::string("expected at least one ") + element);
  return list;
}

bool ReadContext::no_horizon(const models::Scenario& sc) const {
  return std::isinf(sc.horizon_s) && !root["horizon"].defined();
}

YamlCursor ReadContext::stage_cursor(const std::string& name) const {
  for (const auto& [stage, cursor] : stage_cursors)
    if (stage == name)
      return cursor;
  return root;
}

} // namespace satflow::configs
