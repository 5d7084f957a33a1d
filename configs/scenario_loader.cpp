#include "configs/scenario_loader.hpp"

#include "configs/yaml_cursor.hpp"
#include "models/coordination.hpp"
#include "simcore/units.hpp"
#include "simcore/site_graph.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <tuple>

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

// --- layouts --------------------------------------------------------------------------------

/// Splices a layout file into the scenario document: its functions replace the scenario's, its
/// coordination keys override the scenario's. Returns the layout's name ("" after an error).
std::string apply_layout(YAML::Node root, const std::filesystem::path& file, DocumentContext& context) {
  const std::string origin = "layout " + file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    context.diagnostics->add({file.string(), "", "cannot open the layout file"});
    return "";
  }
  YAML::Node layout;
  try {
    layout = YAML::Load(in);
  } catch (const YAML::ParserException& e) {
    context.diagnostics->add({file.string() + ":" + std::to_string(e.mark.line + 1) + ":" +
                                  std::to_string(e.mark.column + 1),
                              "", "YAML syntax error: " + e.msg});
    return "";
  }
  DocumentContext layout_context{file.string(), context.diagnostics, {}};
  const YamlCursor c(&layout_context, layout, "");
  if (!c.expect_map({"name", "description", "functions", "coordination"}))
    return "";
  if (!c["functions"].require())
    return "";
  if (!c["functions"].node().IsMap() || (c["coordination"].defined() && !c["coordination"].node().IsMap())) {
    (c["functions"].node().IsMap() ? c["coordination"] : c["functions"]).error("expected a map");
    return "";
  }
  root["functions"] = YAML::Clone(c["functions"].node());
  context.overridden["functions"] = origin;
  if (c["coordination"].defined()) {
    if (!root["coordination"] || !root["coordination"].IsMap())
      root["coordination"] = YAML::Node(YAML::NodeType::Map);
    YAML::Node coordination = root["coordination"];
    for (const auto& e : c["coordination"].unique_entries()) {
      coordination[e.key] = YAML::Clone(e.value);
      context.overridden["coordination." + e.key] = origin;
    }
  }
  return c["name"].defined() ? c["name"].string().value_or(file.stem().string()) : file.stem().string();
}

// --- reading --------------------------------------------------------------------------------

class Reader {
public:
  Reader(const YamlCursor& root, const Diagnostics& diagnostics) : root_(root), diagnostics_(diagnostics) {}

