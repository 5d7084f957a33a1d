// A parameter sweep: a base scenario (and layout), parameters addressed by key path with their
// values (a list, a range with a step, or a distribution to sample), a design that turns them into
// points, replications, a base seed and, for grid and one-at-a-time designs, the reference point that
// `results` compares every point with. Loaded from YAML with every problem as a diagnostic.
#pragma once

#include "configs/diagnostics.hpp"
#include "configs/scenario_loader.hpp"
#include "simcore/distributions.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace satflow::configs {

/// In this order in stored plans (sweep_plan.cpp names them by index): append new designs at the end.
enum class SweepDesign { grid, latin_hypercube, one_at_a_time, morris, sobol };

/// Where a one-at-a-time parameter's base (its value at the reference point) comes from.
enum class BaseFrom {
  middle,   ///< the middle of its values: the scenario does not set it (a model default applies)
  spec,     ///< the spec's `base:`
  scenario, ///< the scenario's own value (after the spec's layout and `set:`), which the values hold
  added,    ///< the scenario's own value, which the values lacked: the loader added it to them
};

struct SweepParameter {
  std::string path;                                  ///< key path into the scenario, as for --set
  std::vector<std::string> values;                   ///< YAML values, in order (lists and ranges)
  std::optional<simcore::Distribution> distribution; ///< to sample (Latin hypercube); in the value's unit
  std::string unit;                                  ///< "s" when values are durations, "" for plain numbers or text
  std::size_t base = 0;                              ///< index of the base value (one-at-a-time)
  BaseFrom base_from = BaseFrom::middle;             ///< why `base` is that value
  std::string path_where;                            ///< "file:line:column" of the path, for the problems it causes
  std::string range_where;                           ///< "file:line:column" of the range (ranges only)
  std::vector<std::string> value_where;              ///< "file:line:column" of each listed value (lists only)
};

struct SweepSpec {
  std::string name;
  std::filesystem::path scenario;    ///< resolved against the spec file's folder
  std::string layout;                ///< optional layout name or file
  std::optional<std::uint64_t> seed; ///< default: the scenario's
  std::size_t replications = 1;
  SweepDesign design = SweepDesign::grid;
  std::size_t samples = 0;      ///< Latin hypercube points; Sobol base rows N (N (k + 2) points)
  std::size_t trajectories = 0; ///< Morris trajectories
  std::size_t levels = 4;       ///< Morris levels (even)
  std::vector<SweepParameter> parameters;
  /// The reference point's value index per parameter (grid and one-at-a-time); empty when the spec
  /// names none (the first grid point, the one-at-a-time base).
  std::vector<std::size_t> reference;
  /// The spec's `set:` map: values fixed for every point without sweeping them (a what-if horizon or
  /// arrival rate), applied before the point's parameters and blamed on where the spec wrote them.
  std::vector<Override> fixed;
  /// Whether `reference` holds the scenario's own values (scenario_levels) rather than the spec's.
  bool scenario_reference = false;
};

struct SweepLoad {
  std::optional<SweepSpec> spec;
  Diagnostics diagnostics;
};

/// Loads a sweep spec; a scenario or layout file that cannot be found is blamed on its key. Never
/// throws for bad input.
SweepLoad load_sweep_spec(const std::filesystem::path& file);

/// Per parameter, the index of the scenario's own value among the swept values (as a duration or a
/// number where both parse, so "7d" finds "1w"), the scenario read as the sweep reads it: with the
/// spec's layout and `set:` values; nullopt where the scenario does not write the path (a model default)
/// or writes a value that is not swept, and for every parameter when the file does not read.
std::vector<std::optional<std::size_t>> scenario_value_levels(const SweepSpec& spec);
/// Per parameter, the scenario's own value as it writes it (read as scenario_value_levels reads it);
/// nullopt where it does not write the path or writes a map or a list, and for every parameter when the
/// file does not read.
std::vector<std::optional<std::string>> scenario_values(const SweepSpec& spec);
/// The same, all or nothing: empty unless every parameter's own value is swept (a grid's reference).
std::vector<std::size_t> scenario_levels(const SweepSpec& spec);

/// A point's overrides: the spec's fixed values, then "path=value", one per parameter, as sweep plans
/// write them, with each parameter's value index `levels`), each blamed on where the spec wrote its
/// path and its value, so that a path the scenario lacks or a value it refuses is reported at its line
/// and column.
std::vector<Override> point_overrides(const SweepSpec& spec, const std::vector<std::string>& assignments,
                                      const std::vector<std::size_t>& levels);

} // namespace satflow::configs
