#include "configs/calibration_spec.hpp"

#include "configs/observations_file.hpp"
#include "configs/read_context.hpp"
#include "configs/yaml_cursor.hpp"
#include "configs/yaml_file.hpp"
#include "simcore/units.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>

namespace satflow::configs {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Where a prior is unbounded, the loader is asked about a value this far out: any constraint of a
// scenario value (durations >= 0, shares <= 1, capacities bounded) refuses it.
constexpr double kFarOut = 1e12;

std::optional<double> plain_number(const std::string& text) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

struct PriorShape {
  const char* name;
  PriorKind kind;
  std::size_t min_args, max_args;
  const char* shape;
};
constexpr PriorShape kShapes[] = {
    {"uniform", PriorKind::uniform, 2, 2, "[min, max]"},
    {"normal", PriorKind::normal, 2, 4, "[mean, sd] or [mean, sd, min, max]"},
    {"lognormal", PriorKind::lognormal, 2, 2, "[mean, sd] (of the value itself)"},
    {"triangular", PriorKind::triangular, 3, 3, "[min, mode, max]"},
    {"discrete", PriorKind::discrete, 1, 1000, "[v1, v2, ...] of whole numbers, each as likely"},
};

/// The problem with a prior's arguments, or "".
std::string argument_problem(PriorKind kind, const std::vector<double>& a) {
  switch (kind) {
  case PriorKind::uniform:
    return a[0] < a[1] ? "" : "expected min < max";
  case PriorKind::normal:
    if (!(a[1] > 0))
      return "expected sd > 0";
    return a.size() == 2 || a[2] < a[3] ? "" : "expected min < max";
  case PriorKind::lognormal:
    return a[0] > 0 && a[1] > 0 ? "" : "expected mean > 0 and sd > 0";
  case PriorKind::triangular:
    return a[0] <= a[1] && a[1] <= a[2] && a[0] < a[2] ? "" : "expected min <= mode <= max with min < max";
  case PriorKind::discrete:
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i] != std::round(a[i]) || (i > 0 && !(a[i - 1] < a[i])))
        return "expected whole numbers in ascending order, each once";
    return "";
  }
  return "";
}

/// `{kind: [args]}`: plain numbers, or durations with their units (then the parameter's unit is "s").
std::optional<CalibrationParameter> read_prior(const YamlCursor& c) {
  std::string kinds;
  for (const auto& s : kShapes)
    kinds += std::string(kinds.empty() ? "" : ", ") + s.name;
  if (!c.node().IsMap() || c.node().size() != 1 || !c.node().begin()->first.IsScalar()) {
    c.error("expected a prior with one of the keys " + kinds + ", e.g. {uniform: [1, 4]} or {normal: [90d, 20d]}");
    return std::nullopt;
  }
  const std::string kind = c.node().begin()->first.Scalar();
  const auto shape =
      std::find_if(std::begin(kShapes), std::end(kShapes), [&](const auto& s) { return kind == s.name; });
  if (shape == std::end(kShapes)) {
    c.error(unknown_name_message("prior", kind, {"uniform", "normal", "lognormal", "triangular", "discrete"}));
    return std::nullopt;
  }
  const YamlCursor args = c.child(kind, c.node().begin()->second);
  const std::size_t n = args.node().IsSequence() ? args.node().size() : 0;
  if (n < shape->min_args || n > shape->max_args || (shape->kind == PriorKind::normal && n == 3)) {
    args.error(std::string("expected a list ") + shape->shape);
    return std::nullopt;
  }
  CalibrationParameter p;
  p.prior.kind = shape->kind;
  const bool numbers = shape->kind == PriorKind::discrete ||
                       (args.at(0).node().IsScalar() && plain_number(args.at(0).node().Scalar()).has_value());
  p.unit = numbers ? "" : "s";
  for (std::size_t i = 0; i < n; ++i) {
    const auto v = numbers ? args.at(i).number(-1e300, 1e300) : args.at(i).duration();
    if (!v)
      return std::nullopt;
    p.prior.args.push_back(*v);
  }
  if (const std::string problem = argument_problem(p.prior.kind, p.prior.args); !problem.empty()) {
    args.error(problem);
    return std::nullopt;
  }
  return p;
}

