#include "tools/report/sweep_charts.hpp"

#include "simcore/intervals.hpp"
#include "simcore/units.hpp"
#include "tools/report/chart_units.hpp"
#include "tools/report/kpi_scale.hpp"
#include "tools/report/sensitivity_charts.hpp"
#include "tools/report/tornado_chart.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;

/// A point's interval of a KPI (kpi_interval: Wilson's for a target's probability, a share's within [0, 1]).
std::optional<simcore::Interval> interval_of(const KpiDef& kpi, const std::vector<double>& v) {
  if (v.empty())
    return std::nullopt;
  return kpi_interval(kpi, v, 0.05);
}

/// A parameter value as a number: plain numbers as they are, durations in seconds; nullopt otherwise.
std::optional<double> number_of(const std::string& text, bool& duration) {
  double v = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (error == std::errc{} && end == text.data() + text.size())
    return v;
  if (const auto d = simcore::parse_duration(text)) {
    duration = true;
    return *d;
  }
  return std::nullopt;
}

} // namespace

std::vector<std::string> parameter_labels(const std::vector<std::string>& paths) {
  auto components = [](const std::string& path) {
    std::vector<std::string> parts;
    for (std::size_t from = 0, dot = 0; dot != std::string::npos; from = dot + 1)
      parts.push_back(path.substr(from, (dot = path.find('.', from)) == std::string::npos ? dot : dot - from));
    return parts;
  };
  auto suffix = [&](const std::string& path, std::size_t n) {
    const auto parts = components(path);
    std::string s;
    for (std::size_t i = parts.size() - std::min(n, parts.size()); i < parts.size(); ++i)
      s += (s.empty() ? "" : ".") + parts[i];
    return s;
  };
  std::vector<std::string> labels;
  for (const auto& path : paths) {
    // Numeric components (list indices) say nothing alone: take at least one named component.
    std::size_t n = 1;
    while (n < components(path).size() &&
           (std::all_of(suffix(path, n).begin(), suffix(path, n).end(), [](char c) { return std::isdigit(c); }) ||
            std::count_if(paths.begin(), paths.end(),
                          [&](const std::string& q) { return suffix(q, n) == suffix(path, n); }) > 1))
      ++n;
    labels.push_back(suffix(path, n));
  }
  return labels;
}

std::string point_label(const std::vector<std::string>& labels, const std::vector<std::string>& values) {
  std::string s;
  for (std::size_t j = 0; j < labels.size() && j < values.size(); ++j)
    s += (j ? ", " : "") + labels[j] + " " + values[j];
  return s;
}