  Scenario read(const std::string& default_name) {
    Scenario sc;
    if (!root_.expect_map({"name", "description", "seed", "epoch", "horizon", "sites", "functions", "links",
                           "coordination", "classes", "learning", "stations", "launchers", "process", "arrivals"}))
      return sc;
    sc.name = root_["name"].defined() ? root_["name"].string().value_or(default_name) : default_name;
    if (root_["seed"].defined())
      sc.seed = static_cast<std::uint64_t>(root_["seed"].integer(0, std::numeric_limits<std::int64_t>::max()).value_or(1));
    if (root_["epoch"].defined()) {
      if (auto text = root_["epoch"].string()) {
        epoch_days_ = simcore::parse_date_days(*text);
        if (epoch_days_)
          sc.epoch = *text;
        else
          root_["epoch"].error("expected a calendar date YYYY-MM-DD, got '" + *text + "'");
      }
    }
    if (root_["horizon"].defined()) {
      if (auto h = root_["horizon"].time_point(epoch_days_); h && *h <= 0)
        root_["horizon"].error("expected a horizon after the start");
      else
        sc.horizon_s = h.value_or(kInf);
    }
    read_sites(sc);
    read_functions(sc);
    read_links(sc);
    read_coordination(sc);
    read_classes(sc);
    read_learning(sc);
    read_stations(sc);
    read_launchers(sc);
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

  /// Calls f(name, cursor) for every entry of the optional map section `key`; reports a section that is
  /// not a map of `shape`.
  template <class F>
  void for_each_named(const char* key, const char* shape, F&& f) {
    const YamlCursor section = root_[key];
    if (!section.defined())
      return;
    if (!section.node().IsMap()) {
      section.error(std::string("expected a map of ") + shape);
      return;
    }
    for_each_entry(section, f);
  }

  template <class F>
  void for_each_entry(const YamlCursor& map, F&& f) {
    for (const auto& e : map.unique_entries())
      f(e.key, map.child(e.key, e.value));
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

  /// `between: [a, b]`: two sites, each named directly or by a function.
  std::optional<std::pair<std::string, std::string>> site_pair(const YamlCursor& between, const Scenario& sc) {
    if (!between.require())
      return std::nullopt;
    if (!between.node().IsSequence() || between.node().size() != 2) {
      between.error("expected a list of two sites or functions");
      return std::nullopt;
    }
    const auto a = site_ref(between.at(0), sc);
    const auto b = site_ref(between.at(1), sc);
    if (!a || !b)
      return std::nullopt;
    return std::pair{*a, *b};
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
        const auto pair = site_pair(f["between"], sc);
        const auto factor = f["factor"].number(1e-9, 1e9);
        // Friction between two co-located functions has no link to act on: it has no effect.
        if (pair && factor && pair->first != pair->second)
          model.friction.push_back({pair->first, pair->second, *factor});
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
      if (const auto pair = site_pair(c["between"], sc)) {
        std::tie(l.a, l.b) = *pair;
        if (l.a == l.b)
          c["between"].error("a link joins two different sites; use the site's intra_latency for exchanges within a site");
        for (const auto& earlier : sc.links)
          if (std::minmax(earlier.a, earlier.b) == std::minmax(l.a, l.b))
            c["between"].error("sites '" + l.a + "' and '" + l.b + "' are already joined by an earlier link; one link per pair");
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
      if (c.defined() && c.expect_map({"priority", "mass", "due"})) {
        if (c["priority"].defined())
          cls.priority = static_cast<int>(c["priority"].integer(-1000000, 1000000).value_or(0));
        if (c["mass"].defined())
          cls.mass_kg = c["mass"].mass().value_or(0);
        if (c["due"].defined())
          cls.due_s = c["due"].duration(1).value_or(kInf);
      }
      sc.classes.push_back(cls);
    });
  }

  void read_learning(Scenario& sc) {
    for_each_named("learning", "learning-curve names to {rate, failure_rate, prior_units}",
                   [&](const std::string& name, const YamlCursor& c) {
      models::LearningSpec curve;
      curve.name = name;
      if (c.expect_map({"rate", "failure_rate", "prior_units"})) {
        curve.rate = c["rate"].number(1e-6, 1).value_or(1);
        if (c["failure_rate"].defined())
          curve.failure_rate = c["failure_rate"].number(1e-6, 1).value_or(1);
        if (c["prior_units"].defined())
          curve.prior_units = c["prior_units"].number(0, 1e9).value_or(0);
      }
      sc.learning.push_back(curve);
    });
  }

  void read_launchers(Scenario& sc) {
    for_each_named("launchers", "launcher names to {site, flights, ...}", [&](const std::string& name,
                                                                              const YamlCursor& c) {
      models::LauncherSpec l;
      l.name = name;
      if (!c.expect_map({"site", "lead", "transport", "transport_per_km", "integration", "reserve", "scrub", "flights",
                         "recurring"})) {
        sc.launchers.push_back(l);
        return;
      }
      l.site = site_ref(c["site"], sc).value_or("");
      if (c["lead"].defined())
        l.lead_s = c["lead"].duration().value_or(0);
      if (c["transport"].defined())
        l.transport = c["transport"].duration_distribution().value_or(l.transport);
      if (c["transport_per_km"].defined())
        l.transport_per_km_s = c["transport_per_km"].duration().value_or(0);
      if (c["integration"].defined())
        l.integration = c["integration"].duration_distribution().value_or(l.integration);
      if (c["reserve"].defined())
        l.reserve_s = c["reserve"].duration().value_or(0);
      if (const YamlCursor scrub = c["scrub"]; scrub.defined() && scrub.expect_map({"p", "delay"})) {
        l.scrub_probability = scrub["p"].number(0, 0.99).value_or(0);
        if (auto d = scrub["delay"].duration_distribution()) {
          if (d->lower_bound() <= 0)
            scrub["delay"].error("expected a slip that is always > 0 (a scrub moves the launch to a later date)");
          else
            l.scrub_delay = *d;
        }
      }
      if (const YamlCursor flights = c["flights"]; flights.defined() && flights.expect_sequence())
        for (std::size_t i = 0; i < flights.node().size(); ++i)
          if (auto f = read_flight(flights.at(i), name + "-" + std::to_string(i + 1)))
            l.flights.push_back(*f);
      if (const YamlCursor rec = c["recurring"]; rec.defined())
        read_recurring(rec, sc, l);
      if (!c["flights"].defined() && !c["recurring"].defined())
        c.error("expected 'flights', 'recurring' or both");
      std::stable_sort(l.flights.begin(), l.flights.end(),
                       [](const models::FlightSpec& a, const models::FlightSpec& b) { return a.date_s < b.date_s; });
      sc.launchers.push_back(l);
    });
  }

  std::optional<models::FlightSpec> read_flight(const YamlCursor& c, const std::string& default_name) {
    if (!c.expect_map({"name", "date", "slots", "mass"}))
      return std::nullopt;
    models::FlightSpec f;
    f.name = c["name"].defined() ? c["name"].string().value_or(default_name) : default_name;
    auto date = c["date"].time_point(epoch_days_);
    if (c["slots"].defined())
      f.slots = static_cast<int>(c["slots"].integer(1, 1000000).value_or(1));
    if (c["mass"].defined())
      f.mass_kg = c["mass"].mass().value_or(kInf);
    if (!date)
      return std::nullopt;
    f.date_s = *date;
    return f;
  }

  /// A bound that keeps a far horizon from filling memory with flights (a century of daily flights fits).
  static constexpr int kMaxRecurringFlights = 100000;

  /// A flight every `every` from `first` to `until` (default: the horizon).
  void read_recurring(const YamlCursor& c, const Scenario& sc, models::LauncherSpec& l) {
    if (!c.expect_map({"first", "every", "until", "slots", "mass"}))
      return;
    const auto first = c["first"].time_point(epoch_days_);
    const auto every = c["every"].duration(simcore::kDay);
    std::optional<double> until = sc.horizon_s;
    if (c["until"].defined())
      until = c["until"].time_point(epoch_days_);
    else if (no_horizon(sc))
      c.error("recurring flights need 'until' or a scenario 'horizon'");
    int slots = 1000000;
    double mass = kInf;
    if (c["slots"].defined())
      slots = static_cast<int>(c["slots"].integer(1, 1000000).value_or(1));
    if (c["mass"].defined())
      mass = c["mass"].mass().value_or(kInf);
    if (!first || !every || !until || std::isinf(*until))
      return;
    if ((*until - *first) / *every > kMaxRecurringFlights) {
      c.error("this makes more than " + std::to_string(kMaxRecurringFlights) +
              " flights before 'until' or the horizon; set an earlier 'until'");
      return;
    }
    int k = 1;
    for (double t = *first; t <= *until; t += *every, ++k)
      l.flights.push_back({l.name + "-r" + std::to_string(k), t, slots, mass});
  }

  /// No horizon at all; a horizon that was given but invalid is reported already, not again here.
  bool no_horizon(const Scenario& sc) const { return std::isinf(sc.horizon_s) && !root_["horizon"].defined(); }

  void read_stations(Scenario& sc) {
    for_each_named("stations", "station names to {site, capacity, discipline}", [&](const std::string& name,
                                                                                     const YamlCursor& c) {
      models::StationSpec s;
      s.name = name;
      if (c.expect_map({"site", "capacity", "discipline", "downtime"})) {
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
        if (const YamlCursor d = c["downtime"]; d.defined())
          s.downtime = read_downtime(d, sc);
      }
      sc.stations.push_back(s);
    });
  }

  std::optional<models::DowntimeSpec> read_downtime(const YamlCursor& c, const Scenario& sc) {
    if (!c.expect_map({"every", "lasts"}))
      return std::nullopt;
    auto up = c["every"].duration_distribution();
    auto repair = c["lasts"].duration_distribution();
    const bool up_ok = up && up->lower_bound() >= 0 && up->mean() > 0;
    const bool repair_ok = repair && repair->lower_bound() >= 0;
    if (up && !up_ok)
      c["every"].error("expected a time between breakdowns that is never negative and not always 0");
    if (repair && !repair_ok)
      c["lasts"].error("expected a repair time that is never negative");
    if (no_horizon(sc))
      c.error("a station with downtime needs a scenario 'horizon': its breakdowns never end on their own");
    if (!up_ok || !repair_ok || std::isinf(sc.horizon_s))
      return std::nullopt;
    return models::DowntimeSpec{*up, *repair};
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
    sc.stages = read_stage_list(process, sc, false);
  }

  std::vector<models::StageSpec> read_stage_list(const YamlCursor& list, Scenario& sc, bool in_branch) {
    std::vector<models::StageSpec> stages;
    for (std::size_t i = 0; i < list.node().size(); ++i) {
      YamlCursor c = list.at(i);
      std::string name = "stage" + std::to_string(stage_names_.size());
      if (c.node().IsMap() && c["name"].defined())
        name = c["name"].string().value_or(name);
      // Named stages are addressed by name in key paths (and in --set).
      c = list.child(name, c.node());
      stages.push_back(read_stage(c, name, sc, in_branch));
    }
    return stages;
  }

  models::StageSpec read_stage(const YamlCursor& c, const std::string& name, Scenario& sc, bool in_branch) {
    models::StageSpec st;
    st.name = name;
    if (std::find(stage_names_.begin(), stage_names_.end(), name) != stage_names_.end())
      c["name"].error("duplicate stage name '" + name + "'");
    if (name == "exit")
      c["name"].error("'exit' is reserved for leaving the process");
    stage_names_.push_back(name);
    if (!c.expect_map({"name", "station", "duration", "coordinate_every", "delay", "by_class", "coordinate", "at",
                       "parallel", "launch", "failure", "retest", "learning", "next"}))
      return st;
    const char* kinds[] = {"station", "delay", "coordinate", "parallel", "launch"};
    int count = 0;
    for (const char* k : kinds)
      count += c[k].defined();
    if (count != 1) {
      c.error("expected exactly one of the keys station, delay, coordinate, parallel, launch");
      return st;
    }
    if (in_branch)
      for (const char* k : {"coordinate", "parallel", "launch", "next", "failure"})
        if (c[k].defined())
          c[k].error(std::string("a stage inside a parallel branch is a station or delay stage and goes on to the "
                                 "next one in its branch; '") +
                     k + "' is not available there");
    if (c["station"].defined()) {
      st.kind = models::StageKind::station;
      if (auto s = c["station"].string(); s && check_ref(c["station"], *s, sc.stations, "station"))
        st.station = *s;
      if (auto d = c["duration"].duration_distribution())
        st.duration.all = *d;
      if (c["coordinate_every"].defined())
        st.periodic = read_periodic(c["coordinate_every"], sc);
    } else {
      for (const char* k : {"duration", "coordinate_every"})
        if (c[k].defined())
          c[k].error(std::string("'") + k + "' is for station stages" +
                     (std::string(k) == "duration" ? "; a delay stage gives its duration as 'delay'" : ""));
    }
    if (c["at"].defined()) {
      if (c["delay"].defined() || c["coordinate"].defined()) {
        if (auto s = site_ref(c["at"], sc))
          st.site = *s;
      } else {
        c["at"].error("'at' is for delay and coordinate stages; a station stage is at its station's site");
      }
    }
    if (c["delay"].defined()) {
      st.kind = models::StageKind::delay;
      if (auto d = c["delay"].duration_distribution())
        st.duration.all = *d;
    }
    if (c["coordinate"].defined()) {
      st.kind = models::StageKind::coordinate;
      read_coordinate(c["coordinate"], sc, st);
    }
    if (c["parallel"].defined()) {
      st.kind = models::StageKind::parallel;
      const YamlCursor branches = c["parallel"];
      if (!branches.node().IsSequence() || branches.node().size() < 2) {
        branches.error("expected a list of at least two branches, each a list of stages");
      } else {
        for (std::size_t b = 0; b < branches.node().size(); ++b) {
          const YamlCursor branch = branches.at(b);
          if (!branch.node().IsSequence() || branch.node().size() == 0) {
            branch.error("expected a branch: a non-empty list of stages");
            continue;
          }
          st.branches.push_back(read_stage_list(branch, sc, true));
        }
      }
    }
    if (c["launch"].defined()) {
      st.kind = models::StageKind::launch;
      const YamlCursor launch = c["launch"];
      if (launch.node().IsMap()) { // a launcher per class
        for_each_entry(launch, [&](const std::string& cls, const YamlCursor& l) {
          auto launcher = l.string();
          if (check_ref(l, cls, sc.classes, "class") && launcher && check_ref(l, *launcher, sc.launchers, "launcher"))
            st.launcher_by_class.emplace_back(cls, *launcher);
        });
        for (const auto& cls : sc.classes)
          if (std::none_of(st.launcher_by_class.begin(), st.launcher_by_class.end(),
                           [&](const auto& entry) { return entry.first == cls.name; }))
            launch.error("no launcher for class '" + cls.name + "'");
        if (!st.launcher_by_class.empty())
          st.launcher = st.launcher_by_class.front().second;
      } else if (auto l = launch.string(); l && check_ref(launch, *l, sc.launchers, "launcher")) {
        st.launcher = *l;
      }
    }
    const bool timed = st.kind == models::StageKind::station || st.kind == models::StageKind::delay;
    for (const char* k : {"by_class", "failure", "retest", "learning"})
      if (c[k].defined() && !timed)
        c[k].error(std::string("'") + k + "' is for station and delay stages");
    if (timed && c["by_class"].defined()) {
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
    if (timed && c["failure"].defined() && !in_branch) {
      const YamlCursor f = c["failure"];
      if (f.expect_map({"p", "to"})) {
        models::FailureSpec failure;
        failure.probability = f["p"].number(0, 1).value_or(0);
        failure.to = f["to"].string().value_or("exit");
        failure_cursors_.emplace_back(name, f["to"]);
        st.failure = failure;
      }
    }
    if (timed && c["retest"].defined())
      st.retest_factor = c["retest"].number(1e-9, 1e9).value_or(1);
    if (timed && c["learning"].defined())
      if (auto l = c["learning"].string(); l && check_ref(c["learning"], *l, sc.learning, "learning curve"))
        st.learning = *l;
    st.next = read_next(c["next"]);
    stage_cursors_.emplace_back(name, c);
    return st;
  }

  void read_coordinate(const YamlCursor& co, const Scenario& sc, models::StageSpec& st) {
    if (!co.expect_map({"with", "request", "answer", "rounds"}))
      return;
    const YamlCursor with = co["with"];
    if (with.require()) {
      if (with.node().IsSequence()) {
        if (with.node().size() == 0)
          with.error("expected at least one site or function");
        for (std::size_t i = 0; i < with.node().size(); ++i)
          if (auto s = site_ref(with.at(i), sc))
            st.partners.push_back(*s);
      } else if (auto s = site_ref(with, sc)) {
        st.partners.push_back(*s);
      }
    }
    if (co["request"].defined())
      st.request_size = co["request"].number(0, 1e12).value_or(1);
    if (co["answer"].defined())
      st.answer_size = co["answer"].number(0, 1e12).value_or(1);
    if (co["rounds"].defined())
      st.rounds = static_cast<int>(co["rounds"].integer(1, std::numeric_limits<int>::max()).value_or(1));
  }

  std::optional<models::PeriodicCoordinationSpec> read_periodic(const YamlCursor& c, const Scenario& sc) {
    if (!c.expect_map({"interval", "with", "request", "answer"}))
      return std::nullopt;
    models::PeriodicCoordinationSpec p;
    // Every interval of work is one exchange: below an hour a run could need billions of them.
    p.interval_s = c["interval"].duration(simcore::kHour).value_or(0);
    p.to = site_ref(c["with"], sc).value_or("");
    if (c["request"].defined())
      p.request_size = c["request"].number(0, 1e12).value_or(1);
    if (c["answer"].defined())
      p.answer_size = c["answer"].number(0, 1e12).value_or(1);
    return p;
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
        else if (no_horizon(sc))
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
        t = e["at"].time_point(epoch_days_);
      } else {
        t = e.time_point(epoch_days_);
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

  /// Stages in a loop that items can never leave. ways[i] lists where stage i sends items with a
  /// positive probability: -1 exit, -2 join, -3 an unknown stage (reported already, so counted as a
  /// way out), else a stage.
  static std::vector<std::size_t> stages_in_closed_loops(const std::vector<std::vector<long>>& ways) {
    const std::size_t n = ways.size();
    std::vector<char> can_leave(n, 0);
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t i = 0; i < n; ++i)
        if (!can_leave[i] && std::any_of(ways[i].begin(), ways[i].end(), [&](long j) {
              return j < 0 || can_leave[static_cast<std::size_t>(j)];
            }))
          can_leave[i] = changed = true;
    }
    std::vector<std::size_t> trapped;
    for (std::size_t i = 0; i < n; ++i) {
      if (can_leave[i])
        continue;
      // Only the stages of the loop itself, not those that merely lead into it: i must reach i again.
      std::vector<char> seen(n, 0);
      std::vector<std::size_t> todo{i};
      while (!todo.empty() && !seen[i]) {
        const std::size_t k = todo.back();
        todo.pop_back();
        for (long j : ways[k])
          if (j >= 0 && !seen[static_cast<std::size_t>(j)]) {
            seen[static_cast<std::size_t>(j)] = 1;
            todo.push_back(static_cast<std::size_t>(j));
          }
      }
      if (seen[i])
        trapped.push_back(i);
    }
    return trapped;
  }

  /// Reachability of stages from the first one, targets of routes and failures, and site connectivity
  /// of every coordination. Runs only on a scenario whose references are sound.
  void check_flow(const Scenario& sc) {
    if (sc.stages.empty() || !diagnostics_.empty())
      return;
    // Flatten like the pipeline does: top-level stages, then branch stages as they are found.
    struct Flat {
      const models::StageSpec* spec;
      long default_next; // -1: exit, -2: join
    };
    std::vector<Flat> flat;
    for (std::size_t i = 0; i < sc.stages.size(); ++i)
      flat.push_back({&sc.stages[i], i + 1 < sc.stages.size() ? static_cast<long>(i + 1) : -1});
    std::vector<std::vector<std::size_t>> branch_starts;
    for (std::size_t i = 0; i < flat.size(); ++i) {
      branch_starts.emplace_back();
      for (const auto& branch : flat[i].spec->branches) {
        branch_starts[i].push_back(flat.size());
        for (std::size_t k = 0; k < branch.size(); ++k)
          flat.push_back({&branch[k], k + 1 < branch.size() ? static_cast<long>(flat.size() + 1) : -2});
      }
    }
    const std::size_t n = flat.size();
    auto index_of = [&](const std::string& name) -> long {
      if (name == "exit")
        return -1;
      for (std::size_t i = 0; i < n; ++i)
        if (flat[i].spec->name == name)
          return static_cast<long>(i);
      return -3;
    };
    auto cursor_of = [&](const std::string& name) {
      for (const auto& [stage, cursor] : stage_cursors_)
        if (stage == name)
          return cursor;
      return root_;
    };
    auto unknown_stage = [&](const YamlCursor& at, const std::string& name) {
      std::vector<std::string> names{"exit"};
      for (const auto& f : flat)
        names.push_back(f.spec->name);
      std::string message = "unknown stage '" + name + "'";
      if (auto guess = closest_match(name, names); !guess.empty())
        message += "; did you mean '" + guess + "'?";
      at.error(message);
    };
    std::vector<std::vector<std::size_t>> successors(n);
    // Where each stage sends items with a positive probability, exit and join included (see
    // stages_in_closed_loops); a parallel stage leaves by its own routes once its branches join.
    std::vector<std::vector<long>> ways(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& st = *flat[i].spec;
      const double failure_p = st.failure ? st.failure->probability : 0;
      if (st.next.empty()) {
        if (flat[i].default_next >= 0)
          successors[i].push_back(static_cast<std::size_t>(flat[i].default_next));
        if (failure_p < 1)
          ways[i].push_back(flat[i].default_next);
      }
      for (std::size_t r = 0; r < st.next.size(); ++r) {
        const long j = index_of(st.next[r].to);
        if (j == -3) {
          const YamlCursor at = cursor_of(st.name)["next"];
          unknown_stage(at.node().IsSequence() ? at.at(r)["to"] : at, st.next[r].to);
        } else if (j >= 0) {
          successors[i].push_back(static_cast<std::size_t>(j));
        }
        if (st.next[r].probability > 0 && failure_p < 1)
          ways[i].push_back(j);
      }
      if (st.failure) {
        const long j = index_of(st.failure->to);
        if (j == -3) {
          for (const auto& [stage, cursor] : failure_cursors_)
            if (stage == st.name)
              unknown_stage(cursor, st.failure->to);
        } else if (j >= 0) {
          successors[i].push_back(static_cast<std::size_t>(j));
        }
        if (failure_p > 0)
          ways[i].push_back(j);
      }
      for (std::size_t b : branch_starts[i])
        successors[i].push_back(b);
    }
    for (std::size_t i : stages_in_closed_loops(ways))
      cursor_of(flat[i].spec->name)
          .error("stage '" + flat[i].spec->name +
                 "' is in a loop that items can never leave: give one of its stages a route to a stage "
                 "outside it or to 'exit'");
    // Sites an item (or branch) can be at when it enters each stage, propagated to a fixpoint.
    simcore::SiteGraph graph;
    for (const auto& s : sc.sites)
      graph.add_site({s.name, s.location, s.intra_latency_s, s.intra_bandwidth});
    for (const auto& l : models::coordination_links(sc))
      graph.add_link(graph.site_by_name(l.a), graph.site_by_name(l.b), {"", l.latency_s, l.bandwidth});
    const std::size_t sites = sc.sites.size();
    auto station_site = [&](const std::string& station) {
      for (const auto& s : sc.stations)
        if (s.name == station)
          return graph.site_by_name(s.site);
      return std::size_t{0};
    };
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
        const auto& st = *flat[i].spec;
        std::vector<char> out = at_entry[i];
        std::optional<std::size_t> moved;
        if (st.kind == models::StageKind::station)
          moved = station_site(st.station);
        else if (!st.site.empty())
          moved = graph.site_by_name(st.site);
        if (moved) {
          std::fill(out.begin(), out.end(), 0);
          out[*moved] = 1;
        }
        if (st.kind == models::StageKind::launch) { // after the launch: at the launcher's site
          std::fill(out.begin(), out.end(), 0);
          for (const auto& l : sc.launchers)
            if (l.name == st.launcher || std::any_of(st.launcher_by_class.begin(), st.launcher_by_class.end(),
                                                     [&](const auto& e) { return e.second == l.name; }))
              out[graph.site_by_name(l.site)] = 1;
        }
        for (std::size_t j : successors[i]) {
          const std::vector<char>& from = branch_starts[i].end() != std::find(branch_starts[i].begin(),
                                                                              branch_starts[i].end(), j)
                                              ? at_entry[i] // a branch starts where its item is
                                              : out;
          for (std::size_t s = 0; s < sites; ++s)
            if (from[s] && !at_entry[j][s])
              at_entry[j][s] = changed = true;
          if (!reached[j])
            reached[j] = changed = true;
        }
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      const auto& st = *flat[i].spec;
      const YamlCursor c = cursor_of(st.name);
      if (!reached[i]) {
        c.error("stage '" + st.name + "' cannot be reached from the first stage '" + sc.stages[0].name + "'");
        continue;
      }
      auto check_pair = [&](std::size_t from, const std::string& to, const YamlCursor& at) {
        if (!graph.reachable(from, graph.site_by_name(to)))
          at.error("no link path between sites '" + sc.sites[from].name + "' and '" + to +
                   "'; add one under 'links' or a 'coordination' model");
      };
      if (st.kind == models::StageKind::coordinate) {
        const YamlCursor with = c["coordinate"]["with"];
        for (std::size_t p = 0; p < st.partners.size(); ++p)
          for (std::size_t s = 0; s < sites; ++s)
            if (st.site.empty() ? at_entry[i][s] : graph.site_by_name(st.site) == s)
              check_pair(s, st.partners[p], with.node().IsSequence() ? with.at(p) : with);
      }
      if (st.periodic)
        check_pair(station_site(st.station), st.periodic->to, c["coordinate_every"]["with"]);
    }
  }

