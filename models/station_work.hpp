// Work at stations: a job asks its stage's station for a server, queues while none is free, then
// works for its drawn duration. With periodic coordination the work comes in chunks: after every
// full interval of work, one exchange with the partner site while the server is held (MODEL.md,
// mechanism 1). Stations with downtime break down and are repaired at drawn dates (a stream per
// station, so that every layout and sweep point sees the same breakdowns); while a station is down
// nothing starts there, and work in progress pauses and later resumes where it stopped.
#pragma once

#include "models/run_part.hpp"
#include "models/station.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace satflow::models {

struct StationWorkHooks {
  std::function<void(std::uint32_t job)> done;     ///< the job's work at its stage is over; it holds no server
  std::function<void(std::uint32_t job)> exchange; ///< the job's work pauses for a periodic exchange (start it)
};

class StationWork : private RunPart<StationWorkHooks> {
public:
  using Hooks = StationWorkHooks;

  /// One Station per StationSpec of the scenario, in its order. REQUIRES: context outlives this.
  StationWork(const RunContext& context, const simcore::RandomStreams& streams, Hooks hooks);

  /// Schedules every station's first breakdown. Call once, before the run.
  void start();
  /// The job enters a station stage: it gets a server and works, or queues.
  void request(std::uint32_t id);
  /// The job's periodic exchange is over: it works on (or waits, if its station broke down meanwhile).
  void resume(std::uint32_t id);

  const std::vector<Station>& stations() const { return stations_; }
  /// Every station keeps its queue length over time (RunOptions::queue_history).
  void record_queue_histories() {
    for (auto& s : stations_)
      s.record_queue_history();
  }

private:
  struct Breakdowns {      // of a station with downtime
    simcore::Stream draws; // derive(cycle): derive(0) its up time, derive(1) its repair
    std::uint32_t cycle = 0;
    std::vector<std::uint32_t> in_service; // jobs holding its servers
  };

  void start_work(std::uint32_t id);
  void continue_work(std::uint32_t id);
  void schedule_chunk(std::uint32_t id, double d, bool final);
  void finish_work(std::uint32_t id);
  void pause(std::uint32_t id, double left_s);
  void schedule_breakdown(std::uint32_t s);
  void break_down(std::uint32_t s);
  void repair(std::uint32_t s);

  std::vector<Station> stations_;
  std::vector<SiteRef> station_sites_;                // per station: follows its function's relocations
  std::vector<std::optional<Breakdowns>> breakdowns_; // per station
};

} // namespace satflow::models
