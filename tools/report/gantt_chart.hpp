// The Gantt of a run's page: a row per satellite (or item) over calendar time, a bar per stage
// coloured by its kind (the time buckets), launches marked. Built from the trace.
#pragma once

#include "models/results.hpp"
#include "tools/report/html_report.hpp"

#include <cstddef>
#include <optional>

namespace satflow::tools {

/// At most this many satellites (rows) in the Gantt; a larger run shows every k-th item, said in the caption.
inline constexpr std::size_t kGanttMaxRows = 200;

/// The Gantt, from r.trace (RunOptions::trace) and r.items; nullopt without a trace. Only each item's own
/// lane is drawn: parallel branches working for it are not (the caption says so when there were any).
std::optional<HtmlChart> gantt_chart(const models::Results& r);

} // namespace satflow::tools
