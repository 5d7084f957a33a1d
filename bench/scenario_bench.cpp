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

namespace {

using namespace satflow;

models::Scenario load(const std::string& relative, const std::vector<std::string>& overrides = {}) {
  auto loaded = configs::load_scenario_file(std::string(SATFLOW_SOURCE_DIR) + "/" + relative, overrides);
  if (!loaded.scenario)
    throw std::runtime_error(loaded.diagnostics.format());
  return *loaded.scenario;
}

void run_scenario_bench(benchmark::State& state, const models::Scenario& scenario) {
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

void BM_Tandem100k(benchmark::State& state) {
  static const models::Scenario scenario = load("configs/tandem.yaml");
  run_scenario_bench(state, scenario);
}
BENCHMARK(BM_Tandem100k)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_MM1Million(benchmark::State& state) {
  static const models::Scenario scenario = load("configs/mm1.yaml");
  run_scenario_bench(state, scenario);
}
BENCHMARK(BM_MM1Million)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_KoreaBaseline10y(benchmark::State& state) {
  static const models::Scenario scenario = load("configs/korea-three-hub.yaml");
  run_scenario_bench(state, scenario);
}
BENCHMARK(BM_KoreaBaseline10y)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(20);

void BM_Scale100k(benchmark::State& state) {
  static const models::Scenario scenario = load("bench/scenarios/scale-100k.yaml");
  run_scenario_bench(state, scenario);
}
BENCHMARK(BM_Scale100k)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);

} // namespace

BENCHMARK_MAIN();
