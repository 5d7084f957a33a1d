// Long-lead parts through whole runs with known answers: a part's fixed lead holds the stage that
// needs it until exactly its arrival; an export licence and a held licence add exactly their delays;
// a supplier of capacity 1 serves its orders one after the other; a localised part's qualification
// falls with its learning curve; the parts bucket is exactly the waiting time and the buckets still
// sum to the time in system. Each test runs one simulation (common random numbers with and without
// parts: test/tools/cli/cli_test.cpp).
#include "models/pipeline.hpp"

#include "test/models/scenario_builders.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace satflow::models {
namespace {

using namespace testing;

double bucket(const ItemRecord& item, TimeKind kind) { return item.time_s[static_cast<std::size_t>(kind)]; }

SupplierSpec supplier(const std::string& name, const std::string& country = "domestic", int capacity = 0) {
  SupplierSpec s;
  s.name = name;
  s.country = country;
  s.capacity = capacity;
  return s;
}

PartSpec part(const std::string& name, const std::string& from, double lead_s, const std::string& order_at = "") {
  return {name, from, Distribution::fixed(lead_s), order_at, {}};
}

/// design (30 d) -> build (10 d, needs the parts given) -> exit, on a bench of `benches` servers.
Scenario two_stages(std::vector<PartSpec> parts, std::vector<SupplierSpec> suppliers, int benches = 10) {
  Scenario sc = base();
  sc.stations = {{"bench", "factory", benches}};
  sc.suppliers = std::move(suppliers);
  StageSpec build = station("build", "bench", Distribution::fixed(10 * kDay));
  build.parts = std::move(parts);
  sc.stages = {delay("design", Distribution::fixed(30 * kDay)), build};
  return sc;
}

TEST(SupplyChain, APartWithAFixedLeadHoldsTheStageThatNeedsItUntilExactlyItsArrival) {
  Scenario sc = two_stages({part("star_tracker", "sodern", 90 * kDay, "design")}, {supplier("sodern", "France")});
  sc.arrivals = {at_times({0})};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.completed, 1u);
  // Ordered at 0 d on entering design, in at 90 d: design ends at 30 d, build waits 60 d, works 10 d.
  EXPECT_DOUBLE_EQ(r.items[0].exit_s, 100 * kDay);
  EXPECT_DOUBLE_EQ(bucket(r.items[0], TimeKind::parts), 60 * kDay);
  EXPECT_DOUBLE_EQ(bucket(r.items[0], TimeKind::working), 10 * kDay);
  ASSERT_EQ(r.parts.size(), 1u);
  EXPECT_EQ(r.parts[0].stage, "build");
  EXPECT_EQ(r.parts[0].orders, 1u);
  EXPECT_EQ(r.parts[0].late, 1u);
  EXPECT_DOUBLE_EQ(r.parts[0].mean_wait_s, 60 * kDay);
  EXPECT_DOUBLE_EQ(r.parts[0].mean_order_to_delivery_s, 90 * kDay);
  ASSERT_EQ(r.part_orders.size(), 1u);
  EXPECT_DOUBLE_EQ(r.part_orders[0].needed_s, 30 * kDay);
  EXPECT_DOUBLE_EQ(r.part_orders[0].delivered_s, 90 * kDay);
}

TEST(SupplyChain, APartInBeforeItIsNeededCostsNothing) {
  Scenario sc = two_stages({part("star_tracker", "sodern", 20 * kDay, "design")}, {supplier("sodern")});
  sc.arrivals = {at_times({0})};
  const Results r = run_scenario(sc, {});
  EXPECT_DOUBLE_EQ(r.items[0].exit_s, 40 * kDay);
  EXPECT_DOUBLE_EQ(bucket(r.items[0], TimeKind::parts), 0);
  EXPECT_EQ(r.parts[0].late, 0u);
  EXPECT_EQ(r.parts[0].needed, 1u);
}

/// A part of a German supplier whose licence takes a fixed 30 d.
Scenario licensed() {
  SupplierSpec foreign = supplier("airbus", "Germany");
  foreign.export_licence = Distribution::fixed(30 * kDay);
  Scenario sc = two_stages({part("sar_electronics", "airbus", 90 * kDay, "design")}, {foreign});
  sc.arrivals = {at_times({0})};
  return sc;
}

