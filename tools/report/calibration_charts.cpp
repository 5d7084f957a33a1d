#include "tools/report/calibration_charts.hpp"

#include "simcore/units.hpp"
#include "tools/report/chart_units.hpp"
#include "tools/report/readable.hpp"

#include <algorithm>
#include <cmath>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;
using Parameter = CalibrationData::Parameter;

/// A parameter's values as drawn: durations in the unit its median reads best in, numbers as they are.
struct ValueScale {
  DurationUnit unit{"", 1};
  explicit ValueScale(const Parameter& p) {
    if (p.duration)
      unit = duration_unit_for(std::abs(p.median));
  }
  double value(double v) const { return v / unit.seconds; }
  std::string axis(const std::string& path) const { return unit.name.empty() ? path : path + " (" + unit.name + ")"; }
  std::string text(double v, bool duration) const { return duration ? readable_duration(v) : readable_number(v); }
};

/// A date that may be missing: null when it is, or when it is not finite.
Json date_or_null(const std::optional<double>& v) { return v ? finite_or_null(*v) : Json(nullptr); }

/// The posterior's weighted share in each bin of the prior's range, beside the prior's own share.
HtmlChart marginal_chart(const CalibrationData& d, std::size_t j) {
  const Parameter& p = d.parameters[j];
  const ValueScale s(p);
  const std::size_t bins = std::max<std::size_t>(p.prior_share.size(), 1);
  const double width = (p.upper - p.lower) / static_cast<double>(bins);
  std::vector<double> posterior(bins, 0.0);
  for (std::size_t i = 0; i < d.particles_theta.size(); ++i) {
    const double x = d.particles_theta[i][j];
    const auto b = static_cast<std::ptrdiff_t>(std::floor((x - p.lower) / width));
    // Draws beyond the prior's 0.5-99.5% range go in its end bins, so every particle is counted.
    posterior[static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(b, 0, static_cast<std::ptrdiff_t>(bins) - 1))] +=
        d.weights[i];
  }
  HtmlChart c{
      .title = "Posterior of " + p.path + " over its prior",
      .caption = "Bars: the posterior's weighted share of the particles in each bin; line: the prior's share of the "
                 "same bin. Dashed lines mark the posterior 90% interval. A posterior as wide as its prior is an input "
                 "the record does not tell apart.",
      .columns = {"parameter", "prior 90%", "posterior median", "posterior 90%"}};
  c.rows.push_back({p.path, s.text(p.prior_p05, p.duration) + " to " + s.text(p.prior_p95, p.duration),
                    s.text(p.median, p.duration), s.text(p.p05, p.duration) + " to " + s.text(p.p95, p.duration)});
  Json bars = Json::array(), prior = Json::array();
  for (std::size_t b = 0; b < bins; ++b) {
    const double lo = p.lower + width * static_cast<double>(b), hi = lo + width;
    const std::string range = s.text(lo, p.duration) + " to " + s.text(hi, p.duration);
    bars.push_back(
        {{"lo", s.value(lo)}, {"hi", s.value(hi)}, {"share", posterior[b]}, {"series", "posterior"}, {"range", range}});
    if (b < p.prior_share.size())
      prior.push_back(
          {{"x", s.value(lo + width / 2)}, {"share", p.prior_share[b]}, {"series", "prior"}, {"range", range}});
  }
  Json interval = Json::array({{{"x", s.value(p.p05)}, {"text", "5%: " + s.text(p.p05, p.duration)}},
                               {{"x", s.value(p.p95)}, {"text", "95%: " + s.text(p.p95, p.duration)}}});
  const Json x = {
      {"type", "quantitative"}, {"title", s.axis(p.path)}, {"scale", {{"zero", false}}}, {"axis", {{"tickCount", 8}}}};
  const Json y = {
      {"field", "share"}, {"type", "quantitative"}, {"title", "share per bin"}, {"axis", {{"format", ".0%"}}}};
  const Json color = {{"field", "series"},
                      {"type", "nominal"},
                      {"title", ""},
                      {"scale", {{"domain", {"posterior", "prior"}}, {"range", {"#4c78a8", "#e45756"}}}}};
  const Json tips = {tooltip_field("series", "of"), tooltip_field("range", "bin"),
                     tooltip_field("share", "share", ".1%")};
  const Json layers = {
      view(inline_rows(bars), {{"type", "rect"}, {"opacity", 0.8}},
           {{"x", with_field(x, "lo")}, {"x2", {{"field", "hi"}}}, {"y", y}, {"color", color}, {"tooltip", tips}}),
      view(inline_rows(prior), {{"type", "line"}, {"point", true}, {"strokeWidth", 2}},
           {{"x", with_field(x, "x")}, {"y", y}, {"color", color}, {"tooltip", tips}}),
      view(inline_rows(interval), {{"type", "rule"}, {"strokeDash", {4, 3}}, {"color", "black"}},
           {{"x", with_field(x, "x")}, {"tooltip", {tooltip_field("text", "posterior")}}})};
  c.spec = chart_spec(c.title, 760, 220, {{"layer", layers}});
  return c;
}

