#include "tools/report/compare_charts.hpp"

#include "simcore/intervals.hpp"
#include "simcore/units.hpp"
#include "tools/report/chart_units.hpp"
#include "tools/report/kpi_scale.hpp"
#include "tools/report/readable.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace satflow::tools {
namespace {

/// Whether layout l gave the baseline's KPIs in every replication (NaN matching NaN): with common
/// random numbers, a layout that changes nothing in the scenario.
bool identical_to_baseline(const ComparisonData& d, std::size_t l) {
  if (l == d.baseline || l >= d.values.size() || d.baseline >= d.values.size() || d.values[l].empty())
    return false;
  for (std::size_t k = 0; k < d.values[l].size() && k < d.values[d.baseline].size(); ++k)
    if (!std::equal(d.values[l][k].begin(), d.values[l][k].end(), d.values[d.baseline][k].begin(),
                    d.values[d.baseline][k].end(),
                    [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); }))
      return false;
  return true;
}

using Json = nlohmann::ordered_json;
using Kpi = ComparisonData::Kpi;

KpiScale scale_of(const ComparisonData& d, std::size_t k) {
  const auto ci = simcore::present_interval(d.values[d.baseline][k], d.alpha);
  return {d.kpis[k], duration_unit_for(ci ? ci->mean : NAN)};
}

HtmlChart interval_chart(const ComparisonData& d, std::size_t k) {
  const KpiScale s = scale_of(d, k);
  HtmlChart c{
      .title = d.kpis[k].label + (d.layouts.size() > 1 ? " per layout" : " over the replications"),
      .caption =
          "Each dot is one replication; the bar is the 95% confidence interval of the mean and the tick the "
          "mean. The interval measures the error of the estimate, the spread of the dots the risk of one future.",
      .columns = {"layout", "replications", "mean", "95% interval", "min", "max"}};
  Json dots = Json::array(), means = Json::array();
  for (std::size_t l = 0; l < d.layouts.size(); ++l) {
    const auto& v = d.values[l][k];
    for (std::size_t j = 0; j < v.size(); ++j)
      if (!std::isnan(v[j]))
        dots.push_back(
            {{"layout", d.layouts[l]}, {"replication", j}, {"value", s.value(v[j])}, {"text", s.text(v[j])}});
    const auto ci = kpi_interval(d.kpis[k], v, d.alpha); // a target's probability: Wilson's interval
    if (!ci) {
      c.rows.push_back({d.layouts[l], "0", "-", "-", "-", "-"});
      continue;
    }
    const auto p = simcore::present_values(v);
    const double lo = *std::min_element(p.begin(), p.end()), hi = *std::max_element(p.begin(), p.end());
    const bool bounded = std::isfinite(ci->half_width);
    means.push_back({{"layout", d.layouts[l]},
                     {"mean", s.value(ci->mean)},
                     {"lower", finite_or_null(bounded ? s.value(ci->lower()) : NAN)},
                     {"upper", finite_or_null(bounded ? s.value(ci->upper()) : NAN)},
                     {"mean_text", s.text(ci->mean)},
                     {"interval", bounded ? s.text(ci->lower()) + " to " + s.text(ci->upper()) : "-"},
                     {"n", ci->n}});
    c.rows.push_back({d.layouts[l], std::to_string(ci->n), s.text(ci->mean),
                      bounded ? s.text(ci->lower()) + " to " + s.text(ci->upper()) : "-", s.text(lo), s.text(hi)});
  }
  Json y = {{"field", "layout"}, {"type", "nominal"}, {"title", "layout"}, {"sort", d.layouts}};
  Json x = {{"type", "quantitative"}, {"axis", s.axis(d.kpis[k].label)}, {"scale", {{"zero", false}}}};
  Json tips = {tooltip_field("layout", "layout"), tooltip_field("mean_text", "mean"),
               tooltip_field("interval", "95% interval"), tooltip_field("n", "replications")};
  const Json jitter = {
      {"field", "replication"}, {"type", "quantitative"}, {"scale", {{"range", {-12, 12}}}}, {"legend", nullptr}};
  const Json layers = {view(inline_rows(dots), {{"type", "circle"}, {"opacity", 0.45}, {"size", 40}, {"color", "#888"}},
                            {{"y", y},
                             {"x", with_field(x, "value")},
                             {"yOffset", jitter},
                             {"tooltip",
                              {tooltip_field("layout", "layout"), tooltip_field("replication", "replication"),
                               tooltip_field("text", "value")}}}),
                       view(inline_rows(means), {{"type", "rule"}, {"strokeWidth", 3}, {"color", "#4c78a8"}},
                            {{"y", y}, {"x", with_field(x, "lower")}, {"x2", {{"field", "upper"}}}, {"tooltip", tips}}),
                       view(inline_rows(means),
                            {{"type", "tick"}, {"thickness", 3}, {"size", 30}, {"color", "#e45756"}},
                            {{"y", y}, {"x", with_field(x, "mean")}, {"tooltip", tips}})};
  c.spec = chart_spec(c.title, 760, {{"step", 46}}, {{"layer", layers}});
  return c;
}

