// Layout comparison through real child processes, on programmatic scenarios.
#include "tools/experiments/compare_report.hpp"

#include "simcore/units.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace satflow::tools {
namespace {

using simcore::kDay;

/// Design in one place, a review with the factory, then a build: a small layout-sensitive workload.
models::Scenario workload(const std::string& design_site) {
  models::Scenario sc;
  sc.name = "workload";
  sc.seed = 3;
  sc.sites = {{"daejeon", {36.372, 127.363}, 0.5 * kDay}, {"sacheon", {35.1, 128.08}, 0.5 * kDay}};
  sc.links = {{"daejeon", "sacheon", 1.2 * kDay, 1e9}};
  sc.classes = {{"microsat"}};
  sc.stations = {{"team", design_site, 2}, {"bay", "sacheon", 2}};
  models::StageSpec design;
  design.name = "design";
  design.kind = models::StageKind::station;
  design.station = "team";
  design.duration.all = simcore::Distribution::exponential(20 * kDay);
  models::StageSpec review;
  review.name = "review";
  review.kind = models::StageKind::coordinate;
  review.partners = {"sacheon"};
  review.rounds = 3;
  models::StageSpec build;
  build.name = "build";
  build.kind = models::StageKind::station;
  build.station = "bay";
  build.duration.all = simcore::Distribution::exponential(15 * kDay);
  sc.stages = {design, review, build};
  models::ArrivalSpec a;
  a.name = "sats";
  a.item_class = "microsat";
  a.rate_per_s = 20 / simcore::kYear;
  a.count = 40;
  sc.arrivals = {a};
  return sc;
}

CompareOptions options(std::vector<std::string> names, std::vector<models::Scenario> scenarios, unsigned jobs) {
  CompareOptions o;
  o.layout_names = std::move(names);
  o.scenarios = std::move(scenarios);
  o.replications = 8;
  o.jobs = jobs;
  return o;
}

TEST(Compare, ALayoutComparedWithItselfDiffersByExactlyZero) {
  const auto o = options({"three-hub", "three-hub-again"}, {workload("daejeon"), workload("daejeon")}, 2);
  const CompareResult r = run_comparison(o);
  const auto j = comparison_json(o, r);
  for (const auto& [kpi, diff] : j["variants"][1]["vs_baseline"].items()) {
    if (diff.is_null())
      continue;
    EXPECT_EQ(diff["mean"].get<double>(), 0) << kpi;
    EXPECT_EQ(diff["half_width"].get<double>(), 0) << kpi;
    EXPECT_FALSE(diff["significant"].get<bool>()) << kpi;
  }
}

TEST(Compare, CoLocatingDesignShortensTheLeadTimeSignificantly) {
  const auto o = options({"split", "co-located"}, {workload("daejeon"), workload("sacheon")}, 2);
  const CompareResult r = run_comparison(o);
  const auto j = comparison_json(o, r);
  const auto& diff = j["variants"][1]["vs_baseline"]["coordination_share"];
  EXPECT_LT(diff["upper"].get<double>(), 0);
  EXPECT_TRUE(diff["significant"].get<bool>());
  // Paired: every replication saw the same items, so the difference interval is narrower than the
  // layouts' own intervals.
  EXPECT_LT(j["variants"][1]["vs_baseline"]["time_in_system_mean_s"]["half_width"].get<double>(),
            j["variants"][0]["kpis"]["time_in_system_mean_s"]["half_width"].get<double>());
}

TEST(Compare, OneAndTwoJobsGiveByteIdenticalReports) {
  auto run = [](unsigned jobs) {
    const auto o = options({"split", "co-located"}, {workload("daejeon"), workload("sacheon")}, jobs);
    const CompareResult r = run_comparison(o);
    std::ostringstream csv;
    write_comparison_csv(o, r, csv);
    return comparison_json(o, r).dump() + csv.str();
  };
  EXPECT_EQ(run(1), run(2));
}

TEST(Compare, AFailedRunIsReportedAndTheOtherLayoutsAreComplete) {
  models::Scenario broken = workload("daejeon");
  broken.stages[2].station = "no-such-bay"; // the child's run throws
  const auto o = options({"split", "broken", "co-located"}, {workload("daejeon"), broken, workload("sacheon")}, 2);
  const CompareResult r = run_comparison(o);
  ASSERT_EQ(r.failures.size(), 8u);
  EXPECT_EQ(r.failures[0].layout, 1u);
  EXPECT_EQ(r.failures[0].what, "exit status 1");
  EXPECT_NE(r.failures[0].stderr_tail.find("unknown station 'no-such-bay'"), std::string::npos);
  const auto j = comparison_json(o, r);
  EXPECT_EQ(j["variants"][2]["kpis"]["time_in_system_mean_s"]["n"], 8);
  EXPECT_TRUE(j["variants"][1]["kpis"]["time_in_system_mean_s"].is_null());
  EXPECT_EQ(j["failed_runs"].size(), 8u);
}

TEST(Compare, AChildsRecordIsItsJsonOrAFailureThatSaysWhy) {
  std::vector<RunFailure> failures;
  ChildOutcome done{.exit_code = 0, .output = R"({"completed": 3})", .stderr_tail = ""};
  EXPECT_EQ(child_record(done, 1, 2, failures), nlohmann::json({{"completed", 3}}));
  EXPECT_TRUE(failures.empty());
  done.output = "{\"completed\": ";
  done.stderr_tail = "cut short";
  EXPECT_EQ(child_record(done, 1, 2, failures), std::nullopt);
  ChildOutcome crashed{.exit_code = -1, .signal = 11, .output = "{}", .stderr_tail = "boom"};
  EXPECT_EQ(child_record(crashed, 0, 4, failures), std::nullopt);
  ASSERT_EQ(failures.size(), 2u);
  EXPECT_EQ(failures[0].layout, 1u);
  EXPECT_EQ(failures[0].replication, 2u);
  EXPECT_EQ(failures[0].what, "unreadable results");
  EXPECT_EQ(failures[0].stderr_tail, "cut short");
  EXPECT_EQ(failures[1].what, "killed by signal 11");
  EXPECT_EQ(failures[1].stderr_tail, "boom");
}

TEST(Compare, PrecisionAddsReplicationsUntilTheHalfWidthIsSmallEnough) {
  auto o = options({"split", "co-located"}, {workload("daejeon"), workload("sacheon")}, 2);
  o.replications = 10;
  o.precision = 0.05;
  o.max_replications = 60;
  const CompareResult r = run_comparison(o);
  EXPECT_GT(r.replications, 10u); // 40 items a run: 10 replications are not enough for 5%
  EXPECT_EQ((r.replications - 10) % 5, 0u);
  // The look-ahead: precision was reached at least one batch before the end, and still holds.
  EXPECT_GE(r.replications, 20u);
  if (r.precision_reached) {
    const auto j = comparison_json(o, r);
    for (const auto& layout : j["variants"]) {
      // No launch stage: the time in system stands in for the lead time to launch, which is null.
      EXPECT_TRUE(layout["kpis"]["lead_time_mean_s"].is_null());
      const auto& time = layout["kpis"]["time_in_system_mean_s"];
      EXPECT_LE(time["half_width"].get<double>() / time["mean"].get<double>(), 0.05 / 1.05);
    }
  } else {
    EXPECT_EQ(r.replications, 60u);
  }
}

} // namespace
} // namespace satflow::tools
