#include "simcore/engine.hpp"

#include <cmath>
#include <stdexcept>

namespace satflow::simcore {
namespace {

// SimGrid cannot represent an infinite bandwidth; this one moves a unit in a femtosecond.
constexpr double kUnboundedBytesPerSecond = 1e21;

double to_bytes_per_second(double units_per_second) {
  return std::isinf(units_per_second) ? kUnboundedBytesPerSecond : units_per_second * kBytesPerUnit;
}

bool g_engine_created = false; // SimGrid's engine is a singleton, and so is this one

} // namespace

Engine::Engine(const SiteGraph& graph, EngineOptions options)
    : graph_(graph), options_(options), site_count_(graph.site_count()) {
  if (g_engine_created)
    throw std::logic_error("a SimGrid engine already exists in this process; run each simulation in its own process");
  g_engine_created = true;
  const std::size_t n = site_count_;
  connected_.assign(n * n, 0);
  unbounded_.assign(n * n, 0);
  latency_s_.assign(n * n, 0);
  for (std::size_t a = 0; a < n; ++a) {
    connected_[a * n + a] = 1;
    unbounded_[a * n + a] = std::isinf(graph_.site(a).intra_bandwidth);
    latency_s_[a * n + a] = graph_.route_latency_s(a, a);
    for (std::size_t b = a + 1; b < n; ++b) {
      if (!graph_.reachable(a, b))
        continue; // Scheduler::transfer refuses exchanges between unconnected sites
      connected_[a * n + b] = connected_[b * n + a] = 1;
      bool unbounded = true;
      for (std::size_t l : graph_.route(a, b))
        unbounded = unbounded && std::isinf(graph_.link(l).bandwidth);
      unbounded_[a * n + b] = unbounded_[b * n + a] = unbounded;
      latency_s_[a * n + b] = latency_s_[b * n + a] = graph_.route_latency_s(a, b);
    }
  }
}

Network& Engine::network() {
  if (network_ != nullptr)
    return *network_;
  PlatformSpec spec;
  spec.kernel_logs = options_.kernel_logs;
  for (std::size_t s = 0; s < graph_.site_count(); ++s) {
    const SiteProps& site = graph_.site(s);
    spec.sites.push_back({site.name, to_bytes_per_second(site.intra_bandwidth), site.intra_latency_s});
  }
  for (std::size_t l = 0; l < graph_.link_count(); ++l) {
    const LinkProps& link = graph_.link(l);
    spec.links.push_back({link.name, to_bytes_per_second(link.bandwidth), link.latency_s});
  }
  for (std::size_t a = 0; a < site_count_; ++a)
    for (std::size_t b = a + 1; b < site_count_; ++b)
      if (connected(a, b))
        spec.routes.push_back({a, b, graph_.route(a, b)});
  network_ = &build_network(spec);
  return *network_;
}

} // namespace satflow::simcore
