#include "tools/experiments/abc_smc.hpp"

#include "simcore/distributions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

namespace satflow::tools {
namespace {

using configs::Prior;
using configs::PriorKind;
constexpr double kInf = std::numeric_limits<double>::infinity();
// Draws per generation that estimate each particle's kernel share inside the box: the weights' error
// from it is about 1/sqrt(kTruncationDraws) of the share, far below the Monte Carlo error of a population.
constexpr std::size_t kTruncationDraws = 512;
constexpr int kMaxTries = 10000;

// A discrete parameter's kernel: stay with probability 1/2, else move to the next value below or above
// (1/4 each); a move past the first or last value falls outside the box and is drawn again.
constexpr double kStay = 0.5, kStep = 0.25;

/// The index of x among a discrete prior's values, or -1.
long value_index(const std::vector<double>& values, double x) {
  const auto it = std::lower_bound(values.begin(), values.end(), x);
  return it != values.end() && *it == x ? static_cast<long>(it - values.begin()) : -1;
}

double phi(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi); }
double big_phi(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

simcore::Distribution as_distribution(const Prior& p) {
  const auto& a = p.args;
  switch (p.kind) {
  case PriorKind::uniform:
    return simcore::Distribution::uniform(a[0], a[1]);
  case PriorKind::normal:
    return simcore::Distribution::normal(a[0], a[1], p.lower(), p.upper());
  case PriorKind::lognormal:
    return simcore::Distribution::lognormal(a[0], a[1]);
  case PriorKind::triangular:
    return simcore::Distribution::triangular(a[0], a[1], a[2]);
  case PriorKind::discrete:
    break; // prior_quantile picks its value itself
  }
  throw std::invalid_argument("unknown prior kind");
}

double standard_normal(simcore::Stream& s) {
  static const simcore::Distribution n01 = simcore::Distribution::normal(0, 1);
  return n01.sample(s);
}

bool inside(const std::vector<Prior>& priors, const Point& x) {
  for (std::size_t i = 0; i < priors.size(); ++i)
    if (!(x[i] >= priors[i].lower() && x[i] <= priors[i].upper()))
      return false;
  return true;
}

/// Cholesky factor of a symmetric positive semi-definite matrix; a dimension without spread gets a
/// small one (a population that agrees on a value must still be able to move).
std::vector<double> cholesky(std::vector<double> a, std::size_t d) {
  for (std::size_t i = 0; i < d; ++i)
    if (!(a[i * d + i] > 0))
      a[i * d + i] = 1e-12;
  std::vector<double> l(d * d, 0.0);
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t j = 0; j <= i; ++j) {
      double sum = a[i * d + j];
      for (std::size_t k = 0; k < j; ++k)
        sum -= l[i * d + k] * l[j * d + k];
      if (i == j)
        l[i * d + i] = std::sqrt(std::max(sum, a[i * d + i] * 1e-9));
      else
        l[i * d + j] = sum / l[j * d + j];
    }
  return l;
}

} // namespace

double prior_density(const Prior& p, double x) {
  if (!(x >= p.lower() && x <= p.upper()))
    return 0;
  const auto& a = p.args;
  switch (p.kind) {
  case PriorKind::uniform:
    return 1 / (a[1] - a[0]);
  case PriorKind::normal: {
    const double mass = big_phi((p.upper() - a[0]) / a[1]) - big_phi((p.lower() - a[0]) / a[1]);
    return phi((x - a[0]) / a[1]) / a[1] / mass;
  }
  case PriorKind::lognormal: {
    if (x <= 0)
      return 0;
    const double s2 = std::log(1 + a[1] * a[1] / (a[0] * a[0]));
    const double mu = std::log(a[0]) - s2 / 2;
    return phi((std::log(x) - mu) / std::sqrt(s2)) / (x * std::sqrt(s2));
  }
  case PriorKind::triangular: {
    const double lo = a[0], mode = a[1], hi = a[2];
    if (x < mode)
      return 2 * (x - lo) / ((hi - lo) * (mode - lo));
    return x == mode ? 2 / (hi - lo) : 2 * (hi - x) / ((hi - lo) * (hi - mode));
  }
  case PriorKind::discrete:
    return value_index(a, x) >= 0 ? 1 / static_cast<double>(a.size()) : 0;
  }
  return 0;
}

double prior_quantile(const Prior& prior, double u) {
  if (prior.kind == PriorKind::discrete) {
    const auto n = prior.args.size();
    return prior.args[std::min(n - 1, static_cast<std::size_t>(u * static_cast<double>(n)))];
  }
  return as_distribution(prior).inverse_cdf(u);
}