/// The pair of parameters whose posterior correlation is largest in size, drawn particle by particle.
HtmlChart pair_chart(const CalibrationData& d) {
  const std::size_t n = d.parameters.size();
  std::size_t a = 0, b = 1;
  std::vector<std::pair<double, std::pair<std::size_t, std::size_t>>> pairs;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = i + 1; k < n; ++k)
      pairs.push_back({d.correlations[i * n + k], {i, k}});
  // Largest in size first; ties keep the parameters' order, so the page does not depend on the sort.
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const auto& l, const auto& r) { return std::abs(l.first) > std::abs(r.first); });
  std::tie(a, b) = pairs.front().second;
  const Parameter &pa = d.parameters[a], &pb = d.parameters[b];
  const ValueScale sa(pa), sb(pb);
  HtmlChart c{.title = "Most correlated pair: " + pa.path + " and " + pb.path,
              .caption =
                  "Each dot is a particle of the posterior, its area its weight; the correlation is " +
                  readable_number(pairs.front().first) +
                  ". A strong correlation is a trade-off the record cannot settle: the two inputs move together.",
              .columns = {"parameter", "parameter", "correlation"}};
  for (const auto& [r, ij] : pairs)
    c.rows.push_back({d.parameters[ij.first].path, d.parameters[ij.second].path, readable_number(r)});
  Json dots = Json::array();
  for (std::size_t i = 0; i < d.particles_theta.size(); ++i) {
    const double x = d.particles_theta[i][a], y = d.particles_theta[i][b];
    dots.push_back({{"x", sa.value(x)},
                    {"y", sb.value(y)},
                    {"weight", d.weights[i]},
                    {"x_text", sa.text(x, pa.duration)},
                    {"y_text", sb.text(y, pb.duration)}});
  }
  auto axis = [](const char* field, const std::string& title) {
    return Json{{"field", field}, {"type", "quantitative"}, {"title", title}, {"scale", {{"zero", false}}}};
  };
  c.spec = chart_spec(
      c.title, 520, 400,
      view(inline_rows(dots), {{"type", "circle"}, {"opacity", 0.5}, {"color", "#4c78a8"}},
           {{"x", axis("x", sa.axis(pa.path))},
            {"y", axis("y", sb.axis(pb.path))},
            {"size", {{"field", "weight"}, {"type", "quantitative"}, {"title", "weight"}, {"legend", nullptr}}},
            {"tooltip",
             {{{"field", "x_text"}, {"title", pa.path}},
              {{"field", "y_text"}, {"title", pb.path}},
              tooltip_field("weight", "weight", ".3~g")}}}));
  return c;
}