TEST(SupplyChain, AnExportLicenceAddsExactlyItsTime) {
  const Results r = run_scenario(licensed(), {});
  EXPECT_DOUBLE_EQ(r.items[0].exit_s, 130 * kDay); // licence 30 d, then 90 d of lead, then 10 d of work
  EXPECT_DOUBLE_EQ(bucket(r.items[0], TimeKind::parts), 90 * kDay);
  EXPECT_EQ(r.parts[0].licence_holds, 0u);
  EXPECT_DOUBLE_EQ(r.part_orders[0].released_s, 30 * kDay);
}

TEST(SupplyChain, AHeldLicenceAddsExactlyItsDelay) {
  Scenario sc = licensed();
  sc.suppliers[0].hold_p = 1;
  sc.suppliers[0].hold_delay = Distribution::fixed(20 * kDay);
  const Results r = run_scenario(sc, {});
  EXPECT_DOUBLE_EQ(r.items[0].exit_s, 150 * kDay);
  EXPECT_DOUBLE_EQ(bucket(r.items[0], TimeKind::parts), 110 * kDay);
  EXPECT_EQ(r.parts[0].licence_holds, 1u);
  EXPECT_EQ(r.suppliers[0].licence_holds, 1u);
  EXPECT_DOUBLE_EQ(r.part_orders[0].released_s, 50 * kDay);
}

TEST(SupplyChain, ASupplierOfCapacityOneServesTwoOrdersOneAfterTheOther) {
  Scenario sc = two_stages({part("star_tracker", "sodern", 50 * kDay, "design")}, {supplier("sodern", "France", 1)});
  sc.arrivals = {at_times({0, 0})};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.completed, 2u);
  EXPECT_DOUBLE_EQ(r.items[0].exit_s, 60 * kDay);  // in at 50 d
  EXPECT_DOUBLE_EQ(r.items[1].exit_s, 110 * kDay); // its production starts at 50 d, in at 100 d
  EXPECT_DOUBLE_EQ(bucket(r.items[1], TimeKind::parts), 70 * kDay);
  EXPECT_DOUBLE_EQ(r.suppliers[0].mean_queue_s, 25 * kDay); // 0 and 50 d waiting for the slot
  EXPECT_DOUBLE_EQ(r.suppliers[0].mean_wait_s, 45 * kDay);  // 20 d and 70 d at build
  EXPECT_EQ(r.suppliers[0].delivered, 2u);
}

TEST(SupplyChain, ALocalisedPartsQualificationFallsWithItsLearningCurve) {
  SupplierSpec domestic = supplier("satreci");
  domestic.lead = Distribution::fixed(10 * kDay); // the supplier's lead replaces the part's
  domestic.qualification = Distribution::fixed(80 * kDay);
  domestic.qualification_learning = "star_tracker";
  Scenario sc = two_stages({part("star_tracker", "satreci", 90 * kDay, "design")}, {domestic});
  sc.learning = {{"star_tracker", 0.5, 1, 0}};
  sc.arrivals = {at_times({0, 100 * kDay, 200 * kDay, 300 * kDay})};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.completed, 4u);
  // Units 1-4 of the part: qualification 80 d x k^log2(0.5) = 80, 40, 26.67, 20 d on 10 d of lead.
  EXPECT_DOUBLE_EQ(bucket(r.items[0], TimeKind::parts), 60 * kDay);
  EXPECT_DOUBLE_EQ(bucket(r.items[1], TimeKind::parts), 20 * kDay);
  EXPECT_NEAR(bucket(r.items[2], TimeKind::parts), (10 + 80.0 / 3 - 30) * kDay, 1e-6);
  EXPECT_DOUBLE_EQ(bucket(r.items[3], TimeKind::parts), 0);
}

TEST(SupplyChain, QualificationDoesNotHoldTheSuppliersProductionSlot) {
  SupplierSpec domestic = supplier("satreci", "domestic", 1);
  domestic.qualification = Distribution::fixed(80 * kDay); // no curve: every unit pays it in full
  Scenario sc = two_stages({part("star_tracker", "satreci", 10 * kDay, "design")}, {domestic});
  sc.arrivals = {at_times({0, 0})};
  const Results r = run_scenario(sc, {});
  // The second unit is produced 10-20 d, while the first is in qualification: in at 90 d and 100 d.
  EXPECT_DOUBLE_EQ(r.part_orders[0].delivered_s, 90 * kDay);
  EXPECT_DOUBLE_EQ(r.part_orders[1].started_s, 10 * kDay);
  EXPECT_DOUBLE_EQ(r.part_orders[1].delivered_s, 100 * kDay);
}