void read_settings(const YamlCursor& c, AbcSmcSettings& s) {
  if (!c.defined() || !c.expect_map({"particles", "max_generations", "min_acceptance", "replications", "quantile",
                                     "min_threshold", "predictive", "censored_sd"}))
    return;
  auto count = [&](const char* key, std::size_t& out, std::int64_t lo, std::int64_t hi) {
    if (c[key].defined())
      out = static_cast<std::size_t>(c[key].integer(lo, hi).value_or(static_cast<std::int64_t>(out)));
  };
  count("particles", s.particles, 10, 100000);
  count("max_generations", s.max_generations, 1, 1000);
  count("replications", s.replications, 1, 1000);
  count("predictive", s.predictive, 10, 100000);
  if (c["min_acceptance"].defined())
    s.min_acceptance = c["min_acceptance"].number(1e-6, 1).value_or(s.min_acceptance);
  if (c["quantile"].defined()) {
    const auto q = c["quantile"].number(0, 1);
    if (q && (*q <= 0 || *q >= 1))
      c["quantile"].error("expected a quantile strictly between 0 and 1, got " + simcore::format_number(*q));
    s.quantile = q.value_or(s.quantile);
  }
  if (c["min_threshold"].defined())
    s.min_threshold = c["min_threshold"].number(0, 1e300).value_or(0);
  if (c["censored_sd"].defined()) {
    const auto sd = c["censored_sd"].duration();
    if (sd && *sd <= 0)
      c["censored_sd"].error("expected a duration above zero");
    s.censored_sd_s = sd.value_or(s.censored_sd_s);
  }
}

std::string value_text(const CalibrationParameter& p, double v) { return simcore::format_number(v) + p.unit; }

/// Loads the scenario with p at `value`; the first problem, or "".
std::string refusal(const CalibrationSpec& spec, const CalibrationParameter& p, double value, Diagnostics* all) {
  auto r = load_experiment_point(spec.scenario, std::vector<Override>{parameter_override(p, value)}, spec.layout);
  if (r.diagnostics.empty())
    return "";
  if (all)
    for (const auto& d : r.diagnostics.items())
      all->add(d);
  return r.diagnostics.items().front().message;
}

/// A value inside the prior's support that is not a round number: the bounds and the median of a prior
/// over whole numbers can all be whole (uniform [2, 4]), its draws are not.
double inner_point(const Prior& prior) {
  if (std::isfinite(prior.lower()) && std::isfinite(prior.upper()))
    return prior.lower() + 0.377 * (prior.upper() - prior.lower());
  return prior.typical() + 0.377 * prior.args[1]; // normal and lognormal: [mean, sd, ...]
}

/// The path must exist and every value the prior can draw must be one the scenario accepts.
void check_parameter(const CalibrationSpec& spec, const CalibrationParameter& p, Diagnostics& out) {
  if (!refusal(spec, p, p.prior.typical(), &out).empty())
    return; // an unknown path, or a value refused everywhere: the loader's own words, at the spec's lines
  for (const double bound : {p.prior.lower(), p.prior.upper()}) {
    const double probe = std::isinf(bound) ? std::copysign(kFarOut, bound) : bound;
    if (const std::string why = refusal(spec, p, probe, nullptr); !why.empty()) {
      const std::string reach = std::isinf(bound) ? (bound < 0 ? "are unbounded below" : "are unbounded above")
                                                  : "reach " + value_text(p, bound);
      out.add({p.prior_where, p.path,
               "the draws of " + p.prior.describe(p.unit) + " " + reach + ", which the scenario refuses (" + why +
                   "): narrow or truncate the prior"});
      return;
    }
  }
  if (p.prior.kind == PriorKind::discrete) { // draws are its values only: each must be one the scenario takes
    for (const double v : p.prior.args)
      if (const std::string why = refusal(spec, p, v, nullptr); !why.empty()) {
        out.add({p.prior_where, p.path,
                 "the value " + value_text(p, v) + " of " + p.prior.describe(p.unit) + " is refused by the scenario (" +
                     why + ")"});
        return;
      }
    return;
  }
  // A continuous prior's kernel moves a parameter continuously: on a value the scenario takes only
  // whole (a capacity, a flight's slots) nearly every proposal would be a failed run.
  const double inner = inner_point(p.prior);
  if (const std::string why = refusal(spec, p, inner, nullptr); !why.empty()) {
    const bool whole = why.find("expected an integer") != std::string::npos;
    out.add({p.prior_where, p.path,
             whole ? "takes whole numbers, and the draws of " + p.prior.describe(p.unit) + " are not (" +
                         value_text(p, inner) +
                         "): give it a discrete prior ({discrete: [1, 2, 3]}), fix the value in the scenario, or "
                         "compare its values with satflow sweep"
                   : "the draws of " + p.prior.describe(p.unit) + " reach " + value_text(p, inner) +
                         ", which the scenario refuses (" + why + "): narrow or truncate the prior"});
  }
}