double joint_prior_density(const std::vector<Prior>& priors, const Point& x) {
  double density = 1;
  for (std::size_t i = 0; i < priors.size(); ++i)
    density *= prior_density(priors[i], x[i]);
  return density;
}

std::vector<double> weighted_covariance(const std::vector<Particle>& population) {
  const std::size_t d = population.front().theta.size();
  double total = 0;
  Point mean(d, 0.0);
  for (const auto& p : population) {
    total += p.weight;
    for (std::size_t i = 0; i < d; ++i)
      mean[i] += p.weight * p.theta[i];
  }
  for (auto& m : mean)
    m /= total;
  std::vector<double> cov(d * d, 0.0);
  for (const auto& p : population)
    for (std::size_t i = 0; i < d; ++i)
      for (std::size_t j = 0; j < d; ++j)
        cov[i * d + j] += p.weight * (p.theta[i] - mean[i]) * (p.theta[j] - mean[j]) / total;
  return cov;
}

Kernel::Kernel(const std::vector<Particle>& population, const std::vector<Prior>& priors, std::uint64_t key) {
  if (population.empty())
    throw std::invalid_argument("Kernel: empty population");
  d_ = population.front().theta.size();
  std::vector<double> cov = weighted_covariance(population);
  for (auto& c : cov)
    c *= 2;
  values_.assign(d_, {});
  for (std::size_t i = 0; i < d_ && i < priors.size(); ++i)
    if (priors[i].kind == PriorKind::discrete) { // out of the Gaussian: an identity row and column, unused
      values_[i] = priors[i].args;
      for (std::size_t k = 0; k < d_; ++k)
        cov[i * d_ + k] = cov[k * d_ + i] = i == k ? 1 : 0;
    }
  lower_ = cholesky(cov, d_);
  for (const auto& p : population)
    centers_.push_back(p.theta);
  const bool bounded = std::any_of(priors.begin(), priors.end(),
                                   [](const Prior& p) { return std::isfinite(p.lower()) || std::isfinite(p.upper()); });
  inside_.assign(centers_.size(), 1.0);
  if (!bounded)
    return;
  // The same standard normal draws for every particle: the shares differ only by where each sits.
  simcore::Stream s(key);
  std::vector<Point> offsets(kTruncationDraws, Point(d_, 0.0));
  for (auto& offset : offsets) {
    Point z(d_);
    for (auto& v : z)
      v = standard_normal(s);
    for (std::size_t i = 0; i < d_; ++i)
      for (std::size_t k = 0; k <= i; ++k)
        offset[i] += values_[i].empty() ? lower_[i * d_ + k] * z[k] : 0;
  }
  for (std::size_t j = 0; j < centers_.size(); ++j) {
    // A discrete parameter's share is exact: a move past its first or last value is outside.
    double discrete_share = 1;
    for (std::size_t i = 0; i < d_; ++i)
      if (const auto& v = values_[i]; !v.empty()) {
        const long at = value_index(v, centers_[j][i]);
        discrete_share *= 1 - kStep * ((at <= 0) + (at < 0 || at + 1 >= static_cast<long>(v.size())));
      }
    std::size_t in = 0;
    Point x(d_);
    for (const auto& offset : offsets) {
      for (std::size_t i = 0; i < d_; ++i)
        x[i] = centers_[j][i] + offset[i];
      in += inside(priors, x);
    }
    // At least one draw's worth: a particle on the box's edge keeps a finite kernel.
    inside_[j] = discrete_share * static_cast<double>(std::max<std::size_t>(in, 1)) / kTruncationDraws;
  }
}

Point Kernel::perturb(const Point& center, simcore::Stream& s) const {
  Point z(d_);
  for (auto& v : z)
    v = standard_normal(s);
  Point x = center;
  for (std::size_t i = 0; i < d_; ++i) {
    if (const auto& v = values_[i]; !v.empty()) {
      const double u = s.uniform01();
      const long at = value_index(v, center[i]) + (u < kStay ? 0 : u < kStay + kStep ? -1 : 1);
      x[i] = at < 0                              ? v.front() - 1
             : at >= static_cast<long>(v.size()) ? v.back() + 1
                                                 : v[static_cast<std::size_t>(at)];
      continue;
    }
    for (std::size_t k = 0; k <= i; ++k)
      x[i] += lower_[i * d_ + k] * z[k];
  }
  return x;
}