/// The difference chart's Vega-Lite spec: the zero line, each layout's interval and its mean.
Json difference_spec(const ComparisonData& d, std::size_t k, const KpiScale& s, const Json& values,
                     const std::vector<std::string>& order, const std::string& title) {
  Json y = {
      {"field", "layout"}, {"type", "nominal"}, {"title", "layout"}, {"sort", order}, {"axis", {{"labelLimit", 300}}}};
  Json color = {{"field", "significant"},
                {"type", "nominal"},
                {"title", "significant"},
                {"scale", {{"domain", {"yes", "no"}}, {"range", {"#d62728", "#888888"}}}}};
  Json tips = {tooltip_field("layout", "layout"), tooltip_field("mean_text", "difference"),
               tooltip_field("interval", "interval"), tooltip_field("relative", "relative change"),
               tooltip_field("significant", "significant")};
  Json x = {{"type", "quantitative"}, {"axis", s.difference_axis("difference in " + d.kpis[k].label)}};
  const Json layers = {
      zero_rule(x),
      view(
          inline_rows(values), {{"type", "rule"}, {"strokeWidth", 3}},
          {{"y", y}, {"x", with_field(x, "lower")}, {"x2", {{"field", "upper"}}}, {"color", color}, {"tooltip", tips}}),
      view(inline_rows(values), {{"type", "point"}, {"filled", true}, {"size", 80}},
           {{"y", y}, {"x", with_field(x, "mean")}, {"color", color}, {"tooltip", tips}})};
  return chart_spec(title, 760, {{"step", 40}}, {{"layer", layers}});
}

/// Whether no layout moves KPI k in any replication: with common random numbers, a layout's values equal
/// the baseline's exactly. A chart of such differences is a dot on zero with an axis labelled 0.000000.
bool no_difference(const ComparisonData& d, std::size_t k) {
  for (std::size_t l = 0; l < d.layouts.size(); ++l)
    if (l != d.baseline)
      for (std::size_t j = 0; j < d.values[l][k].size() && j < d.values[d.baseline][k].size(); ++j) {
        const double a = d.values[l][k][j], b = d.values[d.baseline][k][j];
        if (!(a == b || (std::isnan(a) && std::isnan(b))))
          return false;
      }
  return true;
}

