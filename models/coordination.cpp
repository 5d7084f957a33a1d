#include "models/coordination.hpp"

#include "simcore/geo.hpp"

#include <stdexcept>

namespace satflow::models {
namespace {

const SiteSpec& site_named(const Scenario& sc, const std::string& name) {
  for (const auto& s : sc.sites)
    if (s.name == name)
      return s;
  throw std::invalid_argument("unknown site '" + name + "'");
}

bool joins(const std::string& a, const std::string& b, const std::string& x, const std::string& y) {
  return (a == x && b == y) || (a == y && b == x);
}

} // namespace

double distance_latency_s(const CoordinationSpec& model, double km) {
  // The penalty is mostly a step at "not co-located"; the per-km slope is weakly supported.
  return km > 0 ? model.step_s + model.per_km_s * km : 0.0;
}

std::vector<LinkSpec> coordination_links(const Scenario& sc) {
  std::vector<LinkSpec> links = sc.links;
  if (!sc.coordination)
    return links;
  const CoordinationSpec& model = *sc.coordination;
  for (const auto& f : model.friction) {
    site_named(sc, f.a);
    site_named(sc, f.b);
  }
  for (std::size_t i = 0; i < sc.sites.size(); ++i) {
    for (std::size_t j = i + 1; j < sc.sites.size(); ++j) {
      const SiteSpec& a = sc.sites[i];
      const SiteSpec& b = sc.sites[j];
      if (!model.hub.empty() && a.name != model.hub && b.name != model.hub)
        continue;
      bool explicit_link = false;
      for (const auto& l : sc.links)
        explicit_link = explicit_link || joins(l.a, l.b, a.name, b.name);
      if (explicit_link)
        continue;
      double latency = distance_latency_s(model, simcore::great_circle_km(a.location, b.location));
      for (const auto& f : model.friction)
        if (joins(f.a, f.b, a.name, b.name))
          latency *= f.factor;
      links.push_back({a.name, b.name, latency, model.bandwidth});
    }
  }
  return links;
}

simcore::SiteGraph site_graph(const Scenario& sc) {
  simcore::SiteGraph g;
  for (const auto& s : sc.sites)
    g.add_site({s.name, s.location, s.intra_latency_s, s.intra_bandwidth});
  for (const auto& l : coordination_links(sc))
    g.add_link(g.site_by_name(l.a), g.site_by_name(l.b), {"", l.latency_s, l.bandwidth});
  return g;
}

} // namespace satflow::models
