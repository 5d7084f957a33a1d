#include "simcore/intervals.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace satflow::simcore {
namespace {

// Reference values from standard t tables (also scipy.stats.t.ppf).
TEST(TQuantile, MatchesTables) {
  EXPECT_NEAR(t_quantile(1, 0.05), 12.7062047362, 1e-9);
  EXPECT_NEAR(t_quantile(9, 0.05), 2.2621571628, 1e-9);
  EXPECT_NEAR(t_quantile(29, 0.05), 2.0452296421, 1e-9);
  EXPECT_NEAR(t_quantile(29, 0.05 / 5), 2.756, 5e-4); // Bonferroni for 5 comparisons: t(29, 0.995), table 2.756
  EXPECT_THROW(t_quantile(0, 0.05), std::invalid_argument);
}

TEST(MeanInterval, IsTheStudentTIntervalComputedByHand) {
  // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample sd sqrt(32/7) = 2.13809, t(7, .975) = 2.36462.
  const Interval ci = mean_interval({2, 4, 4, 4, 5, 5, 7, 9});
  EXPECT_EQ(ci.n, 8u);
  EXPECT_DOUBLE_EQ(ci.mean, 5);
  EXPECT_NEAR(ci.sd, std::sqrt(32.0 / 7), 1e-12);
  EXPECT_NEAR(ci.half_width, 2.3646242516 * std::sqrt(32.0 / 7) / std::sqrt(8.0), 1e-9);
  EXPECT_TRUE(std::isinf(mean_interval({3}).half_width));
  EXPECT_THROW(mean_interval({}), std::invalid_argument);
}

TEST(PairedInterval, UsesTheDifferencesOnly) {
  // A shared component (common random numbers) cancels: only the differences' spread counts.
  const std::vector<double> base{10, 20, 30, 40, 50};
  const std::vector<double> layout{11, 21.5, 30.5, 41, 52};
  const Interval paired = paired_interval(layout, base);
  EXPECT_DOUBLE_EQ(paired.mean, 1.2);
  // differences 1, 1.5, 0.5, 1, 2: sd sqrt(0.325), t(4) = 2.7764451052.
  EXPECT_NEAR(paired.half_width, 2.7764451052 * std::sqrt(0.325) / std::sqrt(5.0), 1e-9);
  EXPECT_TRUE(paired.excludes_zero());
  EXPECT_LT(paired.half_width, mean_interval(layout).half_width / 10);
  const Interval same = paired_interval(base, base);
  EXPECT_EQ(same.mean, 0);
  EXPECT_EQ(same.half_width, 0);
  EXPECT_FALSE(same.excludes_zero());
  EXPECT_THROW(paired_interval({1, 2}, {1}), std::invalid_argument);
}

TEST(Bonferroni, SplitsAlphaAmongComparisons) {
  EXPECT_DOUBLE_EQ(bonferroni_alpha(0.05, 1), 0.05);
  EXPECT_DOUBLE_EQ(bonferroni_alpha(0.05, 5), 0.01);
}

TEST(SequentialRule, StopsWhenTheRelativeHalfWidthIsSmallEnough) {
  Interval ci;
  ci.n = 10;
  ci.mean = 100;
  ci.half_width = 4.7; // 0.047 <= 0.05 / 1.05 = 0.0476
  EXPECT_TRUE(precise_enough(ci, 0.05));
  ci.half_width = 4.8; // 0.048 > 0.0476
  EXPECT_FALSE(precise_enough(ci, 0.05));
  ci.mean = -100; // the rule uses |mean|
  ci.half_width = 4.7;
  EXPECT_TRUE(precise_enough(ci, 0.05));
  ci.n = 1;
  EXPECT_FALSE(precise_enough(ci, 0.05));
}

TEST(Intervals, MissingValuesAreLeftOutAndNoneLeftGivesNoInterval) {
  const double nan = std::nan("");
  EXPECT_EQ(present_values({1, nan, 3}), (std::vector<double>{1, 3}));
  const auto ci = present_interval({1, nan, 3});
  ASSERT_TRUE(ci);
  EXPECT_EQ(ci->n, 2u);
  EXPECT_DOUBLE_EQ(ci->mean, 2);
  EXPECT_FALSE(present_interval({nan, nan}));
}

// Wilson (1927) score interval, values from the closed form with z = 1.959964 (computed by hand).
TEST(WilsonInterval, MatchesTheClosedForm) {
  const Interval ci = wilson_interval(8, 10);
  EXPECT_DOUBLE_EQ(ci.mean, 0.8);
  EXPECT_NEAR(ci.lower(), 0.490162, 1e-6);
  EXPECT_NEAR(ci.upper(), 0.943318, 1e-6);
  // Never a bound outside [0, 1], and not empty at p = 0 or 1 (where the t interval collapses).
  EXPECT_EQ(wilson_interval(0, 5).lower(), 0.0);
  EXPECT_NEAR(wilson_interval(0, 5).upper(), 0.434482, 1e-6);
  EXPECT_NEAR(wilson_interval(10, 10).lower(), 0.722467, 1e-6);
  EXPECT_LE(wilson_interval(10, 10).upper(), 1.0);
  EXPECT_THROW(wilson_interval(3, 2), std::invalid_argument);
  EXPECT_THROW(wilson_interval(0, 0), std::invalid_argument);
}

} // namespace
} // namespace satflow::simcore
