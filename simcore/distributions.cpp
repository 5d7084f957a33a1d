#include "simcore/distributions.hpp"

#include "simcore/units.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <numbers>
#include <numeric>
#include <stdexcept>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/beta.hpp>

namespace satflow::simcore {
namespace {

namespace bm = boost::math;

// Compute in double rather than Boost's default long double: long double is 80, 128 or 64 bits
// depending on the platform, which would make pinned samples platform-dependent.
using Policy = bm::policies::policy<bm::policies::promote_double<false>>;
using StandardNormal = bm::normal_distribution<double, Policy>;

template <class... Fs> struct Overloaded : Fs... { using Fs::operator()...; };
template <class... Fs> Overloaded(Fs...) -> Overloaded<Fs...>;

// Probabilities handed to a quantile function stay inside [DBL_MIN, 1 - 2^-53]: u = 0 (one draw
// in 2^53) must not turn into an infinite sample.
double clamp_probability(double p) { return std::clamp(p, std::numeric_limits<double>::min(), 1.0 - 0x1.0p-53); }

double standard_normal_pdf(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2 * std::numbers::pi); }

std::string number(double x) { return format_number(x); }

void require(bool ok, const std::string& message) {
  if (!ok)
    throw std::invalid_argument(message);
}

void require_finite(double x, const char* what, const std::string& kind) {
  require(std::isfinite(x), kind + ": " + what + " must be finite, got " + number(x));
}

void require_ordered(double lo, double mode, double hi, const std::string& kind) {
  require_finite(lo, "lo", kind);
  require_finite(mode, "mode", kind);
  require_finite(hi, "hi", kind);
  require(lo <= hi, kind + ": need lo <= hi, got lo=" + number(lo) + " hi=" + number(hi));
  require(lo <= mode && mode <= hi,
          kind + ": mode " + number(mode) + " is outside [" + number(lo) + ", " + number(hi) + "]");
}

} // namespace

Distribution Distribution::fixed(double value) {
  require_finite(value, "value", "fixed");
  return Distribution(Fixed{value});
}

Distribution Distribution::uniform(double lo, double hi) {
  require_ordered(lo, lo, hi, "uniform");
  return Distribution(Uniform{lo, hi});
}

Distribution Distribution::triangular(double lo, double mode, double hi) {
  require_ordered(lo, mode, hi, "triangular");
  return Distribution(Triangular{lo, mode, hi});
}

struct Distribution::BetaTable {
  static constexpr int kCells = 128;
  static constexpr int kExactCells = 1; // at each end, where the inverse's slope is infinite: exact inverse
  static constexpr int kTailCells = 8;  // at each end, where the interpolation is poorer: two Newton steps
  double alpha, beta, log_beta_fn;
  std::array<double, kCells + 1> x;     // inverse CDF at i / kCells
  std::array<double, kCells + 1> slope; // dx/du = 1 / pdf(x), interior knots only

  double pdf(double v) const { return std::exp((alpha - 1) * std::log(v) + (beta - 1) * std::log1p(-v) - log_beta_fn); }
};

std::shared_ptr<const Distribution::BetaTable> Distribution::beta_table(double alpha, double beta) {
  static std::map<std::pair<double, double>, std::shared_ptr<const BetaTable>> cache;
  auto& entry = cache[{alpha, beta}];
  if (!entry) {
    auto t = std::make_shared<BetaTable>();
    t->alpha = alpha;
    t->beta = beta;
    t->log_beta_fn = std::lgamma(alpha) + std::lgamma(beta) - std::lgamma(alpha + beta);
    constexpr int n = BetaTable::kCells;
    for (int i = 0; i <= n; ++i) {
      t->x[i] = i == 0 ? 0.0 : i == n ? 1.0 : bm::ibeta_inv(alpha, beta, static_cast<double>(i) / n, Policy());
      t->slope[i] = (i == 0 || i == n) ? 0.0 : 1 / t->pdf(t->x[i]);
    }
    entry = std::move(t);
  }
  return entry;
}

