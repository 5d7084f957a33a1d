#include "tools/experiments/selection.hpp"

#include "simcore/intervals.hpp"

#include <algorithm>
#include <cmath>

namespace satflow::tools {

Selection screen_best(const std::vector<std::vector<double>>& values, bool larger_is_better, double alpha,
                      double indifference) {
  const std::size_t k = values.size();
  Selection s;
  std::size_t n = values.empty() ? 0 : values[0].size();
  for (const auto& v : values)
    n = std::min(n, v.size());
  std::vector<std::size_t> reps; // replications where every variant has a value: the pairs stay paired
  for (std::size_t j = 0; j < n; ++j)
    if (std::all_of(values.begin(), values.end(), [j](const auto& v) { return !std::isnan(v[j]); }))
      reps.push_back(j);
  s.replications = reps.size();
  const double sign = larger_is_better ? -1 : 1; // screen on "smaller is better"
  for (std::size_t i = 0; i < k; ++i) {
    bool keep = true;
    for (std::size_t l = 0; l < k && keep && reps.size() >= 2; ++l) {
      if (l == i)
        continue;
      std::vector<double> a, b;
      for (std::size_t j : reps) {
        a.push_back(sign * values[i][j]);
        b.push_back(sign * values[l][j]);
      }
      // paired_interval is two-sided at alpha': its half-width is t(1 - alpha'/2) s/sqrt(n); the
      // screening uses the one-sided t(1 - alpha/(k-1)), hence alpha' = 2 alpha/(k-1).
      const simcore::Interval z = simcore::paired_interval(a, b, simcore::bonferroni_alpha(alpha, k - 1) * 2);
      const double w = std::isfinite(z.half_width) ? z.half_width : 0;
      if (z.mean > std::max(0.0, w - indifference))
        keep = false;
    }
    (keep ? s.kept : s.dropped).push_back(i);
  }
  return s;
}

} // namespace satflow::tools
