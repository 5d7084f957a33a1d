#include "tools/experiments/uncertainty_page.hpp"

#include "tools/experiments/uncertainty_report.hpp"
#include "tools/report/chart_units.hpp"
#include "tools/report/kpi_scale.hpp"
#include "tools/report/readable.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;

Json finite(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

ComparisonData::Kpi chart_kpi(const UncertainOptions& o, std::size_t k) {
  ComparisonData::Kpi kpi;
  static_cast<KpiDef&>(kpi) = o.kpis[k];
  return kpi;
}

/// The variants other than the baseline, in order.
std::vector<std::size_t> others(const UncertainOptions& o) {
  std::vector<std::size_t> out;
  for (std::size_t v = 0; v < o.names.size(); ++v)
    if (v != o.baseline)
      out.push_back(v);
  return out;
}

/// One variant's row of a spread chart: each draw's mean (a dot), their 5-95% range over the inputs (a
/// thin line) and the 95% interval of their mean (a thick bar).
struct SpreadRow {
  std::string name;
  std::vector<double> draw_means;
  Estimate mean;
  Quantiles over_inputs;
  std::optional<Estimate> better; ///< the probability of being better than the baseline; none for a level
};

/// The chart of `rows` in their order (the caption is the caller's): a difference's, or a level's.
/// `dot` names what a dot's value is in its tooltip.
HtmlChart spread_chart(const std::string& noun, const KpiScale& s, const std::vector<SpreadRow>& rows,
                       const std::string& title, const std::string& axis_title, const char* dot) {
  const bool differences = std::any_of(rows.begin(), rows.end(), [](const SpreadRow& row) { return row.better; });
  HtmlChart c{.title = title, .columns = {noun, "mean [95%]", "5%", "50%", "95%"}};
  if (differences)
    c.columns.push_back("better in");
  Json dots = Json::array(), ranges = Json::array();
  std::vector<std::string> names;
  for (const SpreadRow& row : rows) {
    names.push_back(row.name);
    for (std::size_t m = 0; m < row.draw_means.size(); ++m)
      if (!std::isnan(row.draw_means[m]))
        dots.push_back({{"variant", row.name},
                        {"draw", m},
                        {"value", s.value(row.draw_means[m])},
                        {"text", s.text(row.draw_means[m])}});
    const std::string interval =
        s.text(row.mean.value) + " [" + s.text(row.mean.lower) + ", " + s.text(row.mean.upper) + "]";
    Json range = {{"variant", row.name},
                  {"p05", finite(s.value(row.over_inputs.p05))},
                  {"p95", finite(s.value(row.over_inputs.p95))},
                  {"mean", finite(s.value(row.mean.value))},
                  {"lower", finite(s.value(row.mean.lower))},
                  {"upper", finite(s.value(row.mean.upper))}};
    std::vector<std::string> cells{row.name, interval, s.text(row.over_inputs.p05), s.text(row.over_inputs.p50),
                                   s.text(row.over_inputs.p95)};
    if (row.better) {
      range["better"] = readable_percent(row.better->value);
      cells.push_back(readable_percent(row.better->value));
    } else {
      range["interval"] = interval;
      range["spread"] = s.text(row.over_inputs.p05) + " to " + s.text(row.over_inputs.p95);
    }
    ranges.push_back(std::move(range));
    c.rows.push_back(std::move(cells));
  }
  const Json y = {{"field", "variant"}, {"type", "nominal"}, {"title", noun}, {"sort", names}};
  const Json tooltip = differences
                           ? Json{tooltip_field("variant", "variant"), tooltip_field("better", "better in")}
                           : Json{tooltip_field("variant", noun.c_str()), tooltip_field("interval", "mean [95%]"),
                                  tooltip_field("spread", "5% to 95% over the inputs")};
  const Json layers = {
      view(inline_rows(dots), {{"type", "circle"}, {"opacity", 0.35}, {"size", 30}, {"color", "#888"}},
           {{"y", y},
            {"x", {{"field", "value"}, {"type", "quantitative"}, {"axis", s.axis(axis_title)}}},
            {"tooltip",
             {tooltip_field("variant", "variant"), tooltip_field("draw", "draw"), tooltip_field("text", dot)}}}),
      view(inline_rows(ranges), {{"type", "rule"}, {"strokeWidth", 1.5}},
           {{"y", y}, {"x", {{"field", "p05"}, {"type", "quantitative"}}}, {"x2", {{"field", "p95"}}}}),
      view(inline_rows(ranges), {{"type", "rule"}, {"strokeWidth", 6}, {"color", "#1f77b4"}},
           {{"y", y},
            {"x", {{"field", "lower"}, {"type", "quantitative"}}},
            {"x2", {{"field", "upper"}}},
            {"tooltip", tooltip}})};
  c.spec = chart_spec(title, 760, {{"step", 46}}, {{"layer", layers}});
  return c;
}

/// Each draw's mean of variant v's paired difference from the baseline in KPI k.
std::vector<double> difference_draw_means(const UncertainOptions& o, const UncertainRuns& r, std::size_t v,
                                          std::size_t k) {
  std::vector<double> paired(r.kpi[v][k].size());
  for (std::size_t j = 0; j < paired.size(); ++j)
    paired[j] = r.kpi[v][k][j] - r.kpi[o.baseline][k][j];
  return draw_means(paired, r.draws, r.replications);
}

HtmlChart difference_chart(const UncertainOptions& o, const UncertainRuns& r,
                           const std::vector<UncertainSummary>& per_variant, std::size_t k) {
  const ComparisonData::Kpi kpi = chart_kpi(o, k);
  const KpiScale s{kpi, duration_unit_for(std::abs(per_variant[o.baseline].mean.value))};
  std::vector<SpreadRow> rows;
  for (std::size_t v : others(o)) {
    const UncertainDifference& d = *per_variant[v].difference;
    rows.push_back({o.names[v], difference_draw_means(o, r, v, k), d.mean, d.over_inputs, d.probability_better});
  }
  HtmlChart c = spread_chart(o.noun, s, rows,
                             kpi.label + ": difference against " + o.names[o.baseline] + " over the uncertain inputs",
                             "difference", "mean difference");
  c.caption = "Each dot is one input draw's mean difference over its replications; the thin line spans 5% to 95% of "
              "them (what the estimates allow), the thick bar is the 95% interval of the mean difference.";
  return c;
}

/// Every variant's KPI k over the uncertain inputs: the spread beside the mean's interval.
HtmlChart level_chart(const UncertainOptions& o, const UncertainRuns& r,
                      const std::vector<UncertainSummary>& per_variant, std::size_t k) {
  const ComparisonData::Kpi kpi = chart_kpi(o, k);
  const std::size_t scale_of = o.baseline < o.names.size() ? o.baseline : 0;
  const KpiScale s{kpi, duration_unit_for(std::abs(per_variant[scale_of].mean.value))};
  std::vector<SpreadRow> rows;
  for (std::size_t v = 0; v < o.names.size(); ++v)
    rows.push_back({o.names[v] + (v == o.baseline ? " (" + o.baseline_noun + ")" : ""),
                    draw_means(r.kpi[v][k], r.draws, r.replications), per_variant[v].mean, per_variant[v].over_inputs,
                    std::nullopt});
  HtmlChart c =
      spread_chart(o.noun, s, rows, kpi.label + " per " + o.noun + " over the uncertain inputs", kpi.label, "mean");
  c.caption = "Each dot is one input draw's mean over its replications; the thin line spans 5% to 95% of them (the "
              "spread the estimates allow), the thick bar is the 95% interval of the mean (the simulation's noise "
              "and the draws' number). The same draws at every " +
              o.noun + ".";
  return c;
}

/// Per variant, the probability of being better than the baseline (the share of draws whose mean
/// difference favours it) with its Wilson interval, against the even odds of 50%.
HtmlChart better_chart(const UncertainOptions& o, const std::vector<UncertainSummary>& per_variant, std::size_t k) {
  const KpiDef& kpi = o.kpis[k];
  HtmlChart c{.title = kpi.label + ": probability of being better than " + o.names[o.baseline],
              .caption = std::string("The share of input draws in which the ") + o.noun + " does better than the " +
                         o.baseline_noun + " (" + (kpi.larger_is_better ? "larger" : "smaller") +
                         " is better), with its 95% Wilson interval; the dashed line is even odds.",
              .columns = {o.noun, "better in", "95% interval"}};
  Json bars = Json::array();
  std::vector<std::string> names;
  for (std::size_t v : others(o)) {
    const Estimate& p = per_variant[v].difference->probability_better;
    names.push_back(o.names[v]);
    const std::string interval = readable_percent(p.lower) + " to " + readable_percent(p.upper);
    bars.push_back({{"variant", o.names[v]},
                    {"p", finite(p.value)},
                    {"lower", finite(p.lower)},
                    {"upper", finite(p.upper)},
                    {"text", readable_percent(p.value)},
                    {"interval", interval}});
    c.rows.push_back({o.names[v], readable_percent(p.value), interval});
  }
  const Json y = {{"field", "variant"}, {"type", "nominal"}, {"title", o.noun}, {"sort", names}};
  const Json x = {{"field", "p"},
                  {"type", "quantitative"},
                  {"scale", {{"domain", {0, 1}}}},
                  {"axis", {{"title", "probability of being better"}, {"format", ".0%"}}}};
  const Json tooltip = {tooltip_field("variant", o.noun.c_str()), tooltip_field("text", "better in"),
                        tooltip_field("interval", "95% interval")};
  c.spec = {
      {"title", c.title},
      {"width", 640},
      {"height", {{"step", 22}}},
      {"layer",
       {{{"data", {{"values", bars}}},
         {"mark", {{"type", "bar"}, {"color", "#4c78a8"}}},
         {"encoding", {{"y", y}, {"x", x}, {"tooltip", tooltip}}}},
        {{"data", {{"values", bars}}},
         {"mark", {{"type", "rule"}, {"color", "#333"}}},
         {"encoding", {{"y", y}, {"x", {{"field", "lower"}, {"type", "quantitative"}}}, {"x2", {{"field", "upper"}}}}}},
        {{"data", {{"values", Json::array({Json::object()})}}},
         {"mark", {{"type", "rule"}, {"strokeDash", {4, 4}}, {"color", "#d62728"}}},
         {"encoding", {{"x", {{"datum", 0.5}, {"type", "quantitative"}}}}}}}}};
  return c;
}

/// Per KPI of the summaries (o.kpis): whether it is a headline KPI of these summaries.
std::vector<bool> headline_of(const std::vector<std::vector<UncertainSummary>>& summaries) {
  std::vector<bool> applies;
  for (const auto& per_kpi : summaries)
    applies.push_back(per_kpi.front().applies);
  return headline_kpis(applies);
}

HtmlChart drivers_chart(const UncertainOptions& o, const std::vector<UncertainSummary>& per_variant, std::size_t k) {
  HtmlChart c{.title = o.kpis[k].label + ": what drives the difference",
              .caption =
                  "First-order sensitivity index of each draw's mean difference to each uncertain input (binning "
                  "estimator, bias-corrected), with its 95% bootstrap interval: the share of the spread that knowing "
                  "the input exactly would remove. Research the longest bars first.",
              .columns = {o.noun, "input", "S1", "95% interval"}};
  Json bars = Json::array();
  for (std::size_t v : others(o))
    for (const Driver& d : per_variant[v].difference->drivers) {
      if (std::isnan(d.s1.value))
        continue;
      bars.push_back({{"variant", o.names[v]},
                      {"input", d.path},
                      {"s1", d.s1.value},
                      {"lower", finite(d.s1.lower)},
                      {"upper", finite(d.s1.upper)}});
      c.rows.push_back({o.names[v], d.path, readable_percent(d.s1.value),
                        readable_percent(d.s1.lower) + " to " + readable_percent(d.s1.upper)});
    }
  const Json y = {{"field", "input"}, {"type", "nominal"}, {"title", "uncertain input"}, {"sort", o.inputs}};
  const Json x_axis = {{"title", "first-order index S1"}, {"format", ".0%"}};
  c.spec = {{"title", c.title},
            {"width", 640},
            {"height", {{"step", 14 * std::max<std::size_t>(1, others(o).size())}}},
            {"data", {{"values", bars}}},
            {"layer",
             {{{"mark", {{"type", "bar"}}},
               {"encoding",
                {{"y", y},
                 {"yOffset", {{"field", "variant"}, {"type", "nominal"}}},
                 {"color", {{"field", "variant"}, {"type", "nominal"}, {"title", o.noun}}},
                 {"x", {{"field", "s1"}, {"type", "quantitative"}, {"axis", x_axis}, {"scale", {{"domain", {0, 1}}}}}},
                 {"tooltip",
                  {tooltip_field("variant", "variant"), tooltip_field("input", "input"),
                   tooltip_field("s1", "S1", ".1%")}}}}},
              {{"mark", {{"type", "rule"}, {"color", "#333"}}},
               {"encoding",
                {{"y", y},
                 {"yOffset", {{"field", "variant"}, {"type", "nominal"}}},
                 {"x", {{"field", "lower"}, {"type", "quantitative"}}},
                 {"x2", {{"field", "upper"}}}}}}}}};
  return c;
}

} // namespace

