#include "tools/cli/sweep_command.hpp"

#include "simcore/units.hpp"
#include "tools/cli/cli_util.hpp"
#include "tools/cli/uncertain_command.hpp"
#include "tools/experiments/sweep.hpp"
#include "tools/experiments/sweep_uncertainty.hpp"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace satflow::cli {
namespace {

std::optional<tools::Shard> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos)
    return std::nullopt;
  try {
    std::size_t used = 0;
    tools::Shard shard;
    shard.index = std::stoul(text.substr(0, slash), &used);
    if (used != slash)
      return std::nullopt;
    shard.count = std::stoul(text.substr(slash + 1), &used);
    if (used == text.size() - slash - 1 && shard.count >= 1 && shard.index < shard.count)
      return shard;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

/// Progress on a terminal (one rewritten line) or as JSON lines otherwise; at most once a second.
class Progress {
public:
  Progress(std::size_t total, bool quiet) : total_(total), quiet_(quiet), tty_(isatty(STDERR_FILENO) != 0) {}
  void update(const tools::SweepTally& tally) { show(tally, false); }
  void finish(const tools::SweepTally& tally) { show(tally, true); }

private:
  void show(const tools::SweepTally& tally, bool final) {
    const auto now = std::chrono::steady_clock::now();
    if (quiet_ || (!final && now - last_ < std::chrono::seconds(1)))
      return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double rate = elapsed > 0 ? static_cast<double>(tally.finished) / elapsed : 0;
    const double eta = rate > 0 ? static_cast<double>(total_ - tally.finished) / rate : 0;
    char line[256];
    if (tty_) {
      std::snprintf(line, sizeof line, "\r%zu/%zu runs, %zu failed, %.1f runs/s, ETA %.0f s   ", tally.finished, total_,
                    tally.failed, rate, eta);
      std::cerr << line << (final ? "\n" : "") << std::flush;
    } else {
      std::snprintf(line, sizeof line,
                    "{\"done\": %zu, \"total\": %zu, \"failed\": %zu, \"runs_per_s\": %.2f, \"eta_s\": %.1f}",
                    tally.finished, total_, tally.failed, rate, eta);
      std::cerr << line << "\n" << std::flush;
    }
  }

  std::size_t total_;
  bool quiet_;
  bool tty_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

/// The tasks of --run-tasks "i,j,k"; reports one that is not a task of the plan.
std::optional<std::vector<std::size_t>> task_list(const std::string& text, std::size_t task_count) {
  std::vector<std::size_t> tasks;
  std::stringstream list(text);
  for (std::string item; std::getline(list, item, ',');) {
    std::size_t t = task_count;
    try {
      t = std::stoul(item);
    } catch (const std::exception&) {
    }
    if (t >= task_count) {
      std::cerr << "satflow: --run-tasks: no task '" << item << "' in a plan of " << task_count << "\n";
      return std::nullopt;
    }
    tasks.push_back(t);
  }
  return tasks;
}

/// --run-tasks: a worker of satflow-mpi; no database, each run's record as a JSON line on stdout.
int run_listed_tasks(const tools::Sweep& sweep, const SweepArgs& args, const tools::TaskLimits& limits) {
  const auto tasks = task_list(args.run_tasks, sweep.plan.task_count());
  if (!tasks)
    return kBadInput;
  tools::run_sweep_tasks(sweep, *tasks, limits, [](std::size_t, const tools::StoredRun& run) {
    std::cout << nlohmann::json{{"point", run.point}, {"replication", run.replication}, {"status", run.status},
                                {"what", run.what},   {"stderr", run.stderr_tail},      {"kpis", run.kpis}}
                     .dump()
              << "\n";
  });
  return kOk;
}

/// Runs what the database lacks (or, with --list-tasks, prints it) and summarises.
int run_into_database(const tools::Sweep& sweep, const SweepArgs& args, tools::Shard shard,
                      const tools::TaskLimits& limits) {
  tools::ResultsStore store(args.db, tools::ResultsStore::Access::write);
  const auto failed = args.retry_failed ? tools::FailedRuns::retry : tools::FailedRuns::skip;
  const tools::PendingTasks pending = tools::pending_tasks(store, args.db, sweep, shard, failed);
  for (const auto& line : pending.repaired)
    std::cerr << "satflow: " << line << "\n";
  if (args.list_tasks) {
    std::cout << nlohmann::json(pending.tasks).dump() << "\n";
    return kOk;
  }
  Progress progress(pending.tasks.size(), args.quiet);
  const tools::SweepTally tally = tools::run_sweep_into(store, sweep, pending.tasks, limits,
                                                        [&](const tools::SweepTally& t) { progress.update(t); });
  progress.finish(tally);
  const std::size_t repaired = pending.repaired.size();
  const std::string repairs =
      repaired ? "; " + std::to_string(repaired) + (repaired == 1 ? " damaged row" : " damaged rows") + " run again"
               : "";
  if (!args.quiet)
    std::cout << "sweep " << sweep.spec.name << ": " << sweep.plan.points.size() << " points x "
              << sweep.plan.replications << " replications; this run: " << tally.finished - tally.failed << " done, "
              << tally.failed << " failed, " << pending.skipped << " already in " << args.db << repairs << "\n";
  return kOk;
}

/// --uncertain or --posterior: every point loaded once per input draw, the draws in the plan; false
/// after printing why.
bool make_uncertain(tools::Sweep& sweep, const SweepArgs& args) {
  RunArgs run;
  run.scenario = sweep.spec.scenario.string();
  run.layout = sweep.spec.layout;
  run.seed = sweep.plan.seed;
  run.uncertain = args.uncertain;
  const auto source = draw_source(run, sweep.scenarios.front());
  if (!source)
    return false;
  const std::string name = args.uncertain.posterior.empty() ? "uncertain" : "posterior";
  const configs::Diagnostics problems = tools::add_uncertainty(sweep, *source, args.uncertain.draws, name);
  if (problems.empty())
    return true;
  std::cerr << problems.format() << "satflow: --" << name << ": a point of the sweep refuses an input draw\n";
  return false;
}

} // namespace

CLI::App* add_sweep_command(CLI::App& app, SweepArgs& args) {
  CLI::App* sweep = app.add_subcommand("sweep", "Run a parameter sweep into a SQLite database (resumable)");
  sweep->add_option("spec", args.spec, "Sweep spec YAML file")->required();
  sweep->add_option("--db", args.db, "Results database (SQLite); created if missing")->required();
  sweep->add_option("--jobs", args.jobs, "Runs at a time (default: the number of cores)")->check(CLI::Range(1u, 1024u));
  args.jobs = std::max(1u, std::thread::hardware_concurrency());
  sweep->add_option("--shard", args.shard, "Run only the tasks with index mod n = k, as k/n");
  sweep->add_flag("--retry-failed", args.retry_failed, "Run failed tasks again");
  sweep->add_option("--timeout", args.timeout, "Per-run timeout, a duration such as 30s");
  sweep->add_flag("-q,--quiet", args.quiet, "No progress and no summary");
  sweep->add_flag("--list-tasks", args.list_tasks, "Record the plan and print the pending tasks (for satflow-mpi)");
  sweep->add_option("--run-tasks", args.run_tasks, "Run these tasks i,j,k and print their records (for satflow-mpi)");
  add_uncertain_options(sweep, args.uncertain);
  return sweep;
}

int sweep_command(const SweepArgs& args) {
  tools::SweepPreparation prepared = tools::prepare_sweep(args.spec);
  if (!prepared.sweep) {
    std::cerr << prepared.diagnostics.format() << "satflow: " << prepared.conclusion << "\n";
    return kBadInput;
  }
  tools::Shard shard;
  if (!args.shard.empty()) {
    const auto parsed = parse_shard(args.shard);
    if (!parsed) {
      std::cerr << "satflow: --shard expects k/n with 0 <= k < n, got '" << args.shard << "'\n";
      return kBadInput;
    }
    shard = *parsed;
  }
  tools::TaskLimits limits{args.jobs, 0};
  if (!args.timeout.empty()) {
    const auto t = simcore::parse_duration(args.timeout);
    if (!t || *t <= 0) {
      std::cerr << "satflow: --timeout expects a duration such as 30s or 5min, got '" << args.timeout << "'\n";
      return kBadInput;
    }
    limits.timeout_s = *t;
  }
  if (args.uncertain.active() && !make_uncertain(*prepared.sweep, args))
    return kBadInput;
  if (!args.run_tasks.empty())
    return run_listed_tasks(*prepared.sweep, args, limits);
  return run_into_database(*prepared.sweep, args, shard, limits);
}

} // namespace satflow::cli
