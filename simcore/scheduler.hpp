// Event scheduling on SimGrid's clock, without actors: callbacks at a date, and coordination
// transfers between sites that call back when the last byte arrives. Models are state machines
// over this API (ARCHITECTURE.md, "Speed"): an actor per work item costs about six times more.
//
// Order: events run in date order; events at the same date run in the order they were scheduled
// (a sequence number, never a pointer), so a run depends only on its inputs and seed.
#pragma once

#include "simcore/callback.hpp"
#include "simcore/engine.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>

namespace satflow::simcore {

class Scheduler {
public:
  /// REQUIRES: engine outlives the scheduler. Throws std::logic_error if another Scheduler is alive.
  explicit Scheduler(Engine& engine);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  /// Current simulated time, in seconds.
  double now() const { return now_; }

  /// Schedules fn at absolute time t (simulated seconds). Throws std::invalid_argument if t < now() or t is NaN.
  void at(double t, Callback fn);
  /// Schedules fn after delay_s seconds. Throws std::invalid_argument if delay_s < 0 or NaN.
  void after(double delay_s, Callback fn) { at(now() + delay_s, fn); }

  /// Sends size_units coordination units from site src to site dst over the platform's route and calls
  /// on_done when they have arrived: latency plus size over the (shared) bandwidth; exactly the latency
  /// on a route whose links have no bandwidth limit. Throws std::invalid_argument if size_units < 0 or
  /// the sites are not connected.
  void transfer(std::size_t src, std::size_t dst, double size_units, Callback on_done);

  /// Runs until t_end_s or until no event or transfer is left; now() is then t_end_s.
  void run_until(double t_end_s) {
    engine_.run_until(t_end_s);
    now_ = Engine::now();
  }
  /// Runs until no event or transfer is left; now() is then the date of the last one.
  void run() {
    engine_.run();
    now_ = Engine::now();
  }

  /// Events executed so far (timers and completed transfers), for benchmarks.
  std::uint64_t events_executed() const { return events_executed_; }
  /// Transfers started and not yet completed.
  std::size_t transfers_in_flight() const;

private:
  /// Called by SimGrid's completion signal for every finished activity; runs the transfer's callback.
  void complete_transfer(const void* activity);

  struct State;
  Engine& engine_;
  std::unique_ptr<State> state_;
  std::uint64_t events_executed_ = 0;
  double now_ = 0; // SimGrid's clock, cached: asking the engine costs more than a hot-path event
};

} // namespace satflow::simcore