namespace {

KpiScale scale_of(const SweepData& d, std::size_t k) {
  std::optional<simcore::Interval> first;
  for (const auto& p : d.points)
    if (!first)
      first = interval_of(d.kpis[k], p.kpi[k]);
  return {d.kpis[k], duration_unit_for(first ? first->mean : NAN)};
}

/// The rows every chart shares: one per point with its parameter values, mean and interval.
Json point_rows(const SweepData& d, std::size_t k, const KpiScale& s, HtmlChart& c) {
  Json values = Json::array();
  const std::vector<std::string> labels = parameter_labels(d.parameters);
  c.columns = d.parameters;
  c.columns.insert(c.columns.end(), {"runs", "mean", "95% interval", "half-width"});
  for (const auto& p : d.points) {
    const auto ci = interval_of(d.kpis[k], p.kpi[k]);
    std::vector<std::string> row = p.values;
    if (!ci) {
      row.insert(row.end(), {"0", "-", "-", "-"});
      c.rows.push_back(row);
      continue;
    }
    const bool bounded = std::isfinite(ci->half_width);
    const std::string range = bounded ? s.text(ci->lower()) + " to " + s.text(ci->upper()) : "-";
    Json v = {{"point", point_label(labels, p.values)},
              {"mean", s.value(ci->mean)},
              {"mean_text", s.text(ci->mean)},
              {"lower", bounded ? Json(s.value(ci->lower())) : Json(nullptr)},
              {"upper", bounded ? Json(s.value(ci->upper())) : Json(nullptr)},
              {"interval", range},
              {"half_width", bounded ? s.text(ci->half_width) : "-"},
              {"n", ci->n}};
    for (std::size_t j = 0; j < d.parameters.size(); ++j)
      v["p" + std::to_string(j)] = p.values[j];
    values.push_back(v);
    row.insert(row.end(), {std::to_string(ci->n), s.text(ci->mean), range, bounded ? s.text(ci->half_width) : "-"});
    c.rows.push_back(row);
  }
  return values;
}

Json tips(const SweepData& d) {
  Json t = Json::array();
  for (std::size_t j = 0; j < d.parameters.size(); ++j)
    t.push_back(tooltip_field(("p" + std::to_string(j)).c_str(), d.parameters[j].c_str()));
  for (const auto& x : {tooltip_field("mean_text", "mean"), tooltip_field("interval", "95% interval"),
                        tooltip_field("half_width", "half-width"), tooltip_field("n", "runs")})
    t.push_back(x);
  return t;
}

HtmlChart line_chart(const SweepData& d, std::size_t k) {
  const KpiScale s = scale_of(d, k);
  HtmlChart c{.title = d.kpis[k].label + " against " + d.parameters[0],
              .caption =
                  "The line joins each point's mean over its replications; the band is the 95% confidence interval of "
                  "the mean."};
  Json values = point_rows(d, k, s, c);
  bool duration = false, numeric = true;
  for (auto& v : values) {
    const auto x = number_of(v["p0"].get<std::string>(), duration);
    numeric = numeric && x.has_value();
    v["x"] = x ? *x : 0.0;
  }
  const DurationUnit unit = duration_unit_for(values.empty() ? NAN : values.back()["x"].get<double>());
  if (duration)
    for (auto& v : values)
      v["x"] = v["x"].get<double>() / unit.seconds;
  Json x = numeric ? Json{{"field", "x"},
                          {"type", "quantitative"},
                          {"title", d.parameters[0] + (duration ? " (" + unit.name + ")" : "")}}
                   : Json{{"field", "p0"}, {"type", "ordinal"}, {"title", d.parameters[0]}, {"sort", nullptr}};
  const Json y = {
      {"field", "mean"}, {"type", "quantitative"}, {"axis", s.axis(s.kpi.label)}, {"scale", {{"zero", false}}}};
  c.spec = {
      {"title", c.title},
      {"width", 700},
      {"height", 300},
      {"data", {{"values", values}}},
      {"layer",
       {{{"mark", {{"type", "errorband"}, {"opacity", 0.3}}},
         {"encoding",
          {{"x", x},
           {"y", {{"field", "lower"}, {"type", "quantitative"}, {"axis", s.axis(s.kpi.label)}}},
           {"y2", {{"field", "upper"}}}}}},
        {{"mark", {{"type", "line"}, {"point", true}}}, {"encoding", {{"x", x}, {"y", y}, {"tooltip", tips(d)}}}}}}};
  return c;
}

double max_mean(const Json& values) {
  double top = 0;
  for (const auto& v : values)
    top = std::max(top, v["mean"].get<double>());
  return top;
}

HtmlChart heatmap_chart(const SweepData& d, std::size_t k) {
  const KpiScale s = scale_of(d, k);
  HtmlChart c{.title = d.kpis[k].label + " over " + d.parameters[0] + " and " + d.parameters[1]};
  // From zero: a colour scale fitted to the cells' range makes 5 weeks on 2.4 years look dramatic.
  c.caption = "Each cell is one point of the grid, labelled and coloured by the mean over its replications; the "
              "colour scale starts at zero, so shades compare as the values do. The tooltip gives the 95% interval "
              "and its half-width.";
  const Json values = point_rows(d, k, s, c);
  Json legend = {{"orient", "bottom"}, {"titleLimit", 520}, {"gradientLength", 360}};
  if (s.share())
    legend["format"] = ".0%";
  const Json x = {{"field", "p0"}, {"type", "ordinal"}, {"title", d.parameters[0]}, {"sort", nullptr}};
  const Json y = {{"field", "p1"}, {"type", "ordinal"}, {"title", d.parameters[1]}, {"sort", nullptr}};
  const Json cells = view(Json::object(), "rect",
                          {{"color",
                            {{"field", "mean"},
                             {"type", "quantitative"},
                             {"title", s.title()},
                             {"scale", {{"zero", true}}},
                             // Beneath the grid, as wide as it: a KPI's title is long, and Vega cuts a side
                             // legend's at 180 px.
                             {"legend", legend}}},
                           {"tooltip", tips(d)}});
  const Json labels =
      view(Json::object(), {{"type", "text"}, {"fontSize", 12}},
           {{"text", {{"field", "mean_text"}}},
            {"color",
             {{"condition", {{"test", "datum.mean > 0.6 * " + std::to_string(max_mean(values))}, {"value", "white"}}},
              {"value", "black"}}},
            {"tooltip", tips(d)}});
  Json body = inline_rows(values);
  body["encoding"] = {{"x", x}, {"y", y}};
  body["layer"] = Json::array({cells, labels});
  c.spec = chart_spec(c.title, 520, 360, body);
  return c;
}

HtmlChart points_chart(const SweepData& d, std::size_t k) {
  const KpiScale s = scale_of(d, k);
  HtmlChart c{.title = d.kpis[k].label + " per point",
              .caption =
                  "Each point's mean over its replications (the dot) with its 95% confidence interval (the bar)."};
  const Json values = point_rows(d, k, s, c);
  // Room for a point's name, its parameters' values: cut at the default width, points shared a label.
  const Json y = {
      {"field", "point"}, {"type", "nominal"}, {"title", "point"}, {"sort", nullptr}, {"axis", {{"labelLimit", 420}}}};
  c.spec = {{"title", c.title},
            {"width", 700},
            {"height", {{"step", 18}}},
            {"data", {{"values", values}}},
            {"layer",
             {{{"mark", "rule"},
               {"encoding",
                {{"y", y},
                 {"x",
                  {{"field", "lower"},
                   {"type", "quantitative"},
                   {"axis", s.axis(s.kpi.label)},
                   {"scale", {{"zero", false}}}}},
                 {"x2", {{"field", "upper"}}},
                 {"tooltip", tips(d)}}}},
              {{"mark", {{"type", "point"}, {"filled", true}}},
               {"encoding", {{"y", y}, {"x", {{"field", "mean"}, {"type", "quantitative"}}}, {"tooltip", tips(d)}}}}}}};
  return c;
}

std::optional<HtmlChart> morris_chart(const SweepData& d) {
  if (d.morris.empty())
    return std::nullopt;
  double top = 0;
  for (const auto& m : d.morris)
    top = std::max({top, m.mu_star_s, m.sigma_s});
  const DurationUnit unit = duration_unit_for(top);
  HtmlChart c{.title = "Morris screening: mu* against sigma",
              .caption =
                  "Each dot is a parameter: further right, a larger mean effect on the mean lead time (mu*); higher, "
                  "more interaction or non-linearity (sigma). The grey lines are sigma/mu* = 1, 0.5 and 0.1.",
              .columns = {"parameter", "mu*", "sigma", "effects"}};
  Json dots = Json::array(), lines = Json::array();
  for (const auto& m : d.morris) {
    dots.push_back({{"parameter", m.parameter},
                    {"mu_star", m.mu_star_s / unit.seconds},
                    {"sigma", m.sigma_s / unit.seconds},
                    {"mu_text", simcore::format_duration(m.mu_star_s)},
                    {"sigma_text", simcore::format_duration(m.sigma_s)},
                    {"effects", m.effects}});
    c.rows.push_back({m.parameter, simcore::format_duration(m.mu_star_s), simcore::format_duration(m.sigma_s),
                      std::to_string(m.effects)});
  }
  const double end = top > 0 ? top / unit.seconds : 1;
  for (double ratio : {1.0, 0.5, 0.1})
    for (double x : {0.0, end})
      lines.push_back({{"ratio", "sigma/mu* = " + short_number(ratio)}, {"mu_star", x}, {"sigma", x * ratio}});
  const Json x = {{"field", "mu_star"}, {"type", "quantitative"}, {"title", "mu* (" + unit.name + " per range)"}};
  const Json y = {{"field", "sigma"}, {"type", "quantitative"}, {"title", "sigma (" + unit.name + " per range)"}};
  const Json layers = {view(inline_rows(lines), {{"type", "line"}, {"color", "#bbb"}, {"strokeDash", {3, 3}}},
                            {{"x", x}, {"y", y}, {"detail", {{"field", "ratio"}}}}),
                       view(inline_rows(dots), {{"type", "point"}, {"filled", true}, {"size", 80}},
                            {{"x", x},
                             {"y", y},
                             {"tooltip",
                              {tooltip_field("parameter", "parameter"), tooltip_field("mu_text", "mu*"),
                               tooltip_field("sigma_text", "sigma"), tooltip_field("effects", "effects")}}}),
                       view(inline_rows(dots), {{"type", "text"}, {"align", "left"}, {"dx", 6}},
                            {{"x", x}, {"y", y}, {"text", {{"field", "parameter"}}}})};
  c.spec = chart_spec(c.title, 520, 420, {{"layer", layers}});
  return c;
}

/// Each target's probability per point, with Wilson's interval: against the one parameter, as a grid's
/// heatmap, or point by point. A Morris or Sobol design's points are samples for its indices, each
/// with too few runs for a probability worth drawing: the text, JSON and CSV keep them.
void target_charts(const SweepData& d, HtmlPage& page) {
  const bool sampled = d.design == "morris" || d.design == "sobol";
  for (std::size_t k = 0; k < d.kpis.size(); ++k) {
    if (!d.kpis[k].proportion)
      continue;
    if (sampled) {
      page.remarks.push_back("No chart of " + d.kpis[k].label +
                             " per point: this design's points are samples for its " +
                             "indices; --csv and --json give each point's probability with its interval.");
      continue;
    }
    HtmlChart c = d.parameters.size() == 1                         ? line_chart(d, k)
                  : d.design == "grid" && d.parameters.size() == 2 ? heatmap_chart(d, k)
                                                                   : points_chart(d, k);
    c.caption += " The probability is the share of a point's replications that meet the target; its interval "
                 "is Wilson's.";
    page.charts.push_back(std::move(c));
  }
}

} // namespace

