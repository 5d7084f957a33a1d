#include "configs/scenario_loader.hpp"

#include "configs/yaml_cursor.hpp"
#include "models/coordination.hpp"
#include "simcore/site_graph.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace satflow::configs {
namespace {

using models::Scenario;
constexpr double kInf = std::numeric_limits<double>::infinity();

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep))
    out.push_back(part);
  return out;
}

// --- overrides ------------------------------------------------------------------------------

/// Index of a sequence element addressed by position or by its `name`, or -1.
long find_element(const YAML::Node& seq, const std::string& segment) {
  for (std::size_t i = 0; i < seq.size(); ++i) {
    const YAML::Node& e = seq[i];
    if (std::to_string(i) == segment || (e.IsMap() && e["name"] && e["name"].IsScalar() && e["name"].Scalar() == segment))
      return static_cast<long>(i);
  }
  return -1;
}

/// Applies one "key.path=value" to the document; records the canonical path it replaced.
void apply_override(YAML::Node root, const std::string& spec, DocumentContext& context) {
  const std::string origin = "--set " + spec;
  const auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0) {
    context.diagnostics->add({origin, "", "expected key.path=value"});
    return;
  }
  const std::string path = spec.substr(0, eq);
  YAML::Node value;
  try {
    value = YAML::Load(spec.substr(eq + 1));
  } catch (const YAML::Exception& e) {
    context.diagnostics->add({origin, path, "the value is not valid YAML: " + e.msg});
    return;
  }
  const auto segments = split(path, '.');
  YAML::Node current = root;
  std::string canonical;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& seg = segments[i];
    const bool last = i + 1 == segments.size();
    const std::string parent = canonical;
    YAML::Node next;
    if (current.IsSequence()) {
      const long index = find_element(current, seg);
      if (index < 0) {
        context.diagnostics->add({origin, path, "no element '" + seg + "' in the list '" + parent + "'"});
        return;
      }
      const YAML::Node& element = current[static_cast<std::size_t>(index)];
      const bool named = element.IsMap() && element["name"] && element["name"].IsScalar();
      canonical += (canonical.empty() ? "" : ".") + (named ? element["name"].Scalar() : seg);
      if (last) {
        current[static_cast<std::size_t>(index)] = value;
        break;
      }
      next.reset(current[static_cast<std::size_t>(index)]);
    } else if (current.IsMap() || (current.IsNull() && last)) {
      canonical += (canonical.empty() ? "" : ".") + seg;
      if (last) {
        current[seg] = value; // a new key is checked like any other key of the file
        break;
      }
      const YAML::Node& constant = current;
      if (!constant[seg]) {
        std::vector<std::string> keys;
        for (auto it = current.begin(); it != current.end(); ++it)
          keys.push_back(it->first.as<std::string>());
        std::string message = "no key '" + seg + "'" + (parent.empty() ? "" : " under '" + parent + "'");
        if (auto guess = closest_match(seg, keys); !guess.empty())
          message += "; did you mean '" + guess + "'?";
        context.diagnostics->add({origin, path, message});
        return;
      }
      next.reset(current[seg]);
    } else {
      context.diagnostics->add({origin, path, "'" + parent + "' is a value, not a map or a list"});
      return;
    }
    current.reset(next);
  }
  context.overridden[canonical] = origin;
}

// --- reading --------------------------------------------------------------------------------

class Reader {
public:
  Reader(const YamlCursor& root, const Diagnostics& diagnostics) : root_(root), diagnostics_(diagnostics) {}

