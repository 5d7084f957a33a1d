// The live jobs of a run: work items inside the process and the branches of parallel stages that
// work for them. A job carries its time accounting (what it is doing since when) and the state of
// whatever mechanism holds it. Slots are reused once a job ends, so memory follows the work in
// progress, not the number of items ever seen.
#pragma once

#include "models/results.hpp"
#include "models/stage_table.hpp"

#include <cstdint>
#include <vector>

namespace satflow::models {

struct Job {
  ItemRecord record;
  std::uint64_t seq = 0;        ///< the item's arrival order over all sources: its id in records and traces
  std::uint64_t key = 0;        ///< (source, index): keys the item's draws; branches share their item's
  std::uint32_t parent = kNone; ///< for branches: the item's slot
  std::uint32_t lane = 0;       ///< 0 for the item, 1 + branch index for branches (trace tracks)
  std::uint32_t pending = 0;    ///< branches still running
  bool live = false;
  std::uint32_t stage = 0;
  std::uint32_t site = 0;
  std::uint32_t site_function = kNoFunction; ///< the relocating function whose site it is at, if any
  TimeKind kind = TimeKind::delay;           ///< what the job is doing now
  double mark_s = 0;                         ///< since when
  // Exchanges (see exchanges.hpp).
  bool in_periodic = false; ///< the exchange under way interrupts work (periodic coordination)
  int rounds_left = 0;
  std::uint32_t outstanding = 0; ///< answers awaited in the current round
  // Work at a station (see station_work.hpp).
  double work_left_s = 0;        ///< of the drawn duration, beyond the chunk under way
  double chunk_end_s = 0;        ///< when the chunk of work under way ends
  bool chunk_final = false;      ///< it ends the work (else a periodic exchange follows)
  std::uint32_t chunk_epoch = 0; ///< a chunk's end event counts only if this has not moved on since
  double paused_left_s = -1;     ///< while paused (kind downtime): the chunk's rest, -1 between chunks
  // Launch (see launch_operations.hpp).
  std::uint32_t launcher = kNone; ///< its launch campaign, once it is ready to ship
  std::int32_t flight = -1;       ///< within its launcher
  std::uint32_t launch_epoch = 0; ///< a trip or integration event counts only if this has not moved on since
  bool disrupted = false;         ///< lost its flight or found its launcher out: launcher_disruption until it ships
};

/// Closes the job's current time bucket at t (seconds) and opens `next`.
inline void switch_to(Job& job, TimeKind next, double t) {
  job.record.time_s[static_cast<std::size_t>(job.kind)] += t - job.mark_s;
  job.kind = next;
  job.mark_s = t;
}

class JobTable {
public:
  /// REQUIRES: stages > 0, the number of stages of the process (branch stages included).
  explicit JobTable(std::size_t stages) : stages_(stages) {}

  /// A free slot, live, with its visit counters zeroed. Invalidates references to jobs.
  std::uint32_t allocate();
  /// The job has ended; its slot may be handed out again.
  void release(std::uint32_t id) { // inline: once a job, like allocate()'s common path
    jobs_[id].live = false;
    free_.push_back(id);
  }

  Job& operator[](std::uint32_t id) { return jobs_[id]; }
  const Job& operator[](std::uint32_t id) const { return jobs_[id]; }
  /// Every slot, live or free (free ones have live == false).
  std::vector<Job>& slots() { return jobs_; }

  /// Visits of the job to its current stage, this one included (1 on the first visit).
  std::uint16_t& visits(std::uint32_t id) { return visits_[slot_stage(id)]; }
  std::uint16_t visits(std::uint32_t id) const { return visits_[slot_stage(id)]; }
  /// Learning unit number of the job's first visit to its current stage (1 until set).
  float& unit(std::uint32_t id) { return units_[slot_stage(id)]; }
  float unit(std::uint32_t id) const { return units_[slot_stage(id)]; }

private:
  std::size_t slot_stage(std::uint32_t id) const { return std::size_t{id} * stages_ + jobs_[id].stage; }

  std::size_t stages_;
  std::vector<Job> jobs_;
  std::vector<std::uint32_t> free_;
  std::vector<std::uint16_t> visits_; // slots x stages
  std::vector<float> units_;          // slots x stages
};

} // namespace satflow::models