Distribution Distribution::pert(double lo, double mode, double hi) {
  require_ordered(lo, mode, hi, "pert");
  if (hi == lo)
    return Distribution(Pert{lo, mode, hi, 0, 0, nullptr}); // degenerate: at() returns lo
  const double alpha = 1 + 4 * (mode - lo) / (hi - lo);
  const double beta = 1 + 4 * (hi - mode) / (hi - lo);
  return Distribution(Pert{lo, mode, hi, alpha, beta, beta_table(alpha, beta)});
}

Distribution Distribution::exponential(double mean) {
  require(std::isfinite(mean) && mean > 0, "exponential: mean must be finite and > 0, got " + number(mean));
  return Distribution(Exponential{mean});
}

Distribution Distribution::normal(double mean, double sd, double lo, double hi) {
  require_finite(mean, "mean", "normal");
  require(std::isfinite(sd) && sd >= 0, "normal: sd must be finite and >= 0, got " + number(sd));
  require(!std::isnan(lo) && !std::isnan(hi) && lo < hi,
          "normal: truncation needs lo < hi, got lo=" + number(lo) + " hi=" + number(hi));
  if (sd == 0) {
    require(lo <= mean && mean <= hi,
            "normal: sd is 0 and mean " + number(mean) + " is outside [" + number(lo) + ", " + number(hi) + "]");
    return Distribution(Normal{mean, sd, lo, hi, false, 0, 1, mean});
  }
  const StandardNormal n01;
  const double a = (lo - mean) / sd;
  const double b = (hi - mean) / sd;
  // Above the mean, cdf values round to 1 and lose all precision; survival probabilities do not.
  const bool upper_tail = lo > mean;
  const double p_lo = upper_tail ? bm::cdf(bm::complement(n01, a)) : bm::cdf(n01, a);
  const double p_hi = upper_tail ? bm::cdf(bm::complement(n01, b)) : bm::cdf(n01, b);
  const double mass = upper_tail ? p_lo - p_hi : p_hi - p_lo;
  require(mass > 0, "normal: [" + number(lo) + ", " + number(hi) + "] has negligible probability under normal(" +
                        number(mean) + ", " + number(sd) + ")");
  const double truncated_mean = mean + sd * (standard_normal_pdf(a) - standard_normal_pdf(b)) / mass;
  return Distribution(Normal{mean, sd, lo, hi, upper_tail, p_lo, p_hi, std::clamp(truncated_mean, lo, hi)});
}

Distribution Distribution::lognormal(double mean, double sd) {
  require(std::isfinite(mean) && mean > 0, "lognormal: mean must be finite and > 0, got " + number(mean));
  require(std::isfinite(sd) && sd >= 0, "lognormal: sd must be finite and >= 0, got " + number(sd));
  const double ratio = sd / mean;
  const double sigma2 = std::log1p(ratio * ratio);
  return Distribution(Lognormal{mean, sd, std::log(mean) - sigma2 / 2, std::sqrt(sigma2)});
}

Distribution Distribution::empirical(std::vector<double> values, std::vector<double> weights) {
  require(!values.empty(), "empirical: no values");
  require(values.size() == weights.size(),
          "empirical: " + std::to_string(values.size()) + " values but " + std::to_string(weights.size()) + " weights");
  double total = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    require(std::isfinite(values[i]), "empirical: value " + number(values[i]) + " is not finite");
    require(std::isfinite(weights[i]) && weights[i] >= 0,
            "empirical: weight " + number(weights[i]) + " must be finite and >= 0");
    total += weights[i];
  }
  require(total > 0 && std::isfinite(total), "empirical: weights must not all be zero");

  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return values[i] < values[j]; });
  Empirical e;
  double cumulative = 0;
  std::size_t last_positive = 0;
  for (const std::size_t i : order) {
    if (weights[i] > 0)
      last_positive = e.values.size();
    e.values.push_back(values[i]);
    e.probabilities.push_back(weights[i] / total);
    cumulative += weights[i];
    e.cdf.push_back(cumulative / total);
  }
  // Rounding could leave the cdf just below 1 and let u select a trailing zero-weight value.
  std::fill(e.cdf.begin() + static_cast<std::ptrdiff_t>(last_positive), e.cdf.end(), 1.0);
  return Distribution(std::move(e));
}

