// Class work: every station and delay duration of a class's items (branches included) is multiplied
// by its class's factor and nothing else moves: known answers with fixed durations, and a class at
// work 1 runs exactly as a scenario without the key.
#include "models/pipeline.hpp"

#include "test/models/scenario_builders.hpp"

#include <gtest/gtest.h>

namespace satflow::models {
namespace {

using namespace testing;

Scenario two_classes(double large_work) {
  Scenario sc = base();
  sc.classes.push_back({"large", 3, 1810});
  sc.classes.back().work = large_work;
  sc.stations = {{"bench", "factory", 10}};
  sc.stages = {delay("design", Distribution::fixed(100 * kDay)),
               station("build", "bench", Distribution::fixed(50 * kDay))};
  ArrivalSpec small = at_times({0});
  small.name = "nextsat";
  ArrivalSpec large = at_times({10 * kDay});
  large.name = "kompsat";
  large.item_class = "large";
  sc.arrivals = {small, large};
  return sc;
}

TEST(ClassWork, EveryDurationOfAClassIsMultipliedByItsWork) {
  const Results r = run_scenario(two_classes(1.6), {.seed = 1, .replication = 0});
  ASSERT_EQ(r.completed, 2u);
  EXPECT_DOUBLE_EQ(r.items[0].exit_s, 150 * kDay);                              // microsat: work 1
  EXPECT_DOUBLE_EQ(r.items[1].exit_s - r.items[1].arrival_s, 150 * kDay * 1.6); // large: 1.6
}

TEST(ClassWork, AWorkOfOneIsTheWrittenDurations) {
  const Results r = run_scenario(two_classes(1.0), {.seed = 1, .replication = 0});
  ASSERT_EQ(r.completed, 2u);
  EXPECT_DOUBLE_EQ(r.items[1].exit_s - r.items[1].arrival_s, 150 * kDay);
}

TEST(ClassWork, RefusesAFactorThatIsNotAboveZero) {
  EXPECT_THROW(run_scenario(two_classes(0.0), {.seed = 1, .replication = 0}), std::invalid_argument);
}

} // namespace
} // namespace satflow::models