/// Paired differences (layout minus baseline) under common random numbers, Bonferroni-adjusted.
std::optional<HtmlChart> difference_chart(const ComparisonData& d, std::size_t k) {
  // Differences are drawn in the unit of the largest one, which may be smaller than the KPI's own.
  double largest = 0;
  for (std::size_t l = 0; l < d.layouts.size(); ++l)
    if (const auto a = simcore::present_interval(d.values[l][k], d.alpha),
        b = simcore::present_interval(d.values[d.baseline][k], d.alpha);
        a && b)
      largest = std::max(largest, std::abs(a->mean - b->mean));
  const KpiScale s{d.kpis[k], duration_unit_for(largest > 0 ? largest : NAN)};
  const std::size_t comparisons = d.layouts.size() - 1;
  HtmlChart c{.title = d.kpis[k].label + ": difference against " + d.layouts[d.baseline],
              .caption =
                  "Each bar is the paired difference of the layout's mean minus the baseline's, with its interval "
                  "(Bonferroni-adjusted for " +
                  std::to_string(comparisons) + " comparison" + (comparisons == 1 ? "" : "s") +
                  "); a bar that does not cross the zero line is a significant difference, drawn in red.",
              .columns = {"layout", "difference", "interval", "relative change", "significant"}};
  Json values = Json::array();
  std::vector<std::string> order;
  for (std::size_t l = 0; l < d.layouts.size(); ++l) {
    if (l == d.baseline)
      continue;
    std::vector<double> a, b;
    for (std::size_t j = 0; j < d.values[l][k].size() && j < d.values[d.baseline][k].size(); ++j)
      if (!std::isnan(d.values[l][k][j]) && !std::isnan(d.values[d.baseline][k][j])) {
        a.push_back(d.values[l][k][j]);
        b.push_back(d.values[d.baseline][k][j]);
      }
    if (a.empty())
      continue;
    const auto ci = simcore::paired_interval(a, b, simcore::bonferroni_alpha(d.alpha, comparisons));
    const bool bounded = std::isfinite(ci.half_width);
    const bool significant = bounded && ci.excludes_zero();
    double base = 0;
    for (double x : b)
      base += x / static_cast<double>(b.size());
    const std::string relative = base != 0 ? readable_change(ci.mean / base) : "-";
    // Shares differ in percentage points: written and drawn as such, so that -4 is not read as -4%; the
    // difference and its interval in one unit.
    const auto [text, range] =
        s.difference_parts(ci.mean, bounded ? ci.lower() : NAN, bounded ? ci.upper() : NAN, base);
    auto drawn = [&](double v) { return s.difference_value(v); };
    // A layout that changes nothing in the scenario is named so, not left to read as a zero.
    const std::string name = identical_to_baseline(d, l) ? d.layouts[l] + " (identical)" : d.layouts[l];
    values.push_back({{"layout", name},
                      {"mean", drawn(ci.mean)},
                      {"lower", finite_or_null(bounded ? drawn(ci.lower()) : NAN)},
                      {"upper", finite_or_null(bounded ? drawn(ci.upper()) : NAN)},
                      {"mean_text", text},
                      {"interval", range},
                      {"relative", relative},
                      {"significant", significant ? "yes" : "no"}});
    c.rows.push_back({name, text, range, relative, significant ? "yes" : "no"});
    order.push_back(name);
  }
  if (values.empty())
    return std::nullopt;
  c.spec = difference_spec(d, k, s, values, order, c.title);
  return c;
}

/// Per layout, the mean over the runs of each run's share of the time in each bucket.
std::optional<HtmlChart> breakdown_chart(const ComparisonData& d) {
  if (d.time_shares.size() != d.layouts.size())
    return std::nullopt;
  // A run with replications has one layout: "per layout" would name a comparison that is not there.
  const bool compare = d.layouts.size() > 1;
  HtmlChart c{.title = compare ? "Where the time went per layout" : "Where the time went",
              .caption = "Each bar splits the completed items' time from arrival to exit into " +
                         time_kinds_in_words() + (compare ? ", per layout" : "") +
                         ": the mean over the replications of each run's shares. Hover for the exact share.",
              .columns = {"layout", "bucket", "mean share"}};
  Json values = Json::array();
  for (std::size_t l = 0; l < d.layouts.size(); ++l)
    for (std::size_t k = 0; k < d.time_shares[l].size() && k < models::kTimeKinds; ++k) {
      const auto ci = simcore::present_interval(d.time_shares[l][k], d.alpha);
      const double share = ci ? std::max(ci->mean, 0.0) : 0;
      values.push_back(
          {{"layout", d.layouts[l]}, {"bucket", models::kTimeKindNames[k]}, {"order", k}, {"share", share}});
      c.rows.push_back({d.layouts[l], models::kTimeKindNames[k], percent(share)});
    }
  c.spec = time_kind_bars(c.title, 760, "layout", d.layouts, std::move(values), "mean share of the time",
                          {tooltip_field("layout", "layout"), tooltip_field("bucket", "bucket"),
                           tooltip_field("share", "mean share", ".1%")});
  return c;
}

} // namespace

