#include "simcore/distributions.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

namespace satflow::simcore {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Case {
  std::string name;
  Distribution dist;
  double variance; // analytic, computed by hand or with mpmath
};

std::vector<Case> all_kinds() {
  return {
      {"fixed", Distribution::fixed(3.5), 0.0},
      {"uniform", Distribution::uniform(2, 5), 9.0 / 12},
      {"triangular", Distribution::triangular(1, 2, 4), 7.0 / 18}, // (a²+b²+c²-ab-ac-bc)/18
      {"pert", Distribution::pert(1, 2, 4), 77.0 / 252}, // αβ(hi-lo)²/((α+β)²(α+β+1)), α=7/3, β=11/3
      {"exponential", Distribution::exponential(10), 100.0},
      {"normal", Distribution::normal(10, 2), 4.0},
      {"truncated normal", Distribution::normal(10, 2, 9, 13), 1.1209926006049005},
      {"upper tail normal", Distribution::normal(0, 1, 3), 0.07055918678526811},
      {"lognormal", Distribution::lognormal(10, 3), 9.0},
      {"empirical", Distribution::empirical({3, 1, 2}, {1, 1, 2}), 0.5}, // E[X²] = 4.5, mean 2
  };
}

TEST(Distribution, SampleMeanAndVarianceMatchAnalytic) {
  const int n = 200'000;
  for (const auto& c : all_kinds()) {
    Stream s(hash_name(c.name));
    double sum = 0;
    double sum_sq = 0;
    for (int i = 0; i < n; ++i) {
      const double x = c.dist.sample(s);
      sum += x;
      sum_sq += x * x;
    }
    const double mean = sum / n;
    const double variance = (sum_sq - n * mean * mean) / (n - 1);
    EXPECT_NEAR(mean, c.dist.mean(), 4 * std::sqrt(c.variance / n) + 1e-12) << c.name;
    EXPECT_NEAR(variance, c.variance, 0.03 * c.variance + 1e-9) << c.name;
  }
}

TEST(Distribution, AnalyticMeans) {
  EXPECT_DOUBLE_EQ(Distribution::uniform(2, 5).mean(), 3.5);
  EXPECT_DOUBLE_EQ(Distribution::triangular(1, 2, 4).mean(), 7.0 / 3);
  EXPECT_DOUBLE_EQ(Distribution::pert(1, 2, 4).mean(), 13.0 / 6);
  EXPECT_DOUBLE_EQ(Distribution::lognormal(10, 3).mean(), 10.0);
  EXPECT_DOUBLE_EQ(Distribution::empirical({1, 2, 3}, {1, 2, 1}).mean(), 2.0);
  // Truncated normal means from mpmath: mu + sd (phi(a) - phi(b)) / (Phi(b) - Phi(a)).
  EXPECT_NEAR(Distribution::normal(10, 2, 9, 13).mean(), 10.71254576835412, 1e-12);
  EXPECT_NEAR(Distribution::normal(0, 1, 3).mean(), 3.2830986549304364, 1e-12);
  EXPECT_NEAR(Distribution::normal(0, 1, 10).mean(), 10.098093233962512, 1e-11);
  EXPECT_NEAR(Distribution::normal(0, 1, -kInf, -3).mean(), -3.2830986549304364, 1e-12);
}

// First three samples from Stream(42), pinned so that any change of algorithm is caught.
// Stream(42).uniform01() gives 0.2713886128576649, 0.027017131709294984, 0.6587211976913901;
// an independent mpmath evaluation of each inverse CDF at those u agrees to 1e-15 relative.
TEST(Distribution, KnownAnswersFromStream42) {
  struct Pinned {
    Distribution dist;
    std::vector<double> expected;
  };
  const std::vector<Pinned> pinned = {
      {Distribution::fixed(3.5), {3.5, 3.5, 3.5}},
      {Distribution::uniform(2, 5), {2.8141658385729946, 2.0810513951278851, 3.9761635930741703}},
      {Distribution::triangular(1, 2, 4), {1.9023113867025034, 1.2846952671329204, 2.5690308131019526}},
      {Distribution::pert(1, 2, 4), {1.7744584663092884, 1.2465579229423747, 2.3856891247186454}},
      {Distribution::exponential(10), {3.1661476573164791, 0.27388804052161408, 10.750555336750944}},
      {Distribution::normal(10, 2), {8.7827626578129667, 6.1468764045220912, 10.817951098883146}},
      {Distribution::normal(10, 2, 9, 13), {9.8899630031622578, 9.0947751891657838, 11.165749556863824}},
      {Distribution::normal(0, 1, 3), {3.0951547802549015, 3.0083325351529737, 3.3134932936253643}},
      {Distribution::lognormal(10, 3), {8.0111147164262384, 5.4408431135124893, 10.800098584193769}},
      {Distribution::empirical({3, 1, 2}, {1, 1, 2}), {2, 1, 2}},
  };
  for (const auto& p : pinned) {
    Stream s(42);
    for (const double expected : p.expected) {
      EXPECT_NEAR(p.dist.sample(s), expected, 1e-12 * std::fabs(expected)) << p.dist.describe();
    }
  }
}

TEST(Distribution, ConsumesExactlyOneDrawPerSample) {
  for (const auto& c : all_kinds()) {
    Stream s(7);
    for (int i = 0; i < 1000; ++i)
      c.dist.sample(s);
    EXPECT_EQ(s.counter(), 1000u) << c.name;
    // And the k-th sample is the inverse CDF of the k-th uniform draw.
    Stream a(9);
    Stream b(9);
    for (int i = 0; i < 10; ++i)
      EXPECT_EQ(c.dist.sample(a), c.dist.inverse_cdf(b.uniform01())) << c.name;
  }
}

double fraction_below(const Distribution& d, double x, int n, std::uint64_t key) {
  Stream s(key);
  int below = 0;
  for (int i = 0; i < n; ++i)
    below += d.sample(s) < x ? 1 : 0;
  return static_cast<double>(below) / n;
}

TEST(Distribution, QuantileSpotChecks) {
  const int n = 200'000;
  const double tolerance = 4 * std::sqrt(0.25 / n);
  EXPECT_NEAR(fraction_below(Distribution::exponential(10), 10 * std::numbers::ln2, n, 1), 0.5, tolerance);
  EXPECT_NEAR(fraction_below(Distribution::triangular(1, 2, 4), 2, n, 2), 1.0 / 3, tolerance);
  EXPECT_NEAR(fraction_below(Distribution::normal(10, 2), 10 + 2 * 1.9599639845400538, n, 3), 0.975, tolerance);
  EXPECT_NEAR(fraction_below(Distribution::lognormal(10, 3), 9.578262852211514, n, 4), 0.5, tolerance);
  EXPECT_NEAR(fraction_below(Distribution::pert(0, 0.5, 1), 0.5, n, 5), 0.5, tolerance);

  // Exact inverse CDF values.
  EXPECT_NEAR(Distribution::exponential(10).inverse_cdf(0.5), 10 * std::numbers::ln2, 1e-12);
  EXPECT_NEAR(Distribution::triangular(1, 2, 4).inverse_cdf(1.0 / 3), 2.0, 1e-12);
  EXPECT_NEAR(Distribution::triangular(0, 0, 1).inverse_cdf(0.75), 0.5, 1e-12); // 1 - (1-x)² = 0.75
  EXPECT_NEAR(Distribution::pert(0, 0.5, 1).inverse_cdf(0.5), 0.5, 1e-12);      // symmetric Beta(3, 3)
  EXPECT_NEAR(Distribution::normal(10, 2).inverse_cdf(0.975), 10 + 2 * 1.9599639845400538, 1e-9);
  EXPECT_NEAR(Distribution::lognormal(10, 3).inverse_cdf(0.5), 9.578262852211514, 1e-12); // e^mu
  EXPECT_EQ(Distribution::uniform(2, 5).inverse_cdf(0.5), 3.5);
}

TEST(Distribution, TruncatedNormalStaysInBounds) {
  for (const auto& d :
       {Distribution::normal(10, 2, 9, 13), Distribution::normal(0, 1, 3), Distribution::normal(0, 1, 10),
        Distribution::normal(0, 1, -kInf, -4), Distribution::normal(5, 3, 0, 0.001)}) {
    Stream s(11);
    for (int i = 0; i < 100'000; ++i) {
      const double x = d.sample(s);
      ASSERT_GE(x, d.lower_bound()) << d.describe();
      ASSERT_LE(x, d.upper_bound()) << d.describe();
    }
    EXPECT_GE(d.inverse_cdf(0), d.lower_bound());
    EXPECT_LE(d.inverse_cdf(1 - 0x1.0p-53), d.upper_bound());
  }
  EXPECT_DOUBLE_EQ(Distribution::normal(0, 1, 3).inverse_cdf(0), 3.0);
  EXPECT_DOUBLE_EQ(Distribution::normal(10, 2, 9, 13).inverse_cdf(1 - 0x1.0p-53), 13.0);
}

TEST(Distribution, InverseCdfIsMonotoneAndFiniteAtTheEnds) {
  for (const auto& c : all_kinds()) {
    double previous = c.dist.inverse_cdf(0);
    EXPECT_TRUE(std::isfinite(previous)) << c.name;
    for (int i = 1; i < 1000; ++i) {
      const double x = c.dist.inverse_cdf(i / 1000.0);
      EXPECT_GE(x, previous) << c.name << " at u=" << i / 1000.0;
      previous = x;
    }
    EXPECT_TRUE(std::isfinite(c.dist.inverse_cdf(1 - 0x1.0p-53))) << c.name;
  }
}

TEST(Distribution, BoundsOfSupport) {
  EXPECT_EQ(Distribution::exponential(3).lower_bound(), 0.0);
  EXPECT_EQ(Distribution::exponential(3).upper_bound(), kInf);
  EXPECT_EQ(Distribution::normal(0, 1).lower_bound(), -kInf);
  EXPECT_EQ(Distribution::normal(0, 1, -1, 2).upper_bound(), 2.0);
  EXPECT_EQ(Distribution::lognormal(2, 1).lower_bound(), 0.0);
  EXPECT_EQ(Distribution::triangular(1, 2, 4).lower_bound(), 1.0);
  EXPECT_EQ(Distribution::pert(1, 2, 4).upper_bound(), 4.0);
  // Zero-weight values are not in the support.
  const auto e = Distribution::empirical({0, 1, 2, 3}, {0, 1, 1, 0});
  EXPECT_EQ(e.lower_bound(), 1.0);
  EXPECT_EQ(e.upper_bound(), 2.0);
}

TEST(Distribution, EmpiricalNeverPicksZeroWeights) {
  const auto d = Distribution::empirical({5, 1, 7, 3}, {0, 2, 0, 1});
  EXPECT_EQ(d.inverse_cdf(0), 1.0);
  EXPECT_EQ(d.inverse_cdf(1 - 0x1.0p-53), 3.0);
  EXPECT_EQ(d.inverse_cdf(2.0 / 3 - 1e-9), 1.0);
  EXPECT_EQ(d.inverse_cdf(2.0 / 3 + 1e-9), 3.0);
  Stream s(3);
  int ones = 0;
  for (int i = 0; i < 30'000; ++i) {
    const double x = d.sample(s);
    ASSERT_TRUE(x == 1.0 || x == 3.0);
    ones += x == 1.0 ? 1 : 0;
  }
  EXPECT_NEAR(ones / 30'000.0, 2.0 / 3, 4 * std::sqrt(2.0 / 9 / 30'000));
}

