// Each test runs one simulation (ctest gives every test its own process).
#include "models/pipeline.hpp"

#include "simcore/scheduler.hpp"
#include "simcore/units.hpp"
#include "test/models/scenario_builders.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

namespace satflow::models {
namespace {

using simcore::Distribution;
using simcore::kHour;

Scenario one_site() {
  Scenario sc;
  sc.name = "test";
  sc.sites.push_back({"a", {36.372, 127.363}});
  sc.classes.push_back({"item", 0});
  return sc;
}

ArrivalSpec scheduled(std::vector<double> times) {
  ArrivalSpec a;
  a.name = "manifest";
  a.kind = ArrivalKind::scheduled;
  a.item_class = "item";
  a.times_s = std::move(times);
  return a;
}

/// One site, one bay of one server, one stage of 10 h of work there.
Scenario one_bay() {
  Scenario sc = one_site();
  sc.stations.push_back({"bay", "a", 1, Discipline::fifo});
  StageSpec work = testing::station("work", "bay", Distribution::fixed(10 * kHour));
  sc.stages.push_back(work);
  return sc;
}

TEST(Pipeline, FixedDurationsGiveExactTimesAndFifoQueueing) {
  Scenario sc = one_bay();
  sc.arrivals.push_back(scheduled({0, 1 * kHour, 2 * kHour}));
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.completed, 3u);
  ASSERT_EQ(r.items.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const double q = static_cast<double>(i) * 9 * kHour; // item i waits for the i before it
    EXPECT_DOUBLE_EQ(r.items[i].exit_s, static_cast<double>(i + 1) * 10 * kHour);
    EXPECT_DOUBLE_EQ(r.items[i].time_s[static_cast<int>(TimeKind::working)], 10 * kHour);
    EXPECT_DOUBLE_EQ(r.items[i].time_s[static_cast<int>(TimeKind::queueing)], q);
  }
  EXPECT_DOUBLE_EQ(r.end_s, 30 * kHour);
  EXPECT_DOUBLE_EQ(r.stations[0].utilization, 1.0);
  EXPECT_DOUBLE_EQ(r.stations[0].mean_wait_s, 9 * kHour); // (0 + 9 + 18) / 3
}

TEST(Pipeline, CoordinationTakesLatencyPlusSizeOverBandwidthPerMessage) {
  Scenario sc = one_site();
  sc.sites.push_back({"b", {35.1, 128.08}});
  sc.links.push_back({"a", "b", 1 * kHour, 2.0 / kHour});
  StageSpec review;
  review.name = "review";
  review.kind = StageKind::coordinate;
  review.partners = {"b"};
  review.request_size = 1;
  review.answer_size = 3;
  review.rounds = 2;
  sc.stages.push_back(review);
  sc.arrivals.push_back(scheduled({0}));
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.completed, 1u);
  // Per round: request 1 h + 1/2 h, answer 1 h + 3/2 h; two rounds.
  EXPECT_NEAR(r.items[0].exit_s, 8 * kHour, 1e-6);
  EXPECT_NEAR(r.items[0].time_s[static_cast<int>(TimeKind::coordination)], 8 * kHour, 1e-6);
  ASSERT_EQ(r.site_pairs.size(), 1u);
  EXPECT_EQ(r.site_pairs[0].messages, 4u);
  EXPECT_DOUBLE_EQ(r.site_pairs[0].units, 8);
  EXPECT_NEAR(r.site_pairs[0].mean_transfer_s, 2 * kHour, 1e-6);
  // The link carried 8 units in the 8 h run at 2 units/h: half its capacity on average.
  ASSERT_EQ(r.links.size(), 1u);
  EXPECT_DOUBLE_EQ(r.links[0].units, 8);
  EXPECT_NEAR(r.links[0].utilization, 8.0 / (2 * 8), 1e-9);
}

