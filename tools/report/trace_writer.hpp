// Writes a run's trace as Chrome/Perfetto trace-event JSON: one process per work item (named after
// the item), one thread per lane (the item itself, then each parallel branch), one complete slice
// ("ph": "X") per stage state. Opens in ui.perfetto.dev as a Gantt chart of the pipeline.
// Timestamps are simulated microseconds since time 0.
#pragma once

#include "models/results.hpp"

#include <ostream>

namespace satflow::tools {

/// REQUIRES: r.trace was recorded and r.items kept (RunOptions::trace and keep_items).
void write_trace(const models::Results& r, const std::vector<std::string>& site_names, std::ostream& out);

} // namespace satflow::tools
