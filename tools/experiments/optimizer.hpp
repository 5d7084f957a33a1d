// `satflow optimize`: searches the plans of an OptimizeSpec (configs/optimize_spec.hpp) for the best
// objective under chance constraints, by sample-average approximation with common random numbers:
// every candidate runs replications 0..R-1 of the scenario's seed, so the search sees one
// deterministic function of the decisions (EXPERIMENTS.md, "Optimisation with noise").
//
// A space of at most kEnumerateAtMost candidates (or `algorithm: enumerate`) is enumerated outright;
// otherwise pagmo2 searches it: GACO for one objective with constraints, NSGA-II for two objectives,
// one generation per call so that the best feasible objective per generation is recorded. pagmo
// evaluates a whole population at once through the problem's batch_fitness, which runs the candidates
// not yet in the database through the process pool (one child per replication). Every run is stored
// (optimize_store.hpp) before it is used: a candidate is never run twice, and a restarted optimisation
// replays the search from the database to the identical answer, whatever --jobs.
//
// `select` re-runs the top candidates on fresh replications (numbers R..R+S-1) and keeps the subset
// that holds the best with 95% confidence (selection.hpp); the figures reported come from those runs.
#pragma once

#include "configs/optimize_spec.hpp"
#include "tools/experiments/optimize_store.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace satflow::tools {

/// Spaces this small are enumerated unless the spec names an algorithm.
inline constexpr double kEnumerateAtMost = 64;

/// One candidate's figures over a set of replications.
struct CandidateFigures {
  std::vector<std::int64_t> x;
  double plan_cost = 0;
  bool loaded = true;                   ///< false: the scenario refused the combination
  std::vector<std::vector<double>> kpi; ///< [scenario_kpis index][replication], NaN where missing
  std::vector<double> total_cost;       ///< per replication: plan cost + KPI costs
  std::vector<double> objective;        ///< per objective, its mean (to minimise: maximised ones negated)
  std::vector<double> shortfall;        ///< per constraint: bound - P(met), <= 0 when it holds
  /// Per constraint: the mean relative distance of the target's value from its bound (0 when met; a
  /// lead time with no launch: 1), which ranks plans that all miss by how far they miss.
  std::vector<double> gap;
  bool feasible() const;
};

struct EvaluatorHooks; // optimize_evaluator.hpp

/// Runs (or resumes) the optimisation; returns the report (optimize_report.hpp reads it), also stored
/// in the database as meta "report". Throws std::invalid_argument when the database holds another spec.
/// The runs the database lacks run in forked children, `jobs` at a time.
nlohmann::ordered_json run_optimization(const configs::OptimizeSpec& spec, OptimizeStore& store, unsigned jobs);
/// As above, the runs the database lacks run by `hooks` (whatever the hook throws ends the search there).
nlohmann::ordered_json run_optimization(const configs::OptimizeSpec& spec, OptimizeStore& store,
                                        const EvaluatorHooks& hooks);

} // namespace satflow::tools
