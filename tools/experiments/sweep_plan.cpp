#include "tools/experiments/sweep_plan.hpp"

#include "simcore/random_streams.hpp"
#include "simcore/units.hpp"
#include "tools/experiments/sampling.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <stdexcept>

namespace satflow::tools {
namespace {

using configs::SweepDesign;
using configs::SweepParameter;

std::string hex(std::uint64_t x) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(x));
  return buf;
}

/// The plan's hash: the scenario's text (through its hash) and the plan determine the results.
std::string plan_hash(std::uint64_t scenario_hash, std::string_view plan_text) {
  return hex(simcore::mix64(scenario_hash ^ simcore::hash_name(plan_text)));
}

/// What in a parsed plan is not of the shape plan_json() writes, as far as `results` relies on it, or "".
std::string shape_problem(const nlohmann::json& plan) {
  using Json = nlohmann::json;
  if (!plan.is_object())
    return "it is not a JSON object";
  static const Json kAbsent;
  auto at = [&](const Json& object, const char* key) -> const Json& {
    const auto it = object.find(key);
    return it == object.end() ? kAbsent : *it;
  };
  auto names = [](const Json& j) {
    return j.is_array() && std::all_of(j.begin(), j.end(), [](const Json& name) { return name.is_string(); });
  };
  auto index_below = [](const Json& j, std::size_t n) { return j.is_number_unsigned() && j.get<std::size_t>() < n; };
  if (!at(plan, "name").is_string() || !at(plan, "design").is_string())
    return "its name or design is not a string";
  if (!at(plan, "replications").is_number_unsigned() || at(plan, "replications").get<std::size_t>() == 0)
    return "its replications are not a whole number >= 1";
  const Json& parameters = at(plan, "parameters");
  const Json& points = at(plan, "points");
  if (!names(parameters))
    return "its parameters are not a list of names";
  if (!points.is_array() || points.empty())
    return "its points are not a non-empty list";
  for (const auto& p : points)
    if (!p.is_object() || !at(p, "id").is_string() || !names(at(p, "overrides")) ||
        at(p, "overrides").size() != parameters.size())
      return "a point is not {id, overrides} with one override per parameter";
  const Json& morris = at(plan, "morris"); // iterating an absent (null) one sees no steps
  if (!morris.is_null() && !morris.is_array())
    return "its Morris steps are not a list";
  for (const auto& step : morris)
    if (!step.is_array() || step.size() != 4 || !index_below(step[0], points.size()) ||
        !index_below(step[1], points.size()) || !index_below(step[2], parameters.size()) || !step[3].is_number() ||
        step[3].get<double>() == 0)
      return "a Morris step is not [from point, to point, parameter, non-zero delta]";
  if (const Json& reference = at(plan, "reference"); !reference.is_null() && !index_below(reference, points.size()))
    return "its reference is not the index of a point";
  if (const Json& sobol = at(plan, "sobol"); !sobol.is_null()) {
    const Json& rows = at(sobol, "rows");
    if (!sobol.is_object() || !rows.is_array() || rows.empty())
      return "its Sobol rows are not a non-empty list";
    for (const auto& row : rows)
      if (!row.is_array() || row.size() != parameters.size() + 2 ||
          !std::all_of(row.begin(), row.end(), [&](const Json& i) { return index_below(i, points.size()); }))
        return "a Sobol row is not [A point, B point, one A_B point per parameter]";
  }
  return "";
}

std::size_t level_count(const SweepParameter& p, std::size_t morris_levels) {
  return p.values.empty() ? morris_levels : p.values.size();
}

/// The text of parameter p at coordinate x in [0, 1] (continuous) or at level k (discrete).
std::string value_at(const SweepParameter& p, double x, std::size_t levels) {
  if (!p.values.empty()) {
    const auto k =
        std::min(p.values.size() - 1, static_cast<std::size_t>(std::llround(x * static_cast<double>(levels - 1))));
    return p.values[k];
  }
  return simcore::format_number(p.distribution->inverse_cdf(std::min(x, std::nextafter(1.0, 0.0)))) + p.unit;
}

class Builder {
public:
  explicit Builder(const configs::SweepSpec& spec) : spec_(spec) {}

