// Grid effects on tables built from known effects: main effects, interactions and the rule that a
// replication with a missing point is left out.
#include "tools/experiments/sweep_analysis.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace satflow::tools {
namespace {

// A 2 x 3 grid: y = mu + a_i + b_j + ab_ij + shift_r, effects summing to zero over each index.
const double kA[] = {-1, 1}, kB[] = {-2, 0, 2};
const double kAB[2][3] = {{0.5, -0.25, -0.25}, {-0.5, 0.25, 0.25}};
const double kShift[] = {0, 3, -1, 0.5}; // common to every point of a replication, as common random numbers are

std::vector<std::vector<std::string>> grid_values() {
  std::vector<std::vector<std::string>> v;
  for (const char* a : {"a1", "a2"})
    for (const char* b : {"1d", "2d", "3d"})
      v.push_back({a, b});
  return v;
}

std::vector<std::vector<double>> grid_outputs() {
  std::vector<std::vector<double>> y;
  for (std::size_t i = 0; i < 2; ++i)
    for (std::size_t j = 0; j < 3; ++j) {
      y.emplace_back();
      for (double shift : kShift)
        y.back().push_back(10 + kA[i] + kB[j] + kAB[i][j] + shift);
    }
  return y;
}

TEST(GridEffects, RecoverKnownMainEffectsAndInteractionsExactlyUnderCommonShifts) {
  const auto g = grid_effects(grid_values(), grid_outputs());
  ASSERT_TRUE(g);
  EXPECT_EQ(g->replications, 4u);
  EXPECT_EQ(g->levels[1], (std::vector<std::string>{"1d", "2d", "3d"}));
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_NEAR(g->main[0][i].mean, kA[i], 1e-12);
    EXPECT_NEAR(g->main[0][i].half_width, 0, 1e-12); // the shift cancels replication by replication
  }
  for (std::size_t j = 0; j < 3; ++j)
    EXPECT_NEAR(g->main[1][j].mean, kB[j], 1e-12);
  ASSERT_EQ(g->interactions.size(), 6u);
  for (const auto& x : g->interactions) {
    EXPECT_EQ(x.p, 0u);
    EXPECT_EQ(x.q, 1u);
    EXPECT_NEAR(x.ci.mean, kAB[x.level_p][x.level_q], 1e-12);
  }
}

TEST(GridEffects, NoiseWidensTheIntervalsAndAMissingPointDropsItsReplication) {
  auto y = grid_outputs();
  y[0][1] += 0.4; // noise in one cell of one replication
  y[3][2] = NAN;  // a failed run: replication 2 is left out for every point
  const auto g = grid_effects(grid_values(), y);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->replications, 3u);
  EXPECT_GT(g->main[0][0].half_width, 0);
  // Over the replications 0, 1 and 3: cell (a1, 1d) is 0.4 / 3 higher on average; a1's level mean
  // over 3 cells rises by 0.4 / 9, the grand mean over 6 by 0.4 / 18.
  EXPECT_NEAR(g->main[0][0].mean, kA[0] + 0.4 / 9 - 0.4 / 18, 1e-12);
}

TEST(GridEffects, PointsThatAreNotAFullGridHaveNone) {
  auto values = grid_values();
  auto y = grid_outputs();
  values.pop_back();
  y.pop_back();
  EXPECT_FALSE(grid_effects(values, y));
}

} // namespace
} // namespace satflow::tools
