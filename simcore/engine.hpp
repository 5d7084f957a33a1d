// The platform of this process's simulation: the SiteGraph, what the Scheduler needs to know of its
// routes (connected, bounded, latency), and SimGrid's engine with the platform built from it, which
// is built only when a run first needs SimGrid (network()): a transfer over a link with a bandwidth
// limit. The platform: one host per site, one link per graph edge plus an intra-site loopback per
// site, and a route between every pair of sites along the shortest-latency path; a message of size S
// over latency L and bandwidth B takes exactly L + S/B, and concurrent messages share B max-min
// (ARCHITECTURE.md fact 1).
#pragma once

#include "simcore/network.hpp"
#include "simcore/site_graph.hpp"

#include <cstddef>
#include <vector>

namespace satflow::simcore {

/// SimGrid payloads are whole bytes: one coordination unit is carried as this many bytes, so that
/// fractional sizes keep six decimals of precision.
inline constexpr double kBytesPerUnit = 1e6;

struct EngineOptions {
  bool kernel_logs = false; ///< SimGrid's own log lines (config changes, warnings). Default: off
};

class Engine {
public:
  /// The process's only engine. Throws std::logic_error if one was created already in this process
  /// (SimGrid supports one engine per process; run replications in child processes).
  explicit Engine(const SiteGraph& graph, EngineOptions options = {});
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// SimGrid's engine and the platform, built at the first call (network.hpp: opening the module
  /// may throw std::runtime_error).
  Network& network();
  /// Whether network() was called.
  bool network_built() const { return network_ != nullptr; }

  const SiteGraph& graph() const { return graph_; }
  /// Whether sites a and b can exchange messages (precomputed; true when a == b).
  bool connected(std::size_t a, std::size_t b) const { return connected_[a * site_count_ + b] != 0; }
  /// Whether every link between a and b (the intra-site link when a == b) has unbounded bandwidth.
  bool unbounded(std::size_t a, std::size_t b) const { return unbounded_[a * site_count_ + b] != 0; }
  /// Latency of the route between a and b (the intra-site latency when a == b), in seconds.
  double route_latency_s(std::size_t a, std::size_t b) const { return latency_s_[a * site_count_ + b]; }

private:
  SiteGraph graph_;
  EngineOptions options_;
  std::size_t site_count_;
  std::vector<char> connected_;   // site_count x site_count
  std::vector<char> unbounded_;   // same
  std::vector<double> latency_s_; // same
  Network* network_ = nullptr;    // SimGrid's side, once built; it lives until the process exits
};

} // namespace satflow::simcore
