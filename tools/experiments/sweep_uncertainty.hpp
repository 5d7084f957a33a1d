// `sweep --uncertain` and `sweep --posterior DB` (EXPERIMENTS.md, "Uncertain inputs"): every point of
// a sweep runs M input draws x K replications, draw m with the same inputs at every point (common
// random numbers), so each point carries the answer of compare --uncertain: its spread over the
// inputs, the inputs' share of its variance, its drivers and, where the design has a reference point
// (grid, one-at-a-time), the probability that it is better than the reference.
//
// The database keeps working as for any sweep: task replication j = m K + k of a point is replication k
// of draw m, the plan has M K replications and stores the draws themselves (`uncertain` in its JSON,
// inside its hash), so a resumed sweep runs the same inputs, a sweep with other draws is refused as
// another sweep, and `satflow results` needs nothing but the database.
#pragma once

#include "configs/diagnostics.hpp"
#include "tools/experiments/draw_source.hpp"
#include "tools/experiments/sweep.hpp"
#include "tools/experiments/sweep_analysis.hpp"
#include "tools/experiments/uncertainty.hpp"
#include "tools/report/html_report.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <ostream>
#include <string>

namespace satflow::tools {

/// Draws `draws` inputs from `source`, loads every point once per draw (the draw's inputs, then the
/// spec's set:, then the point's parameters: an input the sweep sets or sweeps is fixed by it, as a
/// variant's set: fixes it) and makes the plan an uncertain sweep's. `source_name` ("uncertain" or
/// "posterior") is stored with the draws. Returns the problems of the first point and draw that does
/// not load (none when all do).
configs::Diagnostics add_uncertainty(Sweep& sweep, const DrawSource& source, std::size_t draws,
                                     const std::string& source_name);

struct SweepUncertainty {
  std::string source;              ///< "uncertain" (the scenario's ranges) or "posterior"
  UncertainOptions options;        ///< names: the points' ids; baseline: the reference, or past the end
  std::vector<std::string> labels; ///< the points as a person reads them (readable_overrides)
  UncertainRuns runs;              ///< the table's values, [point][kpi][m K + k]
  std::vector<std::vector<UncertainSummary>> summaries;
};

/// The uncertainty of a sweep read back from its plan's JSON and table; nothing for a sweep that is
/// not uncertain. Throws BadDatabase naming `db` when the plan's `uncertain` section is damaged.
std::optional<SweepUncertainty> sweep_uncertainty(const nlohmann::json& plan, const SweepTable& table,
                                                  const std::string& db);

/// The summary after the sweep's own text: one sentence per point against the reference, then per
/// headline KPI each point's mean, spread over the inputs, share and drivers (uncertainty_report.hpp).
void write_sweep_uncertainty_text(const SweepUncertainty& u, std::ostream& out);
/// `uncertainty` (as compare --uncertain's, by point id, with `source` and `reference`) and
/// `input_draws`, to add to the sweep's JSON.
nlohmann::ordered_json sweep_uncertainty_json(const SweepUncertainty& u);
/// Adds the uncertainty to the sweep's page (sweep_page): the draws in its facts and summary, and for a
/// grid or one-at-a-time design per headline KPI the charts of compare --uncertain's page
/// (uncertainty_charts): each point's spread over the inputs beside its mean's interval, its difference
/// against the reference and its probability of being better, points named by their values. A sampled
/// design's points are too many to draw one by one: a remark sends the reader to the text, JSON and CSV.
void add_sweep_uncertainty(const SweepUncertainty& u, const SweepTable& table, HtmlPage& page);
/// The sweep CSV (write_sweep_csv's shape: the point's id, one column per parameter named by its path,
/// the KPI), one row per point and KPI, with the uncertain answer: the mean over the draws' means with
/// its 95% interval, their 5/50/95% quantiles and the inputs' share of the variance, then against the
/// reference (empty at the reference and without one) the difference's mean, interval and quantiles and
/// the probability of being better with its Wilson interval. Full precision.
void write_sweep_uncertainty_csv(const SweepUncertainty& u, const SweepTable& table, std::ostream& out);

} // namespace satflow::tools
