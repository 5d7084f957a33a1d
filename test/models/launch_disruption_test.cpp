// Launcher disruptions through whole runs with known answers: a flight inside an unavailable period
// does not fly and its satellites take the next one; a withdrawn launcher's satellites are
// re-manifested on the rebooking launcher after exactly the contracting delay, which is the
// launcher_disruption bucket; programme-level slips; bookings per arrival source. Each test runs one
// simulation (common random numbers across a disruption: test/tools/cli/cli_test.cpp).
#include "models/pipeline.hpp"

#include "test/models/scenario_builders.hpp"

#include <gtest/gtest.h>

namespace satflow::models {
namespace {

using namespace testing;

double bucket(const ItemRecord& item, TimeKind kind) { return item.time_s[static_cast<std::size_t>(kind)]; }

/// nuri's twin under another name: the same campaign, so that a rebooked satellite draws the same.
LauncherSpec falcon(std::vector<FlightSpec> flights) {
  LauncherSpec l = nuri(std::move(flights));
  l.name = "falcon";
  return l;
}

TEST(LauncherDisruption, AFlightInsideAnUnavailablePeriodDoesNotFlyAndItsSatellitesTakeTheNextOne) {
  Scenario sc = base();
  LauncherSpec l = nuri({{"F1", 100 * kDay}, {"F2", 200 * kDay}, {"F3", 300 * kDay}});
  l.outages = {{150 * kDay, 250 * kDay, "stand-down after a failure"}};
  sc.launchers = {l};
  sc.stages = {launch("nuri")};
  // The first is booked on F2 (F1's ship-by date, 90 d, is past) and loses it at 150 d; the second is
  // ready during the stand-down, when F2 is known not to fly.
  sc.arrivals = {at_times({120 * kDay, 200 * kDay})};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.completed, 2u);
  ASSERT_EQ(r.flights.size(), 1u); // F2 carries nobody: it is not listed among the flights
  EXPECT_EQ(r.flights[0].name, "F3");
  ASSERT_EQ(r.cancelled_flights.size(), 1u); // but among the cancelled ones, with the satellite it lost
  EXPECT_EQ(r.cancelled_flights[0].name, "F2");
  EXPECT_DOUBLE_EQ(r.cancelled_flights[0].planned_s, 200 * kDay);
  EXPECT_DOUBLE_EQ(r.cancelled_flights[0].cancelled_s, 150 * kDay);
  EXPECT_EQ(r.cancelled_flights[0].reason, "stand-down after a failure");
  EXPECT_EQ(r.cancelled_flights[0].satellites, 1u);
  EXPECT_EQ(r.flights[0].satellites, 2u);
  for (const auto& item : r.items) {
    EXPECT_DOUBLE_EQ(item.launched_s, 300 * kDay);
    EXPECT_DOUBLE_EQ(bucket(item, TimeKind::transport), 1 * kDay); // one trip: F2's never started
    EXPECT_DOUBLE_EQ(bucket(item, TimeKind::working), 2 * kDay);
  }
  // Booked 120-150 d, without a flight from 150 d until shipping for F3 at 290 d, on the pad 293-300 d.
  EXPECT_DOUBLE_EQ(bucket(r.items[0], TimeKind::launch_wait), 30 * kDay + 7 * kDay);
  EXPECT_DOUBLE_EQ(bucket(r.items[0], TimeKind::launcher_disruption), 140 * kDay);
  EXPECT_DOUBLE_EQ(bucket(r.items[1], TimeKind::launch_wait), 7 * kDay);
  EXPECT_DOUBLE_EQ(bucket(r.items[1], TimeKind::launcher_disruption), 90 * kDay);
  EXPECT_DOUBLE_EQ(r.time_totals_s[static_cast<std::size_t>(TimeKind::launcher_disruption)], 230 * kDay);
}

TEST(LauncherDisruption, AWithdrawnLaunchersSatellitesAreRebookedAfterExactlyTheContractingDelay) {
  Scenario sc = base();
  LauncherSpec l = nuri({{"F1", 100 * kDay}, {"F2", 200 * kDay}});
  l.outages = {{150 * kDay, kInfinity, "contract cancelled"}};
  l.rebook_to = "falcon";
  l.rebook_delay = Distribution::fixed(30 * kDay);
  // G1's ship-by date is 180 d, the day the new contract is placed.
  sc.launchers = {l, falcon({{"G1", 190 * kDay}, {"G2", 400 * kDay}})};
  sc.stages = {launch("nuri")};
  sc.arrivals = {at_times({120 * kDay, 160 * kDay})};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.completed, 2u);
  ASSERT_EQ(r.flights.size(), 1u);
  EXPECT_EQ(r.flights[0].launcher, "falcon");
  EXPECT_EQ(r.flights[0].name, "G1");
  for (const auto& item : r.items) {
    EXPECT_EQ(item.flight, 0);
    EXPECT_DOUBLE_EQ(item.launched_s, 190 * kDay);
  }
  // Lost its flight at 150 d, the contract is placed at 180 d and it ships at once.
  EXPECT_DOUBLE_EQ(bucket(r.items[0], TimeKind::launcher_disruption), 30 * kDay);
  EXPECT_DOUBLE_EQ(bucket(r.items[0], TimeKind::launch_wait), 30 * kDay + 7 * kDay);
  // Ready after the withdrawal: it waits only for what is left of the contracting delay.
  EXPECT_DOUBLE_EQ(bucket(r.items[1], TimeKind::launcher_disruption), 20 * kDay);
  EXPECT_DOUBLE_EQ(bucket(r.items[1], TimeKind::launch_wait), 7 * kDay);
}