/// Per generation, the threshold (left axis) and the share of proposals accepted (right axis).
HtmlChart generations_chart(const CalibrationData& d) {
  HtmlChart c{.title = "Threshold and acceptance per generation",
              .caption =
                  "The threshold is the distance a proposal must not exceed (generation 0 accepts every prior draw, "
                  "so it has none); acceptance is the share of proposals accepted. Acceptance falls as the threshold "
                  "tightens; the calibration stopped by " +
                  d.stop + ".",
              .columns = {"generation", "threshold", "acceptance", "ESS", "runs"}};
  Json thresholds = Json::array(), acceptance = Json::array();
  for (const auto& g : d.generations) {
    const bool bounded = std::isfinite(g.threshold);
    if (bounded)
      thresholds.push_back({{"generation", g.generation}, {"threshold", g.threshold}});
    acceptance.push_back(
        {{"generation", g.generation}, {"acceptance", g.acceptance}, {"ess", g.ess}, {"runs", g.runs}});
    c.rows.push_back({std::to_string(g.generation), bounded ? readable_number(g.threshold) : "-",
                      readable_percent(g.acceptance), readable_number(g.ess), std::to_string(g.runs)});
  }
  const Json x = {{"field", "generation"}, {"type", "ordinal"}, {"title", "generation"}, {"axis", {{"labelAngle", 0}}}};
  auto line = [&](Json values, const char* field, const char* title, const char* colour, const char* format) {
    Json axis = {{"title", title}, {"titleColor", colour}};
    if (format)
      axis["format"] = format;
    Json y = {{"field", field}, {"type", "quantitative"}, {"axis", axis}};
    return view(inline_rows(std::move(values)), {{"type", "line"}, {"point", {{"color", colour}}}, {"color", colour}},
                {{"x", x},
                 {"y", y},
                 {"tooltip",
                  {tooltip_field("generation", "generation"), tooltip_field(field, title, format ? format : ".4~g")}}});
  };
  // Generation 0 alone has no threshold: an empty threshold layer gave an axis with an infinite extent.
  Json layers = Json::array();
  if (!thresholds.empty())
    layers.push_back(line(thresholds, "threshold", "threshold (distance)", "#4c78a8", nullptr));
  layers.push_back(line(acceptance, "acceptance", "acceptance", "#f58518", ".0%"));
  c.spec = chart_spec(c.title, 620, 240, {{"layer", layers}, {"resolve", {{"scale", {{"y", "independent"}}}}}});
  return c;
}