TEST(Pipeline, ALinkCarriesEveryRouteThroughItAndAnUnboundedOneHasNoUtilization) {
  Scenario sc = one_site();
  sc.sites.push_back({"hub", {35.1, 128.08}});
  sc.sites.push_back({"pad", {34.43, 127.53}});
  sc.links.push_back({"a", "hub", 1 * kHour, 2.0 / kHour});
  sc.links.push_back({"hub", "pad", 1 * kHour}); // unbounded
  StageSpec review;
  review.name = "review";
  review.kind = StageKind::coordinate;
  review.partners = {"hub", "pad"}; // a -- pad routes through the hub
  sc.stages.push_back(review);
  sc.arrivals.push_back(scheduled({0}));
  sc.horizon_s = 100 * kHour;
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.links.size(), 2u);
  EXPECT_EQ(r.links[0].a + "-" + r.links[0].b, "a-hub");
  EXPECT_DOUBLE_EQ(r.links[0].units, 4); // request and answer of both exchanges
  EXPECT_NEAR(r.links[0].utilization, 4.0 / (2 * 100), 1e-12);
  EXPECT_DOUBLE_EQ(r.links[1].units, 2); // only the exchange with the pad
  EXPECT_TRUE(std::isnan(r.links[1].utilization));
}

TEST(Pipeline, AReworkLoopWithProbabilityPRunsOneOverOneMinusPTimesOnAverage) {
  Scenario sc = one_site();
  StageSpec test = testing::delay("test", Distribution::fixed(1 * kHour));
  test.next = {{"test", 0.25}, {"exit", 0.75}};
  sc.stages.push_back(test);
  sc.arrivals.push_back(testing::poisson("items", 1 / kHour, 40000, "item"));
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.completed, 40000u);
  // Runs per item are geometric: mean 1/(1-p) = 4/3, sd sqrt(p)/(1-p) = 2/3.
  const double se = (2.0 / 3) / std::sqrt(40000.0);
  EXPECT_NEAR(r.time_in_system.mean() / kHour, 4.0 / 3, 4 * se);
  EXPECT_NEAR(r.time_in_system.sd() / kHour, 2.0 / 3, 0.02);
}

TEST(Pipeline, TheHorizonStopsTheRunAndItemsInsideAreAccountedToIt) {
  Scenario sc = one_bay();
  sc.horizon_s = 15 * kHour;
  sc.arrivals.push_back(scheduled({0, 1 * kHour, 2 * kHour, 20 * kHour}));
  const Results r = run_scenario(sc, {});
  EXPECT_EQ(r.arrived, 3u); // the fourth date is past the horizon
  EXPECT_EQ(r.completed, 1u);
  EXPECT_DOUBLE_EQ(r.end_s, 15 * kHour);
  // Item 1 waited from 1 h to 10 h, then worked until the horizon; item 2 queued throughout.
  EXPECT_DOUBLE_EQ(r.items[1].time_s[static_cast<int>(TimeKind::queueing)], 9 * kHour);
  EXPECT_DOUBLE_EQ(r.items[1].time_s[static_cast<int>(TimeKind::working)], 5 * kHour);
  EXPECT_DOUBLE_EQ(r.items[2].time_s[static_cast<int>(TimeKind::queueing)], 13 * kHour);
  EXPECT_LT(r.items[2].exit_s, 0);
}

TEST(Pipeline, EveryItemsTimeBucketsAddUpToItsTimeInSystem) {
  Scenario sc = one_site();
  sc.sites.push_back({"b", {35.1, 128.08}});
  sc.links.push_back({"a", "b", 3 * kHour, 1.0 / kHour});
  sc.stations.push_back({"bay", "a", 2, Discipline::fifo});
  StageSpec work = testing::station("work", "bay", Distribution::exponential(5 * kHour));
  StageSpec wait = testing::delay("wait", Distribution::uniform(1 * kHour, 2 * kHour));
  StageSpec talk;
  talk.name = "talk";
  talk.kind = StageKind::coordinate;
  talk.partners = {"b"};
  sc.stages = {work, wait, talk};
  sc.arrivals.push_back(testing::poisson("items", 0.3 / kHour, 2000, "item"));
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.completed, 2000u);
  for (const auto& item : r.items) {
    const double sum = std::accumulate(item.time_s.begin(), item.time_s.end(), 0.0);
    ASSERT_NEAR(sum, item.exit_s - item.arrival_s, 1e-6 * (item.exit_s - item.arrival_s));
  }
}