TEST(Distribution, DegenerateParametersGiveAConstant) {
  Stream s(1);
  EXPECT_EQ(Distribution::uniform(2, 2).sample(s), 2.0);
  EXPECT_EQ(Distribution::triangular(2, 2, 2).sample(s), 2.0);
  EXPECT_EQ(Distribution::pert(2, 2, 2).sample(s), 2.0);
  EXPECT_EQ(Distribution::normal(4, 0).sample(s), 4.0);
  EXPECT_EQ(Distribution::lognormal(4, 0).sample(s), 4.0);
  EXPECT_EQ(s.counter(), 5u);
}

TEST(Distribution, InvalidParametersThrow) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(Distribution::fixed(nan), std::invalid_argument);
  EXPECT_THROW(Distribution::uniform(5, 2), std::invalid_argument);
  EXPECT_THROW(Distribution::uniform(0, kInf), std::invalid_argument);
  EXPECT_THROW(Distribution::triangular(1, 5, 4), std::invalid_argument);
  EXPECT_THROW(Distribution::triangular(1, 0, 4), std::invalid_argument);
  EXPECT_THROW(Distribution::triangular(4, 2, 1), std::invalid_argument);
  EXPECT_THROW(Distribution::pert(1, 5, 4), std::invalid_argument);
  EXPECT_THROW(Distribution::pert(1, nan, 4), std::invalid_argument);
  EXPECT_THROW(Distribution::exponential(0), std::invalid_argument);
  EXPECT_THROW(Distribution::exponential(-1), std::invalid_argument);
  EXPECT_THROW(Distribution::normal(0, -1), std::invalid_argument);
  EXPECT_THROW(Distribution::normal(0, 1, 2, 2), std::invalid_argument);
  EXPECT_THROW(Distribution::normal(0, 1, 3, 2), std::invalid_argument);
  EXPECT_THROW(Distribution::normal(0, 1, nan, 2), std::invalid_argument);
  EXPECT_THROW(Distribution::normal(0, 1, 100), std::invalid_argument);  // no probability mass left
  EXPECT_THROW(Distribution::normal(5, 0, 0, 1), std::invalid_argument); // point mass outside [lo, hi]
  EXPECT_THROW(Distribution::lognormal(0, 1), std::invalid_argument);
  EXPECT_THROW(Distribution::lognormal(-1, 1), std::invalid_argument);
  EXPECT_THROW(Distribution::lognormal(1, -1), std::invalid_argument);
  EXPECT_THROW(Distribution::empirical({}, {}), std::invalid_argument);
  EXPECT_THROW(Distribution::empirical({1, 2}, {1}), std::invalid_argument);
  EXPECT_THROW(Distribution::empirical({1, 2}, {1, -1}), std::invalid_argument);
  EXPECT_THROW(Distribution::empirical({1, 2}, {0, 0}), std::invalid_argument);
  EXPECT_THROW(Distribution::empirical({1, nan}, {1, 1}), std::invalid_argument);
  EXPECT_THROW(Distribution::exponential(1).scaled(0), std::invalid_argument);
  EXPECT_THROW(Distribution::exponential(1).scaled(-2), std::invalid_argument);
}

