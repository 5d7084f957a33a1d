#include "simcore/intervals.hpp"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <algorithm>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace satflow::simcore {

double t_quantile(double dof, double alpha) {
  if (!(dof >= 1) || !(alpha > 0 && alpha < 1))
    throw std::invalid_argument("t_quantile: need dof >= 1 and 0 < alpha < 1");
  return boost::math::quantile(boost::math::students_t(dof), 1 - alpha / 2);
}

Interval mean_interval(const std::vector<double>& xs, double alpha) {
  if (xs.empty())
    throw std::invalid_argument("mean_interval: no observations");
  if (!(alpha > 0 && alpha < 1))
    throw std::invalid_argument("mean_interval: alpha must be in (0, 1)");
  Interval ci;
  ci.n = xs.size();
  // Two passes: exact enough, and the same result whatever order the observations came in.
  double sum = 0;
  for (double x : xs)
    sum += x;
  ci.mean = sum / static_cast<double>(ci.n);
  if (ci.n < 2) {
    ci.half_width = std::numeric_limits<double>::infinity();
    return ci;
  }
  double ss = 0;
  for (double x : xs)
    ss += (x - ci.mean) * (x - ci.mean);
  ci.sd = std::sqrt(ss / static_cast<double>(ci.n - 1));
  ci.half_width = t_quantile(static_cast<double>(ci.n - 1), alpha) * ci.sd / std::sqrt(static_cast<double>(ci.n));
  return ci;
}

Interval paired_interval(const std::vector<double>& a, const std::vector<double>& b, double alpha) {
  if (a.size() != b.size())
    throw std::invalid_argument("paired_interval: the two samples differ in size");
  std::vector<double> d(a.size());
  for (std::size_t j = 0; j < a.size(); ++j)
    d[j] = a[j] - b[j];
  return mean_interval(d, alpha);
}

double bonferroni_alpha(double alpha, std::size_t comparisons) {
  return comparisons <= 1 ? alpha : alpha / static_cast<double>(comparisons);
}

bool precise_enough(const Interval& ci, double gamma) {
  if (ci.n < 2 || ci.mean == 0 || std::isinf(ci.half_width))
    return false;
  return ci.half_width / std::abs(ci.mean) <= gamma / (1 + gamma);
}

std::vector<double> present_values(const std::vector<double>& xs) {
  std::vector<double> out;
  for (double x : xs)
    if (!std::isnan(x))
      out.push_back(x);
  return out;
}

std::optional<Interval> present_interval(const std::vector<double>& xs, double alpha) {
  const auto v = present_values(xs);
  if (v.empty())
    return std::nullopt;
  return mean_interval(v, alpha);
}

Interval wilson_interval(std::size_t successes, std::size_t n, double alpha) {
  if (n == 0 || successes > n || !(alpha > 0 && alpha < 1))
    throw std::invalid_argument("wilson_interval: needs 0 <= successes <= n, n > 0 and 0 < alpha < 1");
  const double z = boost::math::quantile(boost::math::normal(), 1 - alpha / 2);
  const double nn = static_cast<double>(n), p = static_cast<double>(successes) / nn;
  const double centre = (p + z * z / (2 * nn)) / (1 + z * z / nn);
  const double half = z / (1 + z * z / nn) * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn));
  Interval ci;
  ci.n = n;
  ci.mean = p;
  ci.sd = std::sqrt(p * (1 - p));
  ci.low = std::max(0.0, centre - half);
  ci.high = std::min(1.0, centre + half);
  ci.half_width = (ci.high - ci.low) / 2;
  return ci;
}

std::optional<PairedDifference> present_difference(const std::vector<double>& a, const std::vector<double>& b,
                                                   double alpha) {
  std::vector<double> x, y;
  for (std::size_t j = 0; j < a.size() && j < b.size(); ++j)
    if (!std::isnan(a[j]) && !std::isnan(b[j])) {
      x.push_back(a[j]);
      y.push_back(b[j]);
    }
  if (x.empty())
    return std::nullopt;
  PairedDifference d;
  d.ci = paired_interval(x, y, alpha);
  double base = 0;
  for (double v : y)
    base += v;
  base /= static_cast<double>(y.size());
  d.relative = base != 0 ? d.ci.mean / base : std::numeric_limits<double>::quiet_NaN();
  return d;
}

} // namespace satflow::simcore