TEST(Pipeline, RefusesDanglingReferences) {
  Scenario sc = one_site();
  sc.stages.push_back(testing::station("work", "nowhere", Distribution::fixed(1 * kHour)));
  sc.arrivals.push_back(scheduled({0}));
  EXPECT_THROW(run_scenario(sc, {}), std::invalid_argument);
}

// --- tests and learning: decided where an item leaves a stage and enters the next ---

TEST(Tests, ATestWithFailureProbabilityPRunsOneOverOneMinusPTimesOnAverage) {
  Scenario sc = testing::base();
  StageSpec test = testing::delay("tvac", Distribution::fixed(1 * kHour));
  test.failure = FailureSpec{0.4, "tvac"};
  sc.stages = {test};
  sc.arrivals = {testing::poisson("sats", 1 / kHour, 40000)};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.tests.size(), 1u);
  const double runs_per_item = static_cast<double>(r.tests[0].runs) / 40000;
  // Geometric: mean 1/(1-p) = 5/3, sd sqrt(p)/(1-p) = 1.054.
  EXPECT_NEAR(runs_per_item, 1 / 0.6, 4 * std::sqrt(0.4) / 0.6 / std::sqrt(40000.0));
  EXPECT_EQ(r.tests[0].runs - r.tests[0].failures, 40000u); // every item passes once
  EXPECT_NEAR(static_cast<double>(r.tests[0].failures) / static_cast<double>(r.tests[0].runs), 0.4, 0.01);
}

TEST(Tests, ARetestFactorShortensRepeatVisits) {
  Scenario sc = testing::base();
  StageSpec test = testing::delay("vibration", Distribution::fixed(10 * simcore::kDay));
  test.failure = FailureSpec{0.99, "fix"};
  test.retest_factor = 0.5;
  StageSpec fix = testing::delay("fix", Distribution::fixed(1 * simcore::kDay));
  fix.failure = FailureSpec{1.0, "vibration"}; // always back to the retest, never onwards
  fix.next = {{"exit", 1}};
  sc.stages = {test, fix};
  sc.horizon_s = 30.5 * simcore::kDay;
  sc.arrivals = {testing::at_times({0})};
  const Results r = run_scenario(sc, {});
  // 10 d test, 1 d fix, then 5 d retests each followed by a 1 d fix: 10+1+5+1+5+1+5 = 28 d for 3 retests.
  EXPECT_EQ(r.tests[0].runs, 4u);
}

TEST(Learning, TheTwoNthUnitTakesRTimesTheNthUnitsTime) {
  Scenario sc = testing::base();
  sc.stations = {{"cleanroom", "factory", 100}};
  sc.learning = {{"bus", 0.8, 1, 0}};
  StageSpec build = testing::station("build", "cleanroom", Distribution::fixed(10 * simcore::kDay));
  build.learning = "bus";
  sc.stages = {build};
  std::vector<double> times;
  for (int i = 0; i < 8; ++i)
    times.push_back(i * simcore::kDay);
  sc.arrivals = {testing::at_times(times)};
  const Results r = run_scenario(sc, {});
  auto work = [&](std::size_t unit) { return r.items[unit - 1].time_s[static_cast<int>(TimeKind::working)]; };
  EXPECT_DOUBLE_EQ(work(1), 10 * simcore::kDay);
  for (std::size_t n : {1, 2, 4})
    EXPECT_NEAR(work(2 * n), 0.8 * work(n), 1e-6);
  EXPECT_NEAR(work(3), 10 * simcore::kDay * std::pow(3, std::log2(0.8)), 1e-6);
}

