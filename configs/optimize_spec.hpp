// An optimisation spec (`satflow optimize`): a scenario, the decisions a plan may change (each a key
// path, as for --set, with its domain and its cost), the objective (the plan's cost, or a KPI; two give
// a Pareto front), chance constraints on the scenario's targets, replications per candidate, the
// search algorithm and the final selection on fresh seeds. Loaded with every problem reported at
// file:line:col before anything runs.
//
// Decisions are integer or categorical, which is what a plan changes (servers, slots, where a function
// sits, a launch cadence): `range: {from, to}` on a path whose scenario value is an integer, or
// `values: [...]` on any scalar path (a site, a duration); a categorical is searched as an integer index.
// A plan's cost is relative to the scenario's own values: per_unit x (value - the scenario's value)
// for a range, cost(value) - cost(the scenario's value) for a categorical (unlisted values cost 0).
#pragma once

#include "configs/diagnostics.hpp"
#include "models/scenario.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace satflow::configs {

struct OptimizeDecision {
  std::string path;
  bool categorical = false;
  std::int64_t from = 0, to = 0;   ///< a range's bounds (inclusive)
  double per_unit = 0;             ///< a range's cost per unit above the scenario's value
  std::vector<std::string> values; ///< a categorical's values, as YAML scalars
  std::vector<double> value_costs; ///< per value (0 where the spec lists none)
  std::string baseline;            ///< the scenario's own value, as written
  std::int64_t base_index = -1;    ///< a categorical: index of the scenario's value among `values`, -1: none
};

struct OptimizeObjective {
  std::string kpi; ///< "cost" or a KPI key (scenario_kpis)
  bool maximise = false;
};

/// A KPI that costs: `cost` per `per` of its value (per 1h of time in system, say), added to the plan's cost.
struct KpiCost {
  std::string kpi;
  double per = 1;
  double cost = 0;
};

struct ChanceConstraint {
  std::string target;  ///< a target of the scenario
  double at_least = 0; ///< the least probability of meeting it, in (0, 1]
};

enum class OptimizeAlgorithm { automatic, enumerate, gaco, nsga2 };

struct OptimizeSpec {
  std::string name;
  std::filesystem::path scenario_file;
  models::Scenario scenario; ///< loaded, unchanged
  std::vector<OptimizeDecision> decisions;
  std::vector<OptimizeObjective> objectives; ///< one or two
  std::vector<KpiCost> kpi_costs;
  std::vector<ChanceConstraint> constraints;
  std::size_t replications = 10;
  OptimizeAlgorithm algorithm = OptimizeAlgorithm::automatic;
  std::size_t population = 16;
  std::size_t generations = 10;
  std::uint64_t search_seed = 1; ///< pagmo's seed
  std::size_t select_top = 0;    ///< 0: no selection
  std::size_t select_replications = 0;
  /// Set by `optimize --uncertain` or `--posterior DB`, not by the file: per replication j (0 to
  /// replications + select_replications - 1), input draw j as "path=value" overrides, so every candidate's
  /// replication j runs the same inputs (common random numbers over the inputs too) and a target's
  /// probability is over the draws. Empty: the scenario's point values.
  std::vector<std::vector<std::string>> input_draws;
  std::string inputs_origin; ///< where the draws come from ("--uncertain", "--posterior DB"), in diagnostics
};

struct OptimizeLoad {
  std::optional<OptimizeSpec> spec;
  Diagnostics diagnostics;
};

/// Loads an optimisation spec and its scenario; never throws for bad input. `kpi_names`: the KPIs an
/// objective or a KPI cost may name (tools' static list; the scenario's targets are added here).
OptimizeLoad load_optimize_spec(const std::filesystem::path& file, const std::vector<std::string>& kpi_names);

/// The overrides ("path=value") that make candidate x (one integer per decision: a range's value, a
/// categorical's index) from the scenario.
std::vector<std::string> candidate_overrides(const OptimizeSpec& spec, const std::vector<std::int64_t>& x);
/// The candidate's value of decision d as written ("12", "daejeon").
std::string decision_value(const OptimizeDecision& d, std::int64_t x);
/// Decision d's cost at x relative to the scenario's value.
double decision_cost(const OptimizeDecision& d, std::int64_t x);
/// The plan's cost of candidate x relative to the scenario's values: the sum of its decisions'.
double plan_cost(const OptimizeSpec& spec, const std::vector<std::int64_t>& x);

} // namespace satflow::configs
