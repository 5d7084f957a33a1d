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
#include <exception>
#include <memory>
#include <stdexcept>

namespace satflow::simcore {

/// Thrown out of Scheduler::run() and run_until() when the event budget set by set_event_limit() is spent.
class EventLimitExceeded : public std::runtime_error {
public:
  explicit EventLimitExceeded(std::uint64_t limit);
  std::uint64_t limit() const { return limit_; }

private:
  std::uint64_t limit_;
};

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
  /// An exception out of an event's callback ends the run: every pending event is cancelled, nothing
  /// else runs, and run_until() rethrows it once SimGrid has returned (never through SimGrid, which
  /// would leak the timer that threw); now() is then the date of that event, and the scheduler stays
  /// safe to destroy. So does EventLimitExceeded when the event budget runs out (set_event_limit()).
  /// Once stopped, every later run() or run_until() throws the same exception again.
  void run_until(double t_end_s);
  /// Runs until no event or transfer is left; now() is then the date of the last one. Ends and throws
  /// as run_until() does.
  void run();

  /// At most max_events events (timers and completed transfers) run, in total over every run() and
  /// run_until() call; the next one is not run and the run ends with EventLimitExceeded, as if that
  /// event had thrown it. 0: no limit. Default: 0
  void set_event_limit(std::uint64_t max_events) { event_limit_ = max_events; }
  std::uint64_t event_limit() const { return event_limit_; }

  /// Events executed so far (timers and completed transfers), for benchmarks.
  std::uint64_t events_executed() const { return events_executed_; }
  /// Transfers started and not yet completed.
  std::size_t transfers_in_flight() const;

private:
  /// Called by SimGrid's completion signal for every finished activity; runs the transfer's callback.
  void complete_transfer(const void* activity);
  /// Whether the run has ended (an event threw, or the budget is spent): no event may run.
  bool stopped() {
    if (failure_ == nullptr && event_limit_ != 0 && events_executed_ >= event_limit_)
      stop(std::make_exception_ptr(EventLimitExceeded(event_limit_)));
    return failure_ != nullptr;
  }
  /// Ends the run with `failure`: cancels every pending timer; run()/run_until() rethrow it.
  void stop(std::exception_ptr failure);
  /// After SimGrid returned: caches its clock, or rethrows what ended the run.
  void after_run();

  struct State;
  Engine& engine_;
  std::unique_ptr<State> state_;
  std::uint64_t events_executed_ = 0;
  std::uint64_t event_limit_ = 0;
  std::exception_ptr failure_; // what ended the run, if something did: nothing runs any more
  double stopped_at_ = 0;       // the date of the event that threw or was refused
  double now_ = 0; // SimGrid's clock, cached: asking the engine costs more than a hot-path event
};

} // namespace satflow::simcore
