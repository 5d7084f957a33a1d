// The optimisation database: each (candidate, replication) stored once, read back by candidate, and
// told apart from a sweep's database.
#include "tools/experiments/optimize_store.hpp"

#include "tools/experiments/results_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include <unistd.h>

namespace satflow::tools {
namespace {

std::filesystem::path fresh(const std::string& name) {
  const auto path = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".sqlite");
  std::filesystem::remove(path);
  return path;
}

TEST(OptimizeStore, StoresEachRunOnceAndReadsItBackByCandidate) {
  const auto file = fresh("optimize-store");
  {
    OptimizeStore store(file);
    store.put_runs("a=1\n", {{0, "{\"x\":1}"}, {1, "{\"x\":2}"}});
    store.put_runs("a=2\n", {{0, "{\"x\":3}"}});
    store.put_runs("a=1\n", {{1, "{\"x\":2}"}}); // written again: still one row
    store.set_meta("spec_hash", "h");
    EXPECT_EQ(store.runs(), 3u);
    EXPECT_EQ(store.candidates(), 2u);
  }
  OptimizeStore again(file);
  const auto runs = again.runs_of("a=1\n");
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs.at(1), "{\"x\":2}");
  EXPECT_TRUE(again.runs_of("a=3\n").empty());
  EXPECT_EQ(again.meta("spec_hash"), "h");
  EXPECT_FALSE(again.meta("report").has_value());
  EXPECT_TRUE(OptimizeStore::is_optimize_db(file));
  std::filesystem::remove(file);
}

TEST(OptimizeStore, ASweepDatabaseOrAMissingFileIsNotOne) {
  const auto sweep = fresh("optimize-store-sweep");
  { ResultsStore store(sweep, ResultsStore::Access::write); }
  EXPECT_FALSE(OptimizeStore::is_optimize_db(sweep));
  EXPECT_FALSE(OptimizeStore::is_optimize_db(fresh("optimize-store-missing")));
  EXPECT_FALSE(std::filesystem::exists(fresh("optimize-store-missing")));
  std::filesystem::remove(sweep);
}

} // namespace
} // namespace satflow::tools
