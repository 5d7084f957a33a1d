// The tornado of a one-at-a-time sweep's page, one per headline KPI: per parameter a bar from the
// lowest to the highest mean of the KPI when that parameter alone moves from the base point, each end
// labelled with the mean and the parameter's value there, widest first, with the swing's interval in
// the tooltip and the table. A KPI that no parameter moves by more than 1% is said to be so.
#pragma once

#include "tools/report/html_report.hpp"
#include "tools/report/sweep_charts.hpp"

#include <cstddef>
#include <optional>

namespace satflow::tools {

/// The tornado of d.kpis[k]; nothing when k has no bars (not a headline KPI, or not one-at-a-time).
std::optional<HtmlChart> tornado_chart(const SweepData& d, std::size_t k);

} // namespace satflow::tools
