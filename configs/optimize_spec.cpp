#include "configs/optimize_spec.hpp"

#include "configs/scenario_loader.hpp"
#include "configs/yaml_cursor.hpp"
#include "configs/yaml_file.hpp"
#include "simcore/units.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <sstream>

namespace satflow::configs {
namespace {

/// Splits "a.b.c" at the dots.
std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream in(path);
  for (std::string part; std::getline(in, part, '.');)
    parts.push_back(part);
  return parts;
}

/// The node at `path` in the scenario document (list elements by index or `name`), or an undefined node.
/// Read through const nodes and rebound with reset(): yaml-cpp's operator= and non-const operator[]
/// would write into the document.
YAML::Node node_at(const YAML::Node& root, const std::string& path) {
  YAML::Node node;
  node.reset(root);
  for (const auto& key : split_path(path)) {
    const YAML::Node& here = node;
    YAML::Node next;
    if (here.IsMap()) {
      next.reset(here[key]);
    } else if (here.IsSequence()) {
      std::size_t index = 0;
      const auto [ptr, ec] = std::from_chars(key.data(), key.data() + key.size(), index);
      const bool numeric = ec == std::errc() && ptr == key.data() + key.size();
      bool found = false; // a default Node is a defined null: track the match apart
      for (std::size_t i = 0; i < here.size() && !found; ++i) {
        const YAML::Node element = here[i];
        found = (numeric && i == index) ||
                (element.IsMap() && element["name"].IsScalar() && element["name"].Scalar() == key);
        if (found)
          next.reset(element);
      }
      if (!found)
        return YAML::Node(YAML::NodeType::Undefined);
    } else {
      return YAML::Node(YAML::NodeType::Undefined);
    }
    if (!next.IsDefined())
      return next;
    node.reset(next);
  }
  return node;
}

std::optional<std::int64_t> as_integer(const std::string& text) {
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return ec == std::errc() && ptr == text.data() + text.size() ? std::optional(v) : std::nullopt;
}

/// The scenario's value at the decision's path: a scalar, else a problem reported on the path.
std::optional<std::string> scenario_value(const YAML::Node& scenario, const YamlCursor& path_at,
                                          const std::string& path) {
  const YAML::Node n = node_at(scenario, path);
  if (!n.IsDefined() || n.IsNull()) {
    path_at.error("the scenario has no value at '" + path + "' (write it in the scenario first)");
    return std::nullopt;
  }
  if (!n.IsScalar()) {
    path_at.error("expected a path to a number or a site, '" + path + "' is a " + (n.IsMap() ? "map" : "list"));
    return std::nullopt;
  }
  return n.Scalar();
}

void read_range(const YamlCursor& c, const std::string& base, OptimizeDecision& d) {
  const auto base_value = as_integer(base);
  if (!base_value) {
    c["range"].error("a range needs an integer in the scenario, '" + d.path + "' is '" + base +
                     "' (a categorical: list its values)");
    return;
  }
  const YamlCursor r = c["range"];
  if (!r.expect_map({"from", "to"}) || !r["from"].require() || !r["to"].require())
    return;
  d.from = r["from"].integer(-1000000000, 1000000000).value_or(0);
  d.to = r["to"].integer(-1000000000, 1000000000).value_or(0);
  if (d.to < d.from)
    r["to"].error("expected 'to' >= 'from'");
  const YamlCursor cost = c["cost"];
  if (cost.require() && cost.expect_map({"per_unit"}) && cost["per_unit"].require())
    d.per_unit = cost["per_unit"].number(-1e12, 1e12).value_or(0);
}

/// Each value must load: a site that exists, a duration with its unit.
void read_values(const YamlCursor& c, const std::filesystem::path& scenario_file, OptimizeDecision& d) {
  d.categorical = true;
  const YamlCursor values = c["values"];
  if (!values.expect_sequence() || values.node().size() < 2) {
    values.error("expected a list of at least two values");
    return;
  }
  for (std::size_t i = 0; i < values.node().size(); ++i) {
    const auto v = values.at(i).string();
    if (!v)
      continue;
    const auto loaded = load_experiment_point(scenario_file, command_line_overrides({d.path + "=" + *v}), "");
    if (!loaded.diagnostics.empty())
      values.at(i).error("the scenario refuses '" + *v + "' at '" + d.path +
                         "': " + loaded.diagnostics.items().front().message);
    d.values.push_back(*v);
    if (*v == d.baseline)
      d.base_index = static_cast<std::int64_t>(i);
  }
  d.value_costs.assign(d.values.size(), 0);
  const YamlCursor cost = c["cost"];
  if (!cost.require() || !cost.node().IsMap()) {
    if (cost.defined())
      cost.error("expected a map of values to their costs, e.g. {daejeon: 40}");
    return;
  }
  for (const auto& e : cost.unique_entries()) {
    const auto it = std::find(d.values.begin(), d.values.end(), e.key);
    if (it == d.values.end()) {
      cost.child(e.key, e.key_node).error("'" + e.key + "' is not one of the decision's values");
      continue;
    }
    d.value_costs[static_cast<std::size_t>(it - d.values.begin())] =
        cost.child(e.key, e.value).number(-1e12, 1e12).value_or(0);
  }
}

std::optional<OptimizeDecision> read_decision(const YamlCursor& c, const YAML::Node& scenario,
                                              const std::filesystem::path& scenario_file) {
  if (!c.expect_map({"path", "range", "values", "cost"}) || !c["path"].require())
    return std::nullopt;
  OptimizeDecision d;
  d.path = c["path"].string().value_or("");
  const auto base = scenario_value(scenario, c["path"], d.path);
  if (!base)
    return std::nullopt;
  d.baseline = *base;
  if (c["range"].defined() == c["values"].defined()) {
    c.error("expected exactly one of range: {from, to} or values: [...]");
    return std::nullopt;
  }
  if (c["range"].defined())
    read_range(c, *base, d);
  else
    read_values(c, scenario_file, d);
  return d;
}

void read_objective(const YamlCursor& c, OptimizeSpec& spec, const std::vector<std::string>& kpis) {
  auto one = [&](const YamlCursor& o) {
    if (!o.expect_map({"minimise", "maximise"}) || o.node().size() != 1) {
      if (o.node().IsMap())
        o.error("expected one of minimise: or maximise:");
      return;
    }
    OptimizeObjective obj;
    obj.maximise = o["maximise"].defined();
    const YamlCursor what = obj.maximise ? o["maximise"] : o["minimise"];
    obj.kpi = what.string().value_or("");
    if (obj.kpi != "cost" && std::find(kpis.begin(), kpis.end(), obj.kpi) == kpis.end())
      what.error("expected cost or a KPI (" + kpis.front() + ", ..., target.NAME), got '" + obj.kpi + "'");
    spec.objectives.push_back(obj);
  };
  if (!c.defined()) {
    spec.objectives.push_back({"cost", false});
  } else if (c.node().IsSequence()) {
    if (c.node().size() < 1 || c.node().size() > 2)
      c.error("expected one objective, or two for a Pareto front");
    for (std::size_t i = 0; i < c.node().size(); ++i)
      one(c.at(i));
  } else {
    one(c);
  }
}

void read_kpi_costs(const YamlCursor& c, OptimizeSpec& spec, const std::vector<std::string>& kpis) {
  if (!c.defined() || !c.expect_sequence())
    return;
  for (std::size_t i = 0; i < c.node().size(); ++i) {
    const YamlCursor k = c.at(i);
    if (!k.expect_map({"kpi", "per", "cost"}) || !k["kpi"].require() || !k["cost"].require())
      continue;
    KpiCost kc;
    kc.kpi = k["kpi"].string().value_or("");
    if (std::find(kpis.begin(), kpis.end(), kc.kpi) == kpis.end())
      k["kpi"].error("expected a KPI (" + kpis.front() + ", ...), got '" + kc.kpi + "'");
    if (k["per"].defined()) {
      const auto text = k["per"].node().IsScalar() ? k["per"].node().Scalar() : "";
      kc.per = as_integer(text) ? k["per"].number(1e-12, 1e300).value_or(1) : k["per"].duration(1e-9).value_or(1);
    }
    kc.cost = k["cost"].number(-1e12, 1e12).value_or(0);
    spec.kpi_costs.push_back(kc);
  }
}

void read_constraints(const YamlCursor& c, OptimizeSpec& spec) {
  if (!c.defined() || !c.expect_sequence())
    return;
  std::vector<std::string> targets;
  for (const auto& t : spec.scenario.targets)
    targets.push_back(t.name);
  for (std::size_t i = 0; i < c.node().size(); ++i) {
    const YamlCursor k = c.at(i);
    if (!k.expect_map({"target", "probability"}) || !k["target"].require() || !k["probability"].require())
      continue;
    ChanceConstraint cc;
    cc.target = k["target"].string().value_or("");
    if (std::find(targets.begin(), targets.end(), cc.target) == targets.end()) {
      std::string known;
      for (const auto& t : targets)
        known += (known.empty() ? "" : ", ") + t;
      k["target"].error("expected a target of the scenario (" + (known.empty() ? "it has none" : known) + "), got '" +
                        cc.target + "'");
    }
    if (k["probability"].expect_map({"at_least"}) && k["probability"]["at_least"].require())
      cc.at_least = k["probability"]["at_least"].number(1e-9, 1).value_or(1);
    spec.constraints.push_back(cc);
  }
}

void read_algorithm(const YamlCursor& c, OptimizeSpec& spec) {
  if (!c.defined())
    return;
  if (c.node().IsScalar() && c.node().Scalar() == "enumerate") {
    spec.algorithm = OptimizeAlgorithm::enumerate;
    return;
  }
  if (!c.expect_map({"gaco", "nsga2"}) || c.node().size() != 1) {
    if (c.node().IsMap())
      c.error("expected enumerate, {gaco: {population, generations, seed}} or {nsga2: {...}}");
    return;
  }
  spec.algorithm = c["gaco"].defined() ? OptimizeAlgorithm::gaco : OptimizeAlgorithm::nsga2;
  const YamlCursor a = c["gaco"].defined() ? c["gaco"] : c["nsga2"];
  if (!a.expect_map({"population", "generations", "seed"}))
    return;
  if (a["population"].defined())
    spec.population = static_cast<std::size_t>(a["population"].integer(8, 10000).value_or(16));
  if (a["generations"].defined())
    spec.generations = static_cast<std::size_t>(a["generations"].integer(1, 100000).value_or(10));
  if (a["seed"].defined())
    spec.search_seed = static_cast<std::uint64_t>(a["seed"].integer(0, 1000000000).value_or(1));
  if (spec.algorithm == OptimizeAlgorithm::nsga2 && spec.population % 4 != 0)
    a["population"].error("NSGA-II needs a population that is a multiple of 4");
}

/// What the objectives and constraints imply for the algorithm (NSGA-II: two objectives, no constraint).
void check_shape(const YamlCursor& c, const OptimizeSpec& spec) {
  const bool two = spec.objectives.size() == 2;
  if (two && !spec.constraints.empty())
    c["constraints"].error("a Pareto front (two objectives) takes no constraint: make the target an objective");
  if (spec.algorithm == OptimizeAlgorithm::nsga2 && !two)
    c["algorithm"].error("NSGA-II is for two objectives; one objective takes gaco or enumerate");
  if (spec.algorithm == OptimizeAlgorithm::gaco && two)
    c["algorithm"].error("GACO takes one objective; two take nsga2 or enumerate");
  if (two && spec.select_top > 0)
    c["select"].error("select ranks on one objective; a Pareto front has two");
}

} // namespace

