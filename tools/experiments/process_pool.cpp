#include "tools/experiments/process_pool.hpp"

#include "simcore/network.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <vector>

namespace satflow::tools {
namespace {

constexpr std::size_t kStderrTail = 4096;

struct Running {
  std::size_t index;
  pid_t pid;
  int out_fd;
  int err_fd;
  std::chrono::steady_clock::time_point started;
  ChildOutcome outcome;
};

/// Reads what is available; returns false at end of file.
bool drain(int fd, std::string& into, std::size_t keep_last = 0) {
  char buf[65536];
  const ssize_t n = read(fd, buf, sizeof buf);
  if (n <= 0)
    return n < 0 && (errno == EINTR || errno == EAGAIN);
  into.append(buf, static_cast<std::size_t>(n));
  if (keep_last && into.size() > 2 * keep_last)
    into.erase(0, into.size() - keep_last);
  return true;
}

Running start(std::size_t index, const std::function<int(std::size_t, int)>& task) {
  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0)
    throw std::runtime_error("cannot create a pipe for a child process");
  std::fflush(stdout); // or buffered output is written twice (ARCHITECTURE.md fact 8)
  std::fflush(stderr);
  std::cout.flush();
  std::cerr.flush();
  const pid_t pid = fork();
  if (pid < 0)
    throw std::runtime_error("cannot fork a child process");
  if (pid == 0) {
    close(out[0]);
    close(err[0]);
    dup2(err[1], STDERR_FILENO);
    close(err[1]);
    int code = 1;
    try {
      code = task(index, out[1]);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "satflow: %s\n", e.what());
    }
    std::fflush(stderr);
    close(out[1]);
    _exit(code); // no exit handlers: SimGrid's would tear down a whole engine for nothing
  }
  close(out[1]);
  close(err[1]);
  return {index, pid, out[0], err[0], std::chrono::steady_clock::now(), {}};
}

} // namespace

std::string ChildOutcome::describe(double timeout_s) const {
  if (timed_out)
    return "timed out after " + std::to_string(timeout_s) + " s";
  if (signal != 0)
    return "killed by signal " + std::to_string(signal);
  return "exit status " + std::to_string(exit_code);
}

bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void run_in_children(std::size_t count, const PoolOptions& options, const std::function<int(std::size_t, int)>& task,
                     const std::function<void(std::size_t, ChildOutcome)>& on_done) {
  const unsigned jobs = options.jobs == 0 ? 1 : options.jobs;
  // SimGrid's module is opened once, here, rather than by every child whose run needs it (about
  // 23 ms each); it builds nothing, so this parent still never has an engine.
  if (count != 0)
    simcore::preload_network_module();
  std::vector<Running> running;
  std::size_t next = 0;
  while (next < count || !running.empty()) {
    while (next < count && running.size() < jobs)
      running.push_back(start(next++, task));
    std::vector<pollfd> fds;
    for (const Running& r : running) {
      fds.push_back({r.out_fd, POLLIN, 0});
      fds.push_back({r.err_fd, POLLIN, 0});
    }
    poll(fds.data(), fds.size(), options.timeout_s > 0 ? 100 : -1);
    for (std::size_t i = 0; i < running.size();) {
      Running& r = running[i];
      bool open = false;
      if (r.out_fd >= 0 && (fds[2 * i].revents & (POLLIN | POLLHUP | POLLERR))) {
        if (!drain(r.out_fd, r.outcome.output)) {
          close(r.out_fd);
          r.out_fd = -1;
        }
      }
      if (r.err_fd >= 0 && (fds[2 * i + 1].revents & (POLLIN | POLLHUP | POLLERR))) {
        if (!drain(r.err_fd, r.outcome.stderr_tail, kStderrTail)) {
          close(r.err_fd);
          r.err_fd = -1;
        }
      }
      open = r.out_fd >= 0 || r.err_fd >= 0;
      const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - r.started).count();
      if (open && options.timeout_s > 0 && elapsed > options.timeout_s && !r.outcome.timed_out) {
        r.outcome.timed_out = true;
        kill(r.pid, SIGKILL);
      }
      if (open) {
        ++i;
        continue;
      }
      int status = 0;
      while (waitpid(r.pid, &status, 0) < 0 && errno == EINTR) {
      }
      if (WIFEXITED(status)) {
        r.outcome.exit_code = WEXITSTATUS(status);
      } else if (WIFSIGNALED(status)) {
        r.outcome.exit_code = -1;
        r.outcome.signal = WTERMSIG(status);
      }
      if (r.outcome.stderr_tail.size() > kStderrTail) {
        // Cut at a character: a UTF-8 sequence cut in two (a Korean site name) made the JSON writers throw.
        std::string& tail = r.outcome.stderr_tail;
        std::size_t cut = tail.size() - kStderrTail;
        while (cut < tail.size() && (static_cast<unsigned char>(tail[cut]) & 0xC0) == 0x80) // a continuation byte
          ++cut;
        tail.erase(0, cut);
      }
      const std::size_t index = r.index;
      ChildOutcome outcome = std::move(r.outcome);
      running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
      fds.erase(fds.begin() + static_cast<std::ptrdiff_t>(2 * i), fds.begin() + static_cast<std::ptrdiff_t>(2 * i + 2));
      on_done(index, std::move(outcome));
    }
  }
}

} // namespace satflow::tools
