// Sites, the functions they host, explicit links and the coordination (distance) model.
#include "configs/sections.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

namespace satflow::configs {

using models::Scenario;
constexpr double kInf = std::numeric_limits<double>::infinity();

namespace {

/// The bandwidth of exchanges within a site, over a link or in the coordination model: unbounded when
/// it is not given (or, reported, not a rate).
double bandwidth(const YamlCursor& c) { return c.defined() ? c.rate().value_or(kInf) : kInf; }

} // namespace

void read_sites(ReadContext& ctx, Scenario& sc) {
  const YamlCursor sites = ctx.root["sites"];
  if (!sites.require() || !sites.node().IsMap() || sites.node().size() == 0) {
    if (sites.defined())
      sites.error("expected a map of site names to {lat, lon}");
    return;
  }
  ctx.for_each_entry(sites, [&](const std::string& name, const YamlCursor& c) {
    models::SiteSpec s;
    s.name = name;
    if (c.expect_map({"lat", "lon", "intra_latency", "intra_bandwidth"})) {
      s.location.lat_deg = c["lat"].number(-90, 90).value_or(0);
      s.location.lon_deg = c["lon"].number(-180, 180).value_or(0);
      if (c["intra_latency"].defined())
        s.intra_latency_s = c["intra_latency"].duration().value_or(0);
      s.intra_bandwidth = bandwidth(c["intra_bandwidth"]);
    }
    sc.sites.push_back(s);
  });
}

void read_functions(ReadContext& ctx, Scenario& sc) {
  const YamlCursor functions = ctx.root["functions"];
  if (!functions.defined())
    return;
  if (!functions.expect_map({"design", "agency", "manufacturing", "ait", "launch"}))
    return;
  ctx.for_each_entry(functions, [&](const std::string& function, const YamlCursor& c) {
    for (const auto& site : sc.sites)
      if (site.name == function)
        c.error("'" + function + "' names both a site and a function; rename the site");
    auto site = c.string();
    if (site && ctx.check_ref(c, *site, sc.sites, "site"))
      sc.functions.emplace_back(function, *site);
  });
}

void read_links(ReadContext& ctx, Scenario& sc) {
  const YamlCursor links = ctx.root["links"];
  if (!links.defined() || !links.expect_sequence())
    return;
  for (std::size_t i = 0; i < links.node().size(); ++i) {
    const YamlCursor c = links.at(i);
    if (!c.expect_map({"between", "latency", "bandwidth"}))
      continue;
    models::LinkSpec l;
    if (const auto pair = ctx.site_pair(c["between"], sc)) {
      std::tie(l.a, l.b) = *pair;
      if (l.a == l.b)
        c["between"].error(
            "a link joins two different sites; use the site's intra_latency for exchanges within a site");
      for (const auto& earlier : sc.links)
        if (std::minmax(earlier.a, earlier.b) == std::minmax(l.a, l.b))
          c["between"].error("sites '" + l.a + "' and '" + l.b +
                             "' are already joined by an earlier link; one link per pair");
    }
    l.latency_s = c["latency"].duration().value_or(0);
    l.bandwidth = bandwidth(c["bandwidth"]);
    sc.links.push_back(l);
  }
}

void read_coordination(ReadContext& ctx, Scenario& sc) {
  const YamlCursor c = ctx.root["coordination"];
  if (!c.defined() || !c.expect_map({"step", "per_km", "bandwidth", "friction", "hub"}))
    return;
  models::CoordinationSpec model;
  if (c["step"].defined())
    model.step_s = c["step"].duration().value_or(0);
  if (c["per_km"].defined())
    model.per_km_s = c["per_km"].duration().value_or(0);
  model.bandwidth = bandwidth(c["bandwidth"]);
  if (c["hub"].defined())
    model.hub = ctx.fixed_site_ref(c["hub"], sc).value_or("");
  const YamlCursor friction = c["friction"];
  if (friction.defined() && friction.expect_sequence()) {
    for (std::size_t i = 0; i < friction.node().size(); ++i) {
      const YamlCursor f = friction.at(i);
      if (!f.expect_map({"between", "factor"}))
        continue;
      const auto pair = ctx.site_pair(f["between"], sc);
      const auto factor = f["factor"].number(1e-9, 1e9);
      // Friction between two co-located functions has no link to act on: it has no effect.
      if (pair && factor && pair->first != pair->second)
        model.friction.push_back({pair->first, pair->second, *factor});
    }
  }
  sc.coordination = model;
}

} // namespace satflow::configs
