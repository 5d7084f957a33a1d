// The sweep runner and its companions: `satflow sweep` plans a sweep, stores the plan in SQLite and
// runs what is missing, one child process per run (resumable after a crash or Ctrl-C; shards for
// clusters); `satflow results` summarises a database (per point CI, tornado, Morris); `satflow
// merge` combines shard databases. Exit status: 0, 2 bad input, 1 internal failure.
#pragma once

#include <string>
#include <vector>

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
/// Prints the summary; with csv_file, per point and KPI rows; with html_file, the page of charts
/// (tools/report/sweep_charts.hpp), its header naming satflow `version`.
int results_command(const std::string& db, const std::string& csv_file, const std::string& html_file = "",
                    const std::string& version = "");
int merge_command(const std::string& out, const std::vector<std::string>& shards);

} // namespace satflow::tools
