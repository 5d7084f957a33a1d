#include "configs/sweep_spec.hpp"

#include "configs/overrides.hpp"
#include "configs/yaml_file.hpp"

#include "configs/yaml_cursor.hpp"
#include "simcore/units.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace satflow::configs {
namespace {

std::optional<double> as_number(const std::string& text) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size())
    return std::nullopt;
  return v;
}

// A plan's size: every point is loaded and validated before a run starts (milliseconds each), and
// runs are rows of the results database.
constexpr double kMaxSweepPoints = 100000;
constexpr double kMaxSweepRuns = 10000000;

/// A range's values, from `from` to `to` (inclusive, within rounding) by `step`.
void read_range(const YamlCursor& c, SweepParameter& p, SweepDesign design) {
  if (!c.expect_map({"from", "to", "step"}))
    return;
  const auto from_text = c["from"].string();
  const auto to_text = c["to"].string();
  if (!from_text || !to_text)
    return;
  const bool numbers = as_number(*from_text).has_value();
  auto read = [&](const YamlCursor& v) { return numbers ? v.number(-1e300, 1e300) : v.duration(); };
  const auto from = read(c["from"]);
  const auto to = read(c["to"]);
  if (!from || !to)
    return;
  if (*to < *from) {
    c["to"].error("expected 'to' >= 'from'");
    return;
  }
  p.unit = numbers ? "" : "s";
  if (!c["step"].defined()) {
    if (design != SweepDesign::latin_hypercube && design != SweepDesign::morris && design != SweepDesign::sobol) {
      c.error("a range without 'step' is continuous: only latin_hypercube, morris and sobol designs can use it");
      return;
    }
    p.distribution = simcore::Distribution::uniform(*from, *to);
    return;
  }
  if (design == SweepDesign::sobol) {
    c["step"].error("a sobol design samples continuous ranges: drop 'step' (variance decomposition needs a continuum)");
    return;
  }
  const auto step = read(c["step"]);
  if (!step)
    return;
  if (!(*step > 0)) {
    c["step"].error("expected a step > 0");
    return;
  }
  const double count = std::floor((*to - *from) / *step + 1e-9) + 1;
  if (count > 10000) {
    c["step"].error("expected at most 10000 values, got " + simcore::format_number(count));
    return;
  }
  for (double k = 0; k < count; ++k)
    p.values.push_back(simcore::format_number(*from + k * *step) + p.unit);
}

/// A value as (is a duration, number or seconds): a plain number never equals a duration.
std::optional<std::pair<bool, double>> value_of(const std::string& text) {
  if (const auto n = as_number(text))
    return std::pair{false, *n};
  if (const auto d = simcore::parse_duration(text))
    return std::pair{true, *d};
  return std::nullopt;
}

/// The index of `text` among the parameter's values: the same text, or the same number or duration
/// ("1d" names the range value "86400s"); nothing when it is none of them.
std::optional<std::size_t> value_index(const SweepParameter& p, const std::string& text) {
  const auto wanted = value_of(text);
  for (std::size_t i = 0; i < p.values.size(); ++i)
    if (p.values[i] == text || (wanted && value_of(p.values[i]) == wanted))
      return i;
  return std::nullopt;
}

/// The design: a name, or a one-key map with the design's settings.
void read_design(const YamlCursor& design, SweepSpec& spec) {
  if (!design.defined())
    return;
  if (design.node().IsScalar()) {
    const std::string d = design.node().Scalar();
    if (d == "grid")
      spec.design = SweepDesign::grid;
    else if (d == "one_at_a_time")
      spec.design = SweepDesign::one_at_a_time;
    else
      design.error("expected grid, one_at_a_time, {latin_hypercube: N}, {morris: {trajectories, levels}} or "
                   "{sobol: {samples: N}}, got '" +
                   d + "'");
    return;
  }
  if (!design.expect_map({"latin_hypercube", "morris", "sobol"}))
    return;
  if (design.node().size() != 1) {
    design.error("expected one design, got " + std::to_string(design.node().size()));
    return;
  }
  if (design["latin_hypercube"].defined()) {
    spec.design = SweepDesign::latin_hypercube;
    spec.samples = static_cast<std::size_t>(design["latin_hypercube"].integer(2, 1000000).value_or(2));
  } else if (design["morris"].defined()) {
    spec.design = SweepDesign::morris;
    const YamlCursor m = design["morris"];
    if (m.expect_map({"trajectories", "levels"})) {
      spec.trajectories = static_cast<std::size_t>(m["trajectories"].integer(1, 100000).value_or(1));
      if (m["levels"].defined())
        spec.levels = static_cast<std::size_t>(m["levels"].integer(2, 100).value_or(4));
      if (spec.levels % 2 != 0)
        m["levels"].error("expected an even number of levels (Morris's delta = levels / (2 (levels - 1)))");
    }
  } else if (design["sobol"].defined()) {
    spec.design = SweepDesign::sobol;
    const YamlCursor sobol = design["sobol"];
    if (sobol.expect_map({"samples"}) && sobol["samples"].require())
      spec.samples = static_cast<std::size_t>(sobol["samples"].integer(2, 100000).value_or(2));
  }
}