  /// Adds a point (or finds it when the same overrides exist) and returns its index.
  std::size_t add(std::vector<std::string> values, std::vector<std::size_t> levels, std::vector<double> coordinates) {
    SweepPoint p;
    std::uint64_t h = simcore::hash_name(spec_.name);
    for (std::size_t i = 0; i < values.size(); ++i) {
      p.overrides.push_back(spec_.parameters[i].path + "=" + values[i]);
      h = simcore::mix64(h ^ simcore::hash_name(p.overrides.back()));
    }
    p.id = hex(h);
    if (auto it = index_.find(p.id); it != index_.end())
      return it->second;
    p.levels = std::move(levels);
    p.coordinates = std::move(coordinates);
    index_[p.id] = points.size();
    points.push_back(std::move(p));
    return points.size() - 1;
  }

  std::vector<SweepPoint> points;

private:
  const configs::SweepSpec& spec_;
  std::map<std::string, std::size_t> index_;
};

void require_discrete(const configs::SweepSpec& spec, const char* design) {
  for (const auto& p : spec.parameters)
    if (p.values.empty())
      throw std::invalid_argument(std::string("parameter '") + p.path + "' is a continuous range; a " + design +
                                  " design needs values or a range with a step");
}

/// Parameter j's coordinate in [0, 1] at value index `level`.
double coordinate(const configs::SweepSpec& spec, std::size_t j, std::size_t level) {
  const std::size_t count = level_count(spec.parameters[j], spec.levels);
  return count > 1 ? static_cast<double>(level) / static_cast<double>(count - 1) : 0.0;
}

/// Adds a point of discrete parameters, one value index each.
void add_levels(const configs::SweepSpec& spec, Builder& b, const std::vector<std::size_t>& level) {
  std::vector<std::string> values;
  std::vector<double> coords;
  for (std::size_t j = 0; j < spec.parameters.size(); ++j) {
    values.push_back(spec.parameters[j].values[level[j]]);
    coords.push_back(coordinate(spec, j, level[j]));
  }
  b.add(values, level, coords);
}

void add_grid(const configs::SweepSpec& spec, Builder& b) {
  require_discrete(spec, "grid");
  const std::size_t n = spec.parameters.size();
  std::vector<std::size_t> level(n, 0);
  for (bool more = true; more;) {
    add_levels(spec, b, level);
    more = false;
    for (std::size_t j = n; j-- > 0;) { // the last parameter varies fastest
      if (++level[j] < spec.parameters[j].values.size()) {
        more = true;
        break;
      }
      level[j] = 0;
    }
  }
}

void add_one_at_a_time(const configs::SweepSpec& spec, Builder& b) {
  require_discrete(spec, "one_at_a_time");
  const std::size_t n = spec.parameters.size();
  std::vector<std::size_t> base(n);
  for (std::size_t j = 0; j < n; ++j)
    base[j] = spec.parameters[j].base;
  add_levels(spec, b, base);
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t v = 0; v < spec.parameters[j].values.size(); ++v)
      if (v != base[j]) {
        auto level = base;
        level[j] = v;
        add_levels(spec, b, level);
      }
}

void add_latin_hypercube(const configs::SweepSpec& spec, std::uint64_t seed, Builder& b) {
  const std::size_t m = spec.samples;
  const std::size_t n = spec.parameters.size();
  std::vector<std::string> names;
  for (const auto& p : spec.parameters)
    names.push_back("lhs:" + p.path);
  const auto u = latin_hypercube(simcore::RandomStreams(seed, 0), names, m);
  for (std::size_t i = 0; i < m; ++i) {
    std::vector<std::string> values;
    std::vector<double> coords;
    std::vector<std::size_t> levels;
    for (std::size_t j = 0; j < n; ++j) {
      const auto& p = spec.parameters[j];
      if (!p.values.empty()) { // discrete: the stratum picks a value
        const auto k =
            std::min(p.values.size() - 1, static_cast<std::size_t>(u[j][i] * static_cast<double>(p.values.size())));
        values.push_back(p.values[k]);
        levels.push_back(k);
      } else {
        values.push_back(value_at(p, u[j][i], 0));
        levels.push_back(0);
      }
      coords.push_back(u[j][i]);
    }
    b.add(values, levels, coords);
  }
}

