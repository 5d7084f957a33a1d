// `satflow sweep`: runs a parameter sweep into a SQLite database (tools/experiments/sweep.hpp), or,
// for satflow-mpi, lists the tasks a database lacks (--list-tasks) or runs some tasks and prints
// their records (--run-tasks).
#pragma once

#include "tools/cli/cli_util.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace satflow::cli {

struct SweepArgs {
  std::string spec;
  std::string db;
  unsigned jobs = 1;
  std::string shard; ///< "k/n" or empty
  bool retry_failed = false;
  std::string timeout; ///< a duration ("30s", "5min") or empty
  bool quiet = false;
  bool list_tasks = false; ///< record the plan, print the pending task indices as JSON, run nothing
  std::string run_tasks;   ///< "i,j,k": run these tasks, print each run as a JSON line, store nothing
  UncertainArgs uncertain; ///< --uncertain / --posterior: every point over M input draws (sweep_uncertainty.hpp)
};

/// Declares the sweep subcommand and its options on `app`.
CLI::App* add_sweep_command(CLI::App& app, SweepArgs& args);
/// Runs it; returns the exit status.
int sweep_command(const SweepArgs& args);

} // namespace satflow::cli