  Scenario read(const std::string& default_name) {
    Scenario sc;
    if (!root_.expect_map({"name", "description", "seed", "horizon", "sites", "functions", "links", "coordination",
                           "classes", "stations", "process", "arrivals"}))
      return sc;
    sc.name = root_["name"].defined() ? root_["name"].string().value_or(default_name) : default_name;
    if (root_["seed"].defined())
      sc.seed = static_cast<std::uint64_t>(root_["seed"].integer(0, std::numeric_limits<std::int64_t>::max()).value_or(1));
    if (root_["horizon"].defined())
      sc.horizon_s = root_["horizon"].duration(1).value_or(kInf);
    read_sites(sc);
    read_functions(sc);
    read_links(sc);
    read_coordination(sc);
    read_classes(sc);
    read_stations(sc);
    read_stages(sc);
    read_arrivals(sc);
    check_flow(sc);
    return sc;
  }

private:
  /// Reports an unknown name with a suggestion; returns whether it is known.
  template <class T>
  bool check_ref(const YamlCursor& at, const std::string& name, const std::vector<T>& known, const char* what) {
    std::vector<std::string> names;
    for (const auto& k : known) {
      if (k.name == name)
        return true;
      names.push_back(k.name);
    }
    std::string message = std::string("unknown ") + what + " '" + name + "'";
    if (auto guess = closest_match(name, names); !guess.empty())
      message += "; did you mean '" + guess + "'?";
    else if (!names.empty()) {
      message += "; known: ";
      for (std::size_t i = 0; i < names.size(); ++i)
        message += (i ? ", " : "") + names[i];
    }
    at.error(message);
    return false;
  }

  template <class F>
  void for_each_entry(const YamlCursor& map, F&& f) {
    for (auto it = map.node().begin(); it != map.node().end(); ++it) {
      const std::string key = it->first.as<std::string>();
      f(key, map.child(key, it->second));
    }
  }

  void read_sites(Scenario& sc) {
    const YamlCursor sites = root_["sites"];
    if (!sites.require() || !sites.node().IsMap() || sites.node().size() == 0) {
      if (sites.defined())
        sites.error("expected a map of site names to {lat, lon}");
      return;
    }
    for_each_entry(sites, [&](const std::string& name, const YamlCursor& c) {
      models::SiteSpec s;
      s.name = name;
      if (c.expect_map({"lat", "lon", "intra_latency", "intra_bandwidth"})) {
        s.location.lat_deg = c["lat"].number(-90, 90).value_or(0);
        s.location.lon_deg = c["lon"].number(-180, 180).value_or(0);
        if (c["intra_latency"].defined())
          s.intra_latency_s = c["intra_latency"].duration().value_or(0);
        if (c["intra_bandwidth"].defined())
          s.intra_bandwidth = c["intra_bandwidth"].rate().value_or(kInf);
      }
      sc.sites.push_back(s);
    });
  }

  /// A site named directly or through the function it hosts; reports an unknown name.
  std::optional<std::string> site_ref(const YamlCursor& c, const Scenario& sc) {
    auto name = c.string();
    if (!name)
      return std::nullopt;
    for (const auto& [function, site] : sc.functions)
      if (function == *name)
        return site;
    std::vector<std::string> names;
    for (const auto& site : sc.sites) {
      if (site.name == *name)
        return name;
      names.push_back(site.name);
    }
    for (const auto& [function, site] : sc.functions)
      names.push_back(function);
    std::string message = "unknown site or function '" + *name + "'";
    if (auto guess = closest_match(*name, names); !guess.empty())
      message += "; did you mean '" + guess + "'?";
    else {
      message += "; known: ";
      for (std::size_t i = 0; i < names.size(); ++i)
        message += (i ? ", " : "") + names[i];
    }
    c.error(message);
    return std::nullopt;
  }

  void read_functions(Scenario& sc) {
    const YamlCursor functions = root_["functions"];
    if (!functions.defined())
      return;
    if (!functions.expect_map({"design", "agency", "manufacturing", "ait", "launch"}))
      return;
    for_each_entry(functions, [&](const std::string& function, const YamlCursor& c) {
      for (const auto& site : sc.sites)
        if (site.name == function)
          c.error("'" + function + "' names both a site and a function; rename the site");
      auto site = c.string();
      if (site && check_ref(c, *site, sc.sites, "site"))
        sc.functions.emplace_back(function, *site);
    });
  }