  YamlCursor root_;
  std::optional<double> epoch_days_; // the epoch's days since 1970-01-01
  const Diagnostics& diagnostics_; // the flow checks need sound references: they run on a clean slate only
  std::vector<std::string> stage_names_;                          // every stage, branches included
  std::vector<std::pair<std::string, YamlCursor>> stage_cursors_;   // by stage name
  std::vector<std::pair<std::string, YamlCursor>> failure_cursors_; // failure.to, by stage name
};

} // namespace

std::filesystem::path layout_path(const std::string& layout, const std::filesystem::path& scenario_file) {
  const std::filesystem::path given(layout);
  if (layout.find('/') != std::string::npos || given.extension() == ".yaml")
    return given;
  return scenario_file.parent_path() / "layouts" / (layout + ".yaml");
}

LoadResult load_scenario_text(std::string_view text, const std::string& file_label,
                              const std::vector<std::string>& overrides, const std::string& layout) {
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
  std::string layout_name;
  if (!layout.empty())
    layout_name = apply_layout(root, layout_path(layout, file_label), context);
  for (const auto& o : overrides)
    apply_override(root, o, context);
  std::string stem = std::filesystem::path(file_label).stem().string();
  Reader reader(YamlCursor(&context, root, ""), result.diagnostics);
  Scenario sc = reader.read(stem);
  sc.layout = layout_name;
  if (result.diagnostics.empty())
    result.scenario = std::move(sc);
  return result;
}

LoadResult load_scenario_file(const std::filesystem::path& file, const std::vector<std::string>& overrides,
                              const std::string& layout) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    LoadResult result;
    result.diagnostics.add({file.string(), "", "cannot open the file"});
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_scenario_text(text.str(), file.string(), overrides, layout);
}

} // namespace satflow::configs
