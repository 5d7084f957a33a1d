// Wright's learning curve: each doubling of cumulative units multiplies the unit time (or failure
// probability) by the learning rate. This is how "step by step capability building" and a
// latecomer's disadvantage show in the numbers (MODEL.md, mechanism 5).
#pragma once

#include "models/scenario.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

namespace satflow::models {

/// Factor for unit k (1-based, k >= 1) under learning rate `rate`: k^log2(rate). 1 for the first unit.
inline double wright_factor(double rate, double k) { return std::pow(k, std::log2(rate)); }

/// Cumulative units per (learning curve, item class).
class LearningCounters {
public:
  LearningCounters(std::size_t curves, std::size_t classes) : classes_(classes), started_(curves * classes, 0) {}

  /// Counts a new unit of `curve` for `item_class` and returns its unit number (1-based, after `prior` units).
  double next_unit(std::size_t curve, std::size_t item_class, double prior) {
    return prior + static_cast<double>(++started_[curve * classes_ + item_class]);
  }

private:
  std::size_t classes_;
  std::vector<std::uint64_t> started_;
};

} // namespace satflow::models