  void read_coordination(Scenario& sc) {
    const YamlCursor c = root_["coordination"];
    if (!c.defined() || !c.expect_map({"step", "per_km", "bandwidth", "friction", "hub"}))
      return;
    models::CoordinationSpec model;
    if (c["step"].defined())
      model.step_s = c["step"].duration().value_or(0);
    if (c["per_km"].defined())
      model.per_km_s = c["per_km"].duration().value_or(0);
    if (c["bandwidth"].defined())
      model.bandwidth = c["bandwidth"].rate().value_or(models::kInfinity);
    if (c["hub"].defined())
      model.hub = site_ref(c["hub"], sc).value_or("");
    const YamlCursor friction = c["friction"];
    if (friction.defined() && friction.expect_sequence()) {
      for (std::size_t i = 0; i < friction.node().size(); ++i) {
        const YamlCursor f = friction.at(i);
        if (!f.expect_map({"between", "factor"}))
          continue;
        const YamlCursor between = f["between"];
        if (!between.require())
          continue;
        if (!between.node().IsSequence() || between.node().size() != 2) {
          between.error("expected a list of two sites or functions");
          continue;
        }
        const auto a = site_ref(between.at(0), sc);
        const auto b = site_ref(between.at(1), sc);
        const auto factor = f["factor"].number(1e-9, 1e9);
        if (a && b && *a == *b)
          between.error("friction applies between two different sites; '" + *a + "' is both");
        else if (a && b && factor)
          model.friction.push_back({*a, *b, *factor});
      }
    }
    sc.coordination = model;
  }

  void read_links(Scenario& sc) {
    const YamlCursor links = root_["links"];
    if (!links.defined() || !links.expect_sequence())
      return;
    for (std::size_t i = 0; i < links.node().size(); ++i) {
      const YamlCursor c = links.at(i);
      if (!c.expect_map({"between", "latency", "bandwidth"}))
        continue;
      models::LinkSpec l;
      const YamlCursor between = c["between"];
      if (between.require()) {
        if (!between.node().IsSequence() || between.node().size() != 2) {
          between.error("expected a list of two site names");
        } else {
          const auto a = site_ref(between.at(0), sc);
          const auto b = site_ref(between.at(1), sc);
          l.a = a.value_or("");
          l.b = b.value_or("");
          if (a && b && l.a == l.b)
            between.error("a link joins two different sites; use the site's intra_latency for exchanges within a site");
        }
      }
      l.latency_s = c["latency"].duration().value_or(0);
      if (c["bandwidth"].defined())
        l.bandwidth = c["bandwidth"].rate().value_or(kInf);
      sc.links.push_back(l);
    }
  }

  void read_classes(Scenario& sc) {
    const YamlCursor classes = root_["classes"];
    if (!classes.defined()) {
      sc.classes.push_back({"item", 0}); // one implicit class keeps simple scenarios short
      return;
    }
    if (!classes.node().IsMap() || classes.node().size() == 0) {
      classes.error("expected a map of class names to {priority}");
      return;
    }
    for_each_entry(classes, [&](const std::string& name, const YamlCursor& c) {
      models::ItemClassSpec cls{name, 0};
      if (c.defined() && c.expect_map({"priority"}) && c["priority"].defined())
        cls.priority = static_cast<int>(c["priority"].integer(-1000000, 1000000).value_or(0));
      sc.classes.push_back(cls);
    });
  }

  void read_stations(Scenario& sc) {
    const YamlCursor stations = root_["stations"];
    if (!stations.defined())
      return;
    if (!stations.node().IsMap()) {
      stations.error("expected a map of station names to {site, capacity, discipline}");
      return;
    }
    for_each_entry(stations, [&](const std::string& name, const YamlCursor& c) {
      models::StationSpec s;
      s.name = name;
      if (c.expect_map({"site", "capacity", "discipline"})) {
        if (auto site = site_ref(c["site"], sc))
          s.site = *site;
        if (c["capacity"].defined())
          s.capacity = static_cast<int>(c["capacity"].integer(1, std::numeric_limits<int>::max()).value_or(1));
        if (c["discipline"].defined()) {
          auto d = c["discipline"].string();
          if (d == "priority")
            s.discipline = models::Discipline::priority;
          else if (d && *d != "fifo")
            c["discipline"].error("expected fifo or priority, got '" + *d + "'");
        }
      }
      sc.stations.push_back(s);
    });
  }

