#include "models/stage_table.hpp"

#include "test/models/scenario_builders.hpp"

#include <gtest/gtest.h>

namespace satflow::models {
namespace {

using namespace testing;

Scenario with_branches() {
  Scenario sc = base();
  sc.classes.push_back({"medium", 0, 500});
  sc.stations = {{"bay", "factory", 1}, {"lab_bench", "lab", 1}};
  sc.launchers = {nuri({{"F1", 30 * kDay, 2}})};
  StageSpec build;
  build.name = "build";
  build.kind = StageKind::parallel;
  build.branches = {{station("a1", "bay", Distribution::fixed(1 * kDay)), delay("a2", Distribution::fixed(1 * kDay))},
                    {station("b1", "lab_bench", Distribution::fixed(2 * kDay))}};
  StageSpec test = delay("test", Distribution::fixed(1 * kDay));
  test.duration.by_class = {{"medium", Distribution::fixed(3 * kDay)}};
  test.failure = FailureSpec{0.1, "build"};
  sc.stages = {build, test, launch("nuri")};
  return sc;
}

TEST(StageTable, TopLevelStagesKeepTheirIndicesAndBranchStagesFollowInOrder) {
  const Scenario sc = with_branches();
  simcore::TraceRecorder trace;
  const StageTable t(sc, simcore::RandomStreams(1, 0), trace);
  ASSERT_EQ(t.size(), 6u); // build, test, launch, a1, a2, b1
  EXPECT_EQ(t[0].name, "build");
  EXPECT_EQ(t[2].name, "launch");
  EXPECT_EQ(t[3].name, "a1");
  EXPECT_EQ(t[5].name, "b1");
  EXPECT_EQ(t[0].branch_starts, (std::vector<std::uint32_t>{3, 5}));
  // Default routes: on to the next stage, the last top-level one exits, a branch's last joins.
  EXPECT_EQ(t[0].next, (std::vector<std::uint32_t>{1}));
  EXPECT_EQ(t[2].next, (std::vector<std::uint32_t>{kExit}));
  EXPECT_EQ(t[3].next, (std::vector<std::uint32_t>{4}));
  EXPECT_EQ(t[4].next, (std::vector<std::uint32_t>{kJoin}));
  EXPECT_EQ(t[5].next, (std::vector<std::uint32_t>{kJoin}));
  EXPECT_EQ(t[5].station, 1u);
}

TEST(StageTable, ResolvesDurationsPerClassTestsAndLaunchers) {
  const Scenario sc = with_branches();
  simcore::TraceRecorder trace;
  const StageTable t(sc, simcore::RandomStreams(1, 0), trace);
  const Stage& test = t[1];
  ASSERT_EQ(test.duration.size(), 2u);
  EXPECT_DOUBLE_EQ(test.duration[0].mean(), 1 * kDay); // microsat: the stage's own
  EXPECT_DOUBLE_EQ(test.duration[1].mean(), 3 * kDay); // medium: its by_class entry
  EXPECT_EQ(test.failure_to, 0u);
  EXPECT_EQ(test.test, 0);
  EXPECT_EQ(t.test_names(), (std::vector<std::string>{"test"}));
  EXPECT_EQ(t[2].launcher, (std::vector<std::uint32_t>{0, 0}));
}

TEST(StageTable, GivesEveryStageAndLaunchStepItsOwnTraceState) {
  const Scenario sc = with_branches();
  simcore::TraceRecorder trace(true);
  const StageTable t(sc, simcore::RandomStreams(1, 0), trace);
  EXPECT_NE(t[0].trace_active, t[1].trace_active);
  EXPECT_NE(t[2].trace_queued, t[2].trace_pad); // a launch stage has its own states
}

TEST(StageTable, RefusesReferencesToWhatDoesNotExist) {
  Scenario sc = with_branches();
  sc.stages[1].failure->to = "nowhere";
  simcore::TraceRecorder trace;
  EXPECT_THROW(StageTable(sc, simcore::RandomStreams(1, 0), trace), std::invalid_argument);
  sc = with_branches();
  sc.stages[2].launcher = "falcon";
  EXPECT_THROW(StageTable(sc, simcore::RandomStreams(1, 0), trace), std::invalid_argument);
}

} // namespace
} // namespace satflow::models
