#include "simcore/random_streams.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

namespace satflow::simcore {
namespace {

// Reference SplitMix64 generator (Steele, Lea, Flood 2014; Vigna's splitmix64.c): the state
// advances by the golden gamma and each output is mix64 of the new state.
std::uint64_t splitmix64_next(std::uint64_t& state) {
  state += kGoldenGamma;
  return mix64(state);
}

TEST(Mix64, ReproducesPublishedSplitMix64Outputs) {
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64_next(state), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(splitmix64_next(state), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(splitmix64_next(state), 0x06c45d188009454fULL);
}

TEST(Mix64, IsConstexprAndFixesZero) {
  static_assert(mix64(0) == 0);
  static_assert(mix64(kGoldenGamma) == 0xe220a8397b1dcdafULL);
  EXPECT_NE(mix64(1), 1u);
}

TEST(HashName, IsFnv1aThenMix64) {
  // FNV-1a 64 published test vectors: "" -> cbf29ce484222325, "a" -> af63dc4c8601ec8c,
  // "foobar" -> 85944171f73967e8.
  EXPECT_EQ(hash_name(""), mix64(0xcbf29ce484222325ULL));
  EXPECT_EQ(hash_name("a"), mix64(0xaf63dc4c8601ec8cULL));
  EXPECT_EQ(hash_name("foobar"), mix64(0x85944171f73967e8ULL));
  // Pinned, computed independently in Python.
  EXPECT_EQ(hash_name("a"), 0x02c0bdbf481420f8ULL);
  EXPECT_EQ(hash_name("repair"), 0xceb06614a3c25c89ULL);
}

TEST(Stream, KnownAnswers) {
  // Computed independently in Python from the documented construction.
  Stream zero(0);
  EXPECT_EQ(zero.next_u64(), 0x48218226ff3cd4bfULL);
  EXPECT_EQ(zero.next_u64(), 0xfbe7a763b053d14cULL);
  EXPECT_EQ(zero.next_u64(), 0xde3b4b522ed52f07ULL);
  Stream s(42);
  EXPECT_EQ(s.next_u64(), 0x4579b960bb007f46ULL);
  EXPECT_EQ(s.next_u64(), 0x06ea98411f868b0eULL);
  EXPECT_EQ(s.next_u64(), 0xa8a1f3d144377996ULL);
  Stream u(42);
  EXPECT_EQ(u.uniform01(), 0.2713886128576649);
  EXPECT_EQ(u.uniform01(), 0.027017131709294984);
  EXPECT_EQ(u.uniform01(), 0.6587211976913901);
  EXPECT_EQ(Stream(42).derive(7).key(), 0xbc21b8ff87817fc1ULL);
}

TEST(RandomStreams, KnownAnswers) {
  const RandomStreams streams(1234, 3);
  EXPECT_EQ(streams.seed(), 1234u);
  EXPECT_EQ(streams.replication(), 3u);
  Stream s = streams.stream("repair");
  EXPECT_EQ(s.key(), 0xc91235a7a24f7886ULL);
  EXPECT_EQ(s.next_u64(), 0x91e64b415e25e111ULL);
  EXPECT_EQ(s.next_u64(), 0xca14729dc25be3eeULL);
}

TEST(Stream, CounterCountsDrawsAndCopiesReplay) {
  Stream s(7);
  EXPECT_EQ(s.counter(), 0u);
  s.next_u64();
  s.uniform01();
  EXPECT_EQ(s.counter(), 2u);
  Stream copy = s;
  EXPECT_EQ(copy.next_u64(), s.next_u64());
}

TEST(Stream, Uniform01StaysInUnitIntervalWithRightMoments) {
  Stream s(2024);
  const int n = 1'000'000;
  double sum = 0;
  double sum_sq = 0;
  double lag_product = 0;
  double previous = 0.5;
  std::vector<int> buckets(10, 0);
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform01();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum_sq += u * u;
    lag_product += (u - 0.5) * (previous - 0.5);
    previous = u;
    ++buckets[static_cast<std::size_t>(u * 10)];
  }
  const double mean = sum / n;
  const double variance = sum_sq / n - mean * mean;
  // Standard errors: sqrt(1/12/n) = 2.9e-4 for the mean, sqrt(1/180/n) = 7.5e-5 for the variance.
  EXPECT_NEAR(mean, 0.5, 5 * 2.9e-4);
  EXPECT_NEAR(variance, 1.0 / 12, 5 * 7.5e-5);
  // Lag-1 autocovariance is 0 for independent draws; its sd is (1/12)/sqrt(n) = 8.3e-5.
  EXPECT_NEAR(lag_product / n, 0.0, 5 * 8.3e-5);
  // Chi-square with 9 degrees of freedom: P(X > 27.88) = 0.001.
  double chi2 = 0;
  for (const int count : buckets)
    chi2 += (count - n / 10.0) * (count - n / 10.0) / (n / 10.0);
  EXPECT_LT(chi2, 27.88);
}

TEST(RandomStreams, DifferentNamesReplicationsAndSeedsDiffer) {
  std::set<std::uint64_t> first_draws;
  for (std::uint64_t seed : {0u, 1u, 2u}) {
    for (std::uint64_t rep : {0u, 1u, 2u}) {
      const RandomStreams streams(seed, rep);
      for (const char* name : {"arrivals", "repair", "failure", "item/0", "item/1"}) {
        first_draws.insert(streams.stream(name).next_u64());
      }
    }
  }
  EXPECT_EQ(first_draws.size(), 3u * 3u * 5u);
  // Swapping seed and replication must not give the same streams.
  EXPECT_NE(RandomStreams(1, 2).stream("x").key(), RandomStreams(2, 1).stream("x").key());
}

TEST(RandomStreams, SameInputsGiveSameStream) {
  EXPECT_EQ(RandomStreams(5, 1).stream("repair").key(), RandomStreams(5, 1).stream("repair").key());
}

TEST(RandomStreams, DrawsDoNotDependOnOtherStreams) {
  const RandomStreams streams(99, 0);
  Stream alone = streams.stream("item/17");
  std::vector<double> expected;
  for (int i = 0; i < 100; ++i)
    expected.push_back(alone.uniform01());

  // Same stream, interleaved with heavy use of other streams, requested in another order.
  Stream other = streams.stream("item/3");
  for (int i = 0; i < 1000; ++i)
    other.uniform01();
  Stream again = streams.stream("item/17");
  Stream third = streams.stream("arrivals");
  for (int i = 0; i < 100; ++i) {
    third.uniform01();
    EXPECT_EQ(again.uniform01(), expected[static_cast<std::size_t>(i)]);
  }
}

TEST(Stream, DerivedChildrenDifferFromEachOtherAndParent) {
  Stream parent(123);
  std::set<std::uint64_t> keys{parent.key()};
  std::set<std::uint64_t> first_draws{Stream(parent).next_u64()};
  for (std::uint64_t i = 0; i < 1000; ++i) {
    const Stream child = parent.derive(i);
    EXPECT_EQ(child.counter(), 0u);
    keys.insert(child.key());
    first_draws.insert(Stream(child).next_u64());
  }
  EXPECT_EQ(keys.size(), 1001u);
  EXPECT_EQ(first_draws.size(), 1001u);
  EXPECT_EQ(parent.counter(), 0u); // derive does not consume draws
  // Deriving is a pure function of (key, index), not of the parent's counter.
  Stream advanced(123);
  advanced.next_u64();
  EXPECT_EQ(advanced.derive(5).key(), parent.derive(5).key());
  // Grandchildren along different paths differ.
  EXPECT_NE(parent.derive(1).derive(2).key(), parent.derive(2).derive(1).key());
}

} // namespace
} // namespace satflow::simcore