double Kernel::density(const Point& x, std::size_t j) const {
  // z = L^-1 (x - center) by forward substitution; the density is exp(-|z|^2 / 2) up to a constant.
  Point z(d_);
  double q = 0, factor = 1;
  for (std::size_t i = 0; i < d_; ++i) {
    double r = x[i] - centers_[j][i];
    for (std::size_t k = 0; k < i; ++k)
      r -= lower_[i * d_ + k] * z[k];
    z[i] = r / lower_[i * d_ + i];
    if (const auto& v = values_[i]; !v.empty()) { // z[i] enters no other row: its column is zero
      const long gap = std::labs(value_index(v, x[i]) - value_index(v, centers_[j][i]));
      factor *= value_index(v, x[i]) < 0 ? 0 : gap == 0 ? kStay : gap == 1 ? kStep : 0;
      continue;
    }
    q += z[i] * z[i];
  }
  return factor * std::exp(-0.5 * q) / inside_[j];
}

std::optional<Point> propose(const std::vector<Prior>& priors, const std::vector<Particle>& previous,
                             const Kernel* kernel, simcore::Stream& s) {
  for (int attempt = 0; attempt < kMaxTries; ++attempt) {
    if (previous.empty() || !kernel) {
      Point x;
      for (const auto& p : priors)
        x.push_back(prior_quantile(p, s.uniform01()));
      return x;
    }
    const double u = s.uniform01();
    double cumulative = 0;
    std::size_t j = previous.size() - 1;
    for (std::size_t i = 0; i < previous.size(); ++i)
      if ((cumulative += previous[i].weight) > u) {
        j = i;
        break;
      }
    Point x = kernel->perturb(previous[j].theta, s);
    if (inside(priors, x) && joint_prior_density(priors, x) > 0)
      return x;
  }
  return std::nullopt;
}

double particle_weight(const std::vector<Prior>& priors, const Point& theta, const std::vector<Particle>& previous,
                       const Kernel* kernel) {
  if (previous.empty() || !kernel)
    return 1;
  double mixture = 0;
  for (std::size_t j = 0; j < previous.size(); ++j)
    mixture += previous[j].weight * kernel->density(theta, j);
  return mixture > 0 ? joint_prior_density(priors, theta) / mixture : 0;
}

void normalise_weights(std::vector<Particle>& population) {
  double total = 0;
  for (const auto& p : population)
    total += p.weight;
  if (!(total > 0))
    throw std::invalid_argument("normalise_weights: weights sum to zero");
  for (auto& p : population)
    p.weight /= total;
}

double effective_sample_size(const std::vector<Particle>& population) {
  double sum = 0, squares = 0;
  for (const auto& p : population) {
    sum += p.weight;
    squares += p.weight * p.weight;
  }
  return squares > 0 ? sum * sum / squares : 0;
}

double next_threshold(const std::vector<Particle>& population, double q) {
  std::vector<double> d;
  for (const auto& p : population)
    d.push_back(p.distance);
  std::sort(d.begin(), d.end());
  const double h = static_cast<double>(d.size() - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, d.size() - 1);
  return d[lo] + (h - static_cast<double>(lo)) * (d[hi] - d[lo]);
}

double abc_distance(const std::vector<models::Observation>& observations, const std::vector<bool>& fitted,
                    const std::vector<ObservedRun>& runs, double censored_sd_s) {
  if (runs.empty())
    return kInf;
  const auto n = static_cast<double>(runs.size());
  double sum = 0;
  for (std::size_t i = 0; i < observations.size(); ++i) {
    if (!fitted[i])
      continue;
    const models::Observation& o = observations[i];
    if (!o.censored()) {
      double mean = 0;
      for (const auto& run : runs)
        mean += run.dates_s[i].value_or(run.end_s) / n;
      sum += std::pow((mean - *o.date_s) / o.sd_s, 2);
      continue;
    }
    const double sd = o.sd_s > 0 ? o.sd_s : censored_sd_s;
    for (const auto& run : runs) {
      if (!models::violates_bound(o, run.dates_s[i], run.end_s))
        continue;
      const double sim = run.dates_s[i].value_or(run.end_s);
      const double bound = o.not_before_s && sim < *o.not_before_s ? *o.not_before_s : o.not_after_s.value_or(sim);
      sum += std::pow((bound - sim) / sd, 2) / n;
    }
  }
  return std::sqrt(sum);
}

simcore::Stream proposal_stream(std::uint64_t seed, std::uint64_t generation, std::uint64_t index) {
  return simcore::Stream(simcore::mix64(seed + simcore::kGoldenGamma)).derive(generation).derive(index);
}

} // namespace satflow::tools
