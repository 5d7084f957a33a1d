// The sweep runner: `satflow sweep` plans a sweep, stores the plan in SQLite and runs what is
// missing, one child process per run (resumable after a crash or Ctrl-C; shards for clusters).
// Reading the database back (`results`, `merge`) is sweep_results.hpp. Exit status: 0, 2 bad
// input, 1 internal failure.
#pragma once

#include <string>

namespace satflow::tools {

struct SweepArgs {
  std::string spec;
  std::string db;
  unsigned jobs = 1;
  std::string shard;      ///< "k/n" or empty
  bool retry_failed = false;
  std::string timeout;    ///< a duration ("30s", "5min") or empty
  bool quiet = false;
  bool list_tasks = false;     ///< record the plan, print the pending task indices as JSON, run nothing
  std::string run_tasks;       ///< "i,j,k": run these tasks, print each run as a JSON line, store nothing
};

int sweep_command(const SweepArgs& args);

} // namespace satflow::tools
