// Coordination exchanges through whole runs with known answers. Each test runs one simulation.
#include "models/pipeline.hpp"

#include "test/models/scenario_builders.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace satflow::models {
namespace {

using namespace testing;

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

} // namespace
} // namespace satflow::models
