// Probability distributions for durations and quantities in models. A Distribution is a small
// value type (a std::variant of the kinds below) sampled by inverse transform with exactly one
// Stream::uniform01() per sample, so a stream's k-th sample always uses its k-th draw (common
// random numbers stay synchronised across layouts). Our own algorithms, never std::*_distribution.
#pragma once

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "simcore/random_streams.hpp"

namespace satflow::simcore {

/// A univariate distribution; copyable, immutable, sample() is const and allocation-free.
class Distribution {
public:
  /// Always `value` (still consumes one draw). Throws std::invalid_argument if value is not finite.
  static Distribution fixed(double value);
  /// Uniform on [lo, hi] (hi only through rounding). Throws std::invalid_argument if hi < lo or a bound is infinite.
  static Distribution uniform(double lo, double hi);
  /// Triangular on [lo, hi] peaking at mode. Throws std::invalid_argument unless lo <= mode <= hi.
  static Distribution triangular(double lo, double mode, double hi);
  /// Beta-PERT on [lo, hi]: alpha = 1 + 4(mode-lo)/(hi-lo), beta = 1 + 4(hi-mode)/(hi-lo), mean
  /// (lo + 4 mode + hi)/6. Throws std::invalid_argument unless lo <= mode <= hi. Slowest kind (ibeta_inv).
  static Distribution pert(double lo, double mode, double hi);
  /// Exponential with the given mean (1/rate). Throws std::invalid_argument if mean <= 0.
  static Distribution exponential(double mean);
  /// Normal(mean, sd) truncated to [lo, hi] (default: not truncated); samples never leave [lo, hi].
  /// Throws std::invalid_argument if sd < 0, lo >= hi, or [lo, hi] has negligible probability.
  /// Note: mean() is the mean of the truncated variable, not `mean`.
  static Distribution normal(double mean, double sd, double lo = -std::numeric_limits<double>::infinity(),
                             double hi = std::numeric_limits<double>::infinity());
  /// Lognormal with mean and sd OF THE VARIABLE ITSELF (not of its log): sigma^2 = ln(1 + sd^2/mean^2),
  /// mu = ln(mean) - sigma^2/2. Throws std::invalid_argument if mean <= 0 or sd < 0.
  static Distribution lognormal(double mean, double sd);
  /// Discrete: values[i] with probability weights[i] / sum(weights). Values are sorted (stably) so
  /// the inverse transform is monotone. Throws std::invalid_argument if empty, sizes differ, a weight
  /// is negative or non-finite, all weights are zero, or a value is not finite.
  static Distribution empirical(std::vector<double> values, std::vector<double> weights);
  /// Mixture: component i with probability weights[i] / sum. One uniform still makes one draw: it
  /// picks the component and, rescaled within the component's share, draws from it. Throws
  /// std::invalid_argument on empty parts, sizes that differ, negative or all-zero weights.
  static Distribution mixture(std::vector<Distribution> parts, std::vector<double> weights);

  /// Draws one value using exactly one s.uniform01().
  double sample(Stream& s) const { return inverse_cdf(s.uniform01()); }
  /// The value sample() returns for the draw u in [0, 1) (the generalised inverse CDF).
  double inverse_cdf(double u) const {
    // The commonest kinds by a test each before std::visit's jump table: a model alternating between
    // two kinds (exponential stations, fixed delays) made that one indirect jump mispredict on most
    // draws, where a conditional branch of its own at each test is predicted well.
    if (const auto* e = std::get_if<Exponential>(&kind_))
      return e->at(u);
    if (const auto* f = std::get_if<Fixed>(&kind_))
      return f->at(u);
    return std::visit([u](const auto& kind) { return kind.at(u); }, kind_);
  }
  /// Analytic mean (of the truncated variable for a truncated normal).
  double mean() const;
  /// Infimum of the support (-inf when unbounded below); validators use it to reject negative durations.
  double lower_bound() const;
  /// Supremum of the support (+inf when unbounded above).
  double upper_bound() const;
  /// Human text with the construction parameters, e.g. "triangular(1, 2, 4)"; shortest round-trip numbers.
  std::string describe() const;
  /// Same shape with every value multiplied by factor (e.g. a learning curve or a unit change).
  /// Throws std::invalid_argument unless factor is finite and > 0.
  Distribution scaled(double factor) const;

private:
  struct Fixed {
    double value;
    double at(double) const { return value; }
  };
  struct Uniform {
    double lo, hi;
    double at(double u) const { return lo + (hi - lo) * u; }
  };
  struct Triangular {
    double lo, mode, hi;
    double at(double u) const {
      if (hi == lo)
        return lo;
      // Inverse of the two quadratic pieces of the CDF, which meet at F(mode) = (mode-lo)/(hi-lo).
      if (u * (hi - lo) < mode - lo)
        return lo + std::sqrt(u * (hi - lo) * (mode - lo));
      return hi - std::sqrt((1 - u) * (hi - lo) * (hi - mode));
    }
  };
  /// The standard Beta(alpha, beta) inverse CDF at 129 evenly spaced probabilities, with its slopes:
  /// a starting point that Newton steps on the CDF turn into the inverse (see Pert::at).
  struct BetaTable;
  /// The table of a shape, built once per process (forked children inherit it) and shared.
  static std::shared_ptr<const BetaTable> beta_table(double alpha, double beta);
  struct Pert {
    double lo, mode, hi, alpha, beta;
    std::shared_ptr<const BetaTable> table; // shared by every PERT of the same shape
    double at(double u) const;
  };
  struct Exponential {
    double mean;
    // log1p keeps precision for small u; u < 1 so the result is finite.
    double at(double u) const { return -mean * std::log1p(-u); }
  };
  struct Normal {
    double mean, sd, lo, hi;
    bool upper_tail;   // work with survival probabilities: precise when lo is above the mean
    double p_lo, p_hi; // cdf (or survival function if upper_tail) at lo and hi
    double truncated_mean;
    double at(double u) const;
  };
  struct Lognormal {
    double mean, sd, mu, sigma;
    double at(double u) const;
  };
  struct Empirical {
    std::vector<double> values; // sorted ascending
    std::vector<double> probabilities;
    std::vector<double> cdf; // cdf[i] = P(X <= values[i]); exactly 1 from the last positive weight on
    double at(double u) const;
  };
  struct Mixture {
    std::vector<Distribution> parts; // Distribution is complete where `at` is defined (out of line)
    std::vector<double> cdf;         // cumulative weights, last exactly 1
    double at(double u) const;
  };
  using Kind = std::variant<Fixed, Uniform, Triangular, Pert, Exponential, Normal, Lognormal, Empirical, Mixture>;

  explicit Distribution(Kind kind) : kind_(std::move(kind)) {}

  Kind kind_;
};

} // namespace satflow::simcore
