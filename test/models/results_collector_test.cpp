// The collector on its own, fed by hand with what a run's mechanisms would report: no engine.
#include "models/results_collector.hpp"

#include "test/models/scenario_builders.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace satflow::models {
namespace {

using namespace testing;

struct Fixture {
  Scenario sc = base();
  std::vector<Station> stations;
  simcore::SiteGraph graph;
  JobTable jobs{1};
  simcore::TraceRecorder trace;

  Fixture() {
    sc.classes.push_back({"medium", 0, 500, 2 * simcore::kYear});
    for (const auto& s : sc.sites)
      graph.add_site({s.name, s.location});
    graph.add_link(0, 2, {"", 1 * kDay, 4.0 / kDay}); // factory -- lab, bounded
    graph.add_link(0, 1, {"", 1 * kDay});             // factory -- pad, unbounded
    stations.emplace_back("bay", 0, 2, Discipline::fifo);
  }

  Results finish(ResultsCollector& c, double end_s, FlightRows flights = {}) {
    return c.finish({end_s, 7, 3, 99, &stations, &graph, std::move(flights), &jobs, &trace});
  }

  /// A job of `cls` that arrived at `arrival` and exits at `exit` after `working` seconds of work.
  Job item(std::uint64_t seq, std::uint32_t cls, double arrival, double exit, double working) {
    Job j;
    j.seq = seq;
    j.record.item_class = cls;
    j.record.arrival_s = arrival;
    j.record.exit_s = exit;
    j.record.time_s[static_cast<int>(TimeKind::working)] = working;
    j.record.time_s[static_cast<int>(TimeKind::queueing)] = exit - arrival - working;
    return j;
  }
};

TEST(ResultsCollector, TalliesExitsOverallAndPerClassAndSumsTheBuckets) {
  Fixture f;
  ResultsCollector c(f.sc, {}, true);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(c.arrived(), static_cast<std::uint64_t>(i));
  c.exited(f.item(0, 0, 0, 10 * kDay, 4 * kDay));
  c.exited(f.item(2, 1, 1 * kDay, 31 * kDay, 20 * kDay));
  const Results r = f.finish(c, 100 * kDay);
  EXPECT_EQ(r.arrived, 3u);
  EXPECT_EQ(r.completed, 2u);
  EXPECT_EQ(r.seed, 7u);
  EXPECT_EQ(r.replication, 3u);
  EXPECT_EQ(r.events, 99u);
  EXPECT_DOUBLE_EQ(r.time_in_system.mean(), 20 * kDay);
  EXPECT_DOUBLE_EQ(r.time_in_system_by_class[0].mean(), 10 * kDay);
  EXPECT_DOUBLE_EQ(r.time_in_system_by_class[1].mean(), 30 * kDay);
  EXPECT_DOUBLE_EQ(r.time_totals_s[static_cast<int>(TimeKind::working)], 24 * kDay);
  EXPECT_DOUBLE_EQ(r.time_totals_s[static_cast<int>(TimeKind::queueing)], 16 * kDay);
  ASSERT_EQ(r.items.size(), 3u); // every arrival has a row, in arrival order
  EXPECT_DOUBLE_EQ(r.items[2].exit_s, 31 * kDay);
  EXPECT_DOUBLE_EQ(r.items[1].exit_s, -1); // never exited, and no live job stands for it here
}

TEST(ResultsCollector, CountsLaunchesPerYearAndClassAndOnTimeAgainstTheDueLeadTime) {
  Fixture f;
  ResultsCollector c(f.sc, {}, false);
  ItemRecord a;
  a.item_class = 1;
  a.arrival_s = 0;
  a.launched_s = 1.5 * simcore::kYear; // within medium's 2 y
  ItemRecord b = a;
  b.launched_s = 3.2 * simcore::kYear; // late
  ItemRecord m;
  m.item_class = 0;
  m.launched_s = 3.5 * simcore::kYear; // microsat: no due lead time
  c.launched(a);
  c.launched(b);
  c.launched(m);
  const Results r = f.finish(c, 5 * simcore::kYear);
  ASSERT_EQ(r.launched_by_year.size(), 4u);
  EXPECT_EQ(r.launched_by_year[1], (std::vector<std::uint64_t>{0, 1}));
  EXPECT_EQ(r.launched_by_year[2], (std::vector<std::uint64_t>{0, 0}));
  EXPECT_EQ(r.launched_by_year[3], (std::vector<std::uint64_t>{1, 1}));
  EXPECT_EQ(r.launched_by_class, (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(r.on_time_by_class, (std::vector<std::uint64_t>{1, 1}));
  EXPECT_DOUBLE_EQ(r.lead_time_by_class[1].mean(), 2.35 * simcore::kYear);
  EXPECT_TRUE(r.items.empty()); // not kept
}

TEST(ResultsCollector, SitePairsAndLinksCountEveryMessageAndOnlyBoundedLinksHaveAUtilization) {
  Fixture f;
  ResultsCollector c(f.sc, {}, false);
  c.delivered(2, 0, 2, 1.5 * kDay); // lab -> factory and back: one pair whatever the direction
  c.delivered(0, 2, 2, 2.5 * kDay);
  c.delivered(0, 1, 1, 1 * kDay);
  const Results r = f.finish(c, 10 * kDay);
  ASSERT_EQ(r.site_pairs.size(), 2u);
  EXPECT_EQ(r.site_pairs[0].a, "factory");
  EXPECT_EQ(r.site_pairs[0].b, "pad");
  EXPECT_EQ(r.site_pairs[1].b, "lab");
  EXPECT_EQ(r.site_pairs[1].messages, 2u);
  EXPECT_DOUBLE_EQ(r.site_pairs[1].units, 4);
  EXPECT_DOUBLE_EQ(r.site_pairs[1].mean_transfer_s, 2 * kDay);
  ASSERT_EQ(r.links.size(), 2u);
  EXPECT_DOUBLE_EQ(r.links[0].utilization, 4.0 / (4.0 * 10)); // 4 units over 4/d x 10 d
  EXPECT_TRUE(std::isnan(r.links[1].utilization));
}

TEST(ResultsCollector, CountsTestRunsAndFailures) {
  Fixture f;
  ResultsCollector c(f.sc, {"tvac", "vibration"}, false);
  c.tested(0, true);
  c.tested(0, false);
  c.tested(1, false);
  const Results r = f.finish(c, 1 * kDay);
  ASSERT_EQ(r.tests.size(), 2u);
  EXPECT_EQ(r.tests[0].stage, "tvac");
  EXPECT_EQ(r.tests[0].runs, 2u);
  EXPECT_EQ(r.tests[0].failures, 1u);
  EXPECT_EQ(r.tests[1].failures, 0u);
}

TEST(ResultsCollector, ItemsStillInsideCountUpToTheEndAndPointAtTheirFlightsRow) {
  Fixture f;
  ResultsCollector c(f.sc, {}, true);
  const std::uint32_t id = f.jobs.allocate();
  Job& job = f.jobs[id];
  job.seq = c.arrived();
  job.kind = TimeKind::launch_wait;
  job.mark_s = 4 * kDay;
  job.record.flight = 3; // provisional index: row 0 of the report
  FlightRows rows;
  rows.flights.push_back({"nuri", "F4", 20 * kDay});
  rows.row_of = {-1, -1, -1, 0};
  const Results r = f.finish(c, 10 * kDay, rows);
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_DOUBLE_EQ(r.items[0].time_s[static_cast<int>(TimeKind::launch_wait)], 6 * kDay);
  EXPECT_EQ(r.items[0].flight, 0);
  ASSERT_EQ(r.flights.size(), 1u);
  EXPECT_EQ(r.flights[0].name, "F4");
}

TEST(ResultsCollector, MakesThePartsAndSuppliersRowsFromTheOrdersTheSupplyChainHandsIt) {
  Fixture f;
  f.sc.suppliers = {{.name = "KAI", .capacity = 2}, {.name = "Airbus", .country = "FR"}};
  ResultsCollector c(f.sc, {}, true);
  // Part 0 (Airbus): two orders, one held, both needed; part 1 (KAI): one order, never needed.
  PartOrder late{.item = 0,
                 .part = 0,
                 .ordered_s = 0,
                 .released_s = 10,
                 .held = true,
                 .started_s = 30,
                 .delivered_s = 100,
                 .needed_s = 60};
  PartOrder open{.item = 1, .part = 0, .ordered_s = 20, .released_s = 20, .started_s = 20, .needed_s = 150};
  PartOrder early{.item = 0, .part = 1, .ordered_s = 5, .released_s = 5, .started_s = 25, .delivered_s = 45};
  c.parts_ordered({{"antenna", 1, "integration"}, {"bus", 0, "build"}}, {late, open, early});
  const Results r = f.finish(c, 200);
  ASSERT_EQ(r.parts.size(), 2u);
  const PartResult& antenna = r.parts[0];
  EXPECT_EQ(antenna.name, "antenna");
  EXPECT_EQ(antenna.supplier, "Airbus");
  EXPECT_EQ(antenna.country, "FR");
  EXPECT_EQ(antenna.stage, "integration");
  EXPECT_EQ(antenna.orders, 2u);
  EXPECT_EQ(antenna.delivered, 1u);
  EXPECT_EQ(antenna.licence_holds, 1u);
  EXPECT_EQ(antenna.mean_order_to_delivery_s, 100);
  EXPECT_EQ(antenna.needed, 2u);
  EXPECT_EQ(antenna.late, 2u);
  EXPECT_EQ(antenna.mean_wait_s, (40 + 50) / 2.0); // the open order waits up to the end
  EXPECT_EQ(r.parts[1].needed, 0u);
  EXPECT_EQ(r.parts[1].mean_wait_s, 0);
  ASSERT_EQ(r.suppliers.size(), 2u);
  EXPECT_EQ(r.suppliers[0].name, "KAI");
  EXPECT_EQ(r.suppliers[0].capacity, 2);
  EXPECT_EQ(r.suppliers[0].orders, 1u);
  EXPECT_EQ(r.suppliers[0].mean_queue_s, 20);
  EXPECT_EQ(r.suppliers[1].orders, 2u);
  EXPECT_EQ(r.suppliers[1].licence_holds, 1u);
  EXPECT_EQ(r.suppliers[1].mean_queue_s, (20 + 0) / 2.0);
  EXPECT_EQ(r.suppliers[1].mean_wait_s, 45);
  ASSERT_EQ(r.part_orders.size(), 3u); // kept with the items
  EXPECT_EQ(r.part_orders[1].needed_s, 150);
  ResultsCollector without_items(f.sc, {}, false);
  without_items.parts_ordered({{"antenna", 1, "integration"}}, {late});
  const Results lean = f.finish(without_items, 200);
  EXPECT_TRUE(lean.part_orders.empty());
  EXPECT_EQ(lean.parts.at(0).orders, 1u);
}

} // namespace
} // namespace satflow::models
