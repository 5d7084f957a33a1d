#include "simcore/scheduler.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

namespace satflow::simcore {

namespace {
Scheduler* g_active = nullptr; // there is at most one per process, like the engine

// Folded into a completion's order: at one date, completions run after the local events.
constexpr std::uint64_t kCompletion = std::uint64_t{1} << 63;
constexpr double kForever = std::numeric_limits<double>::infinity();
} // namespace

// The transfers in flight, in slots that are reused; a slot's index is the transfer's id in the
// Network. A free slot has no callback.
struct Scheduler::State {
  std::vector<Callback> on_done;
  std::vector<std::uint32_t> free_slots;
  std::size_t in_flight = 0;
  std::vector<Completion> completed; // advance()'s answer, reused
  Network* network = nullptr;        // set at the first transfer that needs SimGrid

  double next_network_date() const { return in_flight == 0 ? kForever : network->next_event_date(); }
};

EventLimitExceeded::EventLimitExceeded(std::uint64_t limit)
    : std::runtime_error("the run exceeded its budget of " + std::to_string(limit) + " events"), limit_(limit) {}

Scheduler::Scheduler(Engine& engine) : engine_(engine), state_(std::make_unique<State>()) {
  if (g_active != nullptr)
    throw std::logic_error("a Scheduler already exists in this process");
  g_active = this;
}

Scheduler::~Scheduler() {
  g_active = nullptr;
  cancel_transfers();
}

const Scheduler* Scheduler::active() { return g_active; }

void Scheduler::refuse_date(double t) {
  throw std::invalid_argument("Scheduler::at: date " + std::to_string(t) + " is before now or not a number");
}

void Scheduler::run_until(double t_end_s) {
  rethrow_if_stopped();
  execute(t_end_s);
  rethrow_if_stopped();
  if (t_end_s > now_)
    now_ = t_end_s;
}

void Scheduler::run() {
  rethrow_if_stopped();
  execute(kForever);
  rethrow_if_stopped();
}

void Scheduler::rethrow_if_stopped() {
  if (failure_ == nullptr)
    return;
  now_ = stopped_at_;
  std::rethrow_exception(failure_);
}

// The main loop. With transfers in flight and a network event due no later than the next local
// event (or the end), SimGrid is first brought to that local date, which delivers the completions
// due before it into the calendar; the loop then takes whatever comes first. Local events before the
// network's next event run without touching SimGrid.
void Scheduler::execute(double t_end_s) {
  State& s = *state_;
  try {
    for (;;) {
      const double next = calendar_.empty() ? kForever : calendar_.top().date;
      const double until = std::min(next, t_end_s);
      // Not before SimGrid's clock: there it has nothing to do, and asking the network model for its
      // next date costs a solve of the sharing (one per transfer started at one date, else).
      if (s.in_flight != 0 && until > s.network->clock() && !(until < s.next_network_date()) && advance_network(until))
        continue; // completions joined the calendar, at or before `next`
      if (calendar_.empty() || next > t_end_s)
        return;
      if (event_limit_ != 0 && events_executed_ >= event_limit_) {
        stop(std::make_exception_ptr(EventLimitExceeded(event_limit_)), next);
        return;
      }
      EventCalendar::Event event = calendar_.pop();
      now_ = event.date;
      ++events_executed_;
      event.fn();
    }
  } catch (...) {
    stop(std::current_exception(), now_);
  }
}

// The completions SimGrid delivers join the calendar at their dates, in SimGrid's order.
bool Scheduler::advance_network(double date) {
  State& s = *state_;
  s.completed.clear();
  if (!s.network->advance(date, s.completed))
    return false;
  for (const Completion& c : s.completed) {
    calendar_.push(c.date_s, kCompletion | next_order_++, s.on_done[c.id]);
    s.on_done[c.id] = Callback{};
    s.free_slots.push_back(c.id);
    --s.in_flight;
  }
  return true;
}

// Everything pending is dropped: the calendar, and the transfers in flight, which are cancelled.
void Scheduler::stop(std::exception_ptr failure, double date) {
  if (failure_ != nullptr)
    return;
  failure_ = std::move(failure);
  stopped_at_ = date;
  calendar_.clear();
  cancel_transfers();
}

// A started comm must be cancelled before it is released (releasing it aborts), and a detached one
// would never be freed (SimGrid keeps it until it completes, which it no longer will; the asan
// preset reported them as leaked). They leave their slots first, so that a completion signal fired by
// the cancellation finds nothing to deliver.
void Scheduler::cancel_transfers() {
  State& s = *state_;
  if (s.network != nullptr && s.in_flight != 0)
    s.network->cancel_all();
  s.on_done.clear();
  s.free_slots.clear();
  s.in_flight = 0;
}

void Scheduler::transfer(std::size_t src, std::size_t dst, double size_units, Callback on_done) {
  if (!(size_units >= 0))
    throw std::invalid_argument("Scheduler::transfer: negative size");
  if (src >= engine_.graph().site_count() || dst >= engine_.graph().site_count())
    throw std::invalid_argument("Scheduler::transfer: unknown site index");
  if (!engine_.connected(src, dst))
    throw std::invalid_argument("Scheduler::transfer: no route between sites '" + engine_.graph().site(src).name +
                                "' and '" + engine_.graph().site(dst).name + "'");
  // Nothing to share on a route without a bandwidth limit: the message takes exactly its latency, so a
  // local event serves and SimGrid's network model (a comm, an LMM variable, a completion) is spared.
  if (engine_.unbounded(src, dst)) {
    at(now_ + engine_.route_latency_s(src, dst), on_done);
    return;
  }
  State& s = *state_;
  if (s.network == nullptr)
    s.network = &engine_.network();
  // The transfer starts at SimGrid's clock (fact 4): bring it to now. Nothing completes on the way,
  // since every completion due before now was delivered before the event that calls this ran.
  advance_network(now_);
  std::uint32_t slot;
  if (s.free_slots.empty()) {
    slot = static_cast<std::uint32_t>(s.on_done.size());
    s.on_done.emplace_back();
  } else {
    slot = s.free_slots.back();
    s.free_slots.pop_back();
  }
  s.on_done[slot] = on_done;
  ++s.in_flight;
  s.network->start(src, dst, static_cast<std::uint64_t>(std::llround(size_units * kBytesPerUnit)), slot);
}

std::size_t Scheduler::transfers_in_flight() const { return state_->in_flight; }

} // namespace satflow::simcore