/// `reference: {path: value, ...}`: the point every other is compared with. Parameters it does not
/// name keep the default reference's value (the first grid value, the one-at-a-time base).
void read_reference(const YamlCursor& c, SweepSpec& spec) {
  if (!c.defined())
    return;
  if (spec.design != SweepDesign::grid && spec.design != SweepDesign::one_at_a_time) {
    c.error("only grid and one_at_a_time designs have a reference point (sampled designs have no point to name)");
    return;
  }
  if (!c.node().IsMap()) {
    c.error("expected a map of swept parameter paths to values, e.g. {stations.tvac.capacity: 2}");
    return;
  }
  std::vector<std::size_t> level(spec.parameters.size(), 0);
  for (std::size_t j = 0; j < spec.parameters.size(); ++j)
    level[j] = spec.design == SweepDesign::one_at_a_time ? spec.parameters[j].base : 0;
  std::size_t moved = 0;
  for (const auto& e : c.unique_entries()) {
    const YamlCursor value = c.child(e.key, e.value);
    const auto p = std::find_if(spec.parameters.begin(), spec.parameters.end(),
                                [&](const SweepParameter& q) { return q.path == e.key; });
    if (p == spec.parameters.end()) {
      c.child(e.key, e.key_node).error("'" + e.key + "' is not a swept parameter of this spec");
      continue;
    }
    const auto text = value.node().IsScalar() ? std::optional(value.node().Scalar()) : std::nullopt;
    const auto index = text ? value_index(*p, *text) : std::nullopt;
    if (!index) {
      value.error("expected one of the parameter's values, got " + (text ? "'" + *text + "'" : "a map or a list"));
      continue;
    }
    const auto j = static_cast<std::size_t>(p - spec.parameters.begin());
    moved += *index != p->base;
    level[j] = *index;
  }
  if (spec.design == SweepDesign::one_at_a_time && moved > 1)
    c.error("a one_at_a_time design has no point that moves " + std::to_string(moved) +
            " parameters from the base: name at most one value other than a base");
  spec.reference = level;
}

/// Adds `text` to the parameter's values, before the first larger one where it and they are numbers or
/// durations alike (so the parameter's line stays in order), at the end otherwise; returns its index. A
/// listed parameter's added value is blamed on the path: the scenario, not the spec, wrote it.
std::size_t add_value(SweepParameter& p, const std::string& text) {
  const auto own = value_of(text);
  std::size_t at = p.values.size();
  if (own && std::all_of(p.values.begin(), p.values.end(), [&](const std::string& v) {
        const auto x = value_of(v);
        return x && x->first == own->first;
      }))
    at =
        static_cast<std::size_t>(std::find_if(p.values.begin(), p.values.end(),
                                              [&](const std::string& v) { return value_of(v)->second > own->second; }) -
                                 p.values.begin());
  p.values.insert(p.values.begin() + static_cast<std::ptrdiff_t>(at), text);
  if (!p.value_where.empty())
    p.value_where.insert(p.value_where.begin() + static_cast<std::ptrdiff_t>(at), p.path_where);
  return at;
}

/// One at a time, a parameter without `base:` moves from the scenario's own value: the tornado then
/// answers "what does moving from today's setting change". Where the values lack it, it is added to
/// them (and run), since a reference at the middle of the values is not the setting users compare with.
void take_scenario_bases(SweepSpec& spec) {
  const auto texts = scenario_values(spec);
  for (std::size_t j = 0; j < spec.parameters.size(); ++j) {
    SweepParameter& p = spec.parameters[j];
    if (p.base_from == BaseFrom::spec || p.distribution || !texts[j])
      continue;
    if (const auto own = value_index(p, *texts[j])) {
      p.base = *own;
      p.base_from = BaseFrom::scenario;
    } else {
      p.base = add_value(p, *texts[j]);
      p.base_from = BaseFrom::added;
    }
  }
}

