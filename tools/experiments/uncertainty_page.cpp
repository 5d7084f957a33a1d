#include "tools/experiments/uncertainty_page.hpp"

#include "tools/experiments/uncertainty_report.hpp"
#include "tools/report/chart_units.hpp"
#include "tools/report/kpi_scale.hpp"
#include "tools/report/readable.hpp"

#include <algorithm>
#include <cmath>

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

HtmlChart difference_chart(const UncertainOptions& o, const UncertainRuns& r,
                           const std::vector<UncertainSummary>& per_variant, std::size_t k) {
  const ComparisonData::Kpi kpi = chart_kpi(o, k);
  const KpiScale s{kpi, duration_unit_for(std::abs(per_variant[o.baseline].mean.value))};
  HtmlChart c;
  c.title = kpi.label + ": difference against " + o.names[o.baseline] + " over the uncertain inputs";
  c.caption = "Each dot is one input draw's mean difference over its replications; the thin line spans 5% to 95% of "
              "them (what the estimates allow), the thick bar is the 95% interval of the mean difference.";
  c.columns = {o.noun, "mean [95%]", "5%", "50%", "95%", "better in"};
  Json dots = Json::array(), ranges = Json::array();
  std::vector<std::string> names;
  for (std::size_t v : others(o)) {
    names.push_back(o.names[v]);
    std::vector<double> paired(r.kpi[v][k].size());
    for (std::size_t j = 0; j < paired.size(); ++j)
      paired[j] = r.kpi[v][k][j] - r.kpi[o.baseline][k][j];
    const std::vector<double> means = draw_means(paired, r.draws, r.replications);
    for (std::size_t m = 0; m < means.size(); ++m)
      if (!std::isnan(means[m]))
        dots.push_back(
            {{"variant", o.names[v]}, {"draw", m}, {"value", s.value(means[m])}, {"text", s.text(means[m])}});
    const UncertainDifference& d = *per_variant[v].difference;
    ranges.push_back({{"variant", o.names[v]},
                      {"p05", finite(s.value(d.over_inputs.p05))},
                      {"p95", finite(s.value(d.over_inputs.p95))},
                      {"mean", finite(s.value(d.mean.value))},
                      {"lower", finite(s.value(d.mean.lower))},
                      {"upper", finite(s.value(d.mean.upper))},
                      {"better", readable_percent(d.probability_better.value)}});
    c.rows.push_back({o.names[v],
                      s.text(d.mean.value) + " [" + s.text(d.mean.lower) + ", " + s.text(d.mean.upper) + "]",
                      s.text(d.over_inputs.p05), s.text(d.over_inputs.p50), s.text(d.over_inputs.p95),
                      readable_percent(d.probability_better.value)});
  }
  const Json y = {{"field", "variant"}, {"type", "nominal"}, {"title", o.noun}, {"sort", names}};
  const Json axis = s.axis("difference");
  c.spec = {
      {"title", c.title},
      {"width", 760},
      {"height", {{"step", 46}}},
      {"layer",
       {{{"data", {{"values", dots}}},
         {"mark", {{"type", "circle"}, {"opacity", 0.35}, {"size", 30}, {"color", "#888"}}},
         {"encoding",
          {{"y", y},
           {"x", {{"field", "value"}, {"type", "quantitative"}, {"axis", axis}}},
           {"tooltip",
            {tooltip_field("variant", "variant"), tooltip_field("draw", "draw"),
             tooltip_field("text", "mean difference")}}}}},
        {{"data", {{"values", ranges}}},
         {"mark", {{"type", "rule"}, {"strokeWidth", 1.5}}},
         {"encoding", {{"y", y}, {"x", {{"field", "p05"}, {"type", "quantitative"}}}, {"x2", {{"field", "p95"}}}}}},
        {{"data", {{"values", ranges}}},
         {"mark", {{"type", "rule"}, {"strokeWidth", 6}, {"color", "#1f77b4"}}},
         {"encoding",
          {{"y", y},
           {"x", {{"field", "lower"}, {"type", "quantitative"}}},
           {"x2", {{"field", "upper"}}},
           {"tooltip", {tooltip_field("variant", "variant"), tooltip_field("better", "better in")}}}}}}}};
  return c;
}

HtmlChart drivers_chart(const UncertainOptions& o, const std::vector<UncertainSummary>& per_variant, std::size_t k) {
  HtmlChart c;
  c.title = o.kpis[k].label + ": what drives the difference";
  c.caption = "First-order sensitivity index of each draw's mean difference to each uncertain input (binning "
              "estimator, bias-corrected), with its 95% bootstrap interval: the share of the spread that knowing "
              "the input exactly would remove. Research the longest bars first.";
  c.columns = {o.noun, "input", "S1", "95% interval"};
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
  std::vector<bool> applies;
  for (const auto& per_kpi : summaries)
    applies.push_back(per_kpi.front().applies);
  const std::vector<bool> headline = headline_kpis(applies);
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

} // namespace satflow::tools
