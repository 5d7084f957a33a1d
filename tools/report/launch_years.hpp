// Satellites launched per year and class over replications: what `run --replications N` says of the
// roadmap. A child sends launch_years_record(results) beside its KPIs; the parent reads each back with
// launch_years() and reports, per year and class, the mean launches with their 95% interval and the
// cumulative launches by the end of each year with the replications' band (lowest to highest), in text
// and as a chart of the page, where the roadmap's targets are marked.
#pragma once

#include "models/results.hpp"
#include "tools/report/html_report.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <ostream>
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

/// "launches per year" (mean [95% CI] per year and class) and "launched by date" (cumulative by the end
/// of each year: mean [lowest, highest replication]). Writes nothing when no replication launched.
/// REQUIRES: every element has the same classes (replications of one scenario).
void write_launch_years(const std::vector<LaunchYears>& replications, double alpha, std::ostream& out);

/// The page's "launched by date" chart: per class the mean cumulative launches at each year's end with
/// the replications' band, and each `launched` target as a mark at (its date, its count) named with how
/// often it was met (a run's page: one replication, met or not). Nothing when no replication launched.
std::optional<HtmlChart> launched_by_date_chart(const std::vector<LaunchYears>& replications);

} // namespace satflow::tools
