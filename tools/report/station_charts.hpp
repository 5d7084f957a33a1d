// The station charts of a run's page: utilization and mean queue as sorted bars, and the queue
// length over time at the busiest stations (from RunOptions::queue_history).
#pragma once

#include "models/results.hpp"
#include "tools/report/html_report.hpp"

#include <optional>

namespace satflow::tools {

/// Sorted horizontal bars of each station's utilization (utilization = true) or mean queue.
HtmlChart station_chart(const models::Results& r, bool utilization);

/// The longest queue per interval at the four stations with the longest mean queue, as step lines;
/// nullopt when no station kept its queue history or none ever queued.
std::optional<HtmlChart> queue_history_chart(const models::Results& r);

} // namespace satflow::tools
