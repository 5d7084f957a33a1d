// The resource charts of a run's page: station utilization and mean queue as sorted bars, the queue
// length over time at the busiest stations (from RunOptions::queue_history), and the wait for each
// long-lead part of the supply chain.
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

/// Sorted bars of each long-lead part's mean wait at the stage needing it; nullopt without parts.
std::optional<HtmlChart> parts_chart(const models::Results& r);

} // namespace satflow::tools