/// One Morris trajectory from a random start, each parameter moved once in a random order.
void add_morris_trajectory(const configs::SweepSpec& spec, simcore::Stream& s, Builder& b,
                           std::vector<MorrisStep>& steps) {
  const std::size_t n = spec.parameters.size();
  std::vector<std::size_t> level(n);
  std::vector<std::size_t> jump(n);
  for (std::size_t j = 0; j < n; ++j) {
    const std::size_t p = level_count(spec.parameters[j], spec.levels);
    jump[j] = std::max<std::size_t>(1, p / 2); // delta = p / (2 (p - 1)) in coordinates
    const std::size_t starts = p > jump[j] ? p - jump[j] : 1;
    level[j] = static_cast<std::size_t>(s.uniform01() * static_cast<double>(starts));
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  for (std::size_t i = n; i-- > 1;)
    std::swap(order[i], order[static_cast<std::size_t>(s.uniform01() * static_cast<double>(i + 1))]);
  auto add_trajectory_point = [&] {
    std::vector<std::string> values;
    std::vector<double> coords;
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t p = level_count(spec.parameters[j], spec.levels);
      coords.push_back(coordinate(spec, j, level[j]));
      values.push_back(value_at(spec.parameters[j], coords.back(), p));
    }
    return b.add(values, level, coords);
  };
  std::size_t from = add_trajectory_point();
  for (std::size_t j : order) {
    const double before = coordinate(spec, j, level[j]);
    level[j] += jump[j]; // from a start below p - jump: always up, always inside
    const std::size_t to = add_trajectory_point();
    steps.push_back({from, to, j, coordinate(spec, j, level[j]) - before});
    from = to;
  }
}

/// Saltelli's scheme: per row, A, B and A_B^(i) (A with column i from B), N (k + 2) points.
void add_sobol(const configs::SweepSpec& spec, std::uint64_t seed, Builder& b,
               std::vector<std::vector<std::size_t>>& rows) {
  const std::size_t n = spec.parameters.size();
  std::vector<std::string> names;
  for (const auto& p : spec.parameters) {
    if (!p.distribution)
      throw std::invalid_argument("parameter '" + p.path + "' is not a continuous range; a sobol design needs one");
    names.push_back(p.path);
  }
  const SaltelliSample sample = saltelli_sample(simcore::RandomStreams(seed, 0), names, spec.samples);
  auto add_row = [&](const std::vector<double>& x) {
    std::vector<std::string> values;
    for (std::size_t j = 0; j < n; ++j)
      values.push_back(value_at(spec.parameters[j], x[j], 0));
    return b.add(values, std::vector<std::size_t>(n, 0), x);
  };
  for (std::size_t row = 0; row < spec.samples; ++row) {
    std::vector<std::size_t> indices{add_row(sample.a[row]), add_row(sample.b[row])};
    for (std::size_t i = 0; i < n; ++i) {
      auto x = sample.a[row];
      x[i] = sample.b[row][i];
      indices.push_back(add_row(x));
    }
    rows.push_back(std::move(indices));
  }
}

} // namespace

SweepPlan plan_sweep(const configs::SweepSpec& spec, std::uint64_t seed, const std::string& scenario_text) {
  SweepPlan plan;
  plan.replications = spec.replications;
  plan.seed = seed;
  Builder b(spec);
  switch (spec.design) {
  case SweepDesign::grid:
    add_grid(spec, b);
    break;
  case SweepDesign::one_at_a_time:
    add_one_at_a_time(spec, b);
    break;
  case SweepDesign::latin_hypercube:
    add_latin_hypercube(spec, seed, b);
    break;
  case SweepDesign::morris: {
    const simcore::RandomStreams streams(seed, 0);
    simcore::Stream s = streams.stream("morris:" + spec.name);
    for (std::size_t t = 0; t < spec.trajectories; ++t)
      add_morris_trajectory(spec, s, b, plan.morris);
    break;
  }
  case SweepDesign::sobol:
    add_sobol(spec, seed, b, plan.sobol);
    break;
  }
  if (!spec.reference.empty()) {
    const auto it =
        std::find_if(b.points.begin(), b.points.end(), [&](const SweepPoint& p) { return p.levels == spec.reference; });
    if (it == b.points.end())
      throw std::invalid_argument("the reference is not a point of the design");
    plan.reference = static_cast<std::size_t>(it - b.points.begin());
    plan.named_reference = true;
  }
  plan.points = std::move(b.points);
  const std::uint64_t scenario_hash = simcore::hash_name(scenario_text);
  plan.scenario_hash = hex(scenario_hash);
  plan.hash = plan_hash(scenario_hash, plan_json(spec, plan).dump());
  return plan;
}

