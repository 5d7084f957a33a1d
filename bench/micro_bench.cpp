// Microbenchmarks of simcore's hot paths: events through the Scheduler (its own calendar),
// counter-based random draws, distribution sampling and statistics updates.
#include "simcore/distributions.hpp"
#include "simcore/random_streams.hpp"
#include "simcore/scheduler.hpp"
#include "simcore/statistics.hpp"

#include <benchmark/benchmark.h>
#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <memory>

namespace {

using namespace satflow::simcore;

// SimGrid allows one engine per process: every scheduling benchmark shares this one, its clock
// carrying on from run to run.
Engine& shared_engine() {
  static std::unique_ptr<Engine> engine = [] {
    SiteGraph g;
    g.add_site({"a", {}});
    return std::make_unique<Engine>(g);
  }();
  return *engine;
}

Scheduler& shared_scheduler() {
  static Scheduler sched(shared_engine());
  return sched;
}

// `chains` independent event chains, each event scheduling the next one a pseudo-random delay later:
// the heap holds `chains` pending events, like a model with that much work in progress.
struct Chains {
  Scheduler* sched;
  Stream stream{1};
  std::int64_t remaining = 0;
  void step() {
    if (--remaining < 0)
      return;
    sched->after(1 + stream.uniform01(), [this] { step(); });
  }
};

/// One million events over state.range(0) chains of the given kind, run by `run`; reports events/s.
template <class Chain, class Run> void run_chains(benchmark::State& state, Chain chain, Run run) {
  const std::int64_t events = 1'000'000;
  for (auto _ : state) {
    Chain c = chain;
    c.remaining = events;
    for (std::int64_t i = 0; i < state.range(0); ++i)
      c.step();
    run();
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events) * static_cast<double>(state.iterations()),
                                                  benchmark::Counter::kIsRate);
}

void BM_SchedulerEvents(benchmark::State& state) {
  run_chains(state, Chains{&shared_scheduler()}, [] { shared_scheduler().run(); });
}
BENCHMARK(BM_SchedulerEvents)->Arg(1)->Arg(100)->Arg(10000)->Unit(benchmark::kMillisecond);

// The same chains on bare SimGrid kernel timers: the floor under the Scheduler's own cost.
struct RawChains {
  Stream stream{1};
  std::int64_t remaining = 0;
  void step() {
    if (--remaining < 0)
      return;
    simgrid::kernel::timer::Timer::set(simgrid::s4u::Engine::get_clock() + 1 + stream.uniform01(), [this] { step(); });
  }
};

void BM_RawTimerEvents(benchmark::State& state) {
  shared_engine().network(); // SimGrid's engine, which the Scheduler builds only for a bounded transfer
  run_chains(state, RawChains{}, [] { simgrid::s4u::Engine::get_instance()->run(); });
}
BENCHMARK(BM_RawTimerEvents)->Arg(1)->Arg(100)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_StreamUniform(benchmark::State& state) {
  Stream s(42);
  for (auto _ : state)
    benchmark::DoNotOptimize(s.uniform01());
  state.counters["draws/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_StreamUniform);

void BM_StreamDerive(benchmark::State& state) {
  const Stream parent(42);
  std::uint64_t i = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(parent.derive(i++).derive(3).uniform01());
}
BENCHMARK(BM_StreamDerive);

void BM_Sample(benchmark::State& state, Distribution d) {
  Stream s(42);
  for (auto _ : state)
    benchmark::DoNotOptimize(d.sample(s));
  state.counters["samples/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(BM_Sample, fixed, Distribution::fixed(3));
BENCHMARK_CAPTURE(BM_Sample, exponential, Distribution::exponential(2.5));
BENCHMARK_CAPTURE(BM_Sample, triangular, Distribution::triangular(1, 2, 4));
BENCHMARK_CAPTURE(BM_Sample, pert, Distribution::pert(1, 2, 4));
BENCHMARK_CAPTURE(BM_Sample, normal, Distribution::normal(10, 2, 0, 20));
BENCHMARK_CAPTURE(BM_Sample, lognormal, Distribution::lognormal(10, 3));

void BM_TallyAdd(benchmark::State& state) {
  Tally t(state.range(0) != 0);
  double x = 0;
  for (auto _ : state)
    t.add(x += 0.5);
  benchmark::DoNotOptimize(t.mean());
}
BENCHMARK(BM_TallyAdd)->Arg(0)->Arg(1);

void BM_TimeWeightedSet(benchmark::State& state) {
  TimeWeighted tw;
  double t = 0;
  for (auto _ : state) {
    t += 1;
    tw.set(t, t);
  }
  benchmark::DoNotOptimize(tw.mean(t));
}
BENCHMARK(BM_TimeWeightedSet);

} // namespace

BENCHMARK_MAIN();