TEST(Distribution, ErrorMessagesNameTheProblem) {
  try {
    Distribution::triangular(1, 5, 4);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "triangular: mode 5 is outside [1, 4]");
  }
}

TEST(Distribution, ScaledScalesMeanBoundsAndSamples) {
  const double f = 2.5;
  for (const auto& c : all_kinds()) {
    const Distribution scaled = c.dist.scaled(f);
    EXPECT_NEAR(scaled.mean(), f * c.dist.mean(), 1e-12 * std::fabs(f * c.dist.mean())) << c.name;
    EXPECT_DOUBLE_EQ(scaled.lower_bound(), f * c.dist.lower_bound()) << c.name;
    EXPECT_DOUBLE_EQ(scaled.upper_bound(), f * c.dist.upper_bound()) << c.name;
    // Same shape: the same draw lands on the scaled value.
    for (const double u : {0.01, 0.3, 0.5, 0.77, 0.99}) {
      const double expected = f * c.dist.inverse_cdf(u);
      EXPECT_NEAR(scaled.inverse_cdf(u), expected, 1e-12 * std::fabs(expected)) << c.name << " u=" << u;
    }
  }
}

TEST(Distribution, Describe) {
  EXPECT_EQ(Distribution::fixed(3).describe(), "fixed(3)");
  EXPECT_EQ(Distribution::uniform(0.5, 2).describe(), "uniform(0.5, 2)");
  EXPECT_EQ(Distribution::triangular(1, 2, 4).describe(), "triangular(1, 2, 4)");
  EXPECT_EQ(Distribution::pert(1, 2, 4).describe(), "pert(1, 2, 4)");
  EXPECT_EQ(Distribution::exponential(10).describe(), "exponential(10)");
  EXPECT_EQ(Distribution::normal(10, 2).describe(), "normal(10, 2)");
  EXPECT_EQ(Distribution::normal(10, 2, 0).describe(), "normal(10, 2, 0, inf)");
  EXPECT_EQ(Distribution::lognormal(10, 3).describe(), "lognormal(10, 3)");
  EXPECT_EQ(Distribution::empirical({2, 1}, {3, 1}).describe(), "empirical(1: 0.25, 2: 0.75)");
}