OptimizeLoad load_optimize_spec(const std::filesystem::path& file, const std::vector<std::string>& kpi_names) {
  OptimizeLoad result;
  MapFile document;
  if (!document.open(file, "optimisation spec", result.diagnostics,
                     {"name", "description", "scenario", "decisions", "objective", "kpi_costs", "constraints",
                      "replications", "algorithm", "select"}))
    return result;
  const YamlCursor c = document.top();
  OptimizeSpec spec;
  spec.name = document.name();
  const auto scenario = c["scenario"].require() ? c["scenario"].string() : std::nullopt;
  if (!scenario)
    return result;
  spec.scenario_file = file.parent_path() / *scenario;
  auto loaded = load_scenario_file(spec.scenario_file);
  const auto text = read_yaml_file(spec.scenario_file, "scenario", result.diagnostics);
  if (!loaded.scenario || !text) {
    c["scenario"].error("cannot load the scenario " + spec.scenario_file.string() +
                        (loaded.diagnostics.empty() ? "" : ": " + loaded.diagnostics.items().front().format()));
    return result;
  }
  spec.scenario = std::move(*loaded.scenario);
  std::vector<std::string> kpis = kpi_names;
  for (const auto& t : spec.scenario.targets)
    kpis.push_back("target." + t.name);
  const YamlCursor decisions = c["decisions"];
  if (decisions.require() && decisions.expect_sequence())
    for (std::size_t i = 0; i < decisions.node().size(); ++i)
      if (auto d = read_decision(decisions.at(i), *text, spec.scenario_file))
        spec.decisions.push_back(std::move(*d));
  read_objective(c["objective"], spec, kpis);
  read_kpi_costs(c["kpi_costs"], spec, kpis);
  read_constraints(c["constraints"], spec);
  if (c["replications"].defined())
    spec.replications = static_cast<std::size_t>(c["replications"].integer(1, 100000).value_or(10));
  read_algorithm(c["algorithm"], spec);
  if (const YamlCursor s = c["select"];
      s.defined() && s.expect_map({"top", "replications"}) && s["top"].require() && s["replications"].require()) {
    spec.select_top = static_cast<std::size_t>(s["top"].integer(2, 1000).value_or(2));
    spec.select_replications = static_cast<std::size_t>(s["replications"].integer(2, 100000).value_or(2));
  }
  check_shape(c, spec);
  if (result.diagnostics.empty())
    result.spec = std::move(spec);
  return result;
}

std::string decision_value(const OptimizeDecision& d, std::int64_t x) {
  return d.categorical ? d.values[static_cast<std::size_t>(x)] : std::to_string(x);
}

std::vector<std::string> candidate_overrides(const OptimizeSpec& spec, const std::vector<std::int64_t>& x) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < spec.decisions.size(); ++i)
    out.push_back(spec.decisions[i].path + "=" + decision_value(spec.decisions[i], x[i]));
  return out;
}

double decision_cost(const OptimizeDecision& d, std::int64_t x) {
  if (!d.categorical)
    return d.per_unit * static_cast<double>(x - *as_integer(d.baseline));
  return d.value_costs[static_cast<std::size_t>(x)] -
         (d.base_index >= 0 ? d.value_costs[static_cast<std::size_t>(d.base_index)] : 0);
}

double plan_cost(const OptimizeSpec& spec, const std::vector<std::int64_t>& x) {
  double cost = 0;
  for (std::size_t i = 0; i < spec.decisions.size(); ++i)
    cost += decision_cost(spec.decisions[i], x[i]);
  return cost;
}

} // namespace satflow::configs
