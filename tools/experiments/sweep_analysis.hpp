// What `satflow results` computes from a sweep database, apart from how it is written
// (sweep_report.hpp): per point and KPI the values of every replication, and from them, for the
// headline KPIs, each point's paired difference against the reference point (sweep seeds derive from
// the base seed and the replication only, so replication r of every point shares its random numbers),
// a grid's main effects and two-way interactions, the tornado's swings, Morris's mu* and sigma and
// Sobol indices. Effects are estimated per replication and their intervals taken over replications
// (EXPERIMENTS.md); every interval is at 1 - alpha for itself, with no adjustment for the many.
#pragma once

#include "simcore/intervals.hpp"
#include "tools/experiments/results_store.hpp"
#include "tools/experiments/sobol.hpp"
#include "tools/report/kpis.hpp"
#include "tools/report/sweep_charts.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace satflow::tools {

/// A sweep's plan and runs, as `results` reads them.
struct SweepTable : SweepHeader {
  std::vector<std::string> fixed; ///< the spec's set: "path=value", the same at every point
  struct Point {
    std::string id;
    std::vector<std::string> overrides; ///< "path=value"
    std::vector<std::string> values;    ///< per parameter, the value as the override wrote it
  };
  std::vector<Point> points;       ///< in plan order; the first is the one-at-a-time base
  std::size_t reference = 0;       ///< the point effects are measured against
  bool named_reference = false;    ///< the spec named it (else: the first point)
  bool scenario_reference = false; ///< it holds the scenario's own values
  /// compare_kpis(), then target.NAME for each target the runs report (in the order the runs store them).
  std::vector<KpiDef> kpis;
  /// One at a time: per parameter, where its base comes from ("scenario", "spec", "middle", or
  /// "scenario_added": the scenario's value, added to the swept values); empty in
  /// plans written before it was recorded.
  std::vector<std::string> base_from;
  std::vector<std::vector<std::vector<double>>> kpi; ///< [point][kpi][replication], NaN where no value
  std::vector<bool> applies;                         ///< per `kpis`: whether any run has a value for it
  struct MorrisStep {
    std::size_t from, to, parameter;
    double delta;
  };
  std::vector<MorrisStep> morris;
  std::vector<std::vector<std::size_t>> sobol; ///< Saltelli rows: A, B, A_B^(i) point indices
};

/// The table of a sound plan (plan_damage() found nothing) and its sound runs (check_run()); rows of
/// points or replications the plan does not have are ignored.
SweepTable sweep_table(const nlohmann::json& plan, const std::vector<StoredRun>& runs);

/// Main effects and two-way interactions of a full factorial grid, for one KPI.
struct GridEffects {
  std::vector<std::vector<std::string>> levels;     ///< per parameter, its values in plan order
  std::vector<std::vector<simcore::Interval>> main; ///< [parameter][level]: level mean - grand mean
  struct Interaction {
    std::size_t p, q; ///< parameters, p < q
    std::size_t level_p, level_q;
    simcore::Interval ci; ///< cell mean - grand mean - both main effects
  };
  std::vector<Interaction> interactions;
  std::size_t replications = 0; ///< those where every point has a value (the others are left out)
};

/// One bar of a one-at-a-time tornado: the points with the lowest and highest mean when the parameter
/// alone moves from the base, and the paired difference high - low.
struct TornadoBar {
  std::size_t parameter;
  std::size_t low, high; ///< point indices
  std::optional<simcore::PairedDifference> swing;
};

struct MorrisEffect {
  double mu_star = 0; ///< mean |elementary effect|, per unit of the parameter's range
  double sigma = 0;   ///< their standard deviation
  std::size_t effects = 0;
};

struct SweepAnalysis {
  std::vector<std::size_t> headline; ///< indices into the table's kpis, the first the primary KPI
  std::vector<std::vector<std::optional<simcore::PairedDifference>>> vs_reference; ///< [point][kpi]
  std::vector<std::optional<GridEffects>> grid;   ///< per headline KPI: full grids only
  std::vector<std::vector<TornadoBar>> tornado;   ///< per headline KPI: one-at-a-time, by swing
  std::vector<MorrisEffect> morris;               ///< per parameter, on the primary KPI: Morris only
  std::vector<std::optional<SobolIndices>> sobol; ///< per headline KPI: Sobol designs only
};

SweepAnalysis analyse_sweep(const SweepTable& table, double alpha = 0.05);

/// The grid effects of y[point][replication] over points with values[point][parameter]; nothing when
/// the points are not a full factorial grid of the values or no replication has every point.
std::optional<GridEffects> grid_effects(const std::vector<std::vector<std::string>>& values,
                                        const std::vector<std::vector<double>>& y, double alpha = 0.05);

} // namespace satflow::tools
