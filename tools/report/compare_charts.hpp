// The charts of a comparison's or of replications' HTML page, from every run's KPI values: per
// headline KPI each layout's mean and 95% interval with the replication values as dots, the paired
// differences against the baseline with their Bonferroni intervals around zero, and where the time
// went per layout. Plain values in, so tools/experiments fills them and this layer needs nothing of it.
#pragma once

#include "tools/report/html_report.hpp"
#include "tools/report/kpis.hpp"
#include "tools/report/launch_years.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace satflow::tools {

struct ComparisonData {
  /// A KPI as declared (kpis.hpp), and whether it is charted.
  struct Kpi : KpiDef {
    bool headline = false;
  };
  std::string scenario;
  std::uint64_t seed = 0;
  std::string horizon;              ///< as text, for the header
  std::vector<std::string> layouts; ///< one layout: replications of one scenario
  std::size_t baseline = 0;
  double alpha = 0.05;
  std::size_t replications = 0; ///< per layout
  std::vector<Kpi> kpis;
  std::vector<std::vector<std::vector<double>>> values; ///< [layout][kpi][replication]; NaN for a failed run
  /// [layout][time kind][replication]: each run's share of the time per bucket (models::kTimeKindNames).
  std::vector<std::vector<std::vector<double>>> time_shares;
  std::vector<std::string> failures; ///< one line per failed run, said on the page
  std::vector<LaunchYears> launches; ///< one layout: each succeeded replication's launches per year
};

/// The page: header, headline summary, per headline KPI an interval chart, with several layouts the
/// paired differences per headline KPI, and where the time went per layout.
HtmlPage comparison_page(const ComparisonData& data, const std::string& version, const std::string& date);

} // namespace satflow::tools
