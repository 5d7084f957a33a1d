// satflow under valgrind's memcheck: no invalid memory access. Regression tests for comms released
// while SimGrid was still completing them (an answer sent from a completion callback used to free
// the request's comm under SimGrid's feet) and for breakdowns, which pause work and invalidate
// pending end events. Under AddressSanitizer (the asan preset) these tests skip themselves: valgrind
// cannot run an ASan binary, and ASan checks the same accesses in every other test of the suite.
#include "test/tools/process_util.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace satflow::test {
namespace {

/// Runs `satflow run SCENARIO ARGS -q` under memcheck and expects no error (valgrind's report otherwise).
void expect_clean_run(const std::string& name, const std::string& scenario, const std::string& args) {
#ifdef SATFLOW_WITH_ASAN
  GTEST_SKIP() << "built with AddressSanitizer, which valgrind cannot run; ASan checks these accesses instead";
#endif
  ASSERT_EQ(std::system("command -v valgrind > /dev/null"), 0) << "valgrind is installed by tools/install-deps.sh";
  const auto dir = fresh_dir(name);
  const std::string command = "valgrind --error-exitcode=9 -q '" + std::string(SATFLOW_BINARY) + "' run '" +
                              source_path(scenario).string() + "' " + args + " -q > '" + (dir / "out").string() +
                              "' 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0) << read_file(dir / "out");
}

TEST(MemoryCheck, ConcurrentExchangesTouchNoFreedMemory) {
  expect_clean_run("memcheck", "test/data/three-hubs.yaml", "--set coordination.bandwidth=50/d");
}

// With exchanges, forks and a test loop around the stations that break down.
TEST(MemoryCheck, BreakdownsTouchNoFreedMemory) {
  expect_clean_run("memcheck-downtime", "test/data/downtime.yaml", "");
}

} // namespace
} // namespace satflow::test