/// `set:`, a map of key paths to values as a variant's: fixed for every point. A path also swept would
/// be overridden by the sweep and is refused.
void read_fixed(const YamlCursor& c, const std::string& file, SweepSpec& spec) {
  for (const auto& e : c.optional_map_entries("key paths to values, as for --set")) {
    if (std::any_of(spec.parameters.begin(), spec.parameters.end(),
                    [&](const SweepParameter& p) { return p.path == e.key; })) {
      c.child(e.key, e.key_node).error("'" + e.key + "' is swept: set it in the parameter's values, not here");
      continue;
    }
    spec.fixed.push_back(
        {e.key + "=" + as_flow_yaml(e.value), located(file, e.value.Mark()), located(file, e.key_node.Mark())});
  }
}

} // namespace

SweepLoad load_sweep_spec(const std::filesystem::path& file) {
  SweepLoad result;
  MapFile document;
  if (!document.open(file, "sweep spec", result.diagnostics,
                     {"name", "description", "scenario", "layout", "seed", "replications", "design", "parameters",
                      "reference", "set"}))
    return result;
  const YamlCursor c = document.top();
  SweepSpec spec;
  spec.name = document.name();
  spec.scenario = document.file_beside("scenario");
  if (c["layout"].defined()) {
    spec.layout = c["layout"].string().value_or("");
    const auto layout_file = layout_path(spec.layout, spec.scenario);
    if (std::error_code ec; !spec.layout.empty() && !std::filesystem::is_regular_file(layout_file, ec))
      c["layout"].error("no layout " + layout_file.string());
  }
  if (c["seed"].defined())
    if (auto seed = c["seed"].integer(0, std::numeric_limits<std::int64_t>::max()))
      spec.seed = static_cast<std::uint64_t>(*seed);
  if (c["replications"].defined())
    spec.replications = static_cast<std::size_t>(c["replications"].integer(1, 100000).value_or(1));
  const YamlCursor design = c["design"];
  read_design(design, spec);
  const YamlCursor params = c["parameters"];
  if (params.require() && params.expect_sequence()) {
    if (params.node().size() == 0)
      params.error("expected at least one parameter");
    for (std::size_t i = 0; i < params.node().size(); ++i) {
      const YamlCursor p = params.at(i);
      if (!p.expect_map({"path", "values", "range", "base"}))
        continue;
      SweepParameter param;
      param.path = p["path"].string().value_or("");
      param.path_where = located(file.string(), p["path"].node().Mark());
      if (p["values"].defined() == p["range"].defined()) {
        p.error("expected exactly one of 'values' (a list) and 'range' ({from, to, step})");
        continue;
      }
      if (p["values"].defined()) {
        const YamlCursor values = p["values"];
        if (spec.design == SweepDesign::sobol) {
          values.error("a sobol design samples continuous ranges ({from, to} without step), not a list of values");
          continue;
        }
        if (!values.expect_sequence())
          continue;
        if (values.node().size() == 0)
          values.error("expected at least one value");
        for (std::size_t v = 0; v < values.node().size(); ++v) {
          const YamlCursor value = values.at(v);
          if (!value.node().IsScalar()) {
            value.error("expected a scalar value");
          } else {
            param.values.push_back(value.node().Scalar());
            param.value_where.push_back(located(file.string(), value.node().Mark()));
          }
        }
      } else {
        read_range(p["range"], param, spec.design);
        param.range_where = located(file.string(), p["range"].node().Mark());
      }
      param.base = param.values.size() / 2;
      if (p["base"].defined()) {
        const auto base = p["base"].string().value_or("");
        if (const auto index = value_index(param, base)) {
          param.base = *index;
          param.base_from = BaseFrom::spec;
        } else
          p["base"].error("expected one of the parameter's values, got '" + base + "'");
      }
      for (const auto& other : spec.parameters)
        if (other.path == param.path)
          p["path"].error("parameter '" + param.path + "' is swept twice");
      spec.parameters.push_back(param);
    }
  }
  read_fixed(c["set"], file.string(), spec);
  if (result.diagnostics.empty() && spec.design == SweepDesign::one_at_a_time)
    take_scenario_bases(spec);
  if (result.diagnostics.empty())
    read_reference(c["reference"], spec);
  // Every point is loaded and checked before anything runs: bound the plan before building it.
  if (result.diagnostics.empty()) {
    double points = 0; // in double: a grid's product can pass any integer type
    const std::size_t k = spec.parameters.size();
    switch (spec.design) {
    case SweepDesign::grid:
      points = 1;
      for (const auto& p : spec.parameters)
        points *= static_cast<double>(p.values.size());
      break;
    case SweepDesign::one_at_a_time:
      points = 1;
      for (const auto& p : spec.parameters)
        points += static_cast<double>(p.values.size()) - 1;
      break;
    case SweepDesign::latin_hypercube:
      points = static_cast<double>(spec.samples);
      break;
    case SweepDesign::morris:
      points = static_cast<double>(spec.trajectories) * static_cast<double>(k + 1);
      break;
    case SweepDesign::sobol: // Saltelli's scheme: A, B and one A_B^(i) per parameter
      points = static_cast<double>(spec.samples) * static_cast<double>(k + 2);
      break;
    }
    auto count = [](double x) {
      return x < 1e15 ? std::to_string(static_cast<long long>(x)) : simcore::format_number(x);
    };
    const YamlCursor at = design.defined() ? design : c["parameters"];
    if (points > kMaxSweepPoints)
      at.error("this design makes " + count(points) + " points; at most " + count(kMaxSweepPoints) +
               " (split the sweep, or sample it with latin_hypercube)");
    else if (points * static_cast<double>(spec.replications) > kMaxSweepRuns)
      c["replications"].error(count(points) + " points x " + std::to_string(spec.replications) +
                              " replications make more than " + count(kMaxSweepRuns) + " runs; split the sweep");
  }
  if (result.diagnostics.empty())
    result.spec = std::move(spec);
  return result;
}

