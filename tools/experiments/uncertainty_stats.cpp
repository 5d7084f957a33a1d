#include "tools/experiments/uncertainty_stats.hpp"

#include "simcore/intervals.hpp"
#include "simcore/random_streams.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace satflow::tools {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The correlation-ratio estimate for the pairs in x order, each pair counted weight[i] times.
/// `order` sorts x ascending; bins cut the weighted sequence into B runs of (nearly) equal count.
double binned_index(const std::vector<std::size_t>& order, const std::vector<double>& y,
                    const std::vector<std::size_t>& weight) {
  const std::size_t n = std::accumulate(weight.begin(), weight.end(), std::size_t{0});
  if (n < 4)
    return kNaN;
  const auto bins = std::max<std::size_t>(2, static_cast<std::size_t>(std::lround(std::sqrt(static_cast<double>(n)))));
  double total = 0;
  for (std::size_t i : order)
    total += static_cast<double>(weight[i]) * y[i];
  const double mean = total / static_cast<double>(n);
  double ss_total = 0, ss_between = 0;
  std::size_t seen = 0, bin = 0, in_bin = 0;
  double bin_sum = 0;
  auto close_bin = [&] {
    if (in_bin > 0) {
      const double d = bin_sum / static_cast<double>(in_bin) - mean;
      ss_between += static_cast<double>(in_bin) * d * d;
    }
    bin_sum = 0;
    in_bin = 0;
  };
  for (std::size_t i : order)
    for (std::size_t c = 0; c < weight[i]; ++c) {
      // Pair number `seen` belongs to bin floor(seen B / n): equal counts within one.
      const std::size_t b = seen * bins / n;
      if (b != bin) {
        close_bin();
        bin = b;
      }
      bin_sum += y[i];
      ++in_bin;
      ++seen;
      ss_total += (y[i] - mean) * (y[i] - mean);
    }
  close_bin();
  if (!(ss_total > 0))
    return kNaN;
  const double ss_within = ss_total - ss_between;
  const double b = static_cast<double>(bins);
  const double corrected = (ss_between - (b - 1) * ss_within / (static_cast<double>(n) - b)) / ss_total;
  return std::clamp(corrected, 0.0, 1.0);
}

} // namespace

std::vector<double> draw_means(const std::vector<double>& runs, std::size_t draws, std::size_t replications) {
  std::vector<double> means(draws, kNaN);
  for (std::size_t m = 0; m < draws; ++m) {
    double sum = 0;
    std::size_t n = 0;
    for (std::size_t k = 0; k < replications; ++k)
      if (const double v = runs[m * replications + k]; !std::isnan(v)) {
        sum += v;
        ++n;
      }
    if (n > 0)
      means[m] = sum / static_cast<double>(n);
  }
  return means;
}

double quantile(const std::vector<double>& xs, double p) {
  std::vector<double> v = simcore::present_values(xs);
  if (v.empty())
    return kNaN;
  std::sort(v.begin(), v.end());
  const double h = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

Quantiles quantiles(const std::vector<double>& xs) {
  return {quantile(xs, 0.05), quantile(xs, 0.5), quantile(xs, 0.95)};
}

VarianceSplit variance_split(const std::vector<double>& runs, std::size_t draws, std::size_t replications) {
  double within_sum = 0;
  std::size_t within_n = 0;
  for (std::size_t m = 0; m < draws; ++m) {
    const std::vector<double> one(runs.begin() + static_cast<std::ptrdiff_t>(m * replications),
                                  runs.begin() + static_cast<std::ptrdiff_t>((m + 1) * replications));
    const std::vector<double> present = simcore::present_values(one);
    if (present.size() < 2)
      continue;
    within_sum += std::pow(simcore::mean_interval(present).sd, 2);
    ++within_n;
  }
  VarianceSplit s;
  s.within = within_n ? within_sum / static_cast<double>(within_n) : 0;
  const std::vector<double> means = simcore::present_values(draw_means(runs, draws, replications));
  const double var_means = means.size() > 1 ? std::pow(simcore::mean_interval(means).sd, 2) : 0;
  s.between = std::max(0.0, var_means - s.within / static_cast<double>(replications));
  s.input_share = s.between + s.within > 0 ? s.between / (s.between + s.within) : kNaN;
  return s;
}

Estimate wilson_share(std::size_t successes, std::size_t n, double alpha) {
  const double z = simcore::t_quantile(1e9, alpha); // the normal quantile (t with infinite dof)
  const double nn = static_cast<double>(n), p = static_cast<double>(successes) / nn;
  const double centre = (p + z * z / (2 * nn)) / (1 + z * z / nn);
  const double half = z / (1 + z * z / nn) * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn));
  // At 0 or n the interval's end is exactly the share (rounding would leave 1e-17).
  return {p, successes == 0 ? 0.0 : std::max(0.0, centre - half), successes == n ? 1.0 : std::min(1.0, centre + half)};
}

Estimate first_order_index(const std::vector<double>& x, const std::vector<double>& y, std::size_t resamples,
                           std::uint64_t seed, double alpha) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!std::isnan(x[i]) && !std::isnan(y[i]))
      order.push_back(i);
  // Ties in x keep the draw order, so the bins (and the index) do not depend on the sort's whims.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<std::size_t> weight(x.size(), 0);
  for (std::size_t i : order)
    weight[i] = 1;
  const double value = binned_index(order, y, weight);
  if (std::isnan(value))
    return {kNaN, kNaN, kNaN};
  // A bootstrap sample is a multiplicity per pair: walking the pairs in x order with their
  // multiplicities is the sorted resample, without sorting again.
  simcore::Stream stream = simcore::RandomStreams(seed, 0).stream("bootstrap");
  std::vector<double> boot;
  for (std::size_t r = 0; r < resamples; ++r) {
    std::fill(weight.begin(), weight.end(), 0);
    for (std::size_t j = 0; j < order.size(); ++j)
      ++weight[order[static_cast<std::size_t>(stream.uniform01() * static_cast<double>(order.size()))]];
    boot.push_back(binned_index(order, y, weight));
  }
  return {value, quantile(boot, alpha / 2), quantile(boot, 1 - alpha / 2)};
}

} // namespace satflow::tools