TEST(Distribution, CopiesSampleTheSame) {
  const auto original = Distribution::empirical({1, 2, 3}, {1, 1, 1});
  const Distribution copy = original; // NOLINT(performance-unnecessary-copy-initialization)
  Stream a(5);
  Stream b(5);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(copy.sample(a), original.sample(b));
}

} // namespace
} // namespace satflow::simcore

namespace satflow::simcore {
namespace {

// A scrub delay as DOMAIN-DATA 2.4 suggests: 70% short fixes U(1, 6) d, 30% long ones U(30, 60) d.
TEST(Mixture, PicksAComponentByWeightWithOneDrawPerSample) {
  const Distribution d = Distribution::mixture({Distribution::uniform(1, 6), Distribution::uniform(30, 60)}, {7, 3});
  EXPECT_DOUBLE_EQ(d.mean(), 0.7 * 3.5 + 0.3 * 45);
  EXPECT_DOUBLE_EQ(d.lower_bound(), 1);
  EXPECT_DOUBLE_EQ(d.upper_bound(), 60);
  // Inverse transform: u below 0.7 maps into the first part, rescaled; above, into the second.
  EXPECT_DOUBLE_EQ(d.inverse_cdf(0.35), 3.5);
  EXPECT_DOUBLE_EQ(d.inverse_cdf(0.85), 45);
  Stream s(7);
  int long_fixes = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i)
    long_fixes += d.sample(s) >= 30;
  EXPECT_EQ(s.counter(), static_cast<std::uint64_t>(n));
  EXPECT_NEAR(long_fixes / static_cast<double>(n), 0.3, 4 * std::sqrt(0.3 * 0.7 / n));
  EXPECT_DOUBLE_EQ(d.scaled(2).mean(), 2 * d.mean());
}

TEST(Mixture, RefusesBadWeights) {
  EXPECT_THROW(Distribution::mixture({}, {}), std::invalid_argument);
  EXPECT_THROW(Distribution::mixture({Distribution::fixed(1)}, {1, 2}), std::invalid_argument);
  EXPECT_THROW(Distribution::mixture({Distribution::fixed(1)}, {0}), std::invalid_argument);
  EXPECT_THROW(Distribution::mixture({Distribution::fixed(1)}, {-1}), std::invalid_argument);
}

} // namespace
} // namespace satflow::simcore

