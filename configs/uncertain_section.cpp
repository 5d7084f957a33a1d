// The `uncertain:` section: key path -> distribution of what we do not know about the value there.
// A path must name a number, a duration or a rate the scenario has (or could have: a key the file
// leaves at its default is not a path here, since its unit would be a guess). The distribution is
// written in the unit of the value (uniform: [0.1d, 0.5d] for a duration, [0.85, 0.9] for a
// number). Draws are checked by the value's own reader: check_uncertain_draws reads the scenario
// again with every input at the low end of its range, at the high end and at an inner point, each
// value blamed on its declaration, so a negative duration, a probability above 1 or a capacity that
// is not whole is refused at the declaration's line with the reader's own words.
#include "configs/overrides.hpp"
#include "configs/sections.hpp"
#include "configs/yaml_file.hpp"
#include "simcore/units.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <set>
#include <sstream>
#include <variant>

namespace satflow::configs {
namespace {

using models::ValueKind;
constexpr double kBig = 1e300;

std::optional<double> plain_number(const std::string& text) {
  double v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

/// The node at a key path (maps by key, lists by index or by an element's `name`), or a message.
std::variant<YAML::Node, std::string> node_at(const YAML::Node& root, const std::string& path) {
  YAML::Node current = root;
  std::string walked;
  std::istringstream in(path);
  std::string seg;
  while (std::getline(in, seg, '.')) {
    YAML::Node next;
    bool found = false;
    std::vector<std::string> keys; // for a did-you-mean
    if (current.IsMap()) {
      const YAML::Node& constant = current;
      for (auto it = constant.begin(); it != constant.end(); ++it)
        if (it->first.IsScalar())
          keys.push_back(it->first.Scalar());
      found = static_cast<bool>(constant[seg]);
      if (found)
        next.reset(constant[seg]);
    } else if (current.IsSequence()) {
      for (std::size_t i = 0; i < current.size() && !found; ++i) {
        const YAML::Node& e = current[i];
        const bool named = e.IsMap() && e["name"] && e["name"].IsScalar();
        if (named)
          keys.push_back(e["name"].Scalar());
        found = std::to_string(i) == seg || (named && e["name"].Scalar() == seg);
        if (found)
          next.reset(current[i]);
      }
    } else {
      return "'" + walked + "' is a value, not a map or a list";
    }
    if (!found || next.IsNull()) {
      std::string message = "no key '" + seg + "'" + (walked.empty() ? "" : " under '" + walked + "'") +
                            " in the scenario (an uncertain value needs a point value written in the file)";
      if (const auto guess = closest_match(seg, keys); !guess.empty())
        message += "; did you mean '" + guess + "'?";
      return message;
    }
    walked += (walked.empty() ? "" : ".") + seg;
    current.reset(next);
  }
  return current;
}

/// One value of a distribution in the input's unit.
std::optional<double> read_value(const YamlCursor& c, ValueKind kind) {
  switch (kind) {
  case ValueKind::duration:
    return c.duration(-kBig);
  case ValueKind::rate:
    return c.rate();
  case ValueKind::number:
    break;
  }
  return c.number(-kBig, kBig);
}

/// The ranges of inputs of `kind`: the scenario's distribution grammar over values of the input's
/// unit, which may be negative (a draw the input's own reader refuses is blamed on the declaration by
/// check_uncertain_draws, with that reader's words), of the kinds the section documents.
DistributionGrammar grammar(ValueKind kind) {
  return {.value = [kind](const YamlCursor& c) { return read_value(c, kind); },
          .noun = "value",
          .expected = "a distribution",
          .kinds = {"uniform", "triangular", "pert", "normal", "lognormal", "empirical"},
          .normal_min = -HUGE_VAL};
}

/// The input's kind and point value from the scalar written at its path.
std::optional<std::pair<ValueKind, double>> point_value(const YAML::Node& value) {
  if (!value.IsScalar())
    return std::nullopt;
  if (const auto v = plain_number(value.Scalar()))
    return std::pair{ValueKind::number, *v};
  if (const auto d = simcore::parse_duration(value.Scalar()))
    return std::pair{ValueKind::duration, *d};
  if (const auto r = simcore::parse_rate(value.Scalar()))
    return std::pair{ValueKind::rate, *r};
  return std::nullopt;
}

/// The text an override writes for a value of `kind`.
std::string value_text(ValueKind kind, double v) {
  const std::string n = simcore::format_number(v);
  return kind == ValueKind::duration ? n + "s" : kind == ValueKind::rate ? n + "/s" : n;
}

} // namespace

std::string uncertain_value_text(const models::UncertainInput& input, double value) {
  return value_text(input.kind, value);
}

void read_uncertain(ReadContext& ctx, models::Scenario& sc, const std::string& file) {
  const YamlCursor section = ctx.root["uncertain"];
  for (const auto& e :
       section.optional_map_entries("key paths to distributions, e.g. coordination.step: {uniform: [0.1d, 0.5d]}")) {
    const YamlCursor c = section.child(e.key, e.value);
    if (e.key == "uncertain" || e.key.rfind("uncertain.", 0) == 0) {
      c.error("expected a path to a value of the scenario, not into this section");
      continue;
    }
    const auto found = node_at(ctx.root.node(), e.key);
    if (const auto* message = std::get_if<std::string>(&found)) {
      c.error(*message);
      continue;
    }
    const auto point = point_value(std::get<YAML::Node>(found));
    if (!point) {
      c.error("expected a path to a number, a duration or a rate; the value there is not one");
      continue;
    }
    auto distribution = c.distribution(grammar(point->first));
    if (!distribution)
      continue;
    sc.uncertain.push_back({e.key, *distribution, point->first, point->second, located(file, e.value.Mark())});
  }
}

/// The probe-th value checked of a distribution: its low end, its high end, an inner point (not a
/// round fraction, so that a continuous range over a whole number is caught). An unbounded end is
/// taken at the one-in-a-million quantile.
double probe_value(const simcore::Distribution& d, int probe) {
  if (probe == 0)
    return std::isfinite(d.lower_bound()) ? d.lower_bound() : d.inverse_cdf(1e-6);
  if (probe == 1)
    return std::isfinite(d.upper_bound()) ? d.upper_bound() : d.inverse_cdf(1 - 1e-6);
  return d.inverse_cdf(0.377);
}

void check_uncertain_draws(const YAML::Node& root, const std::vector<models::UncertainInput>& inputs,
                           const DocumentContext& context,
                           const std::function<void(YAML::Node, DocumentContext&)>& read) {
  std::set<std::pair<std::string, std::string>> reported; // (where, key path): one problem each
  for (int probe = 0; probe < 3; ++probe) {
    Diagnostics found;
    DocumentContext probe_context{context.file, &found, context.overridden};
    YAML::Node copy = YAML::Clone(root);
    copy.remove("uncertain");
    for (const auto& input : inputs)
      apply_override(
          copy, {input.path + "=" + value_text(input.kind, probe_value(input.distribution, probe)), input.declared_at},
          probe_context);
    read(copy, probe_context);
    for (auto d : found.items()) {
      // A draw of one bound can be refused on the distribution that holds it (`uniform: min > max`):
      // blame the declaration under that key, not the rebuilt node.
      for (const auto& [path, origin] : probe_context.overridden)
        if (path.starts_with(d.key_path + ".")) {
          d.where = origin;
          break;
        }
      if (reported.insert({d.where, d.key_path}).second)
        context.diagnostics->add({d.where, d.key_path, "a draw of its uncertain range would be refused: " + d.message});
    }
  }
}

} // namespace satflow::configs
