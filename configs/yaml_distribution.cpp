// YamlCursor's reading of a duration distribution (`{uniform: [a, b]}`, `{pert: ...}`, a fixed
// duration, a mixture...), apart from the cursor's scalar reads: the one grammar every duration of a
// scenario and of its uncertain: section takes.
#include "configs/yaml_cursor.hpp"

#include "simcore/units.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace satflow::configs {

std::optional<simcore::Distribution> YamlCursor::duration_distribution() const {
  using simcore::Distribution;
  if (!require())
    return std::nullopt;
  if (node_.IsScalar()) {
    auto v = duration();
    return v ? std::optional(Distribution::fixed(*v)) : std::nullopt;
  }
  static const std::vector<std::string> kinds{"fixed",  "uniform",   "triangular", "pert",   "exponential",
                                              "normal", "lognormal", "empirical",  "mixture"};
  if (!node_.IsMap() || node_.size() != 1 || !node_.begin()->first.IsScalar()) {
    error("expected a duration (90d) or a distribution with one of the keys: fixed, uniform, triangular, pert, "
          "exponential, normal, lognormal, empirical, mixture");
    return std::nullopt;
  }
  const std::string kind = node_.begin()->first.as<std::string>();
  const YamlCursor arg = child(kind, node_.begin()->second);
  // A list of exactly n durations.
  auto durations = [&](std::size_t n, const char* shape) -> std::optional<std::vector<double>> {
    if (!arg.node().IsSequence() || arg.node().size() != n) {
      arg.error(std::string("expected a list ") + shape);
      return std::nullopt;
    }
    std::vector<double> out;
    for (std::size_t i = 0; i < n; ++i)
      if (auto d = arg.at(i).duration())
        out.push_back(*d);
    return out.size() == n ? std::optional(out) : std::nullopt;
  };
  try {
    if (kind == "fixed") {
      auto v = arg.duration();
      return v ? std::optional(Distribution::fixed(*v)) : std::nullopt;
    }
    if (kind == "exponential") {
      auto v = arg.duration();
      if (v && *v <= 0)
        arg.error("expected a mean duration > 0");
      return v && *v > 0 ? std::optional(Distribution::exponential(*v)) : std::nullopt;
    }
    if (kind == "uniform") {
      auto v = durations(2, "[min, max]");
      if (v && (*v)[0] > (*v)[1]) {
        arg.error("expected min <= max");
        return std::nullopt;
      }
      return v ? std::optional(Distribution::uniform((*v)[0], (*v)[1])) : std::nullopt;
    }
    if (kind == "triangular" || kind == "pert") {
      auto v = durations(3, "[min, mode, max]");
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
      auto mean = arg["mean"].duration();
      auto sd = arg["sd"].duration();
      if (!mean || !sd)
        return std::nullopt;
      if (!normal) {
        if (*mean <= 0) {
          arg["mean"].error("expected a mean duration > 0");
          return std::nullopt;
        }
        return Distribution::lognormal(*mean, *sd);
      }
      // Durations are never negative: the normal is truncated at 0 unless a higher min is given.
      auto lo = arg["min"].defined() ? arg["min"].duration() : std::optional(0.0);
      auto hi = arg["max"].defined() ? arg["max"].duration() : std::optional(std::numeric_limits<double>::infinity());
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
        auto of = part["of"].duration_distribution();
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
        if (auto d = values.at(i).duration())
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
    return std::nullopt;
  }
  std::string message = "unknown distribution '" + kind + "'";
  if (auto guess = closest_match(kind, kinds); !guess.empty())
    message += "; did you mean '" + guess + "'?";
  child(kind, node_.begin()->first).error(message);
  return std::nullopt;
}

} // namespace satflow::configs
