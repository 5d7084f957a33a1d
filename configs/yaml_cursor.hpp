// A position in a YAML document with its key path, for reading values while collecting every
// problem as a Diagnostic instead of throwing. Each typed read checks the type, the unit and the
// range, reports what was expected, and returns nullopt on failure so that reading goes on.
#pragma once

#include "configs/diagnostics.hpp"
#include "simcore/distributions.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace satflow::configs {

/// What all cursors of one document share: where the text came from and where diagnostics go.
struct DocumentContext {
  std::string file;
  Diagnostics* diagnostics = nullptr;
  std::map<std::string, std::string> overridden; ///< key path -> "--set key=value" that replaced it
};

class YamlCursor;

/// The one grammar of a distribution (YamlCursor::distribution), over values of some kind: a value
/// (fixed), or a one-key map {fixed|uniform|triangular|pert|exponential|normal|lognormal|empirical|
/// mixture: ...}, each kind's parameters written in the values' unit.
struct DistributionGrammar {
  std::function<std::optional<double>(const YamlCursor&)> value; ///< reads one value, reporting what is wrong
  std::string noun;                                              ///< in messages: "expected a mean NOUN > 0"
  std::string expected;           ///< what the node may be: "expected EXPECTED with one of the keys: ..."
  std::vector<std::string> kinds; ///< the distributions allowed, in the order messages list them
  double normal_min = 0;          ///< a normal's `min` when none is written
};

/// Every duration of a scenario: never negative, any kind of distribution, a normal truncated at 0.
const DistributionGrammar& duration_grammar();

class YamlCursor {
public:
  YamlCursor(const DocumentContext* context, YAML::Node node, std::string path, YAML::Mark parent_mark = {});

  bool defined() const { return node_.IsDefined() && !node_.IsNull(); }
  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }

  /// Child by key (undefined cursor when absent; its errors point at this node).
  YamlCursor operator[](std::string_view key) const;
  /// Child by position in a sequence.
  YamlCursor at(std::size_t index) const;
  /// A child cursor for a map entry whose key is `key` (used when iterating).
  YamlCursor child(const std::string& key, YAML::Node value) const;
  struct Entry {
    std::string key;
    YAML::Node key_node; ///< where the key stands, for messages about the key itself
    YAML::Node value;
  };
  /// The entries of this map in document order, each key once: a repeated key is reported
  /// ("duplicate key") and left out, so that later checks see what the first one said.
  std::vector<Entry> unique_entries() const;
  /// The unique_entries() of an optional map: none when this is absent; when it is not a map, reports
  /// "expected a map of SHAPE" and gives none. Every map section whose keys are names or key paths.
  std::vector<Entry> optional_map_entries(std::string_view shape) const;

  /// Reports a problem at this node.
  void error(const std::string& message) const;

  /// Reports a missing required key when undefined; returns defined().
  bool require() const;
  /// Checks that this is a map whose keys are all in `allowed` (unknown ones are reported with a
  /// "did you mean"). Returns false (after reporting) when it is not a map.
  bool expect_map(std::initializer_list<std::string_view> allowed) const;
  /// Checks that this is a sequence.
  bool expect_sequence() const;

  std::optional<std::string> string() const;
  /// A plain number in [lo, hi].
  std::optional<double> number(double lo, double hi) const;
  /// An integer in [lo, hi].
  std::optional<std::int64_t> integer(std::int64_t lo, std::int64_t hi) const;
  std::optional<bool> boolean() const;
  /// A duration with a unit ("90d"), in seconds, >= min_s.
  std::optional<double> duration(double min_s = 0) const;
  /// A rate with a unit ("12/y"), per second, > 0.
  std::optional<double> rate() const;
  /// A mass with a unit ("100kg", "1.8t"), in kg.
  std::optional<double> mass() const;
  /// A point in simulated time: a calendar date "YYYY-MM-DD" (needs epoch_days, the epoch's days since
  /// 1970-01-01) or a duration from time 0 ("18mo"); seconds since time 0, >= 0.
  std::optional<double> time_point(std::optional<double> epoch_days) const;
  /// A distribution of `grammar`; a problem is reported and gives nothing.
  std::optional<simcore::Distribution> distribution(const DistributionGrammar& grammar) const;
  /// A duration distribution: "3d" (fixed) or a one-key map {fixed|uniform|triangular|pert|
  /// exponential|normal|lognormal|empirical|mixture: ...}; never negative (duration_grammar()).
  std::optional<simcore::Distribution> duration_distribution() const { return distribution(duration_grammar()); }

private:
  /// This node's position, or its parent's when it is absent from the file.
  YAML::Mark mark() const;
  std::string where() const;
  std::optional<std::string> scalar(const char* expected) const;
  /// The scalar read by `parse`; when it does not parse, reports "expected EXPECTED, got 'TEXT'".
  /// `text_out`, when given, receives the scalar for later messages.
  std::optional<double> with_unit(const char* wanted, std::optional<double> (*parse)(std::string_view),
                                  const std::string& expected, std::string* text_out = nullptr) const;

  const DocumentContext* context_;
  YAML::Node node_;
  std::string path_;
  YAML::Mark parent_mark_;
};

} // namespace satflow::configs
