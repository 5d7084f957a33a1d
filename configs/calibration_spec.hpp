// A calibration spec (`satflow calibrate SPEC`): a scenario, the record it is fitted to (an
// observations file), priors over global inputs addressed by key path (applied as --set would apply
// them), the ABC-SMC settings, programmes held out of the fit and a seed. Read with every problem as
// a diagnostic at file:line:col, and checked against the scenario before anything runs: a path the
// scenario lacks, a prior whose draws reach a value the scenario refuses (a negative duration, a
// probability above 1), a holdout that is not an item, settings out of range.
//
// The priors are a list of (path, Prior), the shape a scenario's `uncertain:` section will give: when
// scenarios have one, a spec without `parameters:` takes it as its default (until then the key is
// required).
#pragma once

#include "configs/diagnostics.hpp"
#include "configs/scenario_loader.hpp"
#include "models/observations.hpp"
#include "models/scenario.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace satflow::configs {

enum class PriorKind { uniform, normal, lognormal, triangular, discrete };

/// A prior over one value, in the value's base unit (seconds for durations).
struct Prior {
  PriorKind kind = PriorKind::uniform;
  /// uniform [lo, hi]; normal [mean, sd] or [mean, sd, lo, hi] (truncated); lognormal [mean, sd] of
  /// the variable itself; triangular [lo, mode, hi]; discrete: its whole values, ascending, each as
  /// likely (for integer values: capacities, counts; the kernel moves them by neighbours, abc_smc.hpp).
  std::vector<double> args;

  /// Infimum and supremum of the support (+-infinity when unbounded).
  double lower() const;
  double upper() const;
  /// A typical value (the median), to check the path before the bounds.
  double typical() const;
  /// "uniform(1, 4)"; durations in the unit's text ("normal(100d, 20d)") when unit is "s".
  std::string describe(const std::string& unit) const;
};

struct CalibrationParameter {
  std::string path; ///< key path into the scenario, as for --set
  Prior prior;
  std::string unit;        ///< "s" for durations (overrides written "<seconds>s"), "" for plain numbers
  std::string path_where;  ///< "file:line:column" of the path
  std::string prior_where; ///< "file:line:column" of the prior
};

struct AbcSmcSettings {
  std::size_t particles = 1000;
  std::size_t max_generations = 20;
  double min_acceptance = 0.02;        ///< stop when a generation accepts less than this share of proposals
  std::size_t replications = 1;        ///< runs per proposal; their dates are averaged
  double quantile = 0.5;               ///< threshold = this quantile of the previous generation's distances
  double min_threshold = 0;            ///< the threshold floor: stop when a threshold reaches it
  std::size_t predictive = 200;        ///< posterior draws run for the predictive and held-out checks
  double censored_sd_s = 90 * 86400.0; ///< the scale of a bound's violation when its observation has no sd
};

struct CalibrationSpec {
  std::string name;
  std::filesystem::path scenario;     ///< resolved against the spec's folder
  std::string layout;                 ///< optional
  std::filesystem::path observations; ///< resolved against the spec's folder
  std::vector<CalibrationParameter> parameters;
  AbcSmcSettings settings;
  std::vector<std::string> holdout; ///< item names left out of the fit and predicted
  /// The milestones whose observations of fitted items enter the distance; the others are predicted
  /// and checked like held-out ones, but not fitted. Default (empty): every milestone
  std::vector<models::Milestone> milestones;
  std::uint64_t seed = 1;
};

struct CalibrationLoad {
  std::optional<CalibrationSpec> spec;      ///< set only when there is no diagnostic
  std::optional<models::Scenario> scenario; ///< the base scenario (layout applied), when the spec is sound
  std::vector<models::Observation> observations;
  Diagnostics diagnostics;
};

/// Loads and checks a calibration spec, its scenario and its observations. Never throws for bad input.
CalibrationLoad load_calibration_spec(const std::filesystem::path& file);

/// The override that sets parameter `p` to `value` (base unit), blamed on the spec's lines.
Override parameter_override(const CalibrationParameter& p, double value);

} // namespace satflow::configs