TEST(Learning, PriorUnitsStartFurtherDownTheCurve) {
  Scenario sc = testing::base();
  sc.stations = {{"cleanroom", "factory", 100}};
  sc.learning = {{"bus", 0.8, 1, 3}}; // three units built before the run: the first one here is unit 4
  StageSpec build = testing::station("build", "cleanroom", Distribution::fixed(10 * simcore::kDay));
  build.learning = "bus";
  sc.stages = {build};
  sc.arrivals = {testing::at_times({0})};
  const Results r = run_scenario(sc, {});
  EXPECT_NEAR(r.items[0].time_s[static_cast<int>(TimeKind::working)], 10 * simcore::kDay * 0.8 * 0.8, 1e-6);
}

Scenario busy_bay() {
  Scenario sc = one_bay();
  std::vector<double> times(1000);
  for (std::size_t i = 0; i < times.size(); ++i)
    times[i] = static_cast<double>(i) * kHour;
  sc.arrivals.push_back(scheduled(times));
  return sc;
}

// The event budget (the fuzzer's bound on a run): a thousand items take exactly 2000 events (an arrival
// and an end of work each). One fewer and the run throws out of run_scenario, and the pipeline unwinds
// cleanly (the asan preset checks that nothing leaks or is touched after free).
TEST(Pipeline, AnEventBudgetOneShortStopsTheRunWithEventLimitExceeded) {
  RunOptions options;
  options.max_events = 1999;
  try {
    run_scenario(busy_bay(), options);
    ADD_FAILURE() << "the run finished within 1999 events";
  } catch (const simcore::EventLimitExceeded& e) {
    EXPECT_EQ(e.limit(), 1999u);
  }
}

TEST(Pipeline, AnEventBudgetThatIsJustEnoughChangesNothing) {
  RunOptions options;
  options.max_events = 2000;
  const Results r = run_scenario(busy_bay(), options);
  EXPECT_EQ(r.completed, 1000u);
  EXPECT_EQ(r.events, 2000u);
  EXPECT_DOUBLE_EQ(r.end_s, 10000 * kHour);
}

} // namespace
} // namespace satflow::models

namespace satflow::models {
namespace {

using namespace testing;

// Unfinished work counts: an item still inside at the horizon has its buckets closed there, they sum
// to its elapsed time, and they are in the run's totals (the completed-only totals keep the rest).
TEST(Pipeline, UnfinishedItemsBucketsSumToTheirElapsedTimeAndCountInTheTotals) {
  Scenario sc = base();
  sc.stations = {{"bench", "factory", 1}};
  sc.stages = {delay("design", Distribution::fixed(30 * kDay)),
               station("build", "bench", Distribution::fixed(50 * kDay))};
  sc.arrivals = {at_times({0, 0, 0})};
  sc.horizon_s = 100 * kDay;
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.completed, 1u); // 30 + 50 d; the second builds 80-130 d, the third queues behind it
  ASSERT_EQ(r.items.size(), 3u);
  for (const ItemRecord& item : r.items) {
    const double sum = std::accumulate(item.time_s.begin(), item.time_s.end(), 0.0);
    EXPECT_DOUBLE_EQ(sum, (item.exit_s >= 0 ? item.exit_s : 100 * kDay) - item.arrival_s);
  }
  const auto k = [](TimeKind kind) { return static_cast<std::size_t>(kind); };
  EXPECT_DOUBLE_EQ(r.time_totals_s[k(TimeKind::delay)], 3 * 30 * kDay);
  EXPECT_DOUBLE_EQ(r.time_totals_s[k(TimeKind::working)], 50 * kDay + 20 * kDay);
  EXPECT_DOUBLE_EQ(r.time_totals_s[k(TimeKind::queueing)], 50 * kDay + 70 * kDay);
  EXPECT_DOUBLE_EQ(r.time_totals_completed_s[k(TimeKind::working)], 50 * kDay);
  EXPECT_DOUBLE_EQ(r.time_totals_completed_s[k(TimeKind::queueing)], 0);
}

} // namespace
} // namespace satflow::models
