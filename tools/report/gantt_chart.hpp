// The Gantt of a run's page: a row per satellite (or item) over calendar time, a bar per stage
// coloured by its kind (the time buckets), launches marked. Built from the trace.
#pragma once

#include "models/results.hpp"
#include "tools/report/html_report.hpp"

#include <cstddef>
#include <optional>

namespace satflow::tools {

/// At most this many satellites (rows) in the Gantt; a larger run shows every k-th item, said in the caption.
/// With kGanttRowPixels, the chart stays under 1,600 px (Korea's 73 satellites: 1,170 px).
inline constexpr std::size_t kGanttMaxRows = 100;
/// The height of a row: the item's bar and, beneath it, a thin strip per parallel branch of its forks.
inline constexpr std::size_t kGanttRowPixels = 16;

/// The Gantt, from r.trace (RunOptions::trace) and r.items; nullopt without a trace. One row per item;
/// the parallel branches of its forks are thin strips in its row, beneath its own bar.
std::optional<HtmlChart> gantt_chart(const models::Results& r);

} // namespace satflow::tools
