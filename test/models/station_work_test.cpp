// Work at stations through whole runs with known answers: periodic coordination pauses the work
// while the server is held; downtime pauses work in progress and holds back the queue. Each test runs
// one simulation (ctest gives every test its own process).
#include "models/pipeline.hpp"

#include "test/models/scenario_builders.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace satflow::models {
namespace {

using namespace testing;

TEST(Coordination, DesignPausesForAnExchangeAfterEveryIntervalOfWork) {
  Scenario sc = base();
  sc.links = {{"lab", "factory", 1 * kDay, 2.0 / kDay}};
  sc.stations = {{"design_team", "lab", 1}};
  StageSpec design = station("design", "design_team", Distribution::fixed(10 * kWeek));
  design.periodic = PeriodicCoordinationSpec{2 * kWeek, "factory", 1, 1};
  sc.stages = {design};
  sc.arrivals = {at_times({0}, "lab")};
  const Results r = run_scenario(sc, {});
  // 10 weeks of work in 2-week slices: 4 exchanges, each (1 d + 1/2 d) there and back.
  const double exchange = 2 * (1 * kDay + 0.5 * kDay);
  EXPECT_NEAR(r.items[0].exit_s, 10 * kWeek + 4 * exchange, 1e-3);
  EXPECT_NEAR(r.items[0].time_s[static_cast<int>(TimeKind::coordination)], 4 * exchange, 1e-3);
  EXPECT_NEAR(r.items[0].time_s[static_cast<int>(TimeKind::working)], 10 * kWeek, 1e-3);
  EXPECT_EQ(r.site_pairs[0].messages, 8u);
  EXPECT_DOUBLE_EQ(r.stations[0].utilization, 1.0); // the team waits for answers holding its place
}

TEST(Downtime, WorkInProgressPausesAndResumesWhereItStopped) {
  Scenario sc = base();
  sc.stations = {breaking("tvac", "factory", 1)};
  sc.stages = {station("test", "tvac", Distribution::fixed(10 * kDay))};
  sc.arrivals = {at_times({0})};
  sc.horizon_s = 100 * kDay;
  const Results r = run_scenario(sc, {});
  // Up [0,3) [5,8) [10,13) [15,16]: 10 days of work end on day 16, 3 breakdowns of 2 days in between.
  EXPECT_NEAR(r.items[0].exit_s, 16 * kDay, 1e-6);
  EXPECT_NEAR(r.items[0].time_s[static_cast<int>(TimeKind::working)], 10 * kDay, 1e-6);
  EXPECT_NEAR(r.items[0].time_s[static_cast<int>(TimeKind::downtime)], 6 * kDay, 1e-6);
  // Over 100 days: 20 cycles of 5 days, 3 of them up.
  EXPECT_EQ(r.stations[0].breakdowns, 20u);
  EXPECT_NEAR(r.stations[0].availability, 0.6, 1e-12);
}

TEST(Downtime, NothingStartsOnABrokenStationAndTheQueueStartsAtTheRepair) {
  Scenario sc = base();
  sc.stations = {breaking("tvac", "factory", 2)};
  sc.stages = {station("test", "tvac", Distribution::fixed(1 * kDay))};
  sc.arrivals = {at_times({3.5 * kDay, 4 * kDay, 4.5 * kDay})}; // all during the first breakdown [3,5)
  sc.horizon_s = 30 * kDay;
  const Results r = run_scenario(sc, {});
  // Two servers: the first two start at the repair (day 5), the third when one frees (day 6).
  EXPECT_NEAR(r.items[0].exit_s, 6 * kDay, 1e-6);
  EXPECT_NEAR(r.items[1].exit_s, 6 * kDay, 1e-6);
  EXPECT_NEAR(r.items[2].exit_s, 7 * kDay, 1e-6);
  EXPECT_NEAR(r.items[0].time_s[static_cast<int>(TimeKind::queueing)], 1.5 * kDay, 1e-6);
  EXPECT_NEAR(r.items[2].time_s[static_cast<int>(TimeKind::queueing)], 1.5 * kDay, 1e-6);
  EXPECT_DOUBLE_EQ(r.items[2].time_s[static_cast<int>(TimeKind::downtime)], 0);
}

TEST(Downtime, AnExchangeGoesOnDuringABreakdownAndWorkWaitsForTheRepairAfterIt) {
  Scenario sc = base();
  sc.links = {{"lab", "factory", 0.5 * kDay}}; // no bandwidth limit: an exchange takes 1 day
  sc.stations = {breaking("design_team", "lab", 1)};
  StageSpec design = station("design", "design_team", Distribution::fixed(4 * kDay));
  design.periodic = PeriodicCoordinationSpec{2.5 * kDay, "factory", 1, 1};
  sc.stages = {design};
  sc.arrivals = {at_times({0}, "lab")};
  sc.horizon_s = 30 * kDay;
  const Results r = run_scenario(sc, {});
  // Work [0, 2.5), exchange [2.5, 3.5) across the breakdown at 3, wait for the repair at 5, then the
  // last 1.5 days of work: done at 6.5.
  EXPECT_NEAR(r.items[0].exit_s, 6.5 * kDay, 1e-6);
  EXPECT_NEAR(r.items[0].time_s[static_cast<int>(TimeKind::working)], 4 * kDay, 1e-6);
  EXPECT_NEAR(r.items[0].time_s[static_cast<int>(TimeKind::coordination)], 1 * kDay, 1e-6);
  EXPECT_NEAR(r.items[0].time_s[static_cast<int>(TimeKind::downtime)], 1.5 * kDay, 1e-6);
}

} // namespace
} // namespace satflow::models