/// Per observation, its predictive 5-95% interval and median as dates, and the record.
HtmlChart predictive_chart(const CalibrationData& d) {
  HtmlChart c{
      .title = "Record against the predictive 5-95% per programme",
      .caption =
          "Each row is one observation: the bar is the 5-95% interval of its date over posterior draws, each run "
          "as the scenario runs, the tick its median; the dot is the record (a cross when outside the interval, a "
          "triangle for a bound). Held-out programmes, which the fit never saw, are drawn in purple.",
      .columns = {"programme", "milestone", "check", "record", "p05", "p50", "p95", "inside"}};
  Json rows = Json::array();
  std::vector<std::string> order;
  auto text = [](const std::optional<double>& ms) {
    return ms && std::isfinite(*ms) ? simcore::format_date(std::floor(*ms / 86'400'000.0)) : std::string("after end");
  };
  for (const auto& k : d.checks) {
    const std::string label = k.item + " " + k.milestone;
    const std::string check = k.fitted ? "fitted" : "held out";
    const std::string mark = k.censored ? "bound" : k.inside ? "inside" : "outside";
    rows.push_back({{"label", label},
                    {"check", check},
                    {"record", date_or_null(k.record_ms)},
                    {"mark", mark},
                    {"p05", date_or_null(k.p05_ms)},
                    {"p50", date_or_null(k.p50_ms)},
                    {"p95", date_or_null(k.p95_ms)},
                    {"record_text", k.record},
                    {"interval", text(k.p05_ms) + " to " + text(k.p95_ms)},
                    {"inside", k.inside ? "yes" : "no"}});
    order.push_back(label);
    c.rows.push_back({k.item, k.milestone, check, k.record, text(k.p05_ms), text(k.p50_ms), text(k.p95_ms),
                      k.inside ? "yes" : "no"});
  }
  const Json y = {{"field", "label"}, {"type", "nominal"}, {"title", "programme and milestone"}, {"sort", order}};
  // A tick and a label at every year of the data's range (the scale extended to whole years), or at every
  // month of a range under two years: left to itself, Vega thinned the labels and the axis read as if the
  // data stopped at 2020-12.
  double first = INFINITY, last = -INFINITY;
  for (const auto& k : d.checks)
    for (const auto& ms : {k.record_ms, k.p05_ms, k.p50_ms, k.p95_ms})
      if (ms && std::isfinite(*ms)) {
        first = std::min(first, *ms);
        last = std::max(last, *ms);
      }
  constexpr double kYearMs = 365.25 * 86'400'000.0;
  const bool years = last - first >= 2 * kYearMs;
  const Json interval = {{"interval", years ? "year" : "month"}, {"step", years || last - first <= kYearMs ? 1 : 3}};
  auto date = [&](const char* field) {
    return Json{
        {"field", field},
        {"type", "temporal"},
        {"title", "date"},
        {"scale", {{"nice", interval}}},
        {"axis",
         {{"format", years ? "%Y" : "%Y-%m"}, {"tickCount", interval}, {"labelOverlap", false}, {"labelAngle", 0}}}};
  };
  const Json colour = {{"field", "check"},
                       {"type", "nominal"},
                       {"title", "check"},
                       {"scale", {{"domain", {"fitted", "held out"}}, {"range", {"#4c78a8", "#9467bd"}}}}};
  const Json tips = {tooltip_field("label", "observation"), tooltip_field("check", "check"),
                     tooltip_field("record_text", "record"), tooltip_field("interval", "predictive 5-95%"),
                     tooltip_field("inside", "inside")};
  const Json shape = {
      {"field", "mark"},
      {"type", "nominal"},
      {"title", "record"},
      {"scale", {{"domain", {"inside", "outside", "bound"}}, {"range", {"circle", "cross", "triangle-right"}}}}};
  const Json layers = {
      view(rows_where("isValid(datum.p05) && isValid(datum.p95)"),
           {{"type", "rule"}, {"strokeWidth", 6}, {"opacity", 0.6}},
           {{"y", y}, {"x", date("p05")}, {"x2", {{"field", "p95"}}}, {"color", colour}, {"tooltip", tips}}),
      view(rows_where("isValid(datum.p50)"), {{"type", "tick"}, {"thickness", 2}, {"color", "black"}},
           {{"y", y}, {"x", date("p50")}, {"tooltip", tips}}),
      view(rows_where("isValid(datum.record)"),
           {{"type", "point"}, {"filled", true}, {"size", 70}, {"color", "#d62728"}},
           {{"y", y}, {"x", date("record")}, {"shape", shape}, {"tooltip", tips}})};
  Json body = inline_rows(rows);
  body["layer"] = layers;
  c.spec = chart_spec(c.title, 760, {{"step", 22}}, body);
  return c;
}

} // namespace

HtmlPage calibration_page(const CalibrationData& d, const std::string& version, const std::string& date) {
  HtmlPage page;
  page.title = "satflow calibration: " + d.name;
  std::size_t runs = 0;
  for (const auto& g : d.generations)
    runs += g.runs;
  page.facts = {{"calibration", d.name},
                {"particles", std::to_string(d.particles)},
                {"generations", std::to_string(d.generations.size()) + " (" + std::to_string(runs) + " proposals)"},
                {"stopped", d.stop},
                {"seed", std::to_string(d.seed)},
                {"satflow", version},
                {"date", date}};
  for (const bool fitted : {true, false}) {
    std::size_t n = 0, inside = 0;
    for (const auto& k : d.checks)
      if (k.fitted == fitted) {
        ++n;
        inside += k.inside;
      }
    if (n > 0)
      page.summary.push_back(std::string(fitted ? "Posterior predictive check: " : "Held-out check: ") +
                             std::to_string(inside) + " of " + std::to_string(n) +
                             " records inside their predictive 5-95% (" + readable_percent(double(inside) / double(n)) +
                             ", against the 90% it should be).");
  }
  if (d.generations.empty() || d.particles_theta.empty())
    page.notes.push_back("No complete generation yet: the calibration has not run far enough to chart.");
  else {
    for (std::size_t j = 0; j < d.parameters.size(); ++j)
      page.charts.push_back(marginal_chart(d, j));
    if (d.parameters.size() > 1)
      page.charts.push_back(pair_chart(d));
  }
  if (!d.generations.empty())
    page.charts.push_back(generations_chart(d));
  if (!d.checks.empty())
    page.charts.push_back(predictive_chart(d));
  return page;
}

} // namespace satflow::tools
