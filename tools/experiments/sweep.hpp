// The sweep runner: prepares a sweep (its spec read, its plan expanded and every point's scenario
// loaded and validated before anything runs), finds what a database still lacks (resumable after a
// crash or Ctrl-C; shards for clusters) and runs tasks, one child process per run. No command-line
// parsing and no exit statuses: `satflow sweep` (tools/cli/sweep_command.hpp) owns those. Reading
// the database back is sweep_results.hpp.
#pragma once

#include "configs/diagnostics.hpp"
#include "configs/sweep_spec.hpp"
#include "models/scenario.hpp"
#include "tools/experiments/results_store.hpp"
#include "tools/experiments/sweep_plan.hpp"
#include "tools/report/kpis.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace satflow::tools {

/// A sweep ready to run.
struct Sweep {
  configs::SweepSpec spec;
  SweepPlan plan;
  std::vector<models::Scenario> scenarios; ///< one per point of the plan, in plan order
  std::vector<KpiDef> kpis;                ///< scenario_kpis(scenarios): the static KPIs, then target.NAME
  std::vector<bool> applies;               ///< per `kpis` entry: whether any point can produce it
  /// Uncertain sweeps only (sweep_uncertainty.hpp): [point][draw], each point loaded with the draw's
  /// inputs; task replication m K + k runs draw m's scenario (K = spec.replications).
  std::vector<std::vector<models::Scenario>> draw_scenarios;
};

struct SweepPreparation {
  std::optional<Sweep> sweep;       ///< set only when there is no problem
  configs::Diagnostics diagnostics; ///< every problem of the spec, its scenario and its points
  std::string conclusion;           ///< the closing line after the diagnostics, e.g. "2 problems in FILE"
};

/// Reads the spec at `spec_file`, expands its plan and loads every point. Never throws for bad input.
SweepPreparation prepare_sweep(const std::filesystem::path& spec_file);

/// Which tasks of the plan a command runs: those with index mod `count` = `index`.
struct Shard {
  std::size_t index = 0;
  std::size_t count = 1;
};

/// What to do with runs a database holds as failed.
enum class FailedRuns { skip, retry };

struct PendingTasks {
  std::vector<std::size_t> tasks;    ///< task indices into the plan, ascending
  std::size_t skipped = 0;           ///< tasks of the shard already in the database
  std::vector<std::string> repaired; ///< one line per damaged row that is run again
};

/// Records the sweep's plan in `store` (or checks that the plan it holds is this sweep's) and returns
/// the tasks of `shard` that it lacks; a damaged row is not done, whatever its status says. Throws
/// BadDatabase when the store holds a damaged plan or another sweep's; `db` names it in messages.
PendingTasks pending_tasks(ResultsStore& store, const std::string& db, const Sweep& sweep, Shard shard,
                           FailedRuns failed);

struct TaskLimits {
  unsigned jobs = 1;    ///< runs at a time, >= 1
  double timeout_s = 0; ///< per run; 0: none
};

/// Runs `tasks` (indices into the plan), one child each; calls done(task, run) in this process as each
/// ends, with the run as the database stores it (a failed run says why). Common random numbers: every
/// point's replication r runs with the sweep's seed and r, never with anything of the point.
void run_sweep_tasks(const Sweep& sweep, const std::vector<std::size_t>& tasks, const TaskLimits& limits,
                     const std::function<void(std::size_t task, StoredRun run)>& done);

struct SweepTally {
  std::size_t finished = 0;
  std::size_t failed = 0;
};

/// Runs `tasks` into `store` in batched transactions (a crash loses at most the runs of the last
/// second); calls progress(tally) after each run. Returns the final tally.
SweepTally run_sweep_into(ResultsStore& store, const Sweep& sweep, const std::vector<std::size_t>& tasks,
                          const TaskLimits& limits, const std::function<void(const SweepTally&)>& progress);

} // namespace satflow::tools
