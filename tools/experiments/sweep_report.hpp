// The writers of `satflow results`: the terminal text, the JSON document (with a schema version)
// and the CSV rows of a sweep's table (sweep_analysis.hpp) and what was computed from it. KPIs that
// apply to no run are left out of the text and CSV and listed under `not_applicable` in JSON.
#pragma once

#include "tools/experiments/sweep_analysis.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace satflow::tools {

/// Latin hypercube, Morris and Sobol: designs whose points are samples, read through their analysis.
bool sampled_design(const SweepTable& table);
/// Whether Sobol indices of KPI k (an index into compare_kpis()) would measure noise: the outputs'
/// standard deviation is under 1% of the reference point's mean (launches per year whose points
/// differ by 0.4% gave an S1 of 1.07). The text, JSON readers and the page then give none.
bool negligible_sobol_spread(const SweepTable& table, std::size_t k, const SobolIndices& indices);
/// A point's overrides as a person reads them: "path=value" each, a sampled number or duration in
/// seconds read as readable_number or readable_duration ("coordination.step=10h", not
/// "coordination.step=35998.93409742144s"); listed values as the spec wrote them. Space-separated.
std::string readable_overrides(const std::vector<std::string>& overrides);
/// Why the reference point of a grid or one-at-a-time sweep is that point, as the text and the page say
/// it: "the scenario's own values, which the grid holds"; one at a time, per parameter, the scenario's
/// own value, the spec's base or the middle value (the scenario's is not among the values).
std::string reference_reason(const SweepTable& table);
/// The analysis first, then the points: always for grids and one-at-a-time (each point is an answer),
/// for sampled designs only with `list_points`.
void write_sweep_text(const SweepTable& table, const SweepAnalysis& analysis, std::ostream& out, bool list_points);
nlohmann::ordered_json sweep_json(const SweepTable& table, const SweepAnalysis& analysis);
/// One row per point and KPI: point (its id), one column per parameter (named by its path, holding the
/// point's value), kpi, n, mean, lower, upper and, against the reference of a paired design, diff_mean,
/// diff_lower, diff_upper, relative_change and significant (empty elsewhere). Full precision.
void write_sweep_csv(const SweepTable& table, const SweepAnalysis& analysis, std::ostream& out);

} // namespace satflow::tools