double Distribution::Pert::at(double u) const {
  if (hi == lo)
    return lo;
  // ibeta_inv costs ~3 us a draw. Instead: a cubic Hermite interpolation of the tabulated inverse
  // (error ~1e-6), polished by Newton steps on the CDF, lands within ~1e-10 of ibeta_inv at a tenth of
  // the cost. The CDF at x is taken from the nearer knot, whose probability j/n is exact, plus the
  // integral of the density over the short, smooth stretch between them (5-point Gauss-Legendre: exact
  // to rounding there). The outermost cells, where the inverse's slope is infinite, use ibeta_inv;
  // their neighbours, where the interpolation is poorer, take a second Newton step.
  constexpr int n = BetaTable::kCells;
  const double pos = u * n;
  const int k = static_cast<int>(pos);
  if (k < BetaTable::kExactCells || k >= n - BetaTable::kExactCells)
    return std::min(hi, lo + (hi - lo) * bm::ibeta_inv(alpha, beta, u, Policy()));
  const BetaTable& t = *table;
  const double s = pos - k, s2 = s * s, s3 = s2 * s, h = 1.0 / n;
  double x = (2 * s3 - 3 * s2 + 1) * t.x[k] + (s3 - 2 * s2 + s) * h * t.slope[k] + (3 * s2 - 2 * s3) * t.x[k + 1] +
             (s3 - s2) * h * t.slope[k + 1];
  const int j = s < 0.5 ? k : k + 1;
  const int steps = (k < BetaTable::kTailCells || k >= n - BetaTable::kTailCells) ? 2 : 1;
  for (int step = 0; step < steps; ++step) {
    const double from = t.x[j], half = 0.5 * (x - from), mid = from + half;
    static constexpr std::array<double, 3> node = {0.0, 0.5384693101056831, 0.9061798459386640};
    static constexpr std::array<double, 3> weight = {0.5688888888888889, 0.4786286704993665, 0.2369268850561891};
    double integral = weight[0] * t.pdf(mid);
    for (int i = 1; i < 3; ++i)
      integral += weight[i] * (t.pdf(mid - half * node[i]) + t.pdf(mid + half * node[i]));
    const double cdf = static_cast<double>(j) / n + half * integral;
    x = std::clamp(x - (cdf - u) / t.pdf(x), t.x[k], t.x[k + 1]); // the inverse stays inside its cell
  }
  return std::min(hi, lo + (hi - lo) * x);
}

double Distribution::Normal::at(double u) const {
  if (sd == 0)
    return mean;
  const StandardNormal n01;
  double z = 0;
  if (upper_tail) {
    // Survival probability falls from p_lo to p_hi as u rises, so samples still increase with u.
    z = bm::quantile(bm::complement(n01, clamp_probability(p_lo - u * (p_lo - p_hi))));
  } else {
    z = bm::quantile(n01, clamp_probability(p_lo + u * (p_hi - p_lo)));
  }
  return std::clamp(mean + sd * z, lo, hi); // rounding must not leave [lo, hi]
}

double Distribution::Lognormal::at(double u) const {
  if (sigma == 0)
    return mean;
  return std::exp(mu + sigma * bm::quantile(StandardNormal(), clamp_probability(u)));
}

double Distribution::Empirical::at(double u) const {
  // First value whose cdf exceeds u; zero-weight values share their predecessor's cdf and are skipped.
  const auto it = std::upper_bound(cdf.begin(), cdf.end(), u);
  const auto index = std::min(static_cast<std::size_t>(it - cdf.begin()), values.size() - 1);
  return values[index];
}

