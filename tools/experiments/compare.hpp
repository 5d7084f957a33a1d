// `satflow compare`: the same workload under several variants (hub layouts, or any --set changes),
// replication j of every variant with the same seed and replication number (common random numbers),
// one child process per run. Reports per variant and KPI the mean with its confidence interval and,
// against the baseline, the paired difference with its (Bonferroni-adjusted) interval, the relative
// change and its significance; optionally the subset of variants that holds the best (selection.hpp).
// compare_report.hpp writes the results.
#pragma once

#include "models/results.hpp"
#include "models/scenario.hpp"
#include "tools/experiments/process_pool.hpp"
#include "tools/report/kpis.hpp"
#include "tools/report/launch_years.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace satflow::tools {

struct CompareOptions {
  std::vector<std::string> layout_names;   ///< the variants' names (for --layouts, the layouts as given)
  std::vector<models::Scenario> scenarios; ///< one per variant, loaded (the parent never runs them)
  std::size_t baseline = 0;                ///< index into layout_names
  std::string noun = "layout";             ///< what the compared things are called in the text: layout or variant
  std::optional<std::size_t> select_kpi;   ///< index into scenario_kpis(): report the subset holding the best
  double indifference = 0;                 ///< with select_kpi: the indifference zone, in the KPI's unit
  std::size_t replications = 10;           ///< fixed count, or the first batch with precision
  std::optional<double> precision;         ///< relative half-width target for headline KPIs (confirmed by
                                           ///< one more batch of 5 once reached)
  std::size_t max_replications = 100;      ///< cap for the sequential procedure
  unsigned jobs = 1;
  double alpha = 0.05;
  /// Runs in each child after its run, which then keeps its items: what it returns travels with the
  /// run's results to CompareResult::observed (the milestone dates of observed items). Default: none.
  std::function<nlohmann::ordered_json(const models::Results&)> observe;
};

struct RunFailure {
  std::size_t layout; ///< the variant
  std::size_t replication;
  std::string what; ///< "exit status 3", "killed by signal 11"
  std::string stderr_tail;
};

/// The JSON record that the child of run (variant, replication) wrote, or nothing after adding to
/// `failures` why there is none: the child failed ("exit status 3"), or what it wrote is not JSON
/// ("unreadable results").
std::optional<nlohmann::json> child_record(const ChildOutcome& outcome, std::size_t variant, std::size_t replication,
                                           std::vector<RunFailure>& failures);

struct CompareResult {
  std::size_t replications = 0;                      ///< per layout
  std::vector<KpiDef> kpis;                          ///< scenario_kpis(scenarios): the KPIs of `kpi`, in order
  std::vector<std::vector<std::vector<double>>> kpi; ///< [layout][kpi][replication], NaN when missing
  /// [layout][time kind][replication]: each run's share of its completed items' time per bucket
  /// (models::kTimeKindNames order), for "where the time went"; NaN when missing.
  std::vector<std::vector<std::vector<double>>> time_shares;
  std::vector<RunFailure> failures;
  /// [layout][replication]: what CompareOptions::observe returned in the run (null: no hook, or the run failed).
  std::vector<std::vector<nlohmann::ordered_json>> observed;
  /// [layout][replication]: each run's launches per year and class (no classes for a failed run).
  std::vector<std::vector<LaunchYears>> launches;
  bool precision_reached = true; ///< false when the cap stopped the sequential procedure
};

/// Runs the comparison. Replications are added in batches of a fixed size (never of `jobs`), so the
/// result does not depend on the parallelism.
CompareResult run_comparison(const CompareOptions& options);

} // namespace satflow::tools
