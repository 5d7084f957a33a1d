#include "simcore/statistics.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <stdexcept>

namespace satflow::simcore {

void Tally::merge(const Tally& other) {
  if (&other == this) {
    const Tally copy = other; // samples_ must not be appended to itself
    merge(copy);
    return;
  }
  if (keep_samples_ && !other.keep_samples_ && other.count_ > 0) {
    throw std::invalid_argument("Tally::merge: this tally keeps samples for quantiles but the other does not");
  }
  if (other.count_ == 0)
    return;
  const auto na = static_cast<double>(count_);
  const auto nb = static_cast<double>(other.count_);
  const double n = na + nb;
  const double delta = other.mean_ - mean_;
  // Chan, Golub, LeVeque (1979): exact for any split, no second pass over the data.
  mean_ += delta * nb / n;
  m2_ += other.m2_ + delta * delta * na * nb / n;
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  if (keep_samples_) {
    samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
    sorted_ = false;
  }
}

double Tally::variance() const { return count_ < 2 ? 0.0 : m2_ / static_cast<double>(count_ - 1); }

double Tally::sd() const { return std::sqrt(variance()); }

double Tally::quantile(double p) const {
  if (!keep_samples_)
    throw std::logic_error("Tally::quantile: samples are not kept (keep_samples = false)");
  if (!(p >= 0 && p <= 1))
    throw std::invalid_argument("Tally::quantile: p must be in [0, 1]");
  if (samples_.empty())
    return std::numeric_limits<double>::quiet_NaN();
  const double h = static_cast<double>(samples_.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, samples_.size() - 1);
  double x_lo, x_hi;
  if (sorted_) {
    x_lo = samples_[lo];
    x_hi = samples_[hi];
  } else {
    // Only the order statistics lo and hi are needed: selecting them costs O(n), where a sort of a
    // million samples cost a fifth of an M/M/1 run. Their values are the sorted vector's, so the
    // quantile is the same to the last bit.
    const auto at_lo = samples_.begin() + static_cast<std::ptrdiff_t>(lo);
    std::nth_element(samples_.begin(), at_lo, samples_.end());
    x_lo = *at_lo;
    x_hi = hi == lo ? x_lo : *std::min_element(at_lo + 1, samples_.end());
  }
  return x_lo + (h - static_cast<double>(lo)) * (x_hi - x_lo);
}

double TimeWeighted::live_integral(double t_end) const {
  assert(t_end >= last_t_);
  return area_ + value_ * (t_end - last_t_);
}

double TimeWeighted::integral(double t_end) const { return merged_area_ + live_integral(t_end); }

double TimeWeighted::mean(double t_end) const {
  const double duration = merged_duration_ + (t_end - t0_);
  if (duration == 0)
    return value_;
  return integral(t_end) / duration;
}

void TimeWeighted::merge(const TimeWeighted& other, double t_end_this, double t_end_other) {
  // Read other first: it may be *this.
  const double other_area = other.integral(t_end_other);
  const double other_duration = other.merged_duration_ + (t_end_other - other.t0_);
  const double other_min = other.min_;
  const double other_max = other.max_;

  merged_area_ += live_integral(t_end_this) + other_area;
  merged_duration_ += (t_end_this - t0_) + other_duration;
  // Restart the live window at t_end_this with the current value, so recording can go on.
  t0_ = t_end_this;
  last_t_ = t_end_this;
  area_ = 0;
  min_ = std::min(min_, other_min);
  max_ = std::max(max_, other_max);
}

} // namespace satflow::simcore
