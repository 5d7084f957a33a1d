// Runs tasks in child processes, a bounded number at a time: SimGrid allows one engine per process,
// so every replication, layout run or sweep point is a child of a parent that never builds one.
// Children are forked (not exec'd): they inherit the parsed scenarios and start in well under a
// millisecond. Each child writes its result to a pipe; its stderr is captured; a child that crashes,
// exits non-zero or runs past the timeout is reported as failed and the others go on.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace satflow::tools {

struct ChildOutcome {
  int exit_code = -1; ///< the child's exit status; -1 when a signal ended it
  int signal = 0;     ///< the signal that ended it (SIGKILL after a timeout), or 0
  bool timed_out = false;
  std::string output;      ///< everything the task wrote to its output descriptor
  std::string stderr_tail; ///< the last 4 KiB the child wrote to stderr

  bool ok() const { return exit_code == 0 && !timed_out; }
  /// "exit status 3", "killed by signal 11", "timed out after 2 s": for reports.
  std::string describe(double timeout_s = 0) const;
};

struct PoolOptions {
  unsigned jobs = 1;    ///< children at a time, >= 1
  double timeout_s = 0; ///< per child, wall-clock seconds; 0: none
};

/// Calls task(index, out_fd) in a child process for every index in [0, count), at most `jobs` at a
/// time, starting them in index order; the task's return value is the child's exit status.
/// on_done(index, outcome) runs in the parent as each child ends (in the order they end).
/// REQUIRES: no SimGrid engine exists in this process.
void run_in_children(std::size_t count, const PoolOptions& options,
                     const std::function<int(std::size_t index, int out_fd)>& task,
                     const std::function<void(std::size_t index, ChildOutcome outcome)>& on_done);

/// Writes all of text to fd (retrying short writes). Returns false on an error.
bool write_all(int fd, const std::string& text);

} // namespace satflow::tools
