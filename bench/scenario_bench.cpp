// Whole scenarios through the real loader and model code: the tandem workload of ARCHITECTURE.md
// (items/s, events/s), M/M/1 with 1,000,000 customers (wall time), the Korea baseline over ten
// years and the 100,000-satellite scale scenario. SimGrid allows one engine per
// process, so each iteration forks a child that runs the scenario once and reports its own timing;
// the parent parses the scenario once, before any engine exists.
#include "bench/forked_run.hpp"
#include "configs/scenario_loader.hpp"
#include "models/pipeline.hpp"

#include <benchmark/benchmark.h>

#include <stdexcept>
#include <string>

namespace {

using namespace satflow;

models::Scenario load(const std::string& relative, const std::vector<std::string>& overrides = {}) {
  auto loaded = configs::load_scenario_file(std::string(SATFLOW_SOURCE_DIR) + "/" + relative, overrides);
  if (!loaded.scenario)
    throw std::runtime_error(loaded.diagnostics.format());
  return *loaded.scenario;
}

/// Runs the scenario at `relative` (parsed once, here, before any engine exists) in a child per iteration.
void run_scenario_bench(benchmark::State& state, const char* relative) {
  const models::Scenario scenario = load(relative);
  double items = 0, events = 0, seconds = 0;
  for (auto _ : state) {
    const bench::RunReport r = bench::run_forked([&] {
      models::RunOptions options;
      options.seed = scenario.seed;
      options.keep_items = false;
      const models::Results results = models::run_scenario(scenario, options); // set-up, simulation, results
      return bench::RunReport{0, static_cast<double>(results.completed), static_cast<double>(results.events), 0};
    });
    state.SetIterationTime(r.run_s);
    items += r.items;
    events += r.events;
    seconds += r.run_s;
  }
  state.counters["items/s"] = items / seconds;
  state.counters["events/s"] = events / seconds;
}

/// The scenarios measured, each registered as run_scenario_bench/NAME (the names it always had, which
/// --benchmark_filter selects by) with its manual timing and number of iterations.
struct ScenarioBench {
  const char* name;
  const char* relative;
  benchmark::IterationCount iterations;
};
constexpr ScenarioBench kScenarioBenches[] = {
    {"Tandem100k", "configs/tandem.yaml", 5},
    {"MM1Million", "configs/mm1.yaml", 5},
    {"KoreaBaseline10y", "configs/korea-three-hub.yaml", 20},
    {"Scale100k", "bench/scenarios/scale-100k.yaml", 3},
};

[[maybe_unused]] const bool registered = [] {
  for (const ScenarioBench& b : kScenarioBenches)
    benchmark::RegisterBenchmark((std::string("run_scenario_bench/") + b.name).c_str(), run_scenario_bench, b.relative)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond)
        ->Iterations(b.iterations);
  return true;
}();

} // namespace

BENCHMARK_MAIN();
