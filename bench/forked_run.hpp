// SimGrid allows one engine per process, so a benchmark that builds one runs each iteration in a
// forked child. The child times its own work and sends the figures back through a pipe.
#pragma once

#include "simcore/network.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <type_traits>

namespace satflow::bench {

/// What a child measured: the wall time of its run and what the run counted.
struct RunReport {
  double run_s = 0;  ///< the measured work alone (not fork, start-up or exit)
  double items = 0;  ///< items completed
  double events = 0; ///< events executed
  double value = 0;  ///< a result to check the run by (for example a mean time in system)
};

/// Calls work() in a forked child, timing it there; work returns a RunReport whose run_s it leaves 0.
/// Throws std::runtime_error when the child fails.
template <class Work> RunReport run_forked(Work work) {
  static_assert(std::is_trivially_copyable_v<RunReport>);
  int fds[2];
  if (pipe(fds) != 0)
    throw std::runtime_error("pipe failed");
  satflow::simcore::preload_network_module(); // as satflow's runners do: the child does not load SimGrid
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = fork();
  if (pid < 0)
    throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(fds[0]);
    const auto start = std::chrono::steady_clock::now();
    RunReport report = work();
    report.run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const bool ok = write(fds[1], &report, sizeof report) == static_cast<ssize_t>(sizeof report);
    _exit(ok ? 0 : 1); // no exit handlers: SimGrid's would tear the engine down for nothing
  }
  close(fds[1]);
  RunReport report;
  const bool got = read(fds[0], &report, sizeof report) == static_cast<ssize_t>(sizeof report);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("the benchmark child failed");
  return report;
}

} // namespace satflow::bench
