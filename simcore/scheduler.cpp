#include "simcore/scheduler.hpp"

#include <simgrid/kernel/resource/Model.hpp>
#include <simgrid/kernel/resource/NetworkModelIntf.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/NetZone.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <stdexcept>
#include <vector>

namespace satflow::simcore {

namespace {
// SimGrid's completion signal is process-wide and cannot be disconnected; it is connected once and
// forwards to the live scheduler (there is at most one per process, like the engine).
Scheduler* g_active = nullptr;

// Folded into a completion's order: at one date, completions run after the local events.
constexpr std::uint64_t kCompletion = std::uint64_t{1} << 63;
constexpr double kForever = std::numeric_limits<double>::infinity();
} // namespace

struct Scheduler::State {
  struct Transfer {
    simgrid::s4u::CommPtr comm; // keeps the comm alive until it completes (ARCHITECTURE.md fact 3)
    Callback on_done;
  };
  // The transfers in flight, in slots that are reused; a free slot has no comm. Each comm carries its
  // slot number plus one as its data (SimGrid's user data of an activity), so that a completion finds
  // its transfer without a look-up: a hash map cost a node and two look-ups a transfer.
  std::vector<Transfer> transfers;
  std::vector<std::uint32_t> free_slots;
  std::size_t in_flight = 0;
  // SimGrid's "vetoed activities" set, which ends its main loop after any turn that left it non-empty
  // (ARCHITECTURE.md, "Event calendar", fact 4): complete_transfer() puts each completed comm in it,
  // so that SimGrid returns at the first completion date and the completion's callback can schedule
  // events before the date SimGrid was asked to reach.
  std::set<simgrid::s4u::Activity*> delivered;
  // Completed comms are released once SimGrid has returned, never while it is still handling ended
  // actions: releasing one there frees memory SimGrid still uses.
  std::vector<simgrid::s4u::CommPtr> finished;
  // SimGrid's network model (CM02), asked for the date of its next event (the end of a latency or a
  // completion; ARCHITECTURE.md, "Event calendar", fact 5) so that local events before that date run
  // without a turn of SimGrid's loop. Null if the cast fails: SimGrid is then advanced to every
  // local date while transfers are in flight, which is correct, only slower.
  simgrid::kernel::resource::Model* network = nullptr;
  double network_date = kUnknown; // the cached answer; kUnknown after SimGrid moved or a transfer started

  static constexpr double kUnknown = -1;

  /// The date of the network model's next event, kForever if none.
  double next_network_date() {
    if (network == nullptr)
      return -kForever;
    if (network_date == kUnknown) {
      // The same sum as EngineImpl::solve() makes (clock + the model's delay), so the same bits.
      const double clock = simgrid::s4u::Engine::get_clock();
      const double delay = network->next_occurring_event(clock);
      network_date = delay < 0 ? kForever : clock + delay;
    }
    return network_date;
  }
};

EventLimitExceeded::EventLimitExceeded(std::uint64_t limit)
    : std::runtime_error("the run exceeded its budget of " + std::to_string(limit) + " events"), limit_(limit) {}

Scheduler::Scheduler(Engine& engine) : engine_(engine), state_(std::make_unique<State>()) {
  if (g_active != nullptr)
    throw std::logic_error("a Scheduler already exists in this process");
  g_active = this;
  static const bool connected = [] {
    simgrid::s4u::Activity::on_completion_cb([](const simgrid::s4u::Activity& a) {
      if (g_active != nullptr)
        g_active->complete_transfer(&a);
    });
    return true;
  }();
  (void)connected;
  auto* simgrid_engine = simgrid::s4u::Engine::get_instance();
  simgrid_engine->track_vetoed_activities(&state_->delivered);
  state_->network =
      dynamic_cast<simgrid::kernel::resource::Model*>(simgrid_engine->get_netzone_root()->get_network_model());
}

Scheduler::~Scheduler() {
  g_active = nullptr;
  simgrid::s4u::Engine::get_instance()->track_vetoed_activities(nullptr);
  cancel_transfers();
  state_->finished.clear();
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
      if (s.in_flight != 0 && !(until < s.next_network_date()) && advance_network(until))
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

// SimGrid's run_until() may return up to 1e-5 s short of the date asked for (fact 3), so it is
// called again until the clock is there; it refuses a date before its clock, hence the `<` test.
bool Scheduler::advance_network(double date) {
  State& s = *state_;
  bool completed = false;
  for (double clock = Engine::now(); clock < date;) {
    s.delivered.clear();
    if (date == kForever)
      engine_.run();
    else
      engine_.run_until(date);
    s.finished.clear();
    s.network_date = State::kUnknown;
    completed = !s.delivered.empty();
    const double reached = Engine::now();
    if (completed || !(reached > clock))
      break; // stopped at a completion, or nothing left in SimGrid
    clock = reached;
  }
  s.delivered.clear();
  return completed;
}

void Scheduler::complete_transfer(const void* activity) {
  State& s = *state_;
  const auto* a = static_cast<const simgrid::s4u::Activity*>(activity);
  const std::uintptr_t slot = reinterpret_cast<std::uintptr_t>(a->get_data<void>()) - 1; // huge if none
  if (slot >= s.transfers.size() || s.transfers[slot].comm.get() != a)
    return; // not one of ours (or cancelled: it left its slot first)
  State::Transfer& t = s.transfers[slot];
  calendar_.push(Engine::now(), kCompletion | next_order_++, t.on_done);
  s.delivered.insert(t.comm.get());
  s.finished.push_back(std::move(t.comm));
  t.comm = nullptr;
  s.free_slots.push_back(static_cast<std::uint32_t>(slot));
  --s.in_flight;
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
  auto in_flight = std::move(s.transfers);
  s.transfers.clear();
  s.free_slots.clear();
  s.in_flight = 0;
  for (auto& transfer : in_flight)
    if (transfer.comm)
      transfer.comm->cancel();
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
  // The transfer starts at SimGrid's clock (fact 4): bring it to now. Nothing completes on the way,
  // since every completion due before now was delivered before the event that calls this ran.
  advance_network(now_);
  State& s = *state_;
  auto comm = simgrid::s4u::Comm::sendto_init(engine_.host(src), engine_.host(dst));
  comm->set_payload_size(static_cast<std::uint64_t>(std::llround(size_units * kBytesPerUnit)));
  std::uint32_t slot;
  if (s.free_slots.empty()) {
    slot = static_cast<std::uint32_t>(s.transfers.size());
    s.transfers.emplace_back();
  } else {
    slot = s.free_slots.back();
    s.free_slots.pop_back();
  }
  comm->set_data(reinterpret_cast<void*>(std::uintptr_t{slot} + 1));
  s.transfers[slot] = State::Transfer{comm, on_done};
  ++s.in_flight;
  comm->start();
  s.network_date = State::kUnknown; // one more flow: the sharing changes
}

std::size_t Scheduler::transfers_in_flight() const { return state_->in_flight; }

} // namespace satflow::simcore
