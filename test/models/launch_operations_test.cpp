// Launch stages through whole runs with known answers: flight capacity in slots and mass, ship-by
// dates, transport before the launch, scrubs. Each test runs one simulation.
#include "models/pipeline.hpp"

#include "test/models/scenario_builders.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace satflow::models {
namespace {

using namespace testing;

TEST(Launch, AFlightWithCapacityKLaunchesAtMostKSatellites) {
  Scenario sc = base();
  sc.launchers = {nuri({{"F1", 30 * kDay, 2}, {"F2", 60 * kDay, 2}, {"F3", 90 * kDay, 10}})};
  sc.stages = {launch("nuri")};
  sc.arrivals = {at_times({0, 0, 0, 0, 0})};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.flights.size(), 3u);
  EXPECT_EQ(r.flights[0].satellites, 2u);
  EXPECT_EQ(r.flights[1].satellites, 2u);
  EXPECT_EQ(r.flights[2].satellites, 1u);
  for (std::size_t i = 0; i < 5; ++i) {
    const double planned = r.flights[static_cast<std::size_t>(r.items[i].flight)].planned_s;
    EXPECT_DOUBLE_EQ(r.items[i].launched_s, planned);
    // Ready at 0, shipped at planned - 10 d, 1 d on the road, 2 d of integration, then on the pad.
    EXPECT_DOUBLE_EQ(r.items[i].time_s[static_cast<int>(TimeKind::transport)], 1 * kDay);
    EXPECT_DOUBLE_EQ(r.items[i].time_s[static_cast<int>(TimeKind::working)], 2 * kDay);
    EXPECT_DOUBLE_EQ(r.items[i].time_s[static_cast<int>(TimeKind::launch_wait)], planned - 3 * kDay);
  }
  EXPECT_EQ(r.launched_by_class[0], 5u);
}

TEST(Launch, MassCapacityLimitsTheSatellitesAFlightTakes) {
  Scenario sc = base();
  sc.launchers = {nuri({{"F1", 30 * kDay, 10, 250}, {"F2", 60 * kDay, 10, 1000}})};
  sc.stages = {launch("nuri")};
  sc.arrivals = {at_times({0, 0, 0})};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.flights.size(), 2u);
  EXPECT_EQ(r.flights[0].satellites, 2u); // 2 x 100 kg of 250 kg
  EXPECT_DOUBLE_EQ(r.flights[0].mass_kg, 200);
  EXPECT_EQ(r.flights[1].satellites, 1u);
}

TEST(Launch, ASatelliteNeverLaunchesBeforeItReachesTheLaunchSite) {
  Scenario sc = base();
  LauncherSpec l = nuri({{"F1", 30 * kDay, 4}});
  l.transport = Distribution::fixed(20 * kDay); // longer than the 10 d lead: the flight waits for it
  sc.launchers = {l};
  sc.stages = {launch("nuri")};
  sc.arrivals = {at_times({0})};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.completed, 1u);
  EXPECT_DOUBLE_EQ(r.items[0].launched_s, 20 * kDay + 20 * kDay + 2 * kDay); // shipped at 20 d
  EXPECT_FALSE(r.flights[0].in_reserve_window);
}

TEST(Launch, TimeToReadyIsArrivalToTheLaunchStageWithoutTheWaitForAFlight) {
  Scenario sc = base();
  sc.launchers = {nuri({{"F1", 300 * kDay, 4}})};
  sc.stages = {delay("build", Distribution::fixed(40 * kDay)), launch("nuri")};
  sc.arrivals = {at_times({0, 10 * kDay, 400 * kDay})}; // the third is ready after the only flight
  const Results r = run_scenario(sc, {});
  EXPECT_EQ(r.launched_by_class[0], 2u);
  ASSERT_EQ(r.time_to_ready.count(), 3u) << "ready counts items that did not fly";
  EXPECT_DOUBLE_EQ(r.time_to_ready.mean(), 40 * kDay);
  EXPECT_DOUBLE_EQ(r.time_to_ready.max(), 40 * kDay);
  ASSERT_EQ(r.time_to_ready_by_class.size(), 1u);
  EXPECT_EQ(r.time_to_ready_by_class[0].count(), 3u);
  EXPECT_DOUBLE_EQ(r.lead_time.mean(), (300 * kDay + 290 * kDay) / 2) << "lead time waits for the flight";
}

