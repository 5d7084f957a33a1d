// The SimGrid engine of this process, set up so that its network model means what satflow's
// parameters say: a message of size S over latency L and bandwidth B takes exactly L + S/B, and
// concurrent messages share B max-min (ARCHITECTURE.md fact 1). Builds the SimGrid platform from
// the SiteGraph: one host per site, one link per graph edge plus an intra-site loopback per site,
// and a route between every pair of sites along the shortest-latency path.
#pragma once

#include "simcore/site_graph.hpp"

#include <cstddef>
#include <vector>

namespace simgrid::s4u {
class Host;
} // namespace simgrid::s4u

namespace satflow::simcore {

/// SimGrid payloads are whole bytes: one coordination unit is carried as this many bytes, so that
/// fractional sizes keep six decimals of precision.
inline constexpr double kBytesPerUnit = 1e6;

struct EngineOptions {
  bool kernel_logs = false; ///< SimGrid's own log lines (config changes, warnings). Default: off
};

class Engine {
public:
  /// Creates the process's only SimGrid engine. Throws std::logic_error if one already exists in
  /// this process (SimGrid supports one engine per process; run replications in child processes).
  explicit Engine(const SiteGraph& graph, EngineOptions options = {});
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Current simulated time, in seconds.
  static double now();
  /// Runs until t_end_s (simulated seconds) or until nothing is left to happen, whichever is first.
  void run_until(double t_end_s);
  /// Runs until nothing is left to happen.
  void run();

  const SiteGraph& graph() const { return graph_; }
  simgrid::s4u::Host* host(std::size_t site) const { return hosts_.at(site); }
  /// Whether sites a and b can exchange messages (precomputed; true when a == b).
  bool connected(std::size_t a, std::size_t b) const { return connected_[a * hosts_.size() + b] != 0; }
  /// Whether every link between a and b (the intra-site link when a == b) has unbounded bandwidth.
  bool unbounded(std::size_t a, std::size_t b) const { return unbounded_[a * hosts_.size() + b] != 0; }
  /// Latency of the route between a and b (the intra-site latency when a == b), in seconds.
  double route_latency_s(std::size_t a, std::size_t b) const { return latency_s_[a * hosts_.size() + b]; }

private:
  SiteGraph graph_;
  std::vector<simgrid::s4u::Host*> hosts_;
  std::vector<char> connected_; // site_count x site_count
  std::vector<char> unbounded_;  // same
  std::vector<double> latency_s_; // same
};

} // namespace satflow::simcore
