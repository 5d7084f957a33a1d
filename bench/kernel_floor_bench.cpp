// The floors under the scenario benchmarks: the tandem and M/M/1 workloads of ARCHITECTURE.md
// written by hand, once on SimGrid kernel timers (on the same one-host platform and engine settings
// as satflow, simcore::Engine: what every event cost when each was a SimGrid timer) and once on a
// plain std::priority_queue with no SimGrid at all (what an event costs at the least). The model code
// is the same for both, templated on the kernel. No loader, no stage graph, no statistics beyond one
// mean: satflow's own cost per event is the ratio between satflow_scenario_bench and the heap floor.
// Each run is a forked child (one SimGrid engine per process; the heap runs are forked alike).
#include "bench/forked_run.hpp"
#include "simcore/callback.hpp"
#include "simcore/engine.hpp"
#include "simcore/random_streams.hpp"

#include <benchmark/benchmark.h>
#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <deque>
#include <functional>
#include <queue>
#include <vector>

namespace {

using namespace satflow;

double exponential(simcore::Stream& s, double mean) { return -mean * std::log1p(-s.uniform01()); }

/// A one-site platform configured exactly as satflow's (CM02, every SimGrid model present).
simcore::Engine& one_site_engine() {
  static simcore::SiteGraph graph = [] {
    simcore::SiteGraph g;
    g.add_site({"plant", {}});
    return g;
  }();
  static simcore::Engine engine(graph);
  return engine;
}

/// Every event a SimGrid kernel timer: one turn of SimGrid's main loop per distinct date.
struct SimGridTimers {
  SimGridTimers() { one_site_engine().network(); } // SimGrid's engine, built on demand
  double now() const { return simgrid::s4u::Engine::get_clock(); }
  template <class F> void at(double t, F f) { simgrid::kernel::timer::Timer::set(t, f); }
  void run() { simgrid::s4u::Engine::get_instance()->run(); }
};

/// A plain binary heap on (date, sequence); the callable is a function pointer with its captures
/// inline (simcore::Callback), so that an event allocates nothing.
struct BinaryHeap {
  struct Event {
    double date;
    std::uint64_t seq;
    simcore::Callback fn;
    bool operator>(const Event& o) const { return date > o.date || (date == o.date && seq > o.seq); }
  };
  std::priority_queue<Event, std::vector<Event>, std::greater<>> heap;
  double clock = 0;
  std::uint64_t seq = 0;

  double now() const { return clock; }
  template <class F> void at(double t, F f) { heap.push(Event{t, seq++, simcore::Callback(f)}); }
  void run() {
    while (!heap.empty()) {
      Event e = heap.top();
      heap.pop();
      clock = e.date;
      e.fn();
    }
  }
};

// M/M/1: arrivals at rate 0.9, one server at rate 1.0, FIFO; 2 events per customer.
template <class Kernel> struct MM1 {
  Kernel* k;
  simcore::Stream arrivals{1}, services{2};
  std::int64_t to_arrive = 0;
  std::deque<double> waiting; // arrival dates
  bool busy = false;
  double total_time_in_system = 0;
  std::int64_t done = 0;

  void arrive() {
    if (busy)
      waiting.push_back(k->now());
    else
      serve(k->now());
    if (--to_arrive > 0)
      k->at(k->now() + exponential(arrivals, 1 / 0.9), [this] { arrive(); });
  }
  void serve(double arrived) {
    busy = true;
    k->at(k->now() + exponential(services, 1.0), [this, arrived] { depart(arrived); });
  }
  void depart(double arrived) {
    total_time_in_system += k->now() - arrived;
    ++done;
    busy = false;
    if (!waiting.empty()) {
      const double next = waiting.front();
      waiting.pop_front();
      serve(next);
    }
  }
};

// The tandem: Poisson arrivals (rate 1), five stations of 3 servers in series with exponential
// service (mean 2.5), a fixed delay of 1.0 after each station; 11 events per item.
template <class Kernel> struct Tandem {
  Kernel* k;
  static constexpr int kStations = 5;
  static constexpr int kServers = 3;
  simcore::Stream arrivals{1}, services{2};
  std::int64_t to_arrive = 0;
  std::vector<double> entered; // per item
  std::array<std::deque<std::uint32_t>, kStations> waiting{};
  std::array<int, kStations> busy{};
  double total_time_in_system = 0; // arrival to the end of the last move
  std::int64_t done = 0;

  void arrive() {
    entered.push_back(k->now());
    enter(static_cast<std::uint32_t>(entered.size() - 1), 0);
    if (--to_arrive > 0)
      k->at(k->now() + exponential(arrivals, 1.0), [this] { arrive(); });
  }
  void enter(std::uint32_t item, int station) {
    if (busy[station] < kServers)
      serve(item, station);
    else
      waiting[station].push_back(item);
  }
  void serve(std::uint32_t item, int station) {
    ++busy[station];
    k->at(k->now() + exponential(services, 2.5), [this, item, station] { finish(item, station); });
  }
  void finish(std::uint32_t item, int station) {
    --busy[station];
    if (!waiting[station].empty()) {
      const std::uint32_t next = waiting[station].front();
      waiting[station].pop_front();
      serve(next, station);
    }
    k->at(k->now() + 1.0, [this, item, station] { moved(item, station + 1); });
  }
  void moved(std::uint32_t item, int station) {
    if (station < kStations)
      return enter(item, station);
    total_time_in_system += k->now() - entered[item];
    ++done;
  }
};

template <template <class> class Model, class Kernel>
void run_floor(benchmark::State& state, std::int64_t count, double events_per_item) {
  double items = 0, seconds = 0, value = 0;
  for (auto _ : state) {
    const bench::RunReport r = bench::run_forked([&] {
      Kernel kernel;
      Model<Kernel> model{&kernel};
      model.to_arrive = count;
      model.arrive();
      kernel.run();
      const double n = static_cast<double>(model.done);
      return bench::RunReport{0, n, n * events_per_item, model.total_time_in_system / n};
    });
    state.SetIterationTime(r.run_s);
    items += r.items;
    seconds += r.run_s;
    value = r.value;
  }
  state.counters["items/s"] = items / seconds;
  state.counters["events/s"] = items * events_per_item / seconds;
  state.counters["mean_time"] = value; // M/M/1: 1/(1-0.9) = 10; tandem: about 35.8
}

void BM_FloorMM1Million(benchmark::State& state) { run_floor<MM1, SimGridTimers>(state, 1'000'000, 2); }
BENCHMARK(BM_FloorMM1Million)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_FloorTandem100k(benchmark::State& state) { run_floor<Tandem, SimGridTimers>(state, 100'000, 11); }
BENCHMARK(BM_FloorTandem100k)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_HeapMM1Million(benchmark::State& state) { run_floor<MM1, BinaryHeap>(state, 1'000'000, 2); }
BENCHMARK(BM_HeapMM1Million)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_HeapTandem100k(benchmark::State& state) { run_floor<Tandem, BinaryHeap>(state, 100'000, 11); }
BENCHMARK(BM_HeapTandem100k)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);

} // namespace

BENCHMARK_MAIN();
