#include "simcore/random_streams.hpp"

namespace satflow::simcore {

std::uint64_t hash_name(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL; // FNV-1a 64-bit offset basis
  for (const char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL; // FNV-1a 64-bit prime
  }
  return mix64(h);
}

RandomStreams::RandomStreams(std::uint64_t seed, std::uint64_t replication)
    : seed_(seed), replication_(replication), root_(Stream(mix64(seed + kGoldenGamma)).derive(replication)) {}

Stream RandomStreams::stream(std::string_view name) const { return root_.derive(hash_name(name)); }

} // namespace satflow::simcore