TEST(LauncherDisruption, WithoutARebookingTheSatellitesOfAWithdrawnLauncherWaitUntilTheEnd) {
  Scenario sc = base();
  sc.horizon_s = 400 * kDay;
  LauncherSpec l = nuri({{"F1", 100 * kDay}, {"F2", 200 * kDay}});
  l.outages = {{150 * kDay, kInfinity, "retired"}};
  sc.launchers = {l};
  sc.stages = {launch("nuri")};
  sc.arrivals = {at_times({120 * kDay, 300 * kDay})};
  const Results r = run_scenario(sc, {});
  EXPECT_EQ(r.completed, 0u);
  EXPECT_TRUE(r.flights.empty());
  EXPECT_DOUBLE_EQ(bucket(r.items[0], TimeKind::launcher_disruption), 250 * kDay);
  EXPECT_DOUBLE_EQ(bucket(r.items[1], TimeKind::launcher_disruption), 100 * kDay);
}

TEST(LauncherDisruption, AProgrammeLevelSlipMovesTheFlightBeforeItsCampaignOpens) {
  Scenario sc = base();
  LauncherSpec l = nuri({{"F1", 100 * kDay}, {"F2", 150 * kDay}});
  l.slip = Distribution::fixed(80 * kDay);            // F1 now flies at 180 d
  l.flights[1].slip = Distribution::fixed(10 * kDay); // F2's own slip: 160 d, so F2 is now the first
  l.reserve_s = 7 * kDay;
  sc.launchers = {l};
  sc.stages = {launch("nuri")};
  sc.arrivals = {at_times({95 * kDay})}; // F1's planned ship-by date (90 d) is past, not its slipped one
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.flights.size(), 1u);
  EXPECT_EQ(r.flights[0].name, "F2");
  EXPECT_DOUBLE_EQ(r.flights[0].planned_s, 150 * kDay); // as planned at the start
  EXPECT_DOUBLE_EQ(r.flights[0].launched_s, 160 * kDay);
  EXPECT_TRUE(r.flights[0].in_reserve_window); // the window opens at the slipped date
  EXPECT_DOUBLE_EQ(bucket(r.items[0], TimeKind::launch_wait), (150 - 95) * kDay + 7 * kDay);
  EXPECT_DOUBLE_EQ(bucket(r.items[0], TimeKind::launcher_disruption), 0);
}

TEST(LauncherDisruption, AnArrivalSourcesBookingOverridesTheStagesLauncher) {
  Scenario sc = base();
  sc.launchers = {nuri({{"F1", 100 * kDay}}), falcon({{"G1", 50 * kDay}})};
  sc.stages = {launch("nuri")};
  ArrivalSpec booked = at_times({0});
  booked.name = "booked";
  booked.launcher = "falcon";
  sc.arrivals = {at_times({0}), booked};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.completed, 2u);
  EXPECT_DOUBLE_EQ(r.items[0].launched_s, 100 * kDay);
  EXPECT_DOUBLE_EQ(r.items[1].launched_s, 50 * kDay);
}

} // namespace
} // namespace satflow::models
