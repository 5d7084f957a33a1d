// The statistics of the nested design against answers known in closed form or by hand.
#include "tools/experiments/uncertainty_stats.hpp"

#include "simcore/random_streams.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace satflow::tools {
namespace {

TEST(UncertaintyStats, QuantilesInterpolateBetweenOrderStatisticsAndSkipMissing) {
  const std::vector<double> xs{4, std::nan(""), 1, 3, 2, 5};
  EXPECT_DOUBLE_EQ(quantile(xs, 0.5), 3);
  EXPECT_DOUBLE_EQ(quantile(xs, 0.05), 1.2); // h = 0.05 x 4 = 0.2 between 1 and 2
  EXPECT_DOUBLE_EQ(quantile(xs, 1), 5);
  EXPECT_TRUE(std::isnan(quantile({std::nan("")}, 0.5)));
}

TEST(UncertaintyStats, DrawMeansAverageEachDrawsReplications) {
  const auto means = draw_means({1, 3, 10, std::nan(""), std::nan(""), std::nan("")}, 3, 2);
  EXPECT_DOUBLE_EQ(means[0], 2);
  EXPECT_DOUBLE_EQ(means[1], 10);
  EXPECT_TRUE(std::isnan(means[2]));
}

TEST(UncertaintyStats, WilsonIntervalMatchesTheClosedForm) {
  // 50 of 100: centre 0.5, half-width z sqrt(0.25/100 + z^2/40000) / (1 + z^2/100) = 0.0962.
  const Estimate e = wilson_share(50, 100);
  EXPECT_DOUBLE_EQ(e.value, 0.5);
  EXPECT_NEAR(e.lower, 0.40383, 1e-4);
  EXPECT_NEAR(e.upper, 0.59617, 1e-4);
  const Estimate none = wilson_share(0, 20); // never better: the interval still has width
  EXPECT_DOUBLE_EQ(none.lower, 0);
  EXPECT_NEAR(none.upper, 0.16113, 1e-4);
}

/// y_mk = theta_m + noise_mk with theta ~ U[0, a] and noise ~ U[0, b]: between a^2/12, within b^2/12.
std::vector<double> nested(std::size_t draws, std::size_t reps, double a, double b) {
  simcore::RandomStreams streams(11, 0);
  simcore::Stream outer = streams.stream("theta"), inner = streams.stream("noise");
  std::vector<double> runs;
  for (std::size_t m = 0; m < draws; ++m) {
    const double theta = a * outer.uniform01();
    for (std::size_t k = 0; k < reps; ++k)
      runs.push_back(theta + b * inner.uniform01());
  }
  return runs;
}

TEST(UncertaintyStats, VarianceSplitRecoversBetweenAndWithinOfANoisyCase) {
  // a = 2, b = 2: between = within = 1/3, share 0.5 (random-effects estimates, M = 2000).
  const VarianceSplit s = variance_split(nested(2000, 5, 2, 2), 2000, 5);
  EXPECT_NEAR(s.within, 1.0 / 3, 0.02);
  EXPECT_NEAR(s.between, 1.0 / 3, 0.03);
  EXPECT_NEAR(s.input_share, 0.5, 0.03);
  // a = 2, b = 6: within 3, between 1/3: share 0.1.
  EXPECT_NEAR(variance_split(nested(2000, 5, 2, 6), 2000, 5).input_share, 0.1, 0.03);
  // No noise: the inputs are all of it; no variance at all: no share.
  EXPECT_DOUBLE_EQ(variance_split(nested(50, 3, 2, 0), 50, 3).input_share, 1);
  EXPECT_TRUE(std::isnan(variance_split(std::vector<double>(12, 4.0), 4, 3).input_share));
  // Noise only: the between estimate is negative in expectation's neighbourhood and reported as 0 or small.
  EXPECT_LT(variance_split(nested(2000, 5, 0, 2), 2000, 5).input_share, 0.03);
}

TEST(UncertaintyStats, FirstOrderIndicesOfAnAdditiveFunctionAreItsVarianceShares) {
  // y = a + b, a ~ U[1, 3] (variance 1/3), b ~ U[1, 5] (4/3): S1 = 0.2 and 0.8.
  simcore::RandomStreams streams(5, 0);
  simcore::Stream sa = streams.stream("a"), sb = streams.stream("b");
  std::vector<double> a, b, y;
  for (int m = 0; m < 400; ++m) {
    a.push_back(1 + 2 * sa.uniform01());
    b.push_back(1 + 4 * sb.uniform01());
    y.push_back(a.back() + b.back());
  }
  const Estimate s_a = first_order_index(a, y), s_b = first_order_index(b, y);
  EXPECT_NEAR(s_a.value, 0.2, 0.05);
  EXPECT_NEAR(s_b.value, 0.8, 0.05);
  EXPECT_LE(s_a.lower, s_a.value);
  EXPECT_GE(s_a.upper, s_a.value);
  EXPECT_LT(s_a.upper, s_b.lower); // the ranking is certain at M = 400
  // An input that y ignores: the bias correction brings it to about 0, not to ~B/M.
  std::vector<double> unused;
  simcore::Stream su = streams.stream("unused");
  for (int m = 0; m < 400; ++m)
    unused.push_back(su.uniform01());
  EXPECT_LT(first_order_index(unused, y).value, 0.03);
  // Deterministic: same data, same interval.
  EXPECT_EQ(first_order_index(a, y).lower, s_a.lower);
  EXPECT_TRUE(std::isnan(first_order_index(a, std::vector<double>(400, 1.0)).value));
}

} // namespace
} // namespace satflow::tools
