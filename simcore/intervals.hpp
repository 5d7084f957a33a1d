// Confidence intervals for replications and paired comparisons (EXPERIMENTS.md, "Statistics"):
// Student-t intervals on a mean, paired differences under common random numbers, Bonferroni
// adjustment for several comparisons against one baseline, and the sequential stopping rule on
// the relative half-width. Quantiles come from Boost.Math.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <vector>

namespace satflow::simcore {

struct Interval {
  std::size_t n = 0;
  double mean = 0;
  double sd = 0;         ///< sample standard deviation (n - 1)
  double half_width = 0; ///< t(n-1, 1 - alpha/2) * sd / sqrt(n); infinity when n < 2
  /// Bounds of an interval that is not symmetric about the mean (Wilson's); NaN: mean -+ half_width.
  double low = std::numeric_limits<double>::quiet_NaN();
  double high = std::numeric_limits<double>::quiet_NaN();
  double lower() const { return std::isnan(low) ? mean - half_width : low; }
  double upper() const { return std::isnan(high) ? mean + half_width : high; }
  /// Whether the interval excludes 0 (a significant difference, for paired intervals).
  bool excludes_zero() const { return lower() > 0 || upper() < 0; }
};

/// The two-sided Student-t quantile t(dof, 1 - alpha/2). REQUIRES: dof >= 1, 0 < alpha < 1.
double t_quantile(double dof, double alpha);

/// Mean and 1 - alpha confidence interval of independent observations. Throws std::invalid_argument on
/// an empty sample or alpha outside (0, 1).
Interval mean_interval(const std::vector<double>& xs, double alpha = 0.05);

/// The values of xs that are not NaN (NaN marks a run that produced none), in order.
std::vector<double> present_values(const std::vector<double>& xs);
/// mean_interval over the present values; nothing when there are none.
std::optional<Interval> present_interval(const std::vector<double>& xs, double alpha = 0.05);

/// The Wilson score interval of a probability from `successes` of n trials (mean: successes / n; low and
/// high set; half_width: half its width). Good where the t interval is not: few trials, p near 0 or 1.
/// Throws std::invalid_argument when n == 0, successes > n or alpha outside (0, 1).
Interval wilson_interval(std::size_t successes, std::size_t n, double alpha = 0.05);

/// Interval on mean(a_j - b_j): replication j of both used the same random numbers.
/// Throws std::invalid_argument when the sizes differ.
Interval paired_interval(const std::vector<double>& a, const std::vector<double>& b, double alpha = 0.05);

/// A paired difference mean(a_j - b_j) with its interval, and relative to b's mean (NaN when that is 0).
struct PairedDifference {
  Interval ci;
  double relative = 0;
};
/// paired_interval over the replications j where both a_j and b_j are present (not NaN); nothing when
/// there is none. The one rule for a difference against a baseline or a reference point.
std::optional<PairedDifference> present_difference(const std::vector<double>& a, const std::vector<double>& b,
                                                   double alpha = 0.05);

/// The per-comparison alpha for `comparisons` intervals with family-wise error alpha (Bonferroni).
double bonferroni_alpha(double alpha, std::size_t comparisons);

/// The sequential rule: enough replications when half_width / |mean| <= gamma / (1 + gamma).
/// False for n < 2 or a zero mean.
bool precise_enough(const Interval& ci, double gamma);

} // namespace satflow::simcore
