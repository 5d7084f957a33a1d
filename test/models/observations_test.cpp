// Observations against a run with known dates: a design of 40 d, then a flight at day 100 (ready at
// 40 d, launched at 100 d, exit at 100 d); the second item has no flight and is still waiting at the
// end. Censoring bounds on both sides of a date, and after the run's end.
#include "models/observations.hpp"

#include "models/pipeline.hpp"
#include "test/models/scenario_builders.hpp"

#include <gtest/gtest.h>

namespace satflow::models {
namespace {

using namespace testing;

Results known_run() {
  Scenario sc = base();
  sc.horizon_s = 200 * kDay;
  sc.launchers = {nuri({{"F1", 100 * kDay, 1}})};
  sc.stages = {delay("design", Distribution::fixed(40 * kDay)), launch("nuri")};
  sc.arrivals = {at_times({0, 10 * kDay})};
  return run_scenario(sc, {});
}

Observation observing(std::uint64_t index, Milestone m) {
  Observation o;
  o.item = "x";
  o.index = index;
  o.milestone = m;
  return o;
}

TEST(Observations, MilestonesByName) {
  EXPECT_EQ(milestone_by_name_or_null("ready"), Milestone::ready);
  EXPECT_EQ(milestone_by_name_or_null("launched"), Milestone::launched);
  EXPECT_EQ(milestone_by_name_or_null("exit"), Milestone::exit);
  EXPECT_EQ(milestone_by_name_or_null("shipped"), std::nullopt);
  EXPECT_EQ(milestone_by_name_or_null("Ready"), std::nullopt);
}

TEST(Observations, DatesOfAnItemsMilestonesInARun) {
  const Results r = known_run();
  EXPECT_EQ(observed_date_s(r, observing(0, Milestone::ready)), 40 * kDay);
  EXPECT_EQ(observed_date_s(r, observing(0, Milestone::launched)), 100 * kDay);
  EXPECT_EQ(observed_date_s(r, observing(0, Milestone::exit)), 100 * kDay);
  EXPECT_EQ(observed_date_s(r, observing(1, Milestone::ready)), 50 * kDay);
  EXPECT_EQ(observed_date_s(r, observing(1, Milestone::launched)), std::nullopt); // no second flight
  EXPECT_EQ(observed_date_s(r, observing(2, Milestone::ready)), std::nullopt);    // no such item
  Observation other_source = observing(0, Milestone::ready);
  other_source.source = 1;
  EXPECT_EQ(observed_date_s(r, other_source), std::nullopt);
}

TEST(Observations, CensoringBoundsOnBothSides) {
  Observation o = observing(0, Milestone::launched);
  o.not_before_s = 100 * kDay;
  EXPECT_FALSE(violates_bound(o, 100 * kDay, 200 * kDay));
  EXPECT_TRUE(violates_bound(o, 99 * kDay, 200 * kDay));
  EXPECT_FALSE(violates_bound(o, std::nullopt, 50 * kDay)); // after the end: after the bound too
  o.not_before_s.reset();
  o.not_after_s = 100 * kDay;
  EXPECT_FALSE(violates_bound(o, 100 * kDay, 200 * kDay));
  EXPECT_TRUE(violates_bound(o, 101 * kDay, 200 * kDay));
  EXPECT_TRUE(violates_bound(o, std::nullopt, 100 * kDay)); // not by the bound's date
  EXPECT_FALSE(violates_bound(o, std::nullopt, 99 * kDay)); // the run ended before it: cannot tell
}

} // namespace
} // namespace satflow::models
