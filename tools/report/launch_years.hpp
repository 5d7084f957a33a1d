// Satellites launched per year and class over replications: what `run --replications N` says of the
// roadmap. A child sends launch_years_record(results) beside its KPIs; the parent reads each back with
// launch_years() and reports, per year and class, the mean launches with their 95% interval and the
// cumulative launches by the end of each year with the replications' band (lowest to highest), in text
// and as a chart of the page, where the roadmap's targets are marked.
#pragma once

#include "models/results.hpp"
#include "tools/report/html_report.hpp"
#include "tools/report/results_schema.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

namespace satflow::tools {

struct LaunchYears {
  std::int32_t first_year = 0;               ///< calendar year of the first row; 0 without an epoch
  std::vector<std::string> classes;          ///< the scenario's classes
  std::vector<std::vector<double>> launched; ///< [year][class]
  double epoch_days = 0;                     ///< days from 1970-01-01 to time 0 (0 without an epoch)
  std::vector<models::TargetResult> targets; ///< the run's targets, met or not, in scenario order
};

/// The run's launches per year and class, for its parent.
nlohmann::ordered_json launch_years_record(const models::Results& r);
/// What launch_years_record wrote; nothing when the record has none or is malformed.
std::optional<LaunchYears> launch_years(const nlohmann::json& record);

/// One year and class over replications: the launches in the year (mean and its t interval at 1 - alpha,
/// as for a KPI) and the cumulative launches by the year's end (mean, lowest and highest replication).
struct LaunchYearRow {
  std::int32_t year = 0; ///< the calendar year, or 1, 2, ... from the start without an epoch
  std::string class_name;
  std::size_t replications = 0;
  double mean = 0;
  double lower = NAN, upper = NAN; ///< NaN with one replication
  double cumulative_mean = 0, cumulative_lowest = 0, cumulative_highest = 0;
};

/// The rows, year by year and within a year class by class; none when no replication launched.
/// REQUIRES: every element has the same classes (replications of one scenario).
std::vector<LaunchYearRow> launch_year_rows(const std::vector<LaunchYears>& replications, double alpha);
/// Their fields, as results_schema.hpp declares a row section's: what the JSON of `run --replications`
/// and `compare` writes per variant as `launches_by_year`.
std::span<const Field<LaunchYearRow>> launch_year_fields();

/// "launches per year" (mean [95% CI] per year and class) and "launched by date" (cumulative by the end
/// of each year: mean [lowest, highest replication]). Writes nothing when no replication launched.
/// REQUIRES: every element has the same classes (replications of one scenario).
void write_launch_years(const std::vector<LaunchYears>& replications, double alpha, std::ostream& out);

/// The page's "launched by date" chart: per class the mean cumulative launches at each year's end with
/// the replications' band, and each `launched` target as a mark at (its date, its count) named with how
/// often it was met (a run's page: one replication, met or not). Nothing when no replication launched.
std::optional<HtmlChart> launched_by_date_chart(const std::vector<LaunchYears>& replications);

} // namespace satflow::tools
