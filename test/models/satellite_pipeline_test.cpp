// The satellite mechanisms of the pipeline, each on a small scenario with a known answer. Each test
// runs one simulation (ctest gives every test its own process).
#include "models/pipeline.hpp"

#include "simcore/units.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace satflow::models {
namespace {

using simcore::Distribution;
using simcore::kDay;
using simcore::kHour;
using simcore::kWeek;

Scenario base() {
  Scenario sc;
  sc.name = "test";
  sc.sites = {{"factory", {35.1, 128.08}}, {"pad", {34.4319, 127.535}}, {"lab", {36.372, 127.363}}};
  sc.classes.push_back({"microsat", 0, 100});
  return sc;
}

ArrivalSpec at_times(std::vector<double> times, const std::string& site = "factory") {
  ArrivalSpec a;
  a.name = "manifest";
  a.kind = ArrivalKind::scheduled;
  a.item_class = "microsat";
  a.site = site;
  a.times_s = std::move(times);
  return a;
}

StageSpec delay(const std::string& name, Distribution d) {
  StageSpec s;
  s.name = name;
  s.kind = StageKind::delay;
  s.duration.all = d;
  return s;
}

StageSpec station(const std::string& name, const std::string& st, Distribution d) {
  StageSpec s;
  s.name = name;
  s.kind = StageKind::station;
  s.station = st;
  s.duration.all = d;
  return s;
}

StageSpec launch(const std::string& launcher) {
  StageSpec s;
  s.name = "launch";
  s.kind = StageKind::launch;
  s.launcher = launcher;
  return s;
}

LauncherSpec nuri(std::vector<FlightSpec> flights) {
  LauncherSpec l;
  l.name = "nuri";
  l.site = "pad";
  l.flights = std::move(flights);
  l.lead_s = 10 * kDay;
  l.transport = Distribution::fixed(1 * kDay);
  l.integration = Distribution::fixed(2 * kDay);
  return l;
}

TEST(Tests, ATestWithFailureProbabilityPRunsOneOverOneMinusPTimesOnAverage) {
  Scenario sc = base();
  StageSpec test = delay("tvac", Distribution::fixed(1 * kHour));
  test.failure = FailureSpec{0.4, "tvac"};
  sc.stages = {test};
  ArrivalSpec a;
  a.name = "sats";
  a.item_class = "microsat";
  a.rate_per_s = 1 / kHour;
  a.count = 40000;
  sc.arrivals = {a};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.tests.size(), 1u);
  const double runs_per_item = static_cast<double>(r.tests[0].runs) / 40000;
  // Geometric: mean 1/(1-p) = 5/3, sd sqrt(p)/(1-p) = 1.054.
  EXPECT_NEAR(runs_per_item, 1 / 0.6, 4 * std::sqrt(0.4) / 0.6 / std::sqrt(40000.0));
  EXPECT_EQ(r.tests[0].runs - r.tests[0].failures, 40000u); // every item passes once
  EXPECT_NEAR(static_cast<double>(r.tests[0].failures) / static_cast<double>(r.tests[0].runs), 0.4, 0.01);
}

TEST(Tests, ARetestFactorShortensRepeatVisits) {
  Scenario sc = base();
  StageSpec test = delay("vibration", Distribution::fixed(10 * kDay));
  test.failure = FailureSpec{0.99, "fix"};
  test.retest_factor = 0.5;
  StageSpec fix = delay("fix", Distribution::fixed(1 * kDay));
  fix.failure = FailureSpec{1.0, "vibration"}; // always back to the retest, never onwards
  fix.next = {{"exit", 1}};
  sc.stages = {test, fix};
  sc.horizon_s = 30.5 * kDay;
  sc.arrivals = {at_times({0})};
  const Results r = run_scenario(sc, {});
  // 10 d test, 1 d fix, then 5 d retests each followed by a 1 d fix: 10+1+5+1+5+1+5 = 28 d for 3 retests.
  EXPECT_EQ(r.tests[0].runs, 4u);
}

