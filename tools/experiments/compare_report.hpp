// The writers of a comparison's results (compare.hpp): a terminal table, JSON (with a schema
// version), CSV rows, Markdown tables and the data of the HTML page. Per variant and KPI the mean and
// its interval; against the baseline the paired difference (Bonferroni-adjusted), the relative change
// and its significance; with --select-best the subset that holds the best.
#pragma once

#include "tools/experiments/compare.hpp"
#include "tools/report/compare_charts.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace satflow::tools {

/// The report as a terminal table, JSON (with a schema version) and CSV rows.
void write_comparison_table(const CompareOptions& options, const CompareResult& result, std::ostream& out);
nlohmann::ordered_json comparison_json(const CompareOptions& options, const CompareResult& result);
void write_comparison_csv(const CompareOptions& options, const CompareResult& result, std::ostream& out);
/// Every run's KPI values and failures, for the HTML page (tools/report/compare_charts.hpp).
ComparisonData comparison_data(const CompareOptions& options, const CompareResult& result);
/// Markdown tables of the headline KPIs (for reports checked into the repository).
void write_comparison_markdown(const CompareOptions& options, const CompareResult& result, std::ostream& out);

} // namespace satflow::tools
