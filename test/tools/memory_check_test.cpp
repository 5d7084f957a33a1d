// satflow under valgrind's memcheck: no invalid memory access. Regression test for comms released
// while SimGrid was still completing them (an answer sent from a completion callback used to free
// the request's comm under SimGrid's feet).
#include "process_util.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace satflow::test {
namespace {

TEST(MemoryCheck, ConcurrentExchangesTouchNoFreedMemory) {
  ASSERT_EQ(std::system("command -v valgrind > /dev/null"), 0) << "valgrind is installed by tools/install-deps.sh";
  const auto dir = fresh_dir("memcheck");
  const std::string command = "valgrind --error-exitcode=9 -q '" + std::string(SATFLOW_BINARY) + "' run '" +
                              source_path("test/data/three-hubs.yaml").string() +
                              "' --set coordination.bandwidth=50/d -q > '" + (dir / "out").string() + "' 2>&1";
  const int status = std::system(command.c_str());
  EXPECT_EQ(status, 0) << read_file(dir / "out");
}

} // namespace
} // namespace satflow::test