TEST(ForkJoin, ManufacturingEndsWhenItsSlowestSubsystemDoes) {
  Scenario sc = base();
  sc.stations = {{"prop_bay", "factory", 1}, {"avionics_lab", "factory", 1}, {"structures", "factory", 1}};
  StageSpec build;
  build.name = "subsystems";
  build.kind = StageKind::parallel;
  build.branches = {{station("propulsion", "prop_bay", Distribution::fixed(3 * kDay))},
                    {station("avionics", "avionics_lab", Distribution::fixed(5 * kDay)),
                     delay("avionics_burn_in", Distribution::fixed(1 * kDay))},
                    {station("structure", "structures", Distribution::fixed(4 * kDay))}};
  sc.stages = {build, delay("integration", Distribution::fixed(2 * kDay))};
  sc.arrivals = {at_times({0, 0})}; // the second satellite queues behind the first in every branch
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.completed, 2u);
  EXPECT_DOUBLE_EQ(r.items[0].exit_s, 6 * kDay + 2 * kDay); // avionics 5 d + burn-in 1 d is the critical path
  // The second waits 5 d for the avionics lab, then 5 d + 1 d: its critical branch ends at 11 d.
  EXPECT_DOUBLE_EQ(r.items[1].exit_s, 11 * kDay + 2 * kDay);
  // Its breakdown is the critical branch's: 5 d queueing, 5 d working, 1 d + 2 d delays.
  EXPECT_DOUBLE_EQ(r.items[1].time_s[static_cast<int>(TimeKind::queueing)], 5 * kDay);
  EXPECT_DOUBLE_EQ(r.items[1].time_s[static_cast<int>(TimeKind::working)], 5 * kDay);
  EXPECT_DOUBLE_EQ(r.items[1].time_s[static_cast<int>(TimeKind::delay)], 3 * kDay);
}

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

TEST(Learning, TheTwoNthUnitTakesRTimesTheNthUnitsTime) {
  Scenario sc = base();
  sc.stations = {{"cleanroom", "factory", 100}};
  sc.learning = {{"bus", 0.8, 1, 0}};
  StageSpec build = station("build", "cleanroom", Distribution::fixed(10 * kDay));
  build.learning = "bus";
  sc.stages = {build};
  std::vector<double> times;
  for (int i = 0; i < 8; ++i)
    times.push_back(i * kDay);
  sc.arrivals = {at_times(times)};
  const Results r = run_scenario(sc, {});
  auto work = [&](std::size_t unit) { return r.items[unit - 1].time_s[static_cast<int>(TimeKind::working)]; };
  EXPECT_DOUBLE_EQ(work(1), 10 * kDay);
  for (std::size_t n : {1, 2, 4})
    EXPECT_NEAR(work(2 * n), 0.8 * work(n), 1e-6);
  EXPECT_NEAR(work(3), 10 * kDay * std::pow(3, std::log2(0.8)), 1e-6);
}

TEST(Learning, PriorUnitsStartFurtherDownTheCurve) {
  Scenario sc = base();
  sc.stations = {{"cleanroom", "factory", 100}};
  sc.learning = {{"bus", 0.8, 1, 3}}; // three units built before the run: the first one here is unit 4
  StageSpec build = station("build", "cleanroom", Distribution::fixed(10 * kDay));
  build.learning = "bus";
  sc.stages = {build};
  sc.arrivals = {at_times({0})};
  const Results r = run_scenario(sc, {});
  EXPECT_NEAR(r.items[0].time_s[static_cast<int>(TimeKind::working)], 10 * kDay * 0.8 * 0.8, 1e-6);
}

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

TEST(Coordination, AReviewWithSeveralSitesWaitsForTheSlowestAnswer) {
  Scenario sc = base();
  sc.links = {{"lab", "factory", 1 * kDay, 1e9}, {"lab", "pad", 3 * kDay, 1e9}};
  StageSpec review;
  review.name = "cdr";
  review.kind = StageKind::coordinate;
  review.partners = {"factory", "pad"};
  review.rounds = 2;
  sc.stages = {review};
  sc.arrivals = {at_times({0}, "lab")};
  const Results r = run_scenario(sc, {});
  EXPECT_NEAR(r.items[0].exit_s, 2 * (2 * 3 * kDay), 1e-3); // two rounds of the 3-day round trip
  ASSERT_EQ(r.site_pairs.size(), 2u);
  EXPECT_EQ(r.site_pairs[0].messages + r.site_pairs[1].messages, 8u);
}

// --- station downtime ---------------------------------------------------------------------------

/// A station up 3 d, down 2 d, again and again: fixed draws give exact dates.
StationSpec breaking(const std::string& name, const std::string& site, int capacity) {
  StationSpec s{name, site, capacity};
  s.downtime = DowntimeSpec{Distribution::fixed(3 * kDay), Distribution::fixed(2 * kDay)};
  return s;
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
