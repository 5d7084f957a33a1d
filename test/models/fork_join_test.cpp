// Parallel stages through whole runs with known answers. Each test runs one simulation.
#include "models/pipeline.hpp"

#include "test/models/scenario_builders.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace satflow::models {
namespace {

using namespace testing;

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

} // namespace
} // namespace satflow::models
