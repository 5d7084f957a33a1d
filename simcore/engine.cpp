#include "simcore/engine.hpp"

#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>
#include <simgrid/s4u/NetZone.hpp>
#include <xbt/log.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace satflow::simcore {
namespace {

// SimGrid cannot represent an infinite bandwidth; this one moves a unit in a femtosecond.
constexpr double kUnboundedBytesPerSecond = 1e21;

double to_bytes_per_second(double units_per_second) {
  return std::isinf(units_per_second) ? kUnboundedBytesPerSecond : units_per_second * kBytesPerUnit;
}

void create_simgrid_engine(bool kernel_logs) {
  if (simgrid::s4u::Engine::is_initialized())
    throw std::logic_error("a SimGrid engine already exists in this process; run each simulation in its own process");
  // Thresholds first: the configuration calls below log at INFO level.
  xbt_log_control_set(kernel_logs ? "root.thresh:info" : "root.thresh:critical");
  static int argc = 1;
  static char name[] = "satflow";
  static char* argv[] = {name, nullptr};
  new simgrid::s4u::Engine(&argc, argv); // lives until the process exits; the first zone becomes its root
  // Fact 1: CM02 without cross-traffic and without the TCP window cap, so that latency is latency and
  // bandwidth is shared max-min. Must run before the first zone exists (fact 6).
  simgrid::s4u::Engine::set_config("network/model:CM02");
  simgrid::s4u::Engine::set_config("network/crosstraffic:0");
  simgrid::s4u::Engine::set_config("network/TCP-gamma:0");
}

} // namespace

Engine::Engine(const SiteGraph& graph, EngineOptions options) : graph_(graph) {
  create_simgrid_engine(options.kernel_logs);
  auto* zone = simgrid::s4u::create_full_zone("satflow");

  for (std::size_t s = 0; s < graph_.site_count(); ++s) {
    const SiteProps& site = graph_.site(s);
    auto* host = zone->create_host(site.name, 1e9)->seal();
    hosts_.push_back(host);
    auto* loop = zone->create_link(site.name + "/intra", to_bytes_per_second(site.intra_bandwidth))
                     ->set_latency(site.intra_latency_s)
                     ->seal();
    zone->add_route(host->get_netpoint(), host->get_netpoint(), nullptr, nullptr,
                    {simgrid::s4u::LinkInRoute(loop)}, false);
  }
  std::vector<simgrid::s4u::Link*> links;
  for (std::size_t l = 0; l < graph_.link_count(); ++l) {
    const LinkProps& props = graph_.link(l);
    links.push_back(zone->create_link(props.name, to_bytes_per_second(props.bandwidth))
                        ->set_latency(props.latency_s)
                        ->seal());
  }
  const std::size_t n = graph_.site_count();
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
      std::vector<simgrid::s4u::LinkInRoute> route;
      bool unbounded = true;
      for (std::size_t l : graph_.route(a, b)) {
        route.emplace_back(links[l]);
        unbounded = unbounded && std::isinf(graph_.link(l).bandwidth);
      }
      unbounded_[a * n + b] = unbounded_[b * n + a] = unbounded;
      latency_s_[a * n + b] = latency_s_[b * n + a] = graph_.route_latency_s(a, b);
      zone->add_route(hosts_[a]->get_netpoint(), hosts_[b]->get_netpoint(), nullptr, nullptr, route, true);
    }
  }
  zone->seal();
}

double Engine::now() { return simgrid::s4u::Engine::get_clock(); }

void Engine::run_until(double t_end_s) { simgrid::s4u::Engine::get_instance()->run_until(t_end_s); }

void Engine::run() { simgrid::s4u::Engine::get_instance()->run(); }

} // namespace satflow::simcore
