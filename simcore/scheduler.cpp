#include "simcore/scheduler.hpp"

#include "simcore/date_index.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>
#include <vector>

namespace satflow::simcore {

// Same-date events share one SimGrid timer (a "bucket") and run in the order they were scheduled:
// SimGrid's timer heap orders equal dates arbitrarily (though deterministically).
struct Scheduler::State {
  struct Bucket {
    std::vector<Callback> calls;
    simgrid::kernel::timer::Timer* timer = nullptr; // pending until the bucket runs
  };
  struct Transfer {
    simgrid::s4u::CommPtr comm; // keeps the comm alive until it completes (ARCHITECTURE.md fact 3)
    Callback on_done;
  };

  std::vector<Bucket> buckets;
  std::vector<std::uint32_t> free_buckets;
  DateIndex open_by_date; // date -> its pending bucket
  std::unordered_map<const simgrid::s4u::Activity*, Transfer> transfers;
  // Completed comms are released from a timer callback, never while SimGrid is still handling ended
  // actions: releasing one there (even from a nested transfer() call) frees memory SimGrid still uses.
  std::vector<simgrid::s4u::CommPtr> finished;
};

namespace {
// SimGrid's completion signal is process-wide and cannot be disconnected; it is connected once and
// forwards to the live scheduler (there is at most one per process, like the engine).
Scheduler* g_active = nullptr;
} // namespace

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
}

Scheduler::~Scheduler() {
  g_active = nullptr;
  // Transfers still in flight at the end of a run (the horizon cut them short) are cancelled, then
  // released: releasing a started comm aborts, and a detached one is never freed (SimGrid keeps it
  // alive until it completes, which it no longer will; the asan preset reported them as leaked).
  for (auto& [activity, transfer] : state_->transfers)
    transfer.comm->cancel();
  state_->transfers.clear();
  state_->finished.clear();
  // Pending events are cancelled: SimGrid's exit handlers crash on timers left behind.
  for (auto& bucket : state_->buckets)
    if (bucket.timer != nullptr)
      bucket.timer->remove();
}

void Scheduler::run_until(double t_end_s) {
  if (failure_ == nullptr)
    engine_.run_until(t_end_s);
  after_run();
}

void Scheduler::run() {
  if (failure_ == nullptr)
    engine_.run();
  after_run();
}

void Scheduler::after_run() {
  if (failure_ != nullptr) {
    now_ = stopped_at_;
    std::rethrow_exception(failure_);
  }
  now_ = Engine::now();
}

// An exception must not unwind through SimGrid: its timer loop pops a timer, runs it and deletes it
// only if the callback returns (so a timer that throws leaks), and a completion that throws leaves the
// comm half finished. So an event that throws, or the spent budget, ends the run from inside: no timer
// is left and no callback runs any more; transfers already in flight complete in SimGrid (a few more
// turns, with no callback), SimGrid returns, and run()/run_until() rethrow.
void Scheduler::stop(std::exception_ptr failure) {
  if (failure_ != nullptr)
    return;
  failure_ = std::move(failure);
  stopped_at_ = Engine::now();
  for (auto& bucket : state_->buckets)
    if (bucket.timer != nullptr) {
      bucket.timer->remove();
      bucket.timer = nullptr;
    }
}

void Scheduler::complete_transfer(const void* activity) {
  auto& transfers = state_->transfers;
  auto it = transfers.find(static_cast<const simgrid::s4u::Activity*>(activity));
  if (it == transfers.end())
    return;
  Callback done = it->second.on_done;
  state_->finished.push_back(std::move(it->second.comm));
  transfers.erase(it);
  if (stopped())
    return;
  ++events_executed_;
  now_ = Engine::now();
  try {
    done();
  } catch (...) {
    stop(std::current_exception());
  }
}

void Scheduler::at(double t, Callback fn) {
  if (!(t >= now_))
    throw std::invalid_argument("Scheduler::at: date " + std::to_string(t) + " is before now or not a number");
  State& s = *state_;
  const std::uint32_t fresh =
      s.free_buckets.empty() ? static_cast<std::uint32_t>(s.buckets.size()) : s.free_buckets.back();
  const auto [b, inserted] = s.open_by_date.find_or_insert(t, fresh);
  s.buckets.resize(std::max<std::size_t>(s.buckets.size(), b + 1));
  s.buckets[b].calls.push_back(fn);
  if (!inserted)
    return;
  if (!s.free_buckets.empty())
    s.free_buckets.pop_back();
  // b = b: clang 14 cannot capture a structured binding itself.
  s.buckets[b].timer = simgrid::kernel::timer::Timer::set(t, [this, b = b, t] {
    State& st = *state_;
    st.buckets[b].timer = nullptr; // fired: SimGrid owns it now (and frees it once this returns)
    now_ = t;
    st.finished.clear();
    // Index loop: a callback may append to this same bucket (scheduling at now()).
    try {
      for (std::size_t i = 0; i < st.buckets[b].calls.size(); ++i) {
        if (stopped())
          return; // this bucket stays as it is: nothing runs any more
        Callback call = st.buckets[b].calls[i];
        ++events_executed_;
        call();
      }
    } catch (...) {
      stop(std::current_exception());
      return;
    }
    st.buckets[b].calls.clear();
    st.open_by_date.erase(t);
    st.free_buckets.push_back(b);
  });
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
  // timer serves and SimGrid's network model (a comm, an LMM variable, a completion) is spared.
  if (engine_.unbounded(src, dst)) {
    at(now_ + engine_.route_latency_s(src, dst), on_done);
    return;
  }
  State& s = *state_;
  auto comm = simgrid::s4u::Comm::sendto_init(engine_.host(src), engine_.host(dst));
  comm->set_payload_size(static_cast<std::uint64_t>(std::llround(size_units * kBytesPerUnit)));
  const simgrid::s4u::Activity* key = comm.get();
  s.transfers.emplace(key, State::Transfer{comm, on_done});
  comm->start();
}

std::size_t Scheduler::transfers_in_flight() const { return state_->transfers.size(); }

} // namespace satflow::simcore