Distribution Distribution::mixture(std::vector<Distribution> parts, std::vector<double> weights) {
  require(!parts.empty(), "mixture: no parts");
  require(parts.size() == weights.size(),
          "mixture: " + std::to_string(parts.size()) + " parts but " + std::to_string(weights.size()) + " weights");
  double total = 0;
  for (double w : weights) {
    require(std::isfinite(w) && w >= 0, "mixture: weight " + number(w) + " must be finite and >= 0");
    total += w;
  }
  require(total > 0, "mixture: weights must not all be zero");
  Mixture m;
  double cumulative = 0;
  for (double w : weights) {
    cumulative += w / total;
    m.cdf.push_back(cumulative);
  }
  m.cdf.back() = 1;
  m.parts = std::move(parts);
  return Distribution(std::move(m));
}

double Distribution::Mixture::at(double u) const {
  std::size_t k = 0;
  while (k + 1 < cdf.size() && u >= cdf[k])
    ++k;
  const double lo = k == 0 ? 0.0 : cdf[k - 1];
  const double share = cdf[k] - lo;
  // Rescale u into [0, 1) within the chosen component; guard the top against rounding to 1.
  const double v = std::min((u - lo) / share, std::nextafter(1.0, 0.0));
  return parts[k].inverse_cdf(v);
}

double Distribution::mean() const {
  return std::visit(Overloaded{
                        [](const Fixed& k) { return k.value; },
                        [](const Uniform& k) { return (k.lo + k.hi) / 2; },
                        [](const Triangular& k) { return (k.lo + k.mode + k.hi) / 3; },
                        [](const Pert& k) { return (k.lo + 4 * k.mode + k.hi) / 6; },
                        [](const Exponential& k) { return k.mean; },
                        [](const Normal& k) { return k.truncated_mean; },
                        [](const Lognormal& k) { return k.mean; },
                        [](const Empirical& k) {
                          double m = 0;
                          for (std::size_t i = 0; i < k.values.size(); ++i)
                            m += k.probabilities[i] * k.values[i];
                          return m;
                        },
                        [](const Mixture& k) {
                          double m = 0;
                          for (std::size_t i = 0; i < k.parts.size(); ++i)
                            m += (k.cdf[i] - (i ? k.cdf[i - 1] : 0.0)) * k.parts[i].mean();
                          return m;
                        },
                    },
                    kind_);
}

double Distribution::lower_bound() const {
  return std::visit(Overloaded{
                        [](const Fixed& k) { return k.value; },
                        [](const Uniform& k) { return k.lo; },
                        [](const Triangular& k) { return k.lo; },
                        [](const Pert& k) { return k.lo; },
                        [](const Exponential&) { return 0.0; },
                        [](const Normal& k) { return k.sd == 0 ? k.mean : k.lo; },
                        [](const Lognormal& k) { return k.sigma == 0 ? k.mean : 0.0; },
                        [](const Empirical& k) {
                          std::size_t i = 0;
                          while (k.probabilities[i] == 0)
                            ++i; // some weight is positive
                          return k.values[i];
                        },
                        [](const Mixture& k) {
                          double lo = std::numeric_limits<double>::infinity();
                          for (std::size_t i = 0; i < k.parts.size(); ++i)
                            if (k.cdf[i] > (i ? k.cdf[i - 1] : 0.0))
                              lo = std::min(lo, k.parts[i].lower_bound());
                          return lo;
                        },
                    },
                    kind_);
}

