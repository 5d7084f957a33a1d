// Whole scenarios through the real loader and model code: the tandem workload of ARCHITECTURE.md
// (items/s, events/s), M/M/1 with 1,000,000 customers (wall time), the Korea baseline over ten
// years and the 100,000-satellite scale scenario. SimGrid allows one engine per
// process, so each iteration forks a child that runs the scenario once and reports its own timing;
// the parent parses the scenario once, before any engine exists.
#include "configs/scenario_loader.hpp"
#include "models/pipeline.hpp"

#include <benchmark/benchmark.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace {

using namespace satflow;

struct ChildReport {
  double run_s = 0;      ///< run_scenario alone: engine set-up, simulation, results
  double items = 0;      ///< items completed
  double events = 0;     ///< events executed
};

models::Scenario load(const std::string& relative, const std::vector<std::string>& overrides = {}) {
  auto loaded = configs::load_scenario_file(std::string(SATFLOW_SOURCE_DIR) + "/" + relative, overrides);
  if (!loaded.scenario)
    throw std::runtime_error(loaded.diagnostics.format());
  return *loaded.scenario;
}

ChildReport run_in_child(const models::Scenario& scenario) {
  int fds[2];
  if (pipe(fds) != 0)
    throw std::runtime_error("pipe failed");
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    models::RunOptions options;
    options.seed = scenario.seed;
    options.keep_items = false;
    const auto start = std::chrono::steady_clock::now();
    const models::Results r = models::run_scenario(scenario, options);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    const ChildReport report{took.count(), static_cast<double>(r.completed), static_cast<double>(r.events)};
    const bool ok = write(fds[1], &report, sizeof report) == static_cast<ssize_t>(sizeof report);
    _exit(ok ? 0 : 1);
  }
  close(fds[1]);
  ChildReport report;
  const bool got = read(fds[0], &report, sizeof report) == static_cast<ssize_t>(sizeof report);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("the benchmark child failed");
  return report;
}

void run_scenario_bench(benchmark::State& state, const models::Scenario& scenario) {
  double items = 0, events = 0, seconds = 0;
  for (auto _ : state) {
    const ChildReport r = run_in_child(scenario);
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
