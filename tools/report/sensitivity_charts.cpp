#include "tools/report/sensitivity_charts.hpp"

#include "tools/report/chart_units.hpp"
#include "tools/report/kpi_scale.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;

/// A row per value (`rows`: the height of one): a bar from `lower` to `upper`, a dot at `value_field`,
/// both placed and coloured by `encoding`, against the zero line of axis `x`.
Json dots_with_intervals(const std::string& title, int rows, Json values, const Json& x, const Json& encoding,
                         const char* value_field) {
  Json bar = encoding, dot = encoding;
  bar["x"] = with_field(x, "lower");
  bar["x2"] = {{"field", "upper"}};
  dot["x"] = with_field(x, value_field);
  return {{"title", title},
          {"width", 700},
          {"height", {{"step", rows}}},
          {"data", {{"values", std::move(values)}}},
          {"layer",
           {zero_rule(x),
            {{"mark", {{"type", "rule"}, {"strokeWidth", 3}}}, {"encoding", bar}},
            {{"mark", {{"type", "point"}, {"filled", true}, {"size", 80}}}, {"encoding", dot}}}}};
}

} // namespace

std::optional<HtmlChart> main_effects_chart(const SweepData& d, std::size_t k) {
  if (k >= d.main_effects.size() || d.main_effects[k].empty())
    return std::nullopt;
  const auto& effects = d.main_effects[k];
  // Effects are drawn in the unit of the largest one, which may be smaller than the KPI's own.
  double largest = 0;
  for (const auto& e : effects)
    largest = std::max(largest, std::abs(e.mean));
  const KpiScale s{d.kpis[k], duration_unit_for(largest > 0 ? largest : NAN)};
  HtmlChart c{.title = "Main effects on " + d.kpis[k].label,
              .caption =
                  "Each dot is a parameter level's main effect: the mean of the grid's points at that level minus the "
                  "grand mean, computed replication by replication (the common random numbers cancel), with its 95% "
                  "interval over the replications (the bar). A bar that does not cross the dashed zero line is a level "
                  "that moves " +
                  d.kpis[k].label + " by more than noise; the wider a parameter's spread of dots, the more it matters.",
              .columns = {"parameter", "level", "main effect", "95% interval"}};
  Json values = Json::array();
  std::vector<std::string> order;
  // Short names: full paths cut by the axis made three levels share one label.
  const std::vector<std::string> labels = parameter_labels(d.parameters);
  for (const auto& e : effects) {
    const auto j = static_cast<std::size_t>(std::find(d.parameters.begin(), d.parameters.end(), e.parameter) -
                                            d.parameters.begin());
    const bool bounded = std::isfinite(e.lower) && std::isfinite(e.upper);
    // An effect is a difference: of shares, in percentage points.
    const auto [effect, range] = s.difference_parts(e.mean, bounded ? e.lower : NAN, bounded ? e.upper : NAN);
    const std::string label = (j < labels.size() ? labels[j] : e.parameter) + " = " + e.level;
    values.push_back({{"level", label},
                      {"parameter", e.parameter},
                      {"mean", s.difference_value(e.mean)},
                      {"lower", finite_or_null(bounded ? s.difference_value(e.lower) : NAN)},
                      {"upper", finite_or_null(bounded ? s.difference_value(e.upper) : NAN)},
                      {"mean_text", effect},
                      {"interval", range}});
    c.rows.push_back({e.parameter, e.level, effect, range});
    order.push_back(label);
  }
  const Json y = {{"field", "level"}, {"type", "nominal"}, {"title", "parameter = level"}, {"sort", order}};
  const Json color = {{"field", "parameter"}, {"type", "nominal"}, {"title", "parameter"}, {"sort", d.parameters}};
  const Json tips = {tooltip_field("level", "level"), tooltip_field("mean_text", "main effect"),
                     tooltip_field("interval", "95% interval")};
  const Json x = {{"type", "quantitative"}, {"axis", s.difference_axis("main effect on " + d.kpis[k].label)}};
  c.spec =
      dots_with_intervals(c.title, 28, std::move(values), x, {{"y", y}, {"color", color}, {"tooltip", tips}}, "mean");
  return c;
}

std::optional<HtmlChart> sobol_chart(const SweepData& d, std::size_t k) {
  if (k >= d.sobol.size() || d.sobol[k].empty())
    return std::nullopt;
  const auto& bars = d.sobol[k];
  if (std::all_of(bars.begin(), bars.end(), [](const SweepData::SobolBar& b) { return std::isnan(b.st); }))
    return std::nullopt; // the KPI does not vary over these ranges: there is no variance to share out
  HtmlChart c{
      .title = "Sobol indices of " + d.kpis[k].label,
      .caption = "Per parameter, S1 (first order) is the share of the variance of " + d.kpis[k].label +
                 " that the parameter causes alone, and ST (total) its share including every interaction it takes part "
                 "in; ST - S1 is the part that comes through interactions. The bars are 95% bootstrap intervals. A "
                 "parameter with ST near zero can be fixed anywhere in its range; S1 summing to near 1 means the KPI "
                 "is nearly additive. At small N an S1 can come out slightly negative.",
      .columns = {"parameter", "S1", "ST", "ST - S1"}};
  Json values = Json::array();
  std::vector<std::string> order;
  for (const auto& b : bars) {
    order.push_back(b.parameter);
    for (const auto& [index, v, lower, upper] :
         {std::tuple{"S1", b.s1, b.s1_lower, b.s1_upper}, std::tuple{"ST", b.st, b.st_lower, b.st_upper}})
      if (!std::isnan(v))
        values.push_back({{"parameter", b.parameter},
                          {"index", index},
                          {"value", v},
                          {"lower", finite_or_null(lower)},
                          {"upper", finite_or_null(upper)},
                          {"text", index_text(v, lower, upper)}});
    c.rows.push_back({b.parameter, index_text(b.s1, b.s1_lower, b.s1_upper), index_text(b.st, b.st_lower, b.st_upper),
                      std::isnan(b.s1) || std::isnan(b.st) ? "-" : printed("%.3f", b.st - b.s1)});
  }
  const Json y = {{"field", "parameter"}, {"type", "nominal"}, {"title", "parameter"}, {"sort", order}};
  const Json offset = {{"field", "index"}, {"type", "nominal"}, {"sort", {"S1", "ST"}}};
  const Json color = {{"field", "index"}, {"type", "nominal"}, {"title", "index"}, {"sort", {"S1", "ST"}}};
  const Json tips = {tooltip_field("parameter", "parameter"), tooltip_field("index", "index"),
                     tooltip_field("text", "value [95% interval]")};
  const Json x = {{"type", "quantitative"}, {"title", "share of the variance"}};
  c.spec = dots_with_intervals(c.title, 44, std::move(values), x,
                               {{"y", y}, {"yOffset", offset}, {"color", color}, {"tooltip", tips}}, "value");
  return c;
}

} // namespace satflow::tools
