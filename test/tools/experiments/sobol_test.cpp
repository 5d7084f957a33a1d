// Sobol indices through the real sampling (Saltelli's matrices from sampling.hpp) and the real
// estimator (sobol.hpp), on functions whose indices are known analytically.
#include "tools/experiments/sampling.hpp"
#include "tools/experiments/sobol.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <numbers>

namespace satflow::tools {
namespace {

using Model = std::function<double(const std::vector<double>&)>;

/// The indices of `f` over [0, 1)^k from N rows of Saltelli's scheme, seeded as a sweep would be.
SobolIndices indices_of(const Model& f, std::size_t k, std::size_t rows) {
  std::vector<std::string> names;
  for (std::size_t j = 0; j < k; ++j)
    names.push_back("x" + std::to_string(j + 1));
  const SaltelliSample s = saltelli_sample(simcore::RandomStreams(1, 0), names, rows);
  std::vector<double> f_a, f_b;
  std::vector<std::vector<double>> f_ab(k);
  for (std::size_t n = 0; n < rows; ++n) {
    f_a.push_back(f(s.a[n]));
    f_b.push_back(f(s.b[n]));
    for (std::size_t i = 0; i < k; ++i) {
      auto x = s.a[n];
      x[i] = s.b[n][i];
      f_ab[i].push_back(f(x));
    }
  }
  return sobol_indices(f_a, f_b, f_ab, 1);
}

void expect_covers(const SobolEstimate& e, double truth, const std::string& what, double width = 0.15) {
  EXPECT_LE(e.lower, truth) << what << " " << e.value << " [" << e.lower << ", " << e.upper << "]";
  EXPECT_GE(e.upper, truth) << what << " " << e.value << " [" << e.lower << ", " << e.upper << "]";
  EXPECT_LT(e.upper - e.lower, width) << what; // an interval that says something
}

TEST(Sobol, IshigamisAnalyticIndicesLieInTheBootstrapIntervalsAtN4096) {
  constexpr double a = 7, b = 0.1, pi = std::numbers::pi;
  const Model ishigami = [&](const std::vector<double>& u) {
    const double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
    return std::sin(x1) + a * std::sin(x2) * std::sin(x2) + b * std::pow(x3, 4) * std::sin(x1);
  };
  // Analytic (Ishigami and Homma 1990): V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8, V13 = b^2 pi^8 (1/18 - 1/50).
  const double v1 = 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2), v2 = a * a / 8;
  const double v13 = b * b * std::pow(pi, 8) * (1.0 / 18 - 1.0 / 50);
  const double v = v1 + v2 + v13;
  const double s1[] = {v1 / v, v2 / v, 0}, st[] = {(v1 + v13) / v, v2 / v, v13 / v};
  EXPECT_NEAR(s1[0], 0.314, 5e-4);
  EXPECT_NEAR(s1[1], 0.442, 5e-4);
  EXPECT_NEAR(st[0], 0.558, 5e-4);
  EXPECT_NEAR(st[2], 0.244, 5e-4);
  const SobolIndices r = indices_of(ishigami, 3, 4096);
  EXPECT_EQ(r.rows, 4096u);
  EXPECT_NEAR(r.variance, v, 0.05 * v);
  for (std::size_t i = 0; i < 3; ++i) {
    expect_covers(r.first[i], s1[i], "S1 of x" + std::to_string(i + 1));
    expect_covers(r.total[i], st[i], "ST of x" + std::to_string(i + 1));
  }
}

TEST(Sobol, AnAdditiveModelHasEqualFirstAndTotalIndices) {
  // f = 100 + x1 + 2 x2 + 3 x3, uniform inputs: S_i = ST_i = c_i^2 / sum c^2 (no interactions); the
  // offset, far larger than the spread, is what a lead time in seconds looks like.
  const Model additive = [](const std::vector<double>& x) { return 100 + x[0] + 2 * x[1] + 3 * x[2]; };
  const SobolIndices r = indices_of(additive, 3, 1024);
  const double c2[] = {1, 4, 9};
  for (std::size_t i = 0; i < 3; ++i) {
    expect_covers(r.first[i], c2[i] / 14, "S1", 0.3); // the first-order estimator is the noisier one
    expect_covers(r.total[i], c2[i] / 14, "ST");
  }
  // Jansen's ST of an additive term is exact row by row: (f(A) - f(A_B^i))^2 = c_i^2 (a_i - b_i)^2.
  EXPECT_NEAR(r.total[0].value + r.total[1].value + r.total[2].value, 1, 0.05);
}

TEST(Sobol, SameInputsGiveTheSameIntervalsAndAConstantOutputGivesNone) {
  const Model f = [](const std::vector<double>& x) { return x[0] * x[1]; };
  const SobolIndices one = indices_of(f, 2, 256), two = indices_of(f, 2, 256);
  EXPECT_EQ(one.first[0].lower, two.first[0].lower);
  EXPECT_EQ(one.total[1].upper, two.total[1].upper);
  const SobolIndices flat = indices_of([](const std::vector<double>&) { return 3.0; }, 2, 64);
  EXPECT_TRUE(std::isnan(flat.first[0].value));
  EXPECT_TRUE(std::isnan(flat.total[1].upper));
  // A row with a missing output (a failed run) is left out, not counted as zero.
  const SobolIndices gap = sobol_indices({1, NAN, 3, 4}, {2, 2, 2, 1}, {{1, 5, 3, 4}}, 1, 50);
  EXPECT_EQ(gap.rows, 3u);
  EXPECT_THROW(sobol_indices({1, 2}, {1}, {{1, 2}}, 1), std::invalid_argument);
}

} // namespace
} // namespace satflow::tools
