// The process-flow model: work items arrive, walk the stage graph (stations, delays, coordination
// exchanges between sites), and leave. A state machine over simcore's Scheduler: no actor per item.
//
// Random draws: every draw is keyed by (stage, item source, item index, visit number), so that
// an item draws the same durations and routes whatever else changes in the scenario (common
// random numbers); arrivals draw from a stream per source.
#pragma once

#include "models/results.hpp"
#include "models/scenario.hpp"

namespace satflow::models {

struct RunOptions {
  std::uint64_t seed = 1;
  std::uint64_t replication = 0;
  bool trace = false;     ///< record every state change of every item
  bool keep_items = true; ///< keep one ItemRecord per item in Results::items (memory grows with items)
  bool kernel_logs = false;
  std::uint64_t max_events = 0; ///< 0: no limit; beyond it the run throws simcore::EventLimitExceeded
  bool queue_history = false;   ///< keep each station's queue length over time (at most 500 buckets each)
};

/// Runs the scenario once in this process and returns its results. Throws std::invalid_argument when
/// the scenario references something that does not exist (configs/ validates before this).
/// SimGrid allows one engine per process: call this at most once per process.
Results run_scenario(const Scenario& scenario, const RunOptions& options);

} // namespace satflow::models
