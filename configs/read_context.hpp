// What the readers of a scenario's sections share (one reading context per document): the root
// cursor, the epoch that dates are relative to, the stages met so far (for duplicate names and the
// flow checks), and the ways every section resolves and reports references. Each section reader
// (sections.hpp) takes it and fills its part of models::Scenario.
#pragma once

#include "configs/diagnostics.hpp"
#include "configs/yaml_cursor.hpp"
#include "models/scenario.hpp"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace satflow::configs {

/// "unknown WHAT 'NAME'" with a did-you-mean, or the list of known names when nothing is close.
std::string unknown_name_message(const char* what, const std::string& name, const std::vector<std::string>& known);

struct ReadContext {
  YamlCursor root;
  const Diagnostics& diagnostics; ///< the flow checks need sound references: they run on a clean slate only
  std::optional<double> epoch_days = std::nullopt;                      ///< the epoch's days since 1970-01-01
  std::vector<std::string> stage_names = {};                            ///< every stage met so far, branches included
  std::vector<std::pair<std::string, YamlCursor>> stage_cursors = {};   ///< by stage name
  std::vector<std::pair<std::string, YamlCursor>> failure_cursors = {}; ///< failure.to, by stage name
  struct PartRef {
    std::string part;
    std::string stage;                                          ///< the stage that needs it
    std::string order_at;                                       ///< empty: ordered when needed
    YamlCursor at;                                              ///< where order_at stands (or would)
    std::vector<std::pair<std::string, YamlCursor>> programmes; ///< its arrival sources, read before the arrivals
  };
  std::vector<PartRef> parts = {}; ///< every part met so far

  /// Reports `name` at `at` unless an element of `known` has it; returns whether it is known.
  template <class T>
  bool check_ref(const YamlCursor& at, const std::string& name, const std::vector<T>& known, const char* what) const {
    std::vector<std::string> names;
    for (const auto& k : known) {
      if (k.name == name)
        return true;
      names.push_back(k.name);
    }
    at.error(unknown_name_message(what, name, names));
    return false;
  }

  /// A site named directly or through the function it hosts; reports an unknown name.
  std::optional<std::string> site_ref(const YamlCursor& c, const models::Scenario& sc) const;
  /// A site reference that follows relocations: the site (at time 0) and the function it was named by
  /// (empty when a site was named directly); reports an unknown name.
  std::optional<std::pair<std::string, std::string>> site_and_function(const YamlCursor& c,
                                                                       const models::Scenario& sc) const;
  /// `between: [a, b]`: two sites, each named directly or by a function that never relocates (links
  /// and friction join sites, which stay where they are). REQUIRES: relocations read
  std::optional<std::pair<std::string, std::string>> site_pair(const YamlCursor& between,
                                                               const models::Scenario& sc) const;
  /// A site named directly or by a function that never relocates; reports a relocating function.
  std::optional<std::string> fixed_site_ref(const YamlCursor& c, const models::Scenario& sc) const;

  /// Reads the optional top-level map `key` into `out`: per entry, a T named by its key and filled by
  /// read(cursor, t) when the entry is a map of none but the `allowed` keys. The T is kept even when
  /// the entry is not a map, so that what names it is not reported a second time as unknown.
  template <class T, class F>
  void read_named(const char* key, const char* shape, std::initializer_list<std::string_view> allowed,
                  std::vector<T>& out, F&& read) const {
    for_each_optional_entry(root[key], shape, [&](const std::string& name, const YamlCursor& c) {
      T t;
      t.name = name;
      if (c.expect_map(allowed))
        read(c, t);
      out.push_back(std::move(t));
    });
  }
  /// Calls f(key, cursor) for every entry of `map`, each key once (duplicates are reported).
  template <class F> static void for_each_entry(const YamlCursor& map, F&& f) {
    for (const auto& e : map.unique_entries())
      f(e.key, map.child(e.key, e.value));
  }
  /// As for_each_entry, for a map that may be absent; reports one that is not a map of `shape`.
  template <class F> static void for_each_optional_entry(const YamlCursor& map, std::string_view shape, F&& f) {
    for (const auto& e : map.optional_map_entries(shape))
      f(e.key, map.child(e.key, e.value));
  }

  /// The required top-level list `key`; reports it missing, not a list, or empty ("expected at least
  /// one " + `element`). Returns nothing unless it is a list.
  std::optional<YamlCursor> required_list(const char* key, const char* element) const;
  /// No horizon at all; a horizon that was given but invalid is reported already, not again here.
  bool no_horizon(const models::Scenario& sc) const;
  /// The cursor of the stage called `name` (the root if there is none).
  YamlCursor stage_cursor(const std::string& name) const;
};

} // namespace satflow::configs
