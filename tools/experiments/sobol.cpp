#include "tools/experiments/sobol.hpp"

#include "simcore/random_streams.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace satflow::tools {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Rows {
  std::vector<double> a, b;
  std::vector<std::vector<double>> ab; ///< [parameter][row]
};

/// The mean f0 and the variance V of f over the A and B outputs of the rows `pick`.
std::pair<double, double> moments(const Rows& r, const std::vector<std::size_t>& pick) {
  const auto n = static_cast<double>(pick.size());
  double mean = 0;
  for (std::size_t p : pick)
    mean += r.a[p] + r.b[p];
  mean /= 2 * n;
  double ss = 0;
  for (std::size_t p : pick)
    ss += (r.a[p] - mean) * (r.a[p] - mean) + (r.b[p] - mean) * (r.b[p] - mean);
  return {mean, ss / (2 * n - 1)};
}

/// S_i and ST_i (first k, then k totals) over the rows `pick` of `r`. f(B) enters S_i centred on
/// f0: the expectation is the same (f(A_B^i) - f(A) has mean zero), but a KPI far from zero (a lead
/// time of 1e8 s) would otherwise multiply the noise by its mean.
std::vector<double> estimate(const Rows& r, const std::vector<std::size_t>& pick) {
  const std::size_t k = r.ab.size();
  const auto n = static_cast<double>(pick.size());
  const auto [f0, variance] = moments(r, pick);
  std::vector<double> out(2 * k, kNaN);
  // No variance, or only rounding's (identical outputs whose mean is not exactly them): no indices.
  if (!(variance > 1e-24 * f0 * f0))
    return out;
  for (std::size_t i = 0; i < k; ++i) {
    double first = 0, total = 0;
    for (std::size_t p : pick) {
      first += (r.b[p] - f0) * (r.ab[i][p] - r.a[p]);
      total += (r.a[p] - r.ab[i][p]) * (r.a[p] - r.ab[i][p]);
    }
    out[i] = first / n / variance;
    out[k + i] = total / (2 * n) / variance;
  }
  return out;
}

} // namespace

SobolIndices sobol_indices(const std::vector<double>& f_a, const std::vector<double>& f_b,
                           const std::vector<std::vector<double>>& f_ab, std::uint64_t seed, std::size_t resamples,
                           double alpha) {
  const std::size_t k = f_ab.size();
  if (f_b.size() != f_a.size() ||
      std::any_of(f_ab.begin(), f_ab.end(), [&](const auto& c) { return c.size() != f_a.size(); }))
    throw std::invalid_argument("sobol_indices: the outputs of A, B and A_B differ in length");
  Rows rows;
  rows.ab.resize(k);
  for (std::size_t n = 0; n < f_a.size(); ++n) {
    bool present = !std::isnan(f_a[n]) && !std::isnan(f_b[n]);
    for (std::size_t i = 0; i < k; ++i)
      present &= !std::isnan(f_ab[i][n]);
    if (!present)
      continue;
    rows.a.push_back(f_a[n]);
    rows.b.push_back(f_b[n]);
    for (std::size_t i = 0; i < k; ++i)
      rows.ab[i].push_back(f_ab[i][n]);
  }
  SobolIndices out;
  out.rows = rows.a.size();
  out.first.assign(k, {kNaN, kNaN, kNaN});
  out.total.assign(k, {kNaN, kNaN, kNaN});
  if (out.rows < 2)
    return out;
  std::vector<std::size_t> all(out.rows);
  for (std::size_t n = 0; n < out.rows; ++n)
    all[n] = n;
  const std::vector<double> point = estimate(rows, all);
  out.variance = moments(rows, all).second;
  // The bootstrap: resample the rows with replacement; a row keeps its A, B and A_B outputs together.
  simcore::Stream s = simcore::RandomStreams(seed, 0).stream("sobol:bootstrap");
  std::vector<std::vector<double>> draws(2 * k);
  std::vector<std::size_t> pick(out.rows);
  for (std::size_t b = 0; b < resamples; ++b) {
    for (auto& p : pick)
      p = std::min(out.rows - 1, static_cast<std::size_t>(s.uniform01() * static_cast<double>(out.rows)));
    const std::vector<double> e = estimate(rows, pick);
    for (std::size_t i = 0; i < 2 * k; ++i)
      if (!std::isnan(e[i]))
        draws[i].push_back(e[i]);
  }
  for (std::size_t i = 0; i < 2 * k; ++i) {
    SobolEstimate est{point[i], kNaN, kNaN};
    auto& d = draws[i];
    if (!std::isnan(point[i]) && !d.empty()) {
      std::sort(d.begin(), d.end());
      const auto at = [&](double q) {
        return d[std::min(d.size() - 1, static_cast<std::size_t>(std::floor(q * static_cast<double>(d.size()))))];
      };
      est.lower = at(alpha / 2);
      est.upper = at(1 - alpha / 2);
    }
    (i < k ? out.first[i] : out.total[i - k]) = est;
  }
  return out;
}

} // namespace satflow::tools