HtmlPage comparison_page(const ComparisonData& d, const std::string& version, const std::string& date) {
  const bool compare = d.layouts.size() > 1;
  HtmlPage page;
  page.title = std::string(compare ? "satflow compare: " : "satflow replications: ") + d.scenario;
  std::string layouts;
  for (std::size_t l = 0; l < d.layouts.size(); ++l)
    layouts += (l ? ", " : "") + d.layouts[l] + (compare && l == d.baseline ? " (baseline)" : "");
  page.facts = {
      {"scenario", d.scenario},
      {compare ? "layouts" : "layout", layouts},
      {"seed", std::to_string(d.seed)},
      {"replications", std::to_string(d.replications) + (compare ? " per layout (common random numbers)" : "")},
      {"horizon", d.horizon},
      {"satflow", version},
      {"date", date}};
  for (std::size_t l = 0; l < d.layouts.size(); ++l) {
    if (identical_to_baseline(d, l)) {
      page.summary.push_back(d.layouts[l] + ": identical to the baseline in every replication (it changes nothing in "
                                            "this scenario).");
      continue;
    }
    std::string line = (compare ? d.layouts[l] + ": " : std::string("Mean over the replications (95% interval): "));
    bool first = true;
    for (std::size_t k = 0; k < d.kpis.size(); ++k) {
      if (!d.kpis[k].headline)
        continue;
      const KpiScale s = scale_of(d, k);
      const auto ci = kpi_interval(d.kpis[k], d.values[l][k], d.alpha);
      // The interval's ends, not mean ± half-width: "2.51y ± 1.87mo" mixed two units.
      line += (first ? "" : "; ") + d.kpis[k].label + " " +
              (ci ? s.text(ci->mean) + (std::isfinite(ci->half_width)
                                            ? " " + readable_interval(d.kpis[k].reading(), ci->lower(), ci->upper())
                                            : "")
                  : "-");
      first = false;
    }
    page.summary.push_back(line + ".");
  }
  if (!d.failures.empty()) {
    page.notes.push_back(std::to_string(d.failures.size()) + " run" + (d.failures.size() == 1 ? "" : "s") +
                         " failed; the charts use the runs that succeeded.");
    for (const auto& f : d.failures)
      page.notes.push_back(f);
  }
  // The paired differences are what a comparison means: they come first, the per-replication clouds
  // (which look alike across layouts with common random numbers) after them.
  if (compare)
    for (std::size_t k = 0; k < d.kpis.size(); ++k) {
      if (d.kpis[k].headline && no_difference(d, k))
        page.remarks.push_back("No " + std::string(d.layouts.size() > 2 ? "layout" : "other layout") + " changes " +
                               d.kpis[k].label +
                               ": every replication gave the baseline's value, so it has no chart of "
                               "differences.");
      else if (auto c = d.kpis[k].headline ? difference_chart(d, k) : std::nullopt)
        page.charts.push_back(std::move(*c));
    }
  for (std::size_t k = 0; k < d.kpis.size(); ++k)
    if (d.kpis[k].headline)
      page.charts.push_back(interval_chart(d, k));
  if (!compare)
    if (auto c = launched_by_date_chart(d.launches))
      page.charts.push_back(std::move(*c));
  if (auto c = breakdown_chart(d))
    page.charts.push_back(std::move(*c));
  return page;
}

} // namespace satflow::tools