TEST(Launch, AFlightOnlyTakesSatellitesThatCanShipInTime) {
  Scenario sc = base();
  sc.launchers = {nuri({{"F1", 30 * kDay, 4}, {"F2", 60 * kDay, 4}})};
  sc.stages = {launch("nuri")};
  sc.arrivals = {at_times({25 * kDay})}; // F1's ship-by date (20 d) is past
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.flights.size(), 1u);
  EXPECT_EQ(r.flights[0].name, "F2");
  EXPECT_DOUBLE_EQ(r.items[0].launched_s, 60 * kDay);
}

TEST(Launch, ALateSatelliteWaitsToTheEndOfTheRunWithoutALaterFlight) {
  Scenario sc = base();
  sc.launchers = {nuri({{"F1", 30 * kDay, 1}})};
  sc.stages = {launch("nuri")};
  sc.arrivals = {at_times({100 * kDay})}; // F1's ship-by date (20 d) and its date are past
  const Results r = run_scenario(sc, {});
  EXPECT_EQ(r.launched_by_class[0], 0u);
  EXPECT_LT(r.items[0].launched_s, 0);
}

TEST(Launch, AFlightThatHoldsForALatePayloadFliesWhenItIsIntegrated) {
  Scenario sc = base();
  LauncherSpec l = nuri({{"F1", 30 * kDay, 1}});
  l.late_payload = LatePayload::holds_flight;
  sc.launchers = {l};
  sc.stages = {launch("nuri")};
  sc.arrivals = {at_times({100 * kDay})};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.flights.size(), 1u);
  // Ships at once (100 d), 1 d on the road, 2 d of integration: the flight leaves at 103 d.
  EXPECT_DOUBLE_EQ(r.items[0].launched_s, 103 * kDay);
  EXPECT_DOUBLE_EQ(r.flights[0].planned_s, 30 * kDay);
  EXPECT_DOUBLE_EQ(r.flights[0].launched_s, 103 * kDay);
}

TEST(Launch, AHoldingFlightWaitsForItsLastPayloadAndAFlownOneTakesNoMore) {
  Scenario sc = base();
  LauncherSpec l = nuri({{"F1", 30 * kDay, 4}, {"F2", 200 * kDay, 4}});
  l.late_payload = LatePayload::holds_flight;
  sc.launchers = {l};
  sc.stages = {launch("nuri")};
  // Ready at 0 and at 29 d (past F1's ship-by date of 20 d: integrated at 32 d), then at 100 d, after F1 flew.
  sc.arrivals = {at_times({0, 29 * kDay, 100 * kDay})};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.flights.size(), 2u);
  EXPECT_EQ(r.flights[0].satellites, 2u);
  EXPECT_DOUBLE_EQ(r.items[0].launched_s, 32 * kDay);
  EXPECT_DOUBLE_EQ(r.items[1].launched_s, 32 * kDay);
  EXPECT_DOUBLE_EQ(r.items[2].launched_s, 200 * kDay);
}

TEST(Launch, ScrubsMoveTheLaunchByTheirDrawnDelay) {
  Scenario sc = base();
  LauncherSpec l = nuri({{"F1", 30 * kDay, 4}, {"F2", 90 * kDay, 4}, {"F3", 150 * kDay, 4}});
  l.scrub_probability = 0.5;
  l.scrub_delay = Distribution::fixed(3 * kDay);
  l.reserve_s = 7 * kDay;
  sc.launchers = {l};
  sc.stages = {launch("nuri")};
  sc.arrivals = {at_times({0, 0, 0, 0, 0, 0, 0, 0, 0})};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.flights.size(), 3u);
  std::uint32_t scrubs = 0;
  for (const auto& f : r.flights) {
    EXPECT_EQ(f.attempts, f.scrubs + 1);
    EXPECT_DOUBLE_EQ(f.launched_s, f.planned_s + 3 * kDay * f.scrubs);
    EXPECT_EQ(f.in_reserve_window, f.scrubs <= 2);
    scrubs += f.scrubs;
  }
  EXPECT_GT(scrubs, 0u); // with seed 1 at least one flight scrubs: the test checks something
  for (const auto& item : r.items) {
    const auto& f = r.flights[static_cast<std::size_t>(item.flight)];
    EXPECT_DOUBLE_EQ(item.launched_s, f.launched_s);
    EXPECT_DOUBLE_EQ(item.time_s[static_cast<int>(TimeKind::scrub)], 3 * kDay * f.scrubs);
  }
}

} // namespace
} // namespace satflow::models