std::vector<Override> point_overrides(const SweepSpec& spec, const std::vector<std::string>& assignments,
                                      const std::vector<std::size_t>& levels) {
  std::vector<Override> out = spec.fixed;
  for (std::size_t j = 0; j < assignments.size() && j < spec.parameters.size(); ++j) {
    const SweepParameter& p = spec.parameters[j];
    const bool listed = j < levels.size() && levels[j] < p.value_where.size();
    out.push_back({assignments[j], listed ? p.value_where[levels[j]] : p.range_where, p.path_where});
  }
  return out;
}

std::vector<std::optional<std::size_t>> scenario_value_levels(const SweepSpec& spec) {
  std::vector<std::optional<std::size_t>> levels(spec.parameters.size());
  const auto texts = scenario_values(spec);
  for (std::size_t j = 0; j < spec.parameters.size(); ++j)
    if (texts[j])
      levels[j] = value_index(spec.parameters[j], *texts[j]);
  return levels;
}

std::vector<std::optional<std::string>> scenario_values(const SweepSpec& spec) {
  std::vector<std::optional<std::string>> levels(spec.parameters.size());
  // The document as the sweep's points start from it: the layout spliced in, the spec's set: applied.
  Diagnostics ignored; // the sweep loads the scenario itself, and reports its problems there
  DocumentContext context{spec.scenario.string(), &ignored, {}};
  const auto text = read_text_file(spec.scenario, "file", ignored);
  const auto document = text ? parse_yaml(*text, spec.scenario.string(), ignored) : std::nullopt;
  if (!document || !document->IsMap())
    return levels;
  YAML::Node root = *document;
  if (!spec.layout.empty())
    apply_layout(root, layout_path(spec.layout, spec.scenario), context);
  for (const auto& o : spec.fixed)
    apply_override(root, o, context);
  if (!ignored.empty())
    return levels;
  for (std::size_t j = 0; j < spec.parameters.size(); ++j)
    levels[j] = scalar_at(root, spec.parameters[j].path);
  return levels;
}

std::vector<std::size_t> scenario_levels(const SweepSpec& spec) {
  std::vector<std::size_t> levels;
  for (const auto& level : scenario_value_levels(spec)) {
    if (!level)
      return {};
    levels.push_back(*level);
  }
  return levels;
}

} // namespace satflow::configs
