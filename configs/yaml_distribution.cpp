// YamlCursor's reading of a distribution (`{uniform: [a, b]}`, `{pert: ...}`, a fixed value, a
// mixture...), apart from the cursor's scalar reads: the one grammar every duration of a scenario and
// every range of its uncertain: section takes. What differs between them (how a value is read, the
// kinds allowed, a normal's default floor) is a DistributionGrammar.
#include "configs/yaml_cursor.hpp"

#include "simcore/units.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace satflow::configs {

const DistributionGrammar& duration_grammar() {
  static const DistributionGrammar grammar{
      .value = [](const YamlCursor& c) { return c.duration(); },
      .noun = "duration",
      .expected = "a duration (90d) or a distribution",
      .kinds = {"fixed", "uniform", "triangular", "pert", "exponential", "normal", "lognormal", "empirical", "mixture"},
      .normal_min = 0}; // durations are never negative: the normal is truncated at 0 unless a higher min is given
  return grammar;
}

std::optional<simcore::Distribution> YamlCursor::distribution(const DistributionGrammar& g) const {
  using simcore::Distribution;
  if (!require())
    return std::nullopt;
  if (node_.IsScalar()) {
    auto v = g.value(*this);
    return v ? std::optional(Distribution::fixed(*v)) : std::nullopt;
  }
  if (!node_.IsMap() || node_.size() != 1 || !node_.begin()->first.IsScalar()) {
    std::string message = "expected " + g.expected + " with one of the keys: ";
    for (std::size_t i = 0; i < g.kinds.size(); ++i)
      message += (i ? ", " : "") + g.kinds[i];
    error(message);
    return std::nullopt;
  }
  const std::string kind = node_.begin()->first.as<std::string>();
  const YamlCursor arg = child(kind, node_.begin()->second);
  if (std::find(g.kinds.begin(), g.kinds.end(), kind) == g.kinds.end()) {
    std::string message = "unknown distribution '" + kind + "'";
    if (auto guess = closest_match(kind, g.kinds); !guess.empty())
      message += "; did you mean '" + guess + "'?";
    child(kind, node_.begin()->first).error(message);
    return std::nullopt;
  }
  // A list of exactly n values.
  auto list_of = [&](std::size_t n, const char* shape) -> std::optional<std::vector<double>> {
    if (!arg.node().IsSequence() || arg.node().size() != n) {
      arg.error(std::string("expected a list ") + shape);
      return std::nullopt;
    }
    std::vector<double> out;
    for (std::size_t i = 0; i < n; ++i)
      if (auto d = g.value(arg.at(i)))
        out.push_back(*d);
    return out.size() == n ? std::optional(out) : std::nullopt;
  };
  try {
    if (kind == "fixed") {
      auto v = g.value(arg);
      return v ? std::optional(Distribution::fixed(*v)) : std::nullopt;
    }
    if (kind == "exponential") {
      auto v = g.value(arg);
      if (v && *v <= 0)
        arg.error("expected a mean " + g.noun + " > 0");
      return v && *v > 0 ? std::optional(Distribution::exponential(*v)) : std::nullopt;
    }
    if (kind == "uniform") {
      auto v = list_of(2, "[min, max]");
      if (v && (*v)[0] > (*v)[1]) {
        arg.error("expected min <= max");
        return std::nullopt;
      }
      return v ? std::optional(Distribution::uniform((*v)[0], (*v)[1])) : std::nullopt;
    }
    if (kind == "triangular" || kind == "pert") {
      auto v = list_of(3, "[min, mode, max]");
      if (!v)
        return std::nullopt;
      const double lo = (*v)[0], mode = (*v)[1], hi = (*v)[2];
      if (!(lo <= mode && mode <= hi) || (kind == "pert" && !(lo < hi))) {
        arg.error(std::string("expected min <= mode <= max") + (kind == "pert" ? " with min < max" : ""));
        return std::nullopt;
      }
      return kind == "pert" ? Distribution::pert(lo, mode, hi) : Distribution::triangular(lo, mode, hi);
    }
    if (kind == "normal" || kind == "lognormal") {
      const bool normal = kind == "normal";
      if (!(normal ? arg.expect_map({"mean", "sd", "min", "max"}) : arg.expect_map({"mean", "sd"})))
        return std::nullopt;
      auto mean = g.value(arg["mean"]);
      auto sd = g.value(arg["sd"]);
      if (!mean || !sd)
        return std::nullopt;
      if (!normal) {
        if (*mean <= 0) {
          arg["mean"].error("expected a mean " + g.noun + " > 0");
          return std::nullopt;
        }
        return Distribution::lognormal(*mean, *sd);
      }
      auto lo = arg["min"].defined() ? g.value(arg["min"]) : std::optional(g.normal_min);
      auto hi = arg["max"].defined() ? g.value(arg["max"]) : std::optional(std::numeric_limits<double>::infinity());
      if (!lo || !hi)
        return std::nullopt;
      if (*lo >= *hi || *sd <= 0) {
        arg.error("expected sd > 0 and min < max");
        return std::nullopt;
      }
      return Distribution::normal(*mean, *sd, *lo, *hi);
    }
    if (kind == "mixture") {
      if (!arg.node().IsSequence() || arg.node().size() == 0) {
        arg.error("expected a list of {p: weight, of: distribution}");
        return std::nullopt;
      }
      std::vector<simcore::Distribution> parts;
      std::vector<double> weights;
      for (std::size_t i = 0; i < arg.node().size(); ++i) {
        const YamlCursor part = arg.at(i);
        if (!part.expect_map({"p", "of"}))
          continue;
        auto p = part["p"].number(0, std::numeric_limits<double>::infinity());
        auto of = part["of"].distribution(g);
        if (p && of) {
          weights.push_back(*p);
          parts.push_back(*of);
        }
      }
      if (parts.size() != arg.node().size())
        return std::nullopt;
      return Distribution::mixture(std::move(parts), std::move(weights));
    }
    if (kind == "empirical") {
      if (!arg.expect_map({"values", "weights"}))
        return std::nullopt;
      const YamlCursor values = arg["values"];
      if (!values.require() || !values.expect_sequence() || values.node().size() == 0) {
        if (values.defined() && values.node().IsSequence())
          values.error("expected at least one value");
        return std::nullopt;
      }
      std::vector<double> vs, ws;
      for (std::size_t i = 0; i < values.node().size(); ++i)
        if (auto d = g.value(values.at(i)))
          vs.push_back(*d);
      const YamlCursor weights = arg["weights"];
      if (weights.defined()) {
        if (!weights.expect_sequence())
          return std::nullopt;
        if (weights.node().size() != values.node().size()) {
          weights.error("expected as many weights as values (" + std::to_string(values.node().size()) + ")");
          return std::nullopt;
        }
        for (std::size_t i = 0; i < weights.node().size(); ++i)
          if (auto w = weights.at(i).number(0, std::numeric_limits<double>::infinity()))
            ws.push_back(*w);
      } else {
        ws.assign(vs.size(), 1.0);
      }
      if (vs.size() != values.node().size() || ws.size() != vs.size())
        return std::nullopt;
      return Distribution::empirical(vs, ws);
    }
  } catch (const std::invalid_argument& e) { // the last word on parameters is the distribution's
    arg.error(e.what());
  }
  return std::nullopt;
}

} // namespace satflow::configs
