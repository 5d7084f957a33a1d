// Mergeable statistics values that collectors record into: Tally for independent observations
// (waiting times, durations) and TimeWeighted for piecewise-constant signals (queue length, busy
// servers). Both are plain values; replications and shards aggregate by merge(), which gives the
// same answer as recording everything into one object (up to floating-point rounding).
#pragma once

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace satflow::simcore {

/// Count, mean, variance, min, max and (optionally) quantiles of observations.
class Tally {
public:
  /// keep_samples = false: no quantiles, O(1) memory. Default: true (8 bytes per observation).
  explicit Tally(bool keep_samples = true) : keep_samples_(keep_samples) {}

  /// Records one observation (Welford update). REQUIRES: x is not NaN.
  void add(double x);
  /// Adds other's observations as if each had been add()ed here (Chan et al. parallel formulas).
  /// Samples are concatenated. Throws std::invalid_argument if this keeps samples and other does not
  /// (quantiles would silently be wrong); if this does not keep samples, other's are ignored.
  void merge(const Tally& other);

  /// Number of observations.
  std::size_t count() const { return count_; }
  /// Arithmetic mean; NaN if empty.
  double mean() const { return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : mean_; }
  /// Sample variance (divisor n-1); 0 if fewer than 2 observations.
  double variance() const;
  /// Sample standard deviation, sqrt(variance()).
  double sd() const;
  /// Smallest observation; NaN if empty.
  double min() const { return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : min_; }
  /// Largest observation; NaN if empty.
  double max() const { return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : max_; }
  /// Sum of observations (accumulated directly, not mean * count); 0 if empty.
  double sum() const { return sum_; }
  /// Quantile of type 7 (R and numpy default: linear interpolation between order statistics, at
  /// h = (n-1)p). NaN if empty. Throws std::logic_error if samples are not kept, std::invalid_argument
  /// unless 0 <= p <= 1. Reorders the kept samples in place (a selection, O(n) a call): not safe to call
  /// concurrently on one Tally, although it is const.
  double quantile(double p) const;
  /// Whether observations are kept (and quantile() is available).
  bool keeps_samples() const { return keep_samples_; }
  /// Makes room for n kept observations in one allocation (nothing if samples are not kept): a
  /// million samples grown by doubling were copied and faulted in twice over.
  void reserve(std::size_t n) {
    if (keep_samples_)
      samples_.reserve(n);
  }

private:
  bool keep_samples_;
  std::size_t count_ = 0;
  double mean_ = 0;
  double m2_ = 0; // sum of squared deviations from the mean
  double sum_ = 0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
  // Observation order never matters to the statistics, so quantile() may reorder this in place.
  mutable std::vector<double> samples_;
  bool sorted_ = true; // added in ascending order: quantile() reads the order statistics directly
};

/// Time average of a piecewise-constant, right-continuous signal: the value set at t holds on
/// [t, next change). Times are simulated seconds; the signal's unit is the caller's.
class TimeWeighted {
public:
  /// Observation window starts at t0 with value v0.
  explicit TimeWeighted(double t0 = 0, double v0 = 0) : t0_(t0), last_t_(t0), value_(v0), min_(v0), max_(v0) {}

  /// The signal becomes `value` at time t. REQUIRES (assert): t >= time of the last change.
  /// Several changes at one t are fine: only the last holds, but all count towards min() and max().
  void set(double t, double value);
  /// set(t, current() + delta), e.g. +1 on arrival, -1 on departure.
  void add(double t, double delta) { set(t, value_ + delta); }

  /// The value now (after the last change).
  double current() const { return value_; }
  /// Smallest value ever set, including v0 and values held for zero time.
  double min() const { return min_; }
  /// Largest value ever set, including v0 and values held for zero time.
  double max() const { return max_; }
  /// Time of the last change (or the window start); integral() and mean() need t_end >= this.
  double last_time() const { return last_t_; }

  /// Area under the signal (value x seconds) from the start to t_end, plus the area of any windows
  /// merged in. REQUIRES (assert): t_end >= last_time().
  double integral(double t_end) const;
  /// integral(t_end) / total observed duration; before any merge the duration is t_end - t0.
  /// If the total duration is 0, returns current(). REQUIRES (assert): t_end >= last_time().
  double mean(double t_end) const;

  /// Combines two independent observation windows (e.g. two replications): this window is closed
  /// at t_end_this and other's at t_end_other (REQUIRES: each >= its last_time()). Afterwards
  /// integral(t_end_this) = area(this) + area(other) and mean(t_end_this) = that area divided by
  /// (t_end_this - t0_this) + (t_end_other - t0_other), where areas and durations include windows
  /// each side merged in before. min and max cover both; current() is unchanged, and recording may
  /// continue after t_end_this, the extra time counting towards this side's duration.
  void merge(const TimeWeighted& other, double t_end_this, double t_end_other);

private:
  double live_integral(double t_end) const;

  double t0_;       // start of the live window
  double last_t_;   // time of the last change
  double value_;    // current value
  double area_ = 0; // live-window area on [t0_, last_t_]
  double min_;
  double max_;
  double merged_area_ = 0;     // area of windows closed by merge()
  double merged_duration_ = 0; // length of windows closed by merge()
};

// Tally::add and TimeWeighted::set are inline: a run calls them several times an event.
inline void Tally::add(double x) {
  assert(!std::isnan(x));
  ++count_;
  // Welford: updating the mean and the squared deviations together avoids the cancellation of
  // sum(x²) - n mean² when the mean is large compared with the spread (e.g. timestamps).
  const double delta = x - mean_;
  mean_ += delta / static_cast<double>(count_);
  m2_ += delta * (x - mean_);
  sum_ += x;
  min_ = std::min(min_, x);
  max_ = std::max(max_, x);
  if (keep_samples_) {
    // Without a branch: whether a sample is below the last one is a coin toss for most tallies.
    sorted_ &= samples_.empty() || !(x < samples_.back());
    samples_.push_back(x);
  }
}

inline void TimeWeighted::set(double t, double value) {
  assert(t >= last_t_);
  area_ += value_ * (t - last_t_);
  last_t_ = t;
  value_ = value;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
}

} // namespace satflow::simcore