double Distribution::upper_bound() const {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  return std::visit(Overloaded{
                        [](const Fixed& k) { return k.value; },
                        [](const Uniform& k) { return k.hi; },
                        [](const Triangular& k) { return k.hi; },
                        [](const Pert& k) { return k.hi; },
                        [](const Exponential&) { return kInf; },
                        [](const Normal& k) { return k.sd == 0 ? k.mean : k.hi; },
                        [](const Lognormal& k) { return k.sigma == 0 ? k.mean : kInf; },
                        [](const Empirical& k) {
                          std::size_t i = k.values.size() - 1;
                          while (k.probabilities[i] == 0)
                            --i;
                          return k.values[i];
                        },
                        [](const Mixture& k) {
                          double hi = -std::numeric_limits<double>::infinity();
                          for (std::size_t i = 0; i < k.parts.size(); ++i)
                            if (k.cdf[i] > (i ? k.cdf[i - 1] : 0.0))
                              hi = std::max(hi, k.parts[i].upper_bound());
                          return hi;
                        },
                    },
                    kind_);
}

std::string Distribution::describe() const {
  return std::visit(
      Overloaded{
          [](const Fixed& k) { return "fixed(" + number(k.value) + ")"; },
          [](const Uniform& k) { return "uniform(" + number(k.lo) + ", " + number(k.hi) + ")"; },
          [](const Triangular& k) {
            return "triangular(" + number(k.lo) + ", " + number(k.mode) + ", " + number(k.hi) + ")";
          },
          [](const Pert& k) { return "pert(" + number(k.lo) + ", " + number(k.mode) + ", " + number(k.hi) + ")"; },
          [](const Exponential& k) { return "exponential(" + number(k.mean) + ")"; },
          [](const Normal& k) {
            std::string text = "normal(" + number(k.mean) + ", " + number(k.sd);
            if (!std::isinf(k.lo) || !std::isinf(k.hi))
              text += ", " + number(k.lo) + ", " + number(k.hi);
            return text + ")";
          },
          [](const Lognormal& k) { return "lognormal(" + number(k.mean) + ", " + number(k.sd) + ")"; },
          [](const Empirical& k) {
            std::string text = "empirical(";
            for (std::size_t i = 0; i < k.values.size(); ++i) {
              if (i > 0)
                text += ", ";
              text += number(k.values[i]) + ": " + number(k.probabilities[i]);
            }
            return text + ")";
          },
          [](const Mixture& k) {
            std::string text = "mixture(";
            for (std::size_t i = 0; i < k.parts.size(); ++i) {
              if (i > 0)
                text += ", ";
              text += number(k.cdf[i] - (i ? k.cdf[i - 1] : 0.0)) + ": " + k.parts[i].describe();
            }
            return text + ")";
          },
      },
      kind_);
}

Distribution Distribution::scaled(double factor) const {
  require(std::isfinite(factor) && factor > 0, "scaled: factor must be finite and > 0, got " + number(factor));
  const double f = factor;
  return std::visit(Overloaded{
                        [f](const Fixed& k) { return fixed(k.value * f); },
                        [f](const Uniform& k) { return uniform(k.lo * f, k.hi * f); },
                        [f](const Triangular& k) { return triangular(k.lo * f, k.mode * f, k.hi * f); },
                        [f](const Pert& k) { return pert(k.lo * f, k.mode * f, k.hi * f); },
                        [f](const Exponential& k) { return exponential(k.mean * f); },
                        [f](const Normal& k) { return normal(k.mean * f, k.sd * f, k.lo * f, k.hi * f); },
                        [f](const Lognormal& k) { return lognormal(k.mean * f, k.sd * f); },
                        [f](const Empirical& k) {
                          std::vector<double> values = k.values;
                          for (double& v : values)
                            v *= f;
                          return empirical(std::move(values), k.probabilities);
                        },
                        [f](const Mixture& k) {
                          std::vector<Distribution> parts;
                          std::vector<double> weights;
                          for (std::size_t i = 0; i < k.parts.size(); ++i) {
                            parts.push_back(k.parts[i].scaled(f));
                            weights.push_back(k.cdf[i] - (i ? k.cdf[i - 1] : 0.0));
                          }
                          return mixture(std::move(parts), std::move(weights));
                        },
                    },
                    kind_);
}

} // namespace satflow::simcore
