// Event scheduling without actors: callbacks at a date, and coordination transfers between sites that
// call back when the last byte arrives. Models are state machines over this API (ARCHITECTURE.md,
// "Speed"): an actor per work item costs about six times more.
//
// The Scheduler keeps its own calendar and runs the events itself; SimGrid is the authority for
// transfers over links with a bandwidth limit only (latency, max-min sharing: their completion dates
// are SimGrid's clock, to the last bit). SimGrid's clock is brought to the current date before such a
// transfer starts, and while transfers are in flight SimGrid is advanced no further than the next
// local event, so every completion is delivered at its own date: after the events of earlier dates
// and before those of later ones. A run without such transfers never loads SimGrid: its engine and
// platform are built at the first one (Engine::network()), through the Network interface.
//
// Order: events run in date order. At one date, local events (at, after, and transfers over routes
// without a bandwidth limit, which take exactly their latency) run first, in the order they were
// scheduled; then the transfers that complete at that date, in the order SimGrid delivers them. (This
// is the order SimGrid's own loop gave when every event was a SimGrid timer: timers fire before
// completions within one of its turns.) A local event scheduled at that date by one of those
// completions runs before the completions still waiting. Ties break on a sequence number, never a
// pointer, so a run depends only on its inputs and seed.
#pragma once

#include "simcore/callback.hpp"
#include "simcore/engine.hpp"
#include "simcore/event_calendar.hpp"

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
  /// The scheduler alive in this process, if any (for the log's time stamps).
  static const Scheduler* active();

  /// Schedules fn at absolute time t (simulated seconds). Throws std::invalid_argument if t < now() or t is NaN.
  void at(double t, Callback fn) {
    if (!(t >= now_))
      refuse_date(t);
    calendar_.push(t, next_order_++, fn);
  }
  /// Schedules fn after delay_s seconds. Throws std::invalid_argument if delay_s < 0 or NaN.
  void after(double delay_s, Callback fn) { at(now() + delay_s, fn); }

  /// Sends size_units coordination units from site src to site dst over the platform's route and calls
  /// on_done when they have arrived: latency plus size over the (shared) bandwidth; exactly the latency
  /// on a route whose links have no bandwidth limit. Throws std::invalid_argument if size_units < 0 or
  /// the sites are not connected.
  void transfer(std::size_t src, std::size_t dst, double size_units, Callback on_done);

  /// Runs the events and completions dated up to t_end_s; now() is then t_end_s. Transfers still in
  /// flight at t_end_s stay in flight (a later run_until() or run() completes them at their dates).
  /// An exception out of an event's callback ends the run: every pending event and transfer is
  /// cancelled, nothing else runs, and run_until() rethrows it; now() is then the date of that event,
  /// and the scheduler stays safe to destroy. Callbacks never run inside SimGrid, so no exception
  /// passes through it. So does EventLimitExceeded when the event budget runs out (set_event_limit()).
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
  [[noreturn]] static void refuse_date(double t);
  /// Runs events and completions up to t_end_s (infinite: until nothing is left), or until stopped.
  void execute(double t_end_s);
  /// Advances SimGrid's clock to `date` (infinite: as far as the transfers in flight need), stopping
  /// early at the first date at which transfers complete; returns whether any did (their completions
  /// are then in the calendar, at that date). REQUIRES: a bounded transfer has started (the network is built).
  bool advance_network(double date);
  /// Ends the run with `failure` at `date`: cancels every pending event and transfer; run() and
  /// run_until() rethrow it.
  void stop(std::exception_ptr failure, double date);
  /// Cancels and releases the transfers in flight.
  void cancel_transfers();
  /// Rethrows what ended the run, if something did.
  void rethrow_if_stopped();

  struct State;
  Engine& engine_;
  std::unique_ptr<State> state_; // the transfers in flight
  EventCalendar calendar_;
  std::uint64_t next_order_ = 0; // sequence number of the next event scheduled
  std::uint64_t events_executed_ = 0;
  std::uint64_t event_limit_ = 0;
  std::exception_ptr failure_; // what ended the run, if something did: nothing runs any more
  double stopped_at_ = 0;      // the date of the event that threw or was refused
  double now_ = 0;
};

} // namespace satflow::simcore