  std::vector<models::RouteSpec> read_next(const YamlCursor& c) {
    std::vector<models::RouteSpec> routes;
    if (!c.defined())
      return routes;
    if (c.node().IsScalar()) {
      routes.push_back({c.node().Scalar(), 1});
      return routes;
    }
    if (!c.node().IsSequence() || c.node().size() == 0) {
      c.error("expected a stage name, exit, or a list of {to, p}");
      return routes;
    }
    double total = 0;
    bool all_read = true;
    for (std::size_t i = 0; i < c.node().size(); ++i) {
      const YamlCursor r = c.at(i);
      if (!r.expect_map({"to", "p"})) {
        all_read = false;
        continue;
      }
      models::RouteSpec route;
      route.to = r["to"].string().value_or("exit");
      const auto p = r["p"].number(0, 1);
      all_read = all_read && p.has_value();
      route.probability = p.value_or(0);
      total += route.probability;
      routes.push_back(route);
    }
    if (all_read && std::abs(total - 1) > 1e-9) {
      std::ostringstream sum;
      sum << total;
      c.error("expected probabilities that sum to 1, got " + sum.str());
    }
    return routes;
  }

  void read_stages(Scenario& sc) {
    const YamlCursor process = root_["process"];
    if (!process.require() || !process.expect_sequence())
      return;
    if (process.node().size() == 0)
      process.error("expected at least one stage");
    for (std::size_t i = 0; i < process.node().size(); ++i) {
      YamlCursor c = process.at(i);
      models::StageSpec st;
      st.name = "stage" + std::to_string(i);
      if (c.node().IsMap() && c["name"].defined())
        st.name = c["name"].string().value_or(st.name);
      // Named stages are addressed by name in key paths (and in --set).
      c = process.child(st.name, c.node());
      if (!c.expect_map({"name", "station", "duration", "delay", "by_class", "coordinate", "at", "next"}))
        continue;
      for (const auto& other : sc.stages)
        if (other.name == st.name)
          c["name"].error("duplicate stage name '" + st.name + "'");
      if (st.name == "exit")
        c["name"].error("'exit' is reserved for leaving the process");
      const int kinds = c["station"].defined() + c["delay"].defined() + c["coordinate"].defined();
      if (kinds != 1) {
        c.error("expected exactly one of the keys station, delay, coordinate");
        sc.stages.push_back(st);
        continue;
      }
      if (c["station"].defined()) {
        st.kind = models::StageKind::station;
        if (auto s = c["station"].string(); s && check_ref(c["station"], *s, sc.stations, "station"))
          st.station = *s;
        if (auto d = c["duration"].duration_distribution())
          st.duration.all = *d;
        if (c["at"].defined())
          c["at"].error("a station stage takes place at its station's site; 'at' is for delay and coordinate stages");
      } else {
        if (c["duration"].defined())
          c["duration"].error("'duration' is for station stages; a delay stage gives its duration as 'delay'");
        if (c["at"].defined())
          if (auto s = site_ref(c["at"], sc))
            st.site = *s;
      }
      if (c["delay"].defined()) {
        st.kind = models::StageKind::delay;
        if (auto d = c["delay"].duration_distribution())
          st.duration.all = *d;
      }
      if (c["coordinate"].defined()) {
        st.kind = models::StageKind::coordinate;
        const YamlCursor co = c["coordinate"];
        if (co.expect_map({"with", "request", "answer", "rounds"})) {
          if (auto s = site_ref(co["with"], sc))
            st.to = *s;
          if (co["request"].defined())
            st.request_size = co["request"].number(0, 1e12).value_or(1);
          if (co["answer"].defined())
            st.answer_size = co["answer"].number(0, 1e12).value_or(1);
          if (co["rounds"].defined())
            st.rounds = static_cast<int>(co["rounds"].integer(1, std::numeric_limits<int>::max()).value_or(1));
        }
        if (c["by_class"].defined())
          c["by_class"].error("'by_class' sets durations; a coordinate stage has none");
      }
      if (c["by_class"].defined() && st.kind != models::StageKind::coordinate) {
        const YamlCursor by = c["by_class"];
        if (!by.node().IsMap()) {
          by.error("expected a map of class names to durations");
        } else {
          for_each_entry(by, [&](const std::string& cls, const YamlCursor& d) {
            if (!check_ref(d, cls, sc.classes, "class"))
              return;
            if (auto dist = d.duration_distribution())
              st.duration.by_class.emplace_back(cls, *dist);
          });
        }
      }
      st.next = read_next(c["next"]);
      stage_cursors_.push_back(c);
      sc.stages.push_back(st);
    }
  }

