// The writers of a comparison's results (compare.hpp): a terminal table, JSON (with a schema
// version), CSV rows, Markdown tables and the data of the HTML page. Per variant and KPI the mean and
// its interval; against the baseline the paired difference (Bonferroni-adjusted), the relative change
// and its significance; with --select-best the subset that holds the best.
#pragma once

#include "simcore/intervals.hpp"
#include "tools/experiments/compare.hpp"
#include "tools/report/compare_charts.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

namespace satflow::tools {

/// readable_number (tools/report/readable.hpp): four significant digits, never an exponent.
std::string table_number(double v);
/// readable_change: a relative change as a signed percentage with three significant digits: "+12.5%".
std::string signed_percent(double relative);
/// A KPI's value for a table (readable_value): a duration for times ("-2.5w" for a negative one), a
/// percentage for shares, a readable number otherwise, "-" for NaN.
std::string kpi_text(const KpiDef& kpi, double v);
/// {n, mean, half_width, lower, upper}, the interval's ends null when it has none (n < 2).
nlohmann::ordered_json interval_json(const simcore::Interval& ci);

/// The report as a terminal table, JSON (with a schema version) and CSV rows.
void write_comparison_table(const CompareOptions& options, const CompareResult& result, std::ostream& out);
nlohmann::ordered_json comparison_json(const CompareOptions& options, const CompareResult& result);
void write_comparison_csv(const CompareOptions& options, const CompareResult& result, std::ostream& out);
/// Every run's KPI values and failures, for the HTML page (tools/report/compare_charts.hpp).
ComparisonData comparison_data(const CompareOptions& options, const CompareResult& result);
/// Markdown tables of the headline KPIs (for reports checked into the repository).
void write_comparison_markdown(const CompareOptions& options, const CompareResult& result, std::ostream& out);

} // namespace satflow::tools
