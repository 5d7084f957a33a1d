// libFuzzer target: bytes -> the scenario loader and validator, in process; every scenario that
// validates is then run, in a forked child (SimGrid allows one engine per process), with a short
// horizon, an event budget and a wall-clock bound. Findings: a sanitizer report or a crash in the
// loader (libFuzzer sees it directly); a child that dies of a signal, ends with a sanitizer report,
// lets an exception escape (a validated scenario the model refuses) or exceeds the wall-clock bound.
// The parent then aborts, so that libFuzzer records the input.
//
// Comment lines steer the other ways in without files: `# fuzz-set: key.path=value` adds an override
// (as `--set` does) and `# fuzz-layout: NAME` applies configs/layouts/NAME.yaml. Both are YAML
// comments, so the seed corpus (every YAML in configs/ and test/data/) stays valid as it is.
// Build and run: CONTRIBUTING.md, "Sanitizers and fuzzing".
#include "configs/scenario_loader.hpp"
#include "models/pipeline.hpp"
#include "simcore/scheduler.hpp"
#include "simcore/units.hpp"
#include "tools/report/report.hpp"
#include "tools/report/trace_writer.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr double kMaxHorizonS = 2 * satflow::simcore::kYear; // simulated
// Enough for every mechanism to act many times; more makes each execution slower than it finds (the
// shipped mm1 scenario runs its 20,000 events in 0.3 s in this build, 200,000 in 5 s).
constexpr std::uint64_t kMaxEvents = 20000;
constexpr unsigned kChildWallClockS = 10;
// The child's own exit statuses (ASan and UBSan reports end with status 1).
constexpr int kChildOk = 0;
constexpr int kChildEscapedException = 3;

struct Steering {
  std::vector<std::string> overrides;
  std::string layout;
};

bool is_layout_name(std::string_view name) {
  return !name.empty() && name.size() <= 40 &&
         std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
}

Steering steering(std::string_view text) {
  Steering s;
  constexpr std::string_view set_tag = "# fuzz-set: ";
  constexpr std::string_view layout_tag = "# fuzz-layout: ";
  std::size_t start = 0;
  while (start < text.size() && s.overrides.size() < 8) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    if (line.substr(0, set_tag.size()) == set_tag)
      s.overrides.emplace_back(line.substr(set_tag.size()));
    else if (line.substr(0, layout_tag.size()) == layout_tag && is_layout_name(line.substr(layout_tag.size())))
      s.layout = std::string(line.substr(layout_tag.size()));
    start = end + 1;
  }
  return s;
}

[[noreturn]] void run_child(satflow::models::Scenario scenario) {
  // libFuzzer's own SIGALRM handler (its -timeout) is inherited: put the default action back, which ends
  // the child, so that the parent reports a hang.
  std::signal(SIGALRM, SIG_DFL);
  alarm(kChildWallClockS);
  scenario.horizon_s = std::min(scenario.horizon_s, kMaxHorizonS);
  satflow::models::RunOptions options;
  options.max_events = kMaxEvents;
  options.trace = true; // the trace recorder and writer are code under test too
  int status = kChildOk;
  try {
    const auto results = satflow::models::run_scenario(scenario, options);
    // What `satflow run` writes of a run, to a stream nobody reads: the writers see odd results too.
    std::vector<std::string> sites;
    for (const auto& site : scenario.sites)
      sites.push_back(site.name);
    std::ostringstream sink;
    satflow::tools::write_table(results, sink);
    sink << satflow::tools::results_json(results).dump(2);
    satflow::tools::write_items_csv(results, sink);
    satflow::tools::write_trace(results, sites, sink);
  } catch (const satflow::simcore::EventLimitExceeded&) {
    // the budget did its job
  } catch (const std::bad_alloc&) {
    // a run whose work in progress outgrows memory is a property of the scenario, not a bug
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scenario_fuzzer: a validated scenario failed to run: %s\n", e.what());
    status = kChildEscapedException;
  }
  std::fflush(stderr);
  _exit(status); // neither SimGrid's nor libFuzzer's exit handlers: the parent owns those
}

void run_in_child(const satflow::models::Scenario& scenario) {
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = fork();
  if (pid < 0) {
    std::perror("scenario_fuzzer: fork");
    std::abort();
  }
  if (pid == 0)
    run_child(scenario);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) {
      std::perror("scenario_fuzzer: waitpid");
      std::abort();
    }
  if (WIFSIGNALED(status)) {
    if (WTERMSIG(status) == SIGALRM)
      std::fprintf(stderr, "scenario_fuzzer: hang: the run took more than %u s of wall-clock time\n", kChildWallClockS);
    else
      std::fprintf(stderr, "scenario_fuzzer: the run died of signal %d\n", WTERMSIG(status));
    std::abort();
  }
  if (WEXITSTATUS(status) != kChildOk) {
    std::fprintf(stderr,
                 "scenario_fuzzer: the run ended with status %d (a sanitizer report or an escaped exception "
                 "above)\n",
                 WEXITSTATUS(status));
    std::abort();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Steering s = steering(text);
  // A label inside configs/ so that a layout name resolves to configs/layouts/NAME.yaml.
  const std::string label = s.layout.empty() ? "fuzz.yaml" : SATFLOW_SOURCE_DIR "/configs/fuzz.yaml";
  auto loaded = satflow::configs::load_scenario_text(text, label, s.overrides, s.layout);
  if (loaded.scenario && loaded.diagnostics.empty())
    run_in_child(*loaded.scenario);
  return 0;
}