HtmlPage sweep_page(const SweepData& d, const std::string& version, const std::string& date) {
  HtmlPage page;
  page.title = "satflow sweep: " + d.name;
  std::string parameters;
  for (const auto& p : d.parameters)
    parameters += (parameters.empty() ? "" : ", ") + p;
  page.facts = {{"sweep", d.name},
                {"layout", d.layout.empty() ? "as in the scenario" : d.layout},
                {"seed", std::to_string(d.seed)},
                {"design", d.design},
                {"parameters", parameters},
                {"replications", std::to_string(d.replications) + " per point"},
                {"satflow", version},
                {"date", date}};
  page.summary.push_back(std::to_string(d.points.size()) + " points x " + std::to_string(d.replications) +
                         " replications; " + std::to_string(d.failed_runs) + " failed runs.");
  if (!d.reference.empty())
    page.summary.push_back("Reference point: " + d.reference + ".");
  if (d.failed_runs)
    page.notes.push_back(std::to_string(d.failed_runs) + " runs failed; the charts use the runs that succeeded.");
  page.remarks.insert(page.remarks.end(), d.remarks.begin(), d.remarks.end());
  const bool grid2 = d.design == "grid" && d.parameters.size() == 2;
  for (std::size_t k = 0; k < d.kpis.size(); ++k) {
    if (!d.kpis[k].headline)
      continue;
    if (d.parameters.size() == 1)
      page.charts.push_back(line_chart(d, k));
    else if (grid2)
      page.charts.push_back(heatmap_chart(d, k));
    else if (d.design != "one_at_a_time" && d.design != "morris" && d.design != "sobol")
      page.charts.push_back(points_chart(d, k)); // a Sobol design's hundreds of points are read by its indices
    if (auto c = main_effects_chart(d, k))
      page.charts.push_back(std::move(*c));
    if (auto c = sobol_chart(d, k))
      page.charts.push_back(std::move(*c));
  }
  target_charts(d, page);
  if (d.design == "one_at_a_time")
    for (std::size_t k = 0; k < d.kpis.size(); ++k)
      if (auto c = tornado_chart(d, k))
        page.charts.push_back(std::move(*c));
  if (auto c = morris_chart(d))
    page.charts.push_back(std::move(*c));
  return page;
}

} // namespace satflow::tools
