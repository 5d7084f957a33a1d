#include "tools/report/tornado_chart.hpp"

#include "simcore/intervals.hpp"
#include "tools/report/chart_units.hpp"
#include "tools/report/kpi_scale.hpp"

#include <algorithm>
#include <cmath>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;

/// A text layer at one end of the bars: the mean there and the parameter's value ("2.5y at 9").
Json end_labels(const Json& bars, const Json& x, const char* field, const char* text, const char* align, int dx) {
  Json at = x;
  at["field"] = field;
  return {{"data", {{"values", bars}}},
          {"mark", {{"type", "text"}, {"align", align}, {"dx", dx}, {"fontSize", 11}}},
          {"encoding",
           {{"y", {{"field", "parameter"}, {"type", "nominal"}, {"sort", nullptr}}},
            {"x", at},
            {"text", {{"field", text}}}}}};
}

} // namespace

std::optional<HtmlChart> tornado_chart(const SweepData& d, std::size_t k) {
  if (k >= d.tornado.size() || d.tornado[k].empty() || d.points.empty())
    return std::nullopt;
  const std::vector<double>& base_values = d.points[0].kpi[k];
  if (base_values.empty())
    return std::nullopt;
  const simcore::Interval base = simcore::mean_interval(base_values);
  const KpiScale s{d.kpis[k], duration_unit_for(base.mean)};
  const std::string& label = d.kpis[k].label;
  HtmlChart c{
      .title = "Tornado: " + label,
      .caption =
          "Each bar spans the lowest to the highest mean " + label +
          " when its parameter alone moves from the base point (the dashed line, " + s.text(base.mean) +
          "), widest first: the parameters at the top matter most. Each end is labelled with the mean and the "
          "parameter's value there. The swing's 95% interval (in the tooltip and the table) is that of the "
          "paired difference of the two ends; one that reaches zero is a swing the data cannot tell from noise."};
  if (!d.reference.empty())
    c.caption += " Reference: " + d.reference + ".";
  const auto& bars_of_k = d.tornado[k];
  if (std::all_of(bars_of_k.begin(), bars_of_k.end(), [&](const SweepData::TornadoBar& b) {
        return std::fabs(b.high - b.low) <= 1e-2 * std::fabs(base.mean);
      }))
    c.caption += " No parameter moves it by more than 1% of its value: these bars are mostly noise.";
  c.columns = {"parameter", "lowest mean", "at", "highest mean", "at", "swing", "swing 95% interval"};
  Json bars = Json::array();
  std::vector<std::string> names;
  for (const auto& bar : bars_of_k) {
    names.push_back(bar.parameter);
    // A swing is a difference: of shares, in percentage points.
    const auto [swing, interval] = s.difference_parts(bar.high - bar.low, bar.swing_lower, bar.swing_upper);
    bars.push_back({{"parameter", bar.parameter},
                    {"low", s.value(bar.low)},
                    {"high", s.value(bar.high)},
                    {"low_text", s.text(bar.low)},
                    {"high_text", s.text(bar.high)},
                    {"low_label", s.text(bar.low) + " at " + bar.low_value},
                    {"high_label", s.text(bar.high) + " at " + bar.high_value},
                    {"swing", swing},
                    {"swing_interval", interval}});
    c.rows.push_back(
        {bar.parameter, s.text(bar.low), bar.low_value, s.text(bar.high), bar.high_value, swing, interval});
  }
  // Room on both sides for the end labels.
  const Json x = {
      {"type", "quantitative"}, {"axis", s.axis("mean " + label)}, {"scale", {{"zero", false}, {"padding", 90}}}};
  Json xl = x, xb = x;
  xl["field"] = "low";
  xb["field"] = "base";
  c.spec = {{"title", c.title},
            {"width", 700},
            {"height", {{"step", 30}}},
            {"layer",
             {{{"data", {{"values", bars}}},
               {"mark", "bar"},
               {"encoding",
                {{"y",
                  {{"field", "parameter"},
                   {"type", "nominal"},
                   {"title", "parameter"},
                   {"sort", names},
                   {"axis", {{"labelLimit", 320}}}}},
                 {"x", xl},
                 {"x2", {{"field", "high"}}},
                 {"tooltip",
                  {tooltip_field("parameter", "parameter"), tooltip_field("low_label", "lowest"),
                   tooltip_field("high_label", "highest"), tooltip_field("swing", "swing"),
                   tooltip_field("swing_interval", "swing 95% interval")}}}}},
              end_labels(bars, x, "low", "low_label", "right", -4),
              end_labels(bars, x, "high", "high_label", "left", 4),
              {{"data", {{"values", Json::array({{{"base", s.value(base.mean)}}})}}},
               {"mark", {{"type", "rule"}, {"strokeDash", {4, 3}}, {"color", "black"}}},
               {"encoding", {{"x", xb}}}}}}};
  return c;
}

} // namespace satflow::tools
