// Selecting the best of k compared variants on one KPI: the screening subset of Nelson, Swann,
// Goldsman and Song (2001), "Simple procedures for selecting the best simulated system when the
// number of alternatives is large", in its common-random-numbers form. Variant i is kept unless
// some l beats it by more than the noise allows: with Z = X_i - X_l over the paired replications,
// i is dropped when mean(Z) > max(0, t * s_Z / sqrt(n) - delta) (smaller is better; mirrored when
// larger is better), with t the Student quantile at 1 - alpha / (k - 1) (Bonferroni over the k - 1
// comparisons). The subset holds the best with probability at least 1 - alpha. An indifference zone
// delta > 0 sharpens it: differences under delta are taken as not mattering, so the subset is smaller
// and holds the best with that probability whenever the best is at least delta better than the rest.
#pragma once

#include <cstddef>
#include <vector>

namespace satflow::tools {

struct Selection {
  std::vector<std::size_t> kept;    ///< the subset, in variant order
  std::vector<std::size_t> dropped; ///< the others
  std::size_t replications = 0;     ///< paired replications used (those where every variant has a value)
};

/// values[variant][replication] (NaN where a run failed: that replication is left out for all).
/// REQUIRES: 0 < alpha < 1, indifference >= 0.
Selection screen_best(const std::vector<std::vector<double>>& values, bool larger_is_better, double alpha,
                      double indifference);

} // namespace satflow::tools