#include <boost/math/special_functions/beta.hpp>

namespace satflow::simcore {
namespace {

// PERT samples by a tabulated inverse polished with Newton steps on a quadrature CDF: it must agree with Boost's exact
// inverse incomplete beta everywhere, tails included.
TEST(Pert, AgreesWithTheExactInverseIncompleteBeta) {
  for (auto [lo, mode, hi] :
       {std::array<double, 3>{1, 2, 4}, {0, 0, 1}, {0, 1, 1}, {3, 5, 20}, {0, 0.5, 1}, {1, 1.1, 10}, {0, 0.95, 1}}) {
    const Distribution d = Distribution::pert(lo, mode, hi);
    const double alpha = 1 + 4 * (mode - lo) / (hi - lo), beta = 1 + 4 * (hi - mode) / (hi - lo);
    double worst = 0;
    for (int i = 0; i < 20000; ++i) {
      const double u = (i + 0.5) / 20000;
      const double exact = lo + (hi - lo) * boost::math::ibeta_inv(alpha, beta, u);
      worst = std::max(worst, std::abs(d.inverse_cdf(u) - exact) / (hi - lo));
    }
    EXPECT_LT(worst, 1e-12) << "pert(" << lo << ", " << mode << ", " << hi << ")";
  }
}

} // namespace
} // namespace satflow::simcore
