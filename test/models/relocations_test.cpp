// Dated relocations with known answers: a function moves on day 5 from the factory (1 d from the lab)
// to the pad (3 d from the lab); links have no bandwidth limit, so a message takes exactly its latency
// and every date below is worked out by hand. Each run test runs one simulation.
#include "models/relocations.hpp"

#include "models/pipeline.hpp"
#include "test/models/scenario_builders.hpp"

#include <gtest/gtest.h>

namespace satflow::models {
namespace {

using namespace testing;

/// The lab talks to "ait" (at the factory until day 5, then at the pad); the move slows the
/// function's exchanges x1.5 for 20 days (to day 25).
Scenario moving_ait(int rounds) {
  Scenario sc = base();
  sc.functions = {{"ait", "factory"}};
  sc.links = {{"lab", "factory", 1 * kDay}, {"lab", "pad", 3 * kDay}};
  sc.relocations = {{"ait", "pad", 5 * kDay, 20 * kDay, 1.5}};
  StageSpec review;
  review.name = "review";
  review.kind = StageKind::coordinate;
  review.partners = {"factory"};
  review.partner_functions = {"ait"};
  review.rounds = rounds;
  sc.stages = {review};
  return sc;
}

TEST(Relocations, AnExchangeThatStartsAfterTheMoveGoesToTheNewSiteWithItsTransition) {
  Scenario sc = moving_ait(1);
  sc.arrivals = {at_times({0, 4.5 * kDay, 10 * kDay, 30 * kDay}, "lab")};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.items.size(), 4u);
  EXPECT_NEAR(r.items[0].exit_s, 2 * kDay, 1e-6);                   // before the move: the factory's 1 d each way
  EXPECT_NEAR(r.items[1].exit_s, 4.5 * kDay + 2 * kDay, 1e-6);      // under way on day 5: finishes at the factory
  EXPECT_NEAR(r.items[2].exit_s, 10 * kDay + 1.5 * 6 * kDay, 1e-6); // the pad's 3 d each way, x1.5 in transition
  EXPECT_NEAR(r.items[3].exit_s, 30 * kDay + 6 * kDay, 1e-6);       // after the transition: the pad's 3 d each way
}

TEST(Relocations, ARoundThatStartsAfterTheMoveMovesWhileTheOneBeforeItDidNot) {
  Scenario sc = moving_ait(2);
  sc.arrivals = {at_times({4 * kDay}, "lab")};
  const Results r = run_scenario(sc, {});
  // Round 1 at the factory, days 4-6; round 2 leaves on day 6, for the pad, slowed: 6 d x 1.5.
  EXPECT_NEAR(r.items[0].exit_s, 6 * kDay + 9 * kDay, 1e-6);
}

TEST(Relocations, AStationOfTheMovingFunctionWorksAtItsNewSiteAndItsExchangesAreSlowed) {
  Scenario sc = base();
  sc.functions = {{"ait", "factory"}};
  sc.links = {{"lab", "factory", 1 * kDay}, {"lab", "pad", 3 * kDay}};
  sc.relocations = {{"ait", "pad", 5 * kDay, 20 * kDay, 1.5}};
  StationSpec hall{"hall", "factory", 1};
  hall.site_function = "ait";
  sc.stations = {hall};
  StageSpec talk;
  talk.name = "talk";
  talk.kind = StageKind::coordinate;
  talk.partners = {"lab"}; // the lab is named as a site: only the item's end moves
  sc.stages = {station("test", "hall", Distribution::fixed(1 * kDay)), talk};
  sc.arrivals = {at_times({0, 10 * kDay}, "lab")};
  const Results r = run_scenario(sc, {});
  EXPECT_NEAR(r.items[0].exit_s, 1 * kDay + 2 * kDay, 1e-6);        // from the factory
  EXPECT_NEAR(r.items[1].exit_s, 11 * kDay + 1.5 * 6 * kDay, 1e-6); // from the pad, in transition
  ASSERT_EQ(r.stations.size(), 1u);
}

TEST(Relocations, WithoutATransitionTheMoveCostsNothing) {
  Scenario sc = moving_ait(1);
  sc.relocations[0].transition_s = 0;
  sc.arrivals = {at_times({10 * kDay}, "lab")};
  const Results r = run_scenario(sc, {});
  EXPECT_NEAR(r.items[0].exit_s, 16 * kDay, 1e-6);
}

TEST(Relocations, ResolvesASiteAtAnyDateAndTheSlowdownOnlyWithinTheTransition) {
  Scenario sc = moving_ait(1);
  sc.functions.push_back({"design", "lab"});
  sc.relocations.push_back({"ait", "lab", 40 * kDay, 0, 1});
  const Relocations relocations(sc);
  const SiteRef ait = resolve_site_ref(sc, "factory", "ait");
  EXPECT_EQ(ait.site, 0u);
  EXPECT_EQ(ait.function, 0u);
  EXPECT_EQ(resolve_site_ref(sc, "lab", "design").function, kNoFunction); // design never moves
  EXPECT_EQ(resolve_site_ref(sc, "factory", "").function, kNoFunction);
  EXPECT_EQ(relocations.site_at(ait, 5 * kDay - 1e-3), 0u);
  EXPECT_EQ(relocations.site_at(ait, 5 * kDay), 1u); // the move's day belongs to the new site
  EXPECT_EQ(relocations.site_at(ait, 39 * kDay), 1u);
  EXPECT_EQ(relocations.site_at(ait, 40 * kDay), 2u);
  EXPECT_EQ(relocations.slowdown(ait.function, 4 * kDay), 1.0);
  EXPECT_EQ(relocations.slowdown(ait.function, 5 * kDay), 1.5);
  EXPECT_EQ(relocations.slowdown(ait.function, 25 * kDay - 1e-3), 1.5);
  EXPECT_EQ(relocations.slowdown(ait.function, 25 * kDay), 1.0);
  EXPECT_EQ(relocations.exchange_factor(kNoFunction, ait.function, 6 * kDay), 1.5);
}

TEST(Relocations, RefusesMovesOutOfDateOrder) {
  Scenario sc = moving_ait(1);
  sc.relocations.push_back({"ait", "lab", 5 * kDay, 0, 1});
  EXPECT_THROW(Relocations{sc}, std::invalid_argument);
}

} // namespace
} // namespace satflow::models
