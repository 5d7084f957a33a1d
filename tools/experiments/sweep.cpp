#include "tools/experiments/sweep.hpp"

#include "configs/scenario_loader.hpp"
#include "configs/sweep_spec.hpp"
#include "models/pipeline.hpp"
#include "simcore/units.hpp"
#include "tools/experiments/compare.hpp"
#include "tools/experiments/process_pool.hpp"
#include "tools/report/report.hpp"
#include "tools/experiments/results_store.hpp"
#include "tools/experiments/sweep_plan.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

namespace satflow::tools {
namespace {

using Json = nlohmann::json;
constexpr int kOk = 0;
constexpr int kBadInput = 2;

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool parse_shard(const std::string& text, std::size_t& k, std::size_t& n) {
  const auto slash = text.find('/');
  if (slash == std::string::npos)
    return false;
  try {
    std::size_t used = 0;
    k = std::stoul(text.substr(0, slash), &used);
    if (used != slash)
      return false;
    n = std::stoul(text.substr(slash + 1), &used);
    return used == text.size() - slash - 1 && n >= 1 && k < n;
  } catch (const std::exception&) {
    return false;
  }
}

/// Progress on a terminal (one rewritten line) or as JSON lines otherwise; at most once a second.
class Progress {
public:
  Progress(std::size_t total, bool quiet) : total_(total), quiet_(quiet), tty_(isatty(STDERR_FILENO) != 0) {}
  void update(std::size_t done, std::size_t failed, bool final = false) {
    const auto now = std::chrono::steady_clock::now();
    if (quiet_ || (!final && now - last_ < std::chrono::seconds(1)))
      return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0;
    char line[256];
    if (tty_) {
      std::snprintf(line, sizeof line, "\r%zu/%zu runs, %zu failed, %.1f runs/s, ETA %.0f s   ", done, total_, failed,
                    rate, eta);
      std::cerr << line << (final ? "\n" : "") << std::flush;
    } else {
      std::snprintf(line, sizeof line,
                    "{\"done\": %zu, \"total\": %zu, \"failed\": %zu, \"runs_per_s\": %.2f, \"eta_s\": %.1f}", done,
                    total_, failed, rate, eta);
      std::cerr << line << "\n" << std::flush;
    }
  }

private:
  std::size_t total_;
  bool quiet_;
  bool tty_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

/// The run's KPIs (its kpi_record) as stored: null where the run produced none or the KPI does not apply to the sweep
/// (`results` leaves out a KPI that no run has, rather than show zeros).
std::string kpi_json(const std::string& record, const std::vector<bool>& applies) {
  const Json parsed = Json::parse(record, nullptr, false);
  if (parsed.is_discarded())
    return "";
  nlohmann::ordered_json out;
  const std::vector<double> values = kpi_values(parsed);
  for (std::size_t k = 0; k < values.size(); ++k)
    out[compare_kpis()[k].name] = std::isnan(values[k]) || !applies[k] ? Json(nullptr) : Json(values[k]);
  return out.dump();
}

} // namespace

int sweep_command(const SweepArgs& args) {
  const configs::SweepLoad loaded = configs::load_sweep_spec(args.spec);
  if (!loaded.spec) {
    std::cerr << loaded.diagnostics.format() << "satflow: " << loaded.diagnostics.size() << " problem"
              << (loaded.diagnostics.size() == 1 ? "" : "s") << " in " << args.spec << "\n";
    return kBadInput;
  }
  const configs::SweepSpec& spec = *loaded.spec;
  std::size_t shard_k = 0, shard_n = 1;
  if (!args.shard.empty() && !parse_shard(args.shard, shard_k, shard_n)) {
    std::cerr << "satflow: --shard expects k/n with 0 <= k < n, got '" << args.shard << "'\n";
    return kBadInput;
  }
  double timeout_s = 0;
  if (!args.timeout.empty()) {
    const auto t = simcore::parse_duration(args.timeout);
    if (!t || *t <= 0) {
      std::cerr << "satflow: --timeout expects a duration such as 30s or 5min, got '" << args.timeout << "'\n";
      return kBadInput;
    }
    timeout_s = *t;
  }
  // The base scenario gives the default seed; every point is loaded (and so validated) before anything runs.
  const auto base = configs::load_scenario_file(spec.scenario, std::vector<std::string>{}, spec.layout);
  if (!base.scenario) {
    std::cerr << base.diagnostics.format() << "satflow: the sweep's scenario has problems\n";
    return kBadInput;
  }
  SweepPlan plan;
  try {
    plan = plan_sweep(spec, spec.seed.value_or(base.scenario->seed), read_text(spec.scenario));
  } catch (const std::invalid_argument& e) {
    std::cerr << args.spec << ": " << e.what() << "\n";
    return kBadInput;
  }
  std::vector<models::Scenario> scenarios;
  for (const auto& point : plan.points) {
    auto r = configs::load_scenario_file(spec.scenario, point.overrides, spec.layout);
    if (!r.scenario) {
      std::cerr << r.diagnostics.format() << "satflow: sweep point " << point.id << " is not a valid scenario\n";
      return kBadInput;
    }
    scenarios.push_back(std::move(*r.scenario));
  }
  const std::vector<bool> applies = applicable_kpis(scenarios);
  // Common random numbers: every point's replication r runs with the sweep's seed and r, never with
  // anything of the point, so `results` pairs points replication by replication.
  const std::uint64_t seed = plan.seed;
  auto run_task = [&](std::size_t t, int out_fd) {
    models::RunOptions run;
    run.seed = seed;
    run.replication = plan.replication_of(t);
    run.keep_items = false;
    const models::Results r = models::run_scenario(scenarios[plan.point_of(t)], run);
    return write_all(out_fd, kpi_record(r).dump()) ? 0 : 1;
  };
  auto record = [&](std::size_t t, const ChildOutcome& outcome) {
    StoredRun run{plan.points[plan.point_of(t)].id, plan.replication_of(t), "done", "", "", ""};
    if (outcome.ok())
      run.kpis = kpi_json(outcome.output, applies);
    if (!outcome.ok() || run.kpis.empty()) {
      run.status = "failed";
      run.what = outcome.ok() ? "unreadable results" : outcome.describe(timeout_s);
      run.stderr_tail = outcome.stderr_tail;
      run.kpis = "{}";
    }
    return run;
  };
  if (!args.run_tasks.empty()) { // a worker of satflow-mpi: no database, records on stdout
    std::vector<std::size_t> tasks;
    std::stringstream list(args.run_tasks);
    for (std::string item; std::getline(list, item, ',');) {
      std::size_t t = 0;
      try {
        t = std::stoul(item);
      } catch (const std::exception&) {
        t = plan.task_count();
      }
      if (t >= plan.task_count()) {
        std::cerr << "satflow: --run-tasks: no task '" << item << "' in a plan of " << plan.task_count() << "\n";
        return kBadInput;
      }
      tasks.push_back(t);
    }
    run_in_children(
        tasks.size(), {args.jobs, timeout_s}, [&](std::size_t i, int fd) { return run_task(tasks[i], fd); },
        [&](std::size_t i, ChildOutcome outcome) {
          const StoredRun run = record(tasks[i], outcome);
          std::cout << nlohmann::json{{"point", run.point},       {"replication", run.replication},
                                      {"status", run.status},     {"what", run.what},
                                      {"stderr", run.stderr_tail}, {"kpis", run.kpis}}
                           .dump()
                    << "\n";
        });
    return kOk;
  }
  ResultsStore store(args.db, ResultsStore::Access::write);
  const std::string plan_text = plan_json(spec, plan).dump();
  if (const auto stored = store.plan()) {
    std::string damage = plan_damage(*stored);
    if (damage.empty() && stored->hash == plan.hash && stored->json != plan_text) // a database without scenario_hash
      damage = "the sweep plan is damaged: it differs from this spec's plan of the same hash";
    if (!damage.empty()) {
      std::cerr << "satflow: " << args.db << ": " << damage << "; it cannot be resumed: use another --db\n";
      return kBadInput;
    }
    if (stored->hash != plan.hash) {
      std::cerr << "satflow: " << args.db << " holds the results of a different sweep (plan " << stored->hash
                << ", this spec's plan " << plan.hash << "); use another --db\n";
      return kBadInput;
    }
  } else {
    store.set_plan({plan.hash, plan_text, plan.scenario_hash});
  }
  // A damaged row is not done, whatever its status says: it is run again and overwritten.
  std::set<std::pair<std::string, std::size_t>> done, failed;
  std::map<std::pair<std::string, std::size_t>, std::string> damaged;
  for (const auto& run : store.runs()) {
    const std::pair key{run.point, run.replication};
    if (auto check = check_run(run); !check.damage.empty())
      damaged[key] = std::move(check.damage);
    else
      (run.status == "done" ? done : failed).insert(key);
  }
  std::vector<std::size_t> tasks;
  std::size_t skipped = 0, repaired = 0;
  for (std::size_t t = 0; t < plan.task_count(); ++t) {
    if (t % shard_n != shard_k)
      continue;
    const std::pair key{plan.points[plan.point_of(t)].id, plan.replication_of(t)};
    if (const auto d = damaged.find(key); d != damaged.end()) {
      std::cerr << "satflow: " << args.db << ": " << d->second << "; running it again\n";
      ++repaired;
    } else if (done.count(key) || (failed.count(key) && !args.retry_failed)) {
      ++skipped;
      continue;
    }
    tasks.push_back(t);
  }
  if (args.list_tasks) {
    std::cout << nlohmann::json(tasks).dump() << "\n";
    return kOk;
  }
  Progress progress(tasks.size(), args.quiet);
  std::vector<StoredRun> pending;
  std::size_t finished = 0, failures = 0;
  auto flush = [&] {
    if (pending.empty())
      return;
    store.begin();
    for (const auto& run : pending)
      store.put(run);
    store.commit();
    pending.clear();
  };
  auto last_flush = std::chrono::steady_clock::now();
  run_in_children(
      tasks.size(), {args.jobs, timeout_s},
      [&](std::size_t i, int out_fd) { return run_task(tasks[i], out_fd); },
      [&](std::size_t i, ChildOutcome outcome) {
        StoredRun run = record(tasks[i], outcome);
        failures += run.status == "failed";
        pending.push_back(std::move(run));
        ++finished;
        // Batched transactions: cheap, and a crash loses at most the runs since the last one.
        if (pending.size() >= 64 || std::chrono::steady_clock::now() - last_flush > std::chrono::seconds(1)) {
          flush();
          last_flush = std::chrono::steady_clock::now();
        }
        progress.update(finished, failures);
      });
  flush();
  progress.update(finished, failures, true);
  const std::string repairs =
      repaired ? "; " + std::to_string(repaired) + (repaired == 1 ? " damaged row" : " damaged rows") + " run again" : "";
  if (!args.quiet)
    std::cout << "sweep " << spec.name << ": " << plan.points.size() << " points x " << plan.replications
              << " replications; this run: " << finished - failures << " done, " << failures << " failed, " << skipped
              << " already in " << args.db << repairs << "\n";
  return kOk;
}

} // namespace satflow::tools