void read_parameters(const YamlCursor& c, const std::string& file, CalibrationSpec& spec) {
  if (!c.defined()) {
    c.error("expected 'parameters', a map of key paths to priors (a scenario's uncertain: section will be the "
            "default when scenarios have one)");
    return;
  }
  if (!c.node().IsMap() || c.node().size() == 0) {
    c.error("expected a map of key paths to priors, e.g. {stations.design.capacity: {uniform: [1, 4]}}");
    return;
  }
  for (const auto& e : c.unique_entries()) {
    const YamlCursor prior = c.child(e.key, e.value);
    auto p = read_prior(prior);
    if (!p)
      continue;
    p->path = e.key;
    p->path_where = located(file, e.key_node.Mark());
    p->prior_where = located(file, e.value.Mark());
    spec.parameters.push_back(std::move(*p));
  }
}

void read_holdout(const YamlCursor& c, const models::Scenario& scenario,
                  const std::vector<models::Observation>& observations, CalibrationSpec& spec) {
  if (!c.defined() || !c.expect_sequence())
    return;
  std::vector<std::string> items;
  for (const auto& a : scenario.arrivals)
    for (const auto& name : a.item_names)
      if (!name.empty())
        items.push_back(name);
  std::set<std::string> held;
  for (std::size_t i = 0; i < c.node().size(); ++i) {
    const auto name = c.at(i).string();
    if (!name)
      continue;
    if (std::find(items.begin(), items.end(), *name) == items.end())
      c.at(i).error(unknown_name_message("item", *name, items) + " (the names of the scenario's scheduled arrivals)");
    else if (std::none_of(observations.begin(), observations.end(), [&](const auto& o) { return o.item == *name; }))
      c.at(i).error("the record has no observation of '" + *name + "': there is nothing to predict");
    else if (!held.insert(*name).second)
      c.at(i).error("'" + *name + "' is held out twice");
    else
      spec.holdout.push_back(*name);
  }
  if (std::all_of(observations.begin(), observations.end(), [&](const auto& o) { return held.count(o.item) > 0; }))
    c.error("every observation is held out: nothing is left to fit");
}

/// `milestones: [ready, ...]`: which milestones the distance fits (after read_holdout).
void read_milestones(const YamlCursor& c, const std::vector<models::Observation>& observations, CalibrationSpec& spec) {
  if (!c.defined() || !c.expect_sequence())
    return;
  const std::vector<std::string> names(models::kMilestoneNames.begin(), models::kMilestoneNames.end());
  for (std::size_t i = 0; i < c.node().size(); ++i) {
    const auto name = c.at(i).string();
    if (!name)
      continue;
    const auto m = models::milestone_by_name_or_null(*name);
    if (!m)
      c.at(i).error(unknown_name_message("milestone", *name, names));
    else if (std::find(spec.milestones.begin(), spec.milestones.end(), *m) != spec.milestones.end())
      c.at(i).error("'" + *name + "' is named twice");
    else
      spec.milestones.push_back(*m);
  }
  if (spec.milestones.empty())
    return;
  const bool any = std::any_of(observations.begin(), observations.end(), [&](const models::Observation& o) {
    return std::find(spec.holdout.begin(), spec.holdout.end(), o.item) == spec.holdout.end() &&
           std::find(spec.milestones.begin(), spec.milestones.end(), o.milestone) != spec.milestones.end();
  });
  if (!any)
    c.error("no observation of an item that is not held out has these milestones: nothing is left to fit");
}

} // namespace

