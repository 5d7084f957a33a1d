#include "simcore/step_history.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace satflow::simcore {

StepHistory::StepHistory(std::size_t max_buckets, double initial_width_s)
    : max_buckets_(max_buckets), width_s_(initial_width_s) {
  if (max_buckets < 2 || !(initial_width_s > 0))
    throw std::invalid_argument("StepHistory: max_buckets must be >= 2 and the width > 0");
}

void StepHistory::set(double t, double value) {
  auto index = static_cast<std::size_t>(std::floor(std::max(t, 0.0) / width_s_));
  while (index >= max_buckets_) { // double the width: bucket j of the new width is old buckets 2j and 2j+1
    std::vector<Bucket> merged;
    for (std::size_t j = 0; 2 * j < buckets_.size(); ++j) {
      const Bucket& a = buckets_[2 * j];
      const Bucket* b = 2 * j + 1 < buckets_.size() ? &buckets_[2 * j + 1] : nullptr;
      merged.push_back({a.start_s, b ? std::max(a.max, b->max) : a.max, b ? b->last : a.last});
    }
    buckets_ = std::move(merged);
    width_s_ *= 2;
    index = static_cast<std::size_t>(std::floor(std::max(t, 0.0) / width_s_));
  }
  while (buckets_.size() <= index)
    buckets_.push_back({static_cast<double>(buckets_.size()) * width_s_, current_, current_});
  Bucket& b = buckets_[index];
  b.max = std::max(b.max, value);
  b.last = value;
  current_ = value;
}

} // namespace satflow::simcore