HtmlPage uncertainty_page(const UncertainOptions& o, const UncertainRuns& r,
                          const std::vector<std::vector<UncertainSummary>>& summaries, const std::string& scenario,
                          const std::string& version, const std::string& date) {
  HtmlPage page;
  page.title = "satflow: " + scenario + " under uncertain inputs";
  page.facts = {{"scenario", scenario},
                {"input draws", std::to_string(r.draws)},
                {"replications per draw", std::to_string(r.replications)},
                {"uncertain inputs", std::to_string(o.inputs.size())},
                {"baseline", o.names[o.baseline]},
                {"satflow", version},
                {"date", date}};
  const std::vector<bool> headline = headline_of(summaries);
  for (std::size_t k = 0; k < headline.size(); ++k) {
    if (!headline[k] || o.names.size() < 2)
      continue;
    if (page.summary.empty())
      for (std::size_t v : others(o))
        page.summary.push_back(briefing_sentence(o.names[v], o.kpis[k], summaries[k][v]) + ".");
    page.charts.push_back(difference_chart(o, r, summaries[k], k));
    page.charts.push_back(drivers_chart(o, summaries[k], k));
  }
  if (!r.failures.empty())
    page.notes.push_back(std::to_string(r.failures.size()) + " runs failed; the estimates leave them out.");
  return page;
}

std::vector<HtmlChart> uncertainty_charts(const UncertainOptions& o, const UncertainRuns& r,
                                          const std::vector<std::vector<UncertainSummary>>& summaries) {
  std::vector<HtmlChart> charts;
  const std::vector<bool> headline = headline_of(summaries);
  const bool paired = o.baseline < o.names.size() && o.names.size() > 1;
  for (std::size_t k = 0; k < headline.size(); ++k) {
    if (!headline[k])
      continue;
    charts.push_back(level_chart(o, r, summaries[k], k));
    if (paired) {
      charts.push_back(difference_chart(o, r, summaries[k], k));
      charts.push_back(better_chart(o, summaries[k], k));
    }
  }
  return charts;
}

} // namespace satflow::tools
