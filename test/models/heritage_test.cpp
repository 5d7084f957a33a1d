// Heritage through whole runs with known answers: a repeat-with-reuse programme's design effort is
// exactly its factor times the first of kind's, and its AIT is not scaled; a technology's own level
// overrides the programme's at the stages on that technology's curve; the failure factor scales the
// failure probability of the programme's tests. Each test runs one simulation.
#include "models/heritage.hpp"
#include "models/pipeline.hpp"

#include "test/models/scenario_builders.hpp"

#include <gtest/gtest.h>

namespace satflow::models {
namespace {

using namespace testing;

ArrivalSpec programme(const std::string& name, HeritageLevel level) {
  ArrivalSpec a = at_times({0});
  a.name = name;
  a.heritage = level;
  return a;
}

/// design (100 d, a heritage stage, on the curve "bus"), payload (40 d, a heritage stage, on the curve
/// "payload"), ait (50 d, not a heritage stage): repeats with reuse take 0.45 of the effort.
Scenario three_stages() {
  Scenario sc = base();
  sc.learning = {{"bus", 1, 1, 0}, {"payload", 1, 1, 0}};
  StageSpec design = delay("design", Distribution::fixed(100 * kDay));
  design.learning = "bus";
  StageSpec payload = delay("payload", Distribution::fixed(40 * kDay));
  payload.learning = "payload";
  sc.stages = {design, payload, delay("ait", Distribution::fixed(50 * kDay))};
  sc.heritage = HeritageSpec{{"design", "payload"}, {0.8, 1}, {0.45, 1}};
  return sc;
}

TEST(Heritage, ARepeatWithReuseProgrammesDesignEffortIsExactlyItsFactorTimesTheFirstOfKinds) {
  Scenario sc = three_stages();
  sc.arrivals = {programme("first", HeritageLevel::first_of_kind), programme("derived", HeritageLevel::derivative),
                 programme("repeat", HeritageLevel::repeat_with_reuse)};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.completed, 3u);
  // The first of kind: 100 + 40 + 50 d. The others: (100 + 40) x factor, then the same 50 d of AIT.
  EXPECT_DOUBLE_EQ(r.items[0].exit_s, 190 * kDay);
  EXPECT_DOUBLE_EQ(r.items[1].exit_s, 140 * kDay * 0.8 + 50 * kDay);
  EXPECT_DOUBLE_EQ(r.items[2].exit_s, 140 * kDay * 0.45 + 50 * kDay);
}

TEST(Heritage, ATechnologysOwnLevelOverridesTheProgrammesAtTheStagesOnItsCurve) {
  Scenario sc = three_stages();
  ArrivalSpec a = programme("repeat_new_payload", HeritageLevel::repeat_with_reuse);
  a.heritage_by_technology = {{"payload", HeritageLevel::first_of_kind}};
  sc.arrivals = {a};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.completed, 1u);
  // The bus's design is reused (100 d x 0.45); the new payload takes its full 40 d; AIT 50 d.
  EXPECT_DOUBLE_EQ(r.items[0].exit_s, 100 * kDay * 0.45 + 40 * kDay + 50 * kDay);
}

TEST(Heritage, TheFailureFactorScalesTheProgrammesTestFailures) {
  Scenario sc = base();
  StageSpec test = delay("tvac", Distribution::fixed(10 * kDay));
  test.failure = FailureSpec{1.0, "rework"}; // a first of kind would fail for ever
  test.next = {{"exit", 1}};
  sc.stages = {delay("design", Distribution::fixed(30 * kDay)), test, delay("rework", Distribution::fixed(5 * kDay))};
  sc.stages[2].next = {{"tvac", 1}};
  sc.heritage = HeritageSpec{{"design"}, {1, 1}, {0.5, 0}};
  sc.arrivals = {programme("repeat", HeritageLevel::repeat_with_reuse)};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.completed, 1u);
  ASSERT_EQ(r.tests.size(), 1u);
  EXPECT_EQ(r.tests[0].runs, 1u);
  EXPECT_EQ(r.tests[0].failures, 0u);
  EXPECT_DOUBLE_EQ(r.items[0].exit_s, 15 * kDay + 10 * kDay);
}

} // namespace
} // namespace satflow::models
