// The child-process pool: results come back from real forked children; failures are reported.
#include "tools/experiments/process_pool.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <unistd.h>

namespace satflow::tools {
namespace {

TEST(ProcessPool, CollectsEveryChildsOutputWhateverTheOrderTheyEnd) {
  std::map<std::size_t, std::string> outputs;
  run_in_children(
      20, {3, 0},
      [](std::size_t i, int fd) {
        usleep(static_cast<useconds_t>((20 - i) * 1000)); // later tasks end first
        return write_all(fd, "task " + std::to_string(i) + " pid " + std::to_string(getpid())) ? 0 : 1;
      },
      [&](std::size_t i, ChildOutcome o) {
        EXPECT_TRUE(o.ok()) << o.describe();
        outputs[i] = o.output;
      });
  ASSERT_EQ(outputs.size(), 20u);
  for (std::size_t i = 0; i < 20; ++i) {
    EXPECT_EQ(outputs[i].rfind("task " + std::to_string(i) + " pid ", 0), 0u);
    EXPECT_EQ(outputs[i].find("pid " + std::to_string(getpid())), std::string::npos); // really another process
  }
}

TEST(ProcessPool, ReportsExitStatusesCrashesAndTimeoutsAndGoesOn) {
  std::map<std::size_t, ChildOutcome> seen;
  run_in_children(
      4, {2, 1.0},
      [](std::size_t i, int fd) {
        switch (i) {
        case 0:
          std::fprintf(stderr, "something went wrong\n");
          return 3;
        case 1:
          // A crash. Not SIGSEGV: AddressSanitizer (the asan preset) turns that into a report and exit
          // status 1, while an abort (a failed assert) dies of its signal in every build.
          std::abort();
        case 2:
          sleep(30); // killed by the timeout
          return 0;
        default:
          return write_all(fd, "fine") ? 0 : 1;
        }
      },
      [&](std::size_t i, ChildOutcome o) { seen[i] = std::move(o); });
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].exit_code, 3);
  EXPECT_EQ(seen[0].stderr_tail, "something went wrong\n");
  EXPECT_EQ(seen[0].describe(), "exit status 3");
  EXPECT_EQ(seen[1].signal, SIGABRT);
  EXPECT_FALSE(seen[1].ok());
  EXPECT_TRUE(seen[2].timed_out);
  EXPECT_EQ(seen[2].signal, SIGKILL);
  EXPECT_TRUE(seen[3].ok());
  EXPECT_EQ(seen[3].output, "fine");
}

// The tail of a child's stderr is cut at a character, never inside a UTF-8 sequence: the JSON of a
// comparison or a sweep carries it, and nlohmann::json refuses to write a cut sequence.
TEST(ProcessPool, TheStderrTailStartsAtACharacter) {
  ChildOutcome seen;
  run_in_children(
      1, {1, 0},
      [](std::size_t, int) {
        std::string text = "x";
        for (int i = 0; i < 2000; ++i)
          text += "\xeb\x82\x98"; // U+B098, three bytes: 4096 falls inside one
        std::fputs(text.c_str(), stderr);
        return 1;
      },
      [&](std::size_t, ChildOutcome o) { seen = std::move(o); });
  ASSERT_FALSE(seen.stderr_tail.empty());
  EXPECT_LE(seen.stderr_tail.size(), 4096u);
  EXPECT_EQ(seen.stderr_tail.size() % 3, 0u);
  EXPECT_EQ(static_cast<unsigned char>(seen.stderr_tail[0]), 0xebu);
  EXPECT_NO_THROW((void)nlohmann::json(seen.stderr_tail).dump());
}

TEST(ProcessPool, AnExceptionInTheChildIsAFailureWithItsMessage) {
  ChildOutcome seen;
  run_in_children(
      1, {1, 0}, [](std::size_t, int) -> int { throw std::runtime_error("no such station"); },
      [&](std::size_t, ChildOutcome o) { seen = std::move(o); });
  EXPECT_EQ(seen.exit_code, 1);
  EXPECT_NE(seen.stderr_tail.find("no such station"), std::string::npos);
}

} // namespace
} // namespace satflow::tools