  void read_arrivals(Scenario& sc) {
    const YamlCursor arrivals = root_["arrivals"];
    if (!arrivals.require() || !arrivals.expect_sequence())
      return;
    if (arrivals.node().size() == 0)
      arrivals.error("expected at least one arrival source");
    for (std::size_t i = 0; i < arrivals.node().size(); ++i) {
      YamlCursor c = arrivals.at(i);
      if (!c.expect_map({"name", "class", "site", "rate", "start", "count", "schedule"}))
        continue;
      models::ArrivalSpec a;
      a.name = c["name"].defined() ? c["name"].string().value_or("") : "source" + std::to_string(i);
      c = arrivals.child(a.name, c.node());
      for (const auto& other : sc.arrivals)
        if (other.name == a.name)
          c["name"].error("duplicate arrival source name '" + a.name + "'");
      a.item_class = sc.classes.empty() ? "" : sc.classes.front().name;
      if (c["class"].defined())
        if (auto cls = c["class"].string(); cls && check_ref(c["class"], *cls, sc.classes, "class"))
          a.item_class = *cls;
      if (c["site"].defined())
        if (auto s = site_ref(c["site"], sc))
          a.site = *s;
      if (c["rate"].defined() == c["schedule"].defined()) {
        c.error("expected exactly one of 'rate' (Poisson arrivals) and 'schedule' (a list of dates)");
      } else if (c["rate"].defined()) {
        a.kind = models::ArrivalKind::poisson;
        a.rate_per_s = c["rate"].rate().value_or(1);
        if (c["start"].defined())
          a.start_s = c["start"].duration().value_or(0);
        if (c["count"].defined())
          a.count = static_cast<std::uint64_t>(c["count"].integer(1, std::numeric_limits<std::int64_t>::max()).value_or(1));
        else if (std::isinf(sc.horizon_s))
          c.error("Poisson arrivals need a 'count' or a scenario 'horizon', or they never end");
      } else {
        a.kind = models::ArrivalKind::scheduled;
        for (const char* key : {"start", "count"})
          if (c[key].defined())
            c[key].error(std::string("'") + key + "' applies to Poisson arrivals ('rate'), not to a schedule");
        read_schedule(c["schedule"], a);
      }
      sc.arrivals.push_back(a);
    }
  }

  void read_schedule(const YamlCursor& c, models::ArrivalSpec& a) {
    if (!c.expect_sequence())
      return;
    bool named = false;
    for (std::size_t i = 0; i < c.node().size(); ++i) {
      const YamlCursor e = c.at(i);
      std::optional<double> t;
      std::string name;
      if (e.node().IsMap()) {
        if (!e.expect_map({"name", "at"}))
          continue;
        name = e["name"].string().value_or("");
        named = true;
        t = e["at"].duration();
      } else {
        t = e.duration();
      }
      if (!t)
        continue;
      if (!a.times_s.empty() && *t < a.times_s.back())
        e.error("expected dates in non-decreasing order");
      a.times_s.push_back(*t);
      a.item_names.push_back(name);
    }
    if (!named)
      a.item_names.clear();
  }