void set_uncertain(const configs::SweepSpec& spec, SweepPlan& plan, nlohmann::ordered_json uncertain,
                   std::size_t draws) {
  plan.replications = spec.replications * draws;
  plan.uncertain = std::move(uncertain);
  std::uint64_t scenario_hash = 0;
  std::from_chars(plan.scenario_hash.data(), plan.scenario_hash.data() + plan.scenario_hash.size(), scenario_hash, 16);
  plan.hash = plan_hash(scenario_hash, plan_json(spec, plan).dump());
}

nlohmann::ordered_json plan_json(const configs::SweepSpec& spec, const SweepPlan& plan) {
  nlohmann::ordered_json j;
  j["name"] = spec.name;
  static const char* const kDesigns[] = {"grid", "latin_hypercube", "one_at_a_time", "morris", "sobol"};
  j["design"] = kDesigns[static_cast<int>(spec.design)];
  j["layout"] = spec.layout;
  j["seed"] = plan.seed;
  j["replications"] = plan.replications;
  nlohmann::ordered_json params = nlohmann::ordered_json::array();
  for (const auto& p : spec.parameters)
    params.push_back(p.path);
  j["parameters"] = params;
  nlohmann::ordered_json points = nlohmann::ordered_json::array();
  for (const auto& p : plan.points)
    points.push_back({{"id", p.id}, {"overrides", p.overrides}, {"coordinates", p.coordinates}});
  j["points"] = points;
  nlohmann::ordered_json morris = nlohmann::ordered_json::array();
  for (const auto& m : plan.morris)
    morris.push_back({m.from, m.to, m.parameter, m.delta});
  j["morris"] = morris;
  // Written only when there is one, so that plans (and hashes) of other sweeps stay as they were.
  if (plan.named_reference)
    j["reference"] = plan.reference;
  if (spec.scenario_reference)
    j["reference_from"] = "scenario"; // why it is the reference: the scenario's own values
  // One at a time, why each parameter's base is what it is: the text and page say so beside the reference.
  if (spec.design == SweepDesign::one_at_a_time) {
    static const char* const kFrom[] = {"middle", "spec", "scenario", "scenario_added"};
    nlohmann::ordered_json from = nlohmann::ordered_json::array();
    for (const auto& p : spec.parameters)
      from.push_back(kFrom[static_cast<int>(p.base_from)]);
    j["base_from"] = from;
  }
  if (!plan.sobol.empty())
    j["sobol"] = {{"samples", plan.sobol.size()}, {"rows", plan.sobol}};
  // Likewise only when the spec fixes values: they change every point, so they are part of the plan.
  if (!spec.fixed.empty()) {
    nlohmann::ordered_json fixed = nlohmann::ordered_json::array();
    for (const auto& f : spec.fixed)
      fixed.push_back(f.assignment);
    j["set"] = fixed;
  }
  if (!plan.uncertain.is_null())
    j["uncertain"] = plan.uncertain;
  return j;
}

std::string plan_damage(const StoredPlan& stored) {
  const std::string damaged = "the sweep plan is damaged: ";
  const auto plan = nlohmann::json::parse(stored.json, nullptr, false);
  if (plan.is_discarded())
    return damaged + "it is not JSON";
  if (!stored.scenario_hash.empty()) {
    std::uint64_t scenario_hash = 0;
    const char* end = stored.scenario_hash.data() + stored.scenario_hash.size();
    const auto [stop, error] = std::from_chars(stored.scenario_hash.data(), end, scenario_hash, 16);
    if (error != std::errc{} || stop != end || plan_hash(scenario_hash, stored.json) != stored.hash)
      return damaged + "it does not match its hash " + stored.hash;
  }
  const std::string shape = shape_problem(plan);
  return shape.empty() ? "" : damaged + shape;
}

} // namespace satflow::tools
