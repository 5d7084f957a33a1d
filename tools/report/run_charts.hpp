// The charts of one run's HTML page: lead time to launch, where the time went, stations, parts, flights,
// launches per year, links and a Gantt of the satellites. Each builder returns nullopt when the
// run has nothing to show for it (no flights, no links, no trace).
#pragma once

#include "models/results.hpp"
#include "tools/report/html_report.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace satflow::tools {

/// At most this many points per class in the lead-time ECDF; more items are drawn at evenly spaced quantiles.
inline constexpr std::size_t kEcdfMaxPoints = 400;

/// Every chart of a run, in page order. The Gantt needs r.items and r.trace (RunOptions::keep_items
/// and RunOptions::trace); lead times and the time breakdown per class need r.items.
std::vector<HtmlChart> run_charts(const models::Results& r);

/// The whole page of one run: header facts (scenario, layout, seed, horizon, version, date), headline, charts.
HtmlPage run_page(const models::Results& r, const std::string& version, const std::string& date);

} // namespace satflow::tools