double Prior::lower() const {
  switch (kind) {
  case PriorKind::normal:
    return args.size() == 4 ? args[2] : -kInf;
  case PriorKind::lognormal:
    return 0;
  default:
    return args.front();
  }
}

double Prior::upper() const {
  switch (kind) {
  case PriorKind::normal:
    return args.size() == 4 ? args[3] : kInf;
  case PriorKind::lognormal:
    return kInf;
  default:
    return args.back();
  }
}

double Prior::typical() const {
  switch (kind) {
  case PriorKind::uniform:
    return (args[0] + args[1]) / 2;
  case PriorKind::normal:
    return std::clamp(args[0], lower(), upper());
  case PriorKind::lognormal: // the median, exp(mu)
    return args[0] / std::sqrt(1 + args[1] * args[1] / (args[0] * args[0]));
  case PriorKind::triangular:
    return args[1];
  case PriorKind::discrete: // the median value
    return args[(args.size() - 1) / 2];
  }
  return args[0];
}

std::string Prior::describe(const std::string& unit) const {
  static const char* names[] = {"uniform", "normal", "lognormal", "triangular", "discrete"};
  std::string out = std::string(names[static_cast<int>(kind)]) + "(";
  for (std::size_t i = 0; i < args.size(); ++i)
    out += (i ? ", " : "") + (unit == "s" ? simcore::format_duration(args[i]) : simcore::format_number(args[i]));
  return out + ")";
}

Override parameter_override(const CalibrationParameter& p, double value) {
  return {p.path + "=" + value_text(p, value), p.prior_where, p.path_where};
}

CalibrationLoad load_calibration_spec(const std::filesystem::path& file) {
  CalibrationLoad result;
  MapFile document;
  if (!document.open(file, "calibration spec", result.diagnostics,
                     {"name", "description", "scenario", "layout", "parameters", "observations", "abc_smc", "holdout",
                      "milestones", "seed"}))
    return result;
  const YamlCursor c = document.top();
  CalibrationSpec spec;
  spec.name = document.name();
  spec.scenario = document.file_beside("scenario");
  spec.observations = document.file_beside("observations");
  if (c["layout"].defined())
    spec.layout = c["layout"].string().value_or("");
  if (c["seed"].defined())
    spec.seed = static_cast<std::uint64_t>(c["seed"].integer(0, std::numeric_limits<std::int64_t>::max()).value_or(1));
  read_settings(c["abc_smc"], spec.settings);
  read_parameters(c["parameters"], file.string(), spec);
  if (!result.diagnostics.empty())
    return result;
  auto base = load_scenario_file(spec.scenario, std::vector<Override>{}, spec.layout);
  if (!base.scenario) {
    result.diagnostics = std::move(base.diagnostics);
    return result;
  }
  for (const auto& p : spec.parameters)
    check_parameter(spec, p, result.diagnostics);
  auto observed = load_observations_file(spec.observations, *base.scenario);
  if (!observed.observations) {
    for (const auto& d : observed.diagnostics.items())
      result.diagnostics.add(d);
    return result;
  }
  read_holdout(c["holdout"], *base.scenario, *observed.observations, spec);
  read_milestones(c["milestones"], *observed.observations, spec);
  if (result.diagnostics.empty()) {
    result.spec = std::move(spec);
    result.scenario = std::move(base.scenario);
    result.observations = std::move(*observed.observations);
  }
  return result;
}

} // namespace satflow::configs
