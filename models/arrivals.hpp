// The workload: arrival sources, each a schedule (a manifest of dated, possibly named items) or a
// Poisson process (from a start date, optionally for a count), over the horizon (MODEL.md,
// mechanism 8). Interarrival times draw from a stream per source.
#pragma once

#include "models/scenario.hpp"
#include "simcore/random_streams.hpp"
#include "simcore/scheduler.hpp"

#include <cstdint>
#include <functional>
#include <vector>

namespace satflow::models {

class Arrivals {
public:
  /// An item of `source` (index into Scenario::arrivals) arrives now: the index-th of its source (0, 1, ...).
  using OnArrival = std::function<void(std::uint32_t source, std::uint64_t index)>;

  /// REQUIRES: scenario and sched outlive this.
  Arrivals(const Scenario& scenario, const simcore::RandomStreams& streams, simcore::Scheduler& sched,
           OnArrival on_arrival);

  /// Schedules every source's first arrival. Call once, before the run.
  void start();

private:
  struct Source {
    const ArrivalSpec* spec;
    simcore::Stream interarrivals;
    std::uint64_t emitted = 0;
  };

  void schedule_next(std::uint32_t s);

  double horizon_s_;
  simcore::Scheduler& sched_;
  OnArrival on_arrival_;
  std::vector<Source> sources_;
};

} // namespace satflow::models
