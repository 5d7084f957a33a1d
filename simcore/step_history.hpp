// A bounded record of a step signal over time, such as a station's queue length: equal-width
// buckets from time 0, each holding the largest value the signal took in it and its value at the
// bucket's end. When a change falls past the last allowed bucket the width doubles (neighbours
// merge), so memory stays at most `max_buckets` whatever the run's length, and no peak is lost.
#pragma once

#include <cstddef>
#include <vector>

namespace satflow::simcore {

class StepHistory {
public:
  struct Bucket {
    double start_s; ///< the bucket covers [start_s, start_s + width_s())
    double max;     ///< largest value held in it (including the value carried in)
    double last;    ///< the value at its end
  };

  /// REQUIRES: max_buckets >= 2 and initial_width_s > 0 (throws std::invalid_argument otherwise).
  /// Default: 500 buckets, starting one hour wide.
  explicit StepHistory(std::size_t max_buckets = 500, double initial_width_s = 3600);

  /// The signal becomes `value` at time t (seconds, t >= 0, not before the last change; it starts at 0).
  void set(double t, double value);

  double width_s() const { return width_s_; }
  /// Buckets from time 0 up to the one of the last change, without gaps.
  const std::vector<Bucket>& buckets() const { return buckets_; }

private:
  std::size_t max_buckets_;
  double width_s_;
  double current_ = 0;
  std::vector<Bucket> buckets_;
};

} // namespace satflow::simcore
