#include "simcore/statistics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "simcore/random_streams.hpp"

namespace satflow::simcore {
namespace {

Tally tally_of(const std::vector<double>& xs, bool keep_samples = true) {
  Tally t(keep_samples);
  for (const double x : xs)
    t.add(x);
  return t;
}

TEST(Tally, KnownAnswersByHand) {
  // Shuffled so that quantile() has to select.
  const Tally t = tally_of({5, 2, 9, 4, 4, 7, 4, 5});
  EXPECT_EQ(t.count(), 8u);
  EXPECT_DOUBLE_EQ(t.mean(), 5.0);
  EXPECT_DOUBLE_EQ(t.sum(), 40.0);
  EXPECT_DOUBLE_EQ(t.variance(), 32.0 / 7); // squared deviations 9+1+1+1+0+0+4+16 = 32
  EXPECT_DOUBLE_EQ(t.sd(), std::sqrt(32.0 / 7));
  EXPECT_EQ(t.min(), 2.0);
  EXPECT_EQ(t.max(), 9.0);
}

TEST(Tally, QuantilesBySelectionEqualThoseOfTheSortedSamples) {
  // quantile() selects two order statistics in place; asked in any order, again and again, it must
  // give exactly the type-7 value that the sorted samples give.
  Stream s(42);
  std::vector<double> xs;
  for (int i = 0; i < 10002; ++i)                         // n - 1 = 10001: h has a fraction
    xs.push_back(std::floor(s.uniform01() * 100000) / 8); // some ties
  const Tally t = tally_of(xs);
  std::vector<double> sorted = xs;
  std::sort(sorted.begin(), sorted.end());
  for (const double p : {0.9, 0.5, 0.0, 1.0, 0.123, 0.5, 0.999, 0.25, 0.9}) {
    const double h = static_cast<double>(sorted.size() - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    EXPECT_EQ(t.quantile(p), sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo])) << p;
  }
}

TEST(Tally, QuantileIsType7) {
  // Sorted: 2 4 4 4 5 5 7 9; h = 7p, linear between x[floor h] and x[floor h + 1] (0-based).
  const Tally t = tally_of({5, 2, 9, 4, 4, 7, 4, 5});
  EXPECT_DOUBLE_EQ(t.quantile(0.0), 2.0);
  EXPECT_DOUBLE_EQ(t.quantile(1.0), 9.0);
  EXPECT_DOUBLE_EQ(t.quantile(0.5), 4.5);  // h = 3.5: 4 + 0.5 (5 - 4)
  EXPECT_DOUBLE_EQ(t.quantile(0.9), 7.6);  // h = 6.3: 7 + 0.3 (9 - 7)
  EXPECT_DOUBLE_EQ(t.quantile(0.75), 5.5); // h = 5.25: 5 + 0.25 (7 - 5)
  EXPECT_DOUBLE_EQ(t.quantile(0.25), 4.0); // h = 1.75 between two 4s
  EXPECT_DOUBLE_EQ(t.quantile(0.1), 3.4);  // h = 0.7: 2 + 0.7 (4 - 2)
}

TEST(Tally, QuantileSeesLaterAdds) {
  Tally t;
  t.add(1);
  t.add(3);
  EXPECT_DOUBLE_EQ(t.quantile(0.5), 2.0);
  t.add(0);
  EXPECT_DOUBLE_EQ(t.quantile(0.5), 1.0);
  EXPECT_DOUBLE_EQ(t.quantile(0.0), 0.0);
}

TEST(Tally, EmptyAndSingle) {
  Tally empty;
  EXPECT_EQ(empty.count(), 0u);
  EXPECT_TRUE(std::isnan(empty.mean()));
  EXPECT_TRUE(std::isnan(empty.min()));
  EXPECT_TRUE(std::isnan(empty.max()));
  EXPECT_TRUE(std::isnan(empty.quantile(0.5)));
  EXPECT_EQ(empty.variance(), 0.0);
  EXPECT_EQ(empty.sum(), 0.0);
  const Tally one = tally_of({-3});
  EXPECT_EQ(one.mean(), -3.0);
  EXPECT_EQ(one.variance(), 0.0);
  EXPECT_EQ(one.min(), -3.0);
  EXPECT_EQ(one.max(), -3.0);
  EXPECT_EQ(one.quantile(0.3), -3.0);
}

TEST(Tally, StableForLargeOffsets) {
  // Deviations 4, 7, 13, 16 from 1e9 have variance 30; the naive sum of squares loses it entirely.
  const Tally t = tally_of({1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16});
  EXPECT_NEAR(t.mean(), 1e9 + 10, 1e-6);
  EXPECT_NEAR(t.variance(), 30.0, 1e-6);
}

TEST(Tally, MergesLikeOneStream) {
  const std::vector<double> xs = {5, 2, 9, 4, 4, 7, 4, 5};
  Tally first = tally_of({5, 2, 9, 4});
  const Tally second = tally_of({4, 7, 4, 5});
  first.merge(second);
  const Tally all = tally_of(xs);
  EXPECT_EQ(first.count(), 8u);
  EXPECT_NEAR(first.mean(), 5.0, 1e-12);
  EXPECT_NEAR(first.variance(), 32.0 / 7, 1e-12);
  EXPECT_EQ(first.min(), 2.0);
  EXPECT_EQ(first.max(), 9.0);
  EXPECT_DOUBLE_EQ(first.sum(), 40.0);
  for (const double p : {0.0, 0.1, 0.5, 0.9, 1.0})
    EXPECT_DOUBLE_EQ(first.quantile(p), all.quantile(p));
}

TEST(Tally, MergesUnevenChunksOfRandomData) {
  Stream s(17);
  std::vector<double> xs;
  for (int i = 0; i < 10'000; ++i)
    xs.push_back(1e6 + 100 * s.uniform01());
  // Two-pass reference.
  double mean = 0;
  for (const double x : xs)
    mean += x;
  mean /= static_cast<double>(xs.size());
  double ss = 0;
  for (const double x : xs)
    ss += (x - mean) * (x - mean);
  const double variance = ss / static_cast<double>(xs.size() - 1);

  Tally merged;
  std::size_t start = 0;
  for (const std::size_t size : {1u, 0u, 37u, 5000u, 2u, 4960u}) {
    Tally chunk;
    for (std::size_t i = start; i < start + size; ++i)
      chunk.add(xs[i]);
    merged.merge(chunk);
    start += size;
  }
  ASSERT_EQ(start, xs.size());
  const Tally all = tally_of(xs);
  EXPECT_EQ(merged.count(), xs.size());
  EXPECT_NEAR(merged.mean(), mean, 1e-12 * mean);
  EXPECT_NEAR(merged.variance(), variance, 1e-9 * variance);
  EXPECT_NEAR(all.variance(), variance, 1e-9 * variance);
  EXPECT_EQ(merged.min(), all.min());
  EXPECT_EQ(merged.max(), all.max());
  for (const double p : {0.01, 0.5, 0.99})
    EXPECT_EQ(merged.quantile(p), all.quantile(p));
}

TEST(Tally, MergeWithItselfDoublesTheData) {
  Tally t = tally_of({1, 2, 3});
  t.merge(t);
  const Tally expected = tally_of({1, 2, 3, 1, 2, 3});
  EXPECT_EQ(t.count(), 6u);
  EXPECT_NEAR(t.variance(), expected.variance(), 1e-12); // 4/5
  EXPECT_DOUBLE_EQ(t.quantile(0.5), 2.0);
}

TEST(Tally, WithoutSamples) {
  Tally t = tally_of({5, 2, 9, 4, 4, 7, 4, 5}, false);
  EXPECT_FALSE(t.keeps_samples());
  EXPECT_DOUBLE_EQ(t.variance(), 32.0 / 7);
  EXPECT_THROW(t.quantile(0.5), std::logic_error);
  t.merge(tally_of({100})); // other's samples are just ignored
  EXPECT_EQ(t.max(), 100.0);
  Tally keeping = tally_of({1});
  EXPECT_TRUE(keeping.keeps_samples());
  EXPECT_THROW(keeping.merge(t), std::invalid_argument);
  EXPECT_NO_THROW(keeping.merge(Tally(false))); // nothing to lose
}

TEST(Tally, QuantileRejectsBadProbability) {
  const Tally t = tally_of({1, 2});
  EXPECT_THROW(t.quantile(-0.1), std::invalid_argument);
  EXPECT_THROW(t.quantile(1.1), std::invalid_argument);
  EXPECT_THROW(t.quantile(std::nan("")), std::invalid_argument);
}

// Signal by hand: 0 on [0,2), 3 on [2,5), 1 on [5,6), 3 on [6,10).
TimeWeighted hand_signal() {
  TimeWeighted w;
  w.set(2, 3);
  w.set(5, 1);
  w.add(6, 2);
  return w;
}

TEST(TimeWeighted, AveragesPiecewiseConstantSignal) {
  const TimeWeighted w = hand_signal();
  EXPECT_EQ(w.current(), 3.0);
  EXPECT_EQ(w.min(), 0.0);
  EXPECT_EQ(w.max(), 3.0);
  EXPECT_DOUBLE_EQ(w.integral(10), 22.0); // 0 + 9 + 1 + 12
  EXPECT_DOUBLE_EQ(w.mean(10), 2.2);
  EXPECT_DOUBLE_EQ(w.integral(6), 10.0);
  EXPECT_DOUBLE_EQ(w.mean(6), 10.0 / 6);
}

TEST(TimeWeighted, StartsAtT0) {
  TimeWeighted w(100, 2);
  w.set(104, 5);
  EXPECT_DOUBLE_EQ(w.integral(110), 38.0); // 2*4 + 5*6
  EXPECT_DOUBLE_EQ(w.mean(110), 3.8);
  TimeWeighted at_start(5, 7);
  EXPECT_EQ(at_start.mean(5), 7.0);
  at_start.set(5, 9); // a change at t0 replaces the value at t0
  EXPECT_EQ(at_start.mean(5), 9.0);
  EXPECT_DOUBLE_EQ(at_start.mean(7), 9.0);
}

TEST(TimeWeighted, ZeroDurationValuesCountForMinMaxOnly) {
  TimeWeighted w;
  w.set(3, 100);
  w.set(3, 1);
  w.set(3, -4);
  w.set(3, 1);
  EXPECT_EQ(w.max(), 100.0);
  EXPECT_EQ(w.min(), -4.0);
  EXPECT_DOUBLE_EQ(w.integral(5), 2.0);
}

TEST(TimeWeighted, MergesTwoWindows) {
  TimeWeighted a = hand_signal(); // area 22 over [0, 10]
  TimeWeighted b(100, 2);
  b.set(104, 5); // area 38 over [100, 110]
  a.merge(b, 10, 110);
  EXPECT_DOUBLE_EQ(a.integral(10), 60.0);
  EXPECT_DOUBLE_EQ(a.mean(10), 3.0);
  EXPECT_EQ(a.min(), 0.0);
  EXPECT_EQ(a.max(), 5.0);
  EXPECT_EQ(a.current(), 3.0);
  // Recording goes on after the merge: 3 on [10,12), 0 on [12,14): total 66 over 24 s.
  a.set(12, 0);
  EXPECT_DOUBLE_EQ(a.mean(14), 66.0 / 24);
}

TEST(TimeWeighted, MergeEqualsBackToBackWindows) {
  // Window b, shifted to start where a ends, recorded in one object must give the same mean.
  TimeWeighted a = hand_signal();
  TimeWeighted b(100, 2);
  b.set(104, 5);
  b.set(107, 0.5);
  TimeWeighted one = hand_signal();
  one.set(10, 2);
  one.set(14, 5);
  one.set(17, 0.5);
  TimeWeighted merged = a;
  merged.merge(b, 10, 112);
  EXPECT_NEAR(merged.mean(10), one.mean(22), 1e-12);
  EXPECT_NEAR(merged.integral(10), one.integral(22), 1e-12);
  // Merging is symmetric in the totals.
  TimeWeighted reversed = b;
  reversed.merge(a, 112, 10);
  EXPECT_NEAR(reversed.mean(112), one.mean(22), 1e-12);
}

TEST(TimeWeighted, MergesChainOfReplications) {
  // Three replications of a constant signal c_i over durations d_i: mean = sum c_i d_i / sum d_i.
  TimeWeighted total(0, 1);   // 1 over [0, 2]
  TimeWeighted second(0, 4);  // 4 over [0, 3]
  TimeWeighted third(50, 10); // 10 over [50, 55]
  second.merge(third, 3, 55);
  total.merge(second, 2, 3); // second's live window restarted at 3 when it merged third
  EXPECT_DOUBLE_EQ(total.integral(2), 2 + 12 + 50);
  EXPECT_DOUBLE_EQ(total.mean(2), 64.0 / 10);
}

TEST(TimeWeighted, MergeWithItself) {
  TimeWeighted w = hand_signal();
  w.merge(w, 10, 10);
  EXPECT_DOUBLE_EQ(w.mean(10), 2.2);
  EXPECT_DOUBLE_EQ(w.integral(10), 44.0);
}

} // namespace
} // namespace satflow::simcore
