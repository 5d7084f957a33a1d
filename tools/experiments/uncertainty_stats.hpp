// The statistics of a nested (second-order) Monte Carlo: M input draws x K replications each, runs
// stored draw-major (run m K + k is replication k of draw m). EXPERIMENTS.md, "Uncertain inputs":
// draw means, their quantiles, the one-way random-effects split of the variance into the inputs'
// (between draws) and the noise's (within), the Wilson interval of a share, and the first-order
// sensitivity index of a KPI to one input from the draws already run (given data, no extra runs).
// NaN marks a missing run (failed, or no value) and is left out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace satflow::tools {

struct Estimate {
  double value = 0, lower = 0, upper = 0; ///< NaN ends when there is no interval
};

struct Quantiles {
  double p05 = 0, p50 = 0, p95 = 0;
};

/// Per draw, the mean of its replications that have a value (NaN when none has).
std::vector<double> draw_means(const std::vector<double>& runs, std::size_t draws, std::size_t replications);

/// The p-quantile (0 <= p <= 1) of the values that are not NaN, interpolated between order statistics
/// (Hyndman and Fan type 7, as R's default); NaN when there are none.
double quantile(const std::vector<double>& xs, double p);
/// The 5%, 50% and 95% quantiles.
Quantiles quantiles(const std::vector<double>& xs);

/// One-way random effects: within = mean over draws of the sample variance of their replications;
/// between = Var(draw means) - within / K, reported as 0 when negative; share = between / (between +
/// within), NaN when both are 0. With K = 1 there is no within estimate: within = 0.
struct VarianceSplit {
  double between = 0, within = 0, input_share = 0;
};
VarianceSplit variance_split(const std::vector<double>& runs, std::size_t draws, std::size_t replications);

/// The share successes / n with its Wilson score interval at 1 - alpha. REQUIRES: n > 0
Estimate wilson_share(std::size_t successes, std::size_t n, double alpha = 0.05);

/// The first-order index S1 = Var(E[y | x]) / Var(y) from paired samples (x_m, y_m), by the binning
/// estimator (the correlation ratio over round(sqrt(M)) bins of equal count of x, as in Strong &
/// Oakley 2013 and Plischke's given-data estimators), bias-corrected as Kelley's epsilon-squared:
/// (SS_between - (B - 1) SS_within / (M - B)) / SS_total, clipped to [0, 1]. Interval: percentile
/// bootstrap over the pairs (`resamples` of them, drawn from streams keyed by `seed`). NaN when y is
/// constant or fewer than 4 pairs have values.
Estimate first_order_index(const std::vector<double>& x, const std::vector<double>& y, std::size_t resamples = 200,
                           std::uint64_t seed = 1, double alpha = 0.05);

} // namespace satflow::tools
