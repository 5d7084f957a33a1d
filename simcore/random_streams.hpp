// Counter-based random streams. Every draw is a pure function of (stream key, draw number), and
// every key is a pure function of (seed, replication, stream name), so a work item's draws depend
// only on its own stream, never on what else happened in the run: this is what keeps common random
// numbers across layouts and makes results independent of --jobs and sharding.
#pragma once

#include <cstdint>
#include <string_view>

namespace satflow::simcore {

/// Golden-ratio increment of SplitMix64 (2^64 / phi, odd).
inline constexpr std::uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ULL;

/// SplitMix64 finalizer (Stafford variant 13: shifts 30/27/31, multipliers 0xbf58476d1ce4e5b9 and
/// 0x94d049bb133111eb). A bijection on 64-bit words; note mix64(0) == 0.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// FNV-1a 64-bit hash of the bytes of name, then mix64 (FNV alone diffuses poorly into high bits).
std::uint64_t hash_name(std::string_view name);

/// One random stream: a key plus a draw counter. Cheap to copy; copies replay the same draws.
/// Draw number k (k = 0, 1, 2, ...) is mix64(key ^ mix64(k + kGoldenGamma * (k + 1))): the inner
/// mix64 spreads consecutive counters into unrelated words, the xor selects the stream, the outer
/// mix64 decorrelates streams whose keys differ in few bits.
class Stream {
public:
  /// Stream with the given key, positioned at draw 0.
  explicit Stream(std::uint64_t key = 0) : key_(key) {}

  /// Returns draw number counter() and advances the counter by one.
  std::uint64_t next_u64() {
    const std::uint64_t k = counter_++;
    return mix64(key_ ^ mix64(k + kGoldenGamma * (k + 1)));
  }

  /// Uniform double in [0, 1) with 53 random bits (multiples of 2^-53); consumes one draw.
  double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  /// Independent child stream number `index`, starting at draw 0; does not advance this stream.
  /// Child key = mix64(key ^ mix64(index + kDeriveConstant)). Children of different parents or
  /// indices differ; a child's draws are unrelated to its parent's.
  /// Inline: every duration and routing draw derives twice (item, then visit).
  Stream derive(std::uint64_t index) const { return Stream(mix64(key_ ^ mix64(index + kDeriveConstant))); }

  /// The key that selects this stream.
  std::uint64_t key() const { return key_; }
  /// Number of draws consumed so far (the number of the next draw).
  std::uint64_t counter() const { return counter_; }

  /// Offset added to a child index before mixing (fractional bits of sqrt(3), odd), chosen unlike
  /// kGoldenGamma so that child keys and draw values come from different inputs to mix64.
  static constexpr std::uint64_t kDeriveConstant = 0xbb67ae8584caa73bULL;

private:
  std::uint64_t key_;
  std::uint64_t counter_ = 0;
};

/// The root of all randomness of one replication: hands out named streams.
/// stream(name) key = mix64(root ^ mix64(hash_name(name) + Stream::kDeriveConstant)), where
/// root = Stream(mix64(seed + kGoldenGamma)).derive(replication).key().
class RandomStreams {
public:
  /// Streams for replication `replication` (0-based) of a run seeded with `seed`.
  RandomStreams(std::uint64_t seed, std::uint64_t replication);

  /// The stream named `name`, at draw 0. Same (seed, replication, name) -> same draws, whatever
  /// other streams were requested or drawn from. Names are compared byte for byte.
  Stream stream(std::string_view name) const;

  /// The run seed.
  std::uint64_t seed() const { return seed_; }
  /// The replication number.
  std::uint64_t replication() const { return replication_; }

private:
  std::uint64_t seed_;
  std::uint64_t replication_;
  Stream root_;
};

} // namespace satflow::simcore