TEST(SupplyChain, ABranchWaitsForItsOwnPartOrderedBeforeTheForkAndTheItemForItsCriticalBranch) {
  Scenario sc = base();
  sc.stations = {{"bay", "factory", 2}, {"lab", "factory", 2}};
  sc.suppliers = {supplier("sodern", "France")};
  StageSpec fork;
  fork.name = "subsystems";
  fork.kind = StageKind::parallel;
  StageSpec avionics = station("avionics", "lab", Distribution::fixed(10 * kDay));
  avionics.parts = {part("star_tracker", "sodern", 100 * kDay, "design")};
  fork.branches = {{station("propulsion", "bay", Distribution::fixed(40 * kDay))}, {avionics}};
  sc.stages = {delay("design", Distribution::fixed(30 * kDay)), fork};
  sc.arrivals = {at_times({0})};
  const Results r = run_scenario(sc, {});
  // Avionics waits 30 -> 100 d for its part, works to 110 d: the critical branch's 70 d of parts.
  EXPECT_DOUBLE_EQ(r.items[0].exit_s, 110 * kDay);
  EXPECT_DOUBLE_EQ(bucket(r.items[0], TimeKind::parts), 70 * kDay);
  EXPECT_DOUBLE_EQ(bucket(r.items[0], TimeKind::working), 10 * kDay);
}

TEST(SupplyChain, APartWhoseOrderStageIsNotOnTheItemsWayIsOrderedWhenNeeded) {
  Scenario sc = two_stages({part("star_tracker", "sodern", 50 * kDay, "review")}, {supplier("sodern")});
  StageSpec review = delay("review", Distribution::fixed(5 * kDay));
  sc.stages[0].next = {{"build", 1}};
  sc.stages.insert(sc.stages.begin() + 1, review);
  sc.arrivals = {at_times({0})};
  const Results r = run_scenario(sc, {});
  EXPECT_DOUBLE_EQ(r.items[0].exit_s, 90 * kDay); // ordered at 30 d on reaching build
  EXPECT_DOUBLE_EQ(r.part_orders[0].ordered_s, 30 * kDay);
}

TEST(SupplyChain, ThePartsBucketHoldsTheWaitAndTheBucketsSumToTheTimeInSystem) {
  SupplierSpec foreign = supplier("airbus", "Germany", 2);
  foreign.export_licence = Distribution::uniform(15 * kDay, 60 * kDay);
  foreign.hold_p = 0.3;
  foreign.hold_delay = Distribution::uniform(65 * kDay, 196 * kDay);
  PartSpec p = part("sar_electronics", "airbus", 0, "design");
  p.lead = Distribution::uniform(90 * kDay, 360 * kDay);
  Scenario sc = two_stages({p}, {foreign}, 1);
  sc.stages[0].duration.all = Distribution::exponential(1 / (60 * kDay));
  sc.arrivals = {poisson("programmes", 1 / (40 * kDay), 60)};
  const Results r = run_scenario(sc, {});
  ASSERT_EQ(r.completed, 60u);
  double waits = 0;
  for (const auto& item : r.items) {
    const double sum = std::accumulate(item.time_s.begin(), item.time_s.end(), 0.0);
    EXPECT_NEAR(sum, item.exit_s - item.arrival_s, 1e-6);
    waits += bucket(item, TimeKind::parts);
  }
  // One part per item: the bucket is exactly its lateness at build, summed over the orders.
  double lateness = 0;
  for (const auto& o : r.part_orders)
    lateness += std::max(0.0, o.delivered_s - o.needed_s);
  EXPECT_NEAR(waits, lateness, 1e-3);
  EXPECT_GT(waits, 0);
  EXPECT_GT(r.parts[0].licence_holds, 0u);
  EXPECT_LT(r.parts[0].licence_holds, 60u);
}

} // namespace
} // namespace satflow::models