  /// Reachability of stages from the first one, and site connectivity of every coordination.
  void check_flow(const Scenario& sc) {
    if (sc.stages.empty() || stage_cursors_.size() != sc.stages.size() || !diagnostics_.empty())
      return;
    const std::size_t n = sc.stages.size();
    auto index_of = [&](const std::string& name) -> long {
      for (std::size_t i = 0; i < n; ++i)
        if (sc.stages[i].name == name)
          return static_cast<long>(i);
      return -1;
    };
    std::vector<std::vector<std::size_t>> successors(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (sc.stages[i].next.empty() && i + 1 < n)
        successors[i].push_back(i + 1);
      for (std::size_t r = 0; r < sc.stages[i].next.size(); ++r) {
        const std::string& to = sc.stages[i].next[r].to;
        if (to == "exit")
          continue;
        const long j = index_of(to);
        if (j < 0) {
          std::vector<std::string> names{"exit"};
          for (const auto& s : sc.stages)
            names.push_back(s.name);
          const YamlCursor at = stage_cursors_[i]["next"];
          std::string message = "unknown stage '" + to + "'";
          if (auto guess = closest_match(to, names); !guess.empty())
            message += "; did you mean '" + guess + "'?";
          (at.node().IsSequence() ? at.at(r)["to"] : at).error(message);
          continue;
        }
        successors[i].push_back(static_cast<std::size_t>(j));
      }
    }
    // Sites an item can be at when it enters each stage, propagated to a fixpoint.
    simcore::SiteGraph graph;
    for (const auto& s : sc.sites)
      graph.add_site({s.name, s.location, s.intra_latency_s, s.intra_bandwidth});
    for (const auto& l : models::coordination_links(sc))
      graph.add_link(graph.site_by_name(l.a), graph.site_by_name(l.b), {"", l.latency_s, l.bandwidth});
    const std::size_t sites = sc.sites.size();
    std::vector<std::vector<char>> at_entry(n, std::vector<char>(sites, 0));
    for (const auto& a : sc.arrivals)
      at_entry[0][a.site.empty() ? 0 : graph.site_by_name(a.site)] = 1;
    std::vector<char> reached(n, 0);
    reached[0] = 1;
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t i = 0; i < n; ++i) {
        if (!reached[i])
          continue;
        std::vector<char> out = at_entry[i];
        const auto& st = sc.stages[i];
        if (st.kind == models::StageKind::station || !st.site.empty()) {
          std::fill(out.begin(), out.end(), 0);
          for (const auto& station : sc.stations)
            if (st.kind == models::StageKind::station && station.name == st.station)
              out[graph.site_by_name(station.site)] = 1;
          if (!st.site.empty())
            out[graph.site_by_name(st.site)] = 1;
        }
        for (std::size_t j : successors[i])
          for (std::size_t s = 0; s < sites; ++s)
            if (out[s] && !at_entry[j][s]) {
              at_entry[j][s] = 1;
              changed = true;
            }
        for (std::size_t j : successors[i])
          if (!reached[j])
            reached[j] = changed = true;
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      const auto& st = sc.stages[i];
      if (!reached[i]) {
        stage_cursors_[i].error("stage '" + st.name + "' cannot be reached from the first stage '" + sc.stages[0].name +
                                "'");
        continue;
      }
      if (st.kind != models::StageKind::coordinate)
        continue;
      const std::size_t to = graph.site_by_name(st.to);
      for (std::size_t s = 0; s < sites; ++s) {
        const bool here = st.site.empty() ? at_entry[i][s] : graph.site_by_name(st.site) == s;
        if (here && !graph.reachable(s, to))
          stage_cursors_[i]["coordinate"]["with"].error("no link path between sites '" + sc.sites[s].name +
                                                        "' and '" + st.to + "'; add one under 'links' or a 'coordination' model");
      }
    }
  }

  YamlCursor root_;
  const Diagnostics& diagnostics_; // the flow checks need sound references: they run on a clean slate only
  std::vector<YamlCursor> stage_cursors_;
};

} // namespace

LoadResult load_scenario_text(std::string_view text, const std::string& file_label,
                              const std::vector<std::string>& overrides) {
  LoadResult result;
  DocumentContext context{file_label, &result.diagnostics, {}};
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    result.diagnostics.add({file_label + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1),
                            "", "YAML syntax error: " + e.msg});
    return result;
  }
  if (!root.IsMap()) {
    result.diagnostics.add({file_label, "", "expected a scenario: a map with sites, stations, process and arrivals"});
    return result;
  }
  for (const auto& o : overrides)
    apply_override(root, o, context);
  std::string stem = std::filesystem::path(file_label).stem().string();
  Reader reader(YamlCursor(&context, root, ""), result.diagnostics);
  Scenario sc = reader.read(stem);
  if (result.diagnostics.empty())
    result.scenario = std::move(sc);
  return result;
}

LoadResult load_scenario_file(const std::filesystem::path& file, const std::vector<std::string>& overrides) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    LoadResult result;
    result.diagnostics.add({file.string(), "", "cannot open the file"});
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_scenario_text(text.str(), file.string(), overrides);
}

} // namespace satflow::configs
