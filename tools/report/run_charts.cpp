#include "tools/report/run_charts.hpp"

#include "tools/report/launch_years.hpp"

#include "simcore/units.hpp"
#include "tools/report/chart_units.hpp"
#include "tools/report/gantt_chart.hpp"
#include "tools/report/report.hpp"
#include "tools/report/station_charts.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;
constexpr int kWidth = 820;

/// The lead-time chart's spec: a step line per class (its empirical CDF) and dashed, labelled rules
/// at each class's p50 and p90.
Json ecdf_spec(const std::string& title, const Json& points, const Json& marks, const std::string& what,
               const DurationUnit& unit) {
  const Json x = {{"field", "value"}, {"type", "quantitative"}, {"title", what + " (" + unit.name + ")"}};
  const Json y = {{"field", "share"},
                  {"type", "quantitative"},
                  {"title", "share within"},
                  {"axis", {{"format", ".0%"}}},
                  {"scale", {{"domain", {0, 1}}}}};
  const Json color = {{"field", "class"}, {"type", "nominal"}, {"title", "class"}};
  return {{"title", title},
          {"width", kWidth},
          {"height", 300},
          {"layer",
           {{{"data", {{"values", points}}},
             {"mark", {{"type", "line"}, {"interpolate", "step-after"}, {"point", {{"size", 18}}}}},
             {"encoding",
              {{"x", x},
               {"y", y},
               {"color", color},
               {"tooltip",
                {tooltip_field("class", "class"), tooltip_field("text", what.c_str()),
                 tooltip_field("share", "share within", ".1%")}}}}},
            {{"data", {{"values", marks}}},
             {"mark", {{"type", "rule"}, {"strokeDash", {5, 4}}}},
             {"encoding",
              {{"x", x},
               {"color", color},
               {"tooltip",
                {tooltip_field("class", "class"), tooltip_field("quantile", "quantile"),
                 tooltip_field("text", what.c_str())}}}}},
            {{"data", {{"values", marks}}},
             // Left of its dashed line: to its right the largest class's p90 ran into the legend.
             {"mark", {{"type", "text"}, {"align", "right"}, {"dx", -4}, {"fontSize", 11}}},
             {"encoding", {{"x", x}, {"y", y}, {"color", color}, {"text", {{"field", "label"}}}}}}}}};
}

std::optional<HtmlChart> lead_time_chart(const models::Results& r) {
  const bool launches = !r.flights.empty();
  std::vector<std::vector<double>> by_class(r.class_names.size());
  for (const auto& item : r.items) {
    const double end = launches ? item.launched_s : item.exit_s;
    if (end >= 0)
      by_class[item.item_class].push_back(end - item.arrival_s);
  }
  const auto& tallies = launches ? r.lead_time_by_class : r.time_in_system_by_class;
  const auto& all = launches ? r.lead_time : r.time_in_system;
  if (all.count() == 0)
    return std::nullopt;
  const DurationUnit unit = duration_unit_for(all.quantile(0.5));
  const std::string what = launches ? "lead time to launch" : "time in system";
  HtmlChart c{.title = launches ? "Lead time to launch per class" : "Time in system per class",
              .caption = "Each line climbs to the share of a class's " +
                         std::string(launches ? "launched satellites" : "items") + " whose " + what +
                         " was at most the value on the x axis; dashed lines mark each class's p50 and p90 "
                         "(further right is slower).",
              .columns = {"class", "items", "p50", "p90", "mean", "max"}};
  Json points = Json::array(), marks = Json::array();
  std::size_t drawn = 0;
  for (std::size_t k = 0; k < by_class.size(); ++k) {
    auto& v = by_class[k];
    if (v.empty())
      continue;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size(), m = std::min(n, kEcdfMaxPoints);
    for (std::size_t i = 0; i < m; ++i) {
      const std::size_t at = n <= kEcdfMaxPoints ? i : (i + 1) * n / m - 1;
      points.push_back({{"class", r.class_names[k]},
                        {"value", v[at] / unit.seconds},
                        {"text", simcore::format_duration(v[at])},
                        {"share", static_cast<double>(at + 1) / static_cast<double>(n)}});
    }
    for (const auto& [q, name] : {std::pair{0.5, "p50"}, std::pair{0.9, "p90"}}) {
      const double x = tallies[k].quantile(q);
      marks.push_back({{"class", r.class_names[k]},
                       {"quantile", name},
                       {"value", x / unit.seconds},
                       {"text", simcore::format_duration(x)},
                       {"label", r.class_names[k] + " " + name},
                       {"share", 1.0 - 0.07 * static_cast<double>(drawn * 2 + (q > 0.5 ? 1 : 0))}});
    }
    c.rows.push_back({r.class_names[k], std::to_string(n), simcore::format_duration(tallies[k].quantile(0.5)),
                      simcore::format_duration(tallies[k].quantile(0.9)), simcore::format_duration(tallies[k].mean()),
                      simcore::format_duration(tallies[k].max())});
    ++drawn;
  }
  c.spec = ecdf_spec(c.title, points, marks, what, unit);
  return c;
}

std::optional<HtmlChart> time_breakdown_chart(const models::Results& r) {
  std::vector<std::array<double, models::kTimeKinds>> sums(r.class_names.size());
  std::vector<std::size_t> counts(r.class_names.size());
  for (const auto& item : r.items)
    if (item.exit_s >= 0) {
      for (std::size_t k = 0; k < models::kTimeKinds; ++k)
        sums[item.item_class][k] += item.time_s[k];
      ++counts[item.item_class];
    }
  std::vector<std::string> groups;
  std::vector<std::pair<std::array<double, models::kTimeKinds>, std::size_t>> totals;
  for (std::size_t c = 0; c < sums.size(); ++c)
    if (counts[c]) {
      groups.push_back(r.class_names[c]);
      totals.emplace_back(sums[c], counts[c]);
    }
  if (groups.empty())
    return std::nullopt;
  if (groups.size() > 1) {
    groups.push_back("all");
    totals.emplace_back(r.time_totals_completed_s, static_cast<std::size_t>(r.completed));
  }
  HtmlChart c{.title = "Where the time went",
              .caption = "Each bar splits the completed items' time from arrival to exit into " +
                         time_kinds_in_words() +
                         ", per class: the wider a colour, the larger its share. Hover for the mean time per item.",
              .columns = {"class", "bucket", "share", "mean per item"}};
  Json values = Json::array();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto& [t, n] = totals[g];
    const double total = std::accumulate(t.begin(), t.end(), 0.0);
    for (std::size_t k = 0; k < models::kTimeKinds; ++k) {
      const double share = total > 0 ? t[k] / total : 0;
      const std::string mean = simcore::format_duration(t[k] / static_cast<double>(n));
      values.push_back({{"class", groups[g]},
                        {"bucket", models::kTimeKindNames[k]},
                        {"order", k},
                        {"share", share},
                        {"mean", mean}});
      c.rows.push_back({groups[g], models::kTimeKindNames[k], percent(share), mean});
    }
  }
  c.spec = time_kind_bars(c.title, kWidth, "class", groups, std::move(values), "share of the time",
                          {tooltip_field("class", "class"), tooltip_field("bucket", "bucket"),
                           tooltip_field("share", "share", ".1%"), tooltip_field("mean", "mean per item")});
  return c;
}

std::optional<HtmlChart> flights_chart(const models::Results& r) {
  const TimeAxis axis{r};
  // The slip itself on the y axis: planned against actual on a seven-year diagonal hid weeks of delay.
  HtmlChart c{
      .title = "Flights: slip against the plan",
      .caption =
          "Each dot is a flight at its planned date (x) and how late it flew (y, actual minus planned launch date): on "
          "the dashed zero line it flew as planned. Colour gives the attempts it took; flights that had not flown are "
          "in the table only.",
      .columns = {"flight", "launcher", "planned", "launched", "attempts", "scrubs", "satellites", "mass"}};
  Json values = Json::array();
  double largest_slip = 0;
  for (const auto& f : r.flights)
    if (f.launched_s >= 0)
      largest_slip = std::max(largest_slip, std::fabs(f.launched_s - f.planned_s));
  const DurationUnit unit = duration_unit_for(std::max(largest_slip, simcore::kDay));
  for (const auto& f : r.flights) {
    c.rows.push_back({f.name, f.launcher, date_text(r, f.planned_s),
                      f.launched_s >= 0 ? date_text(r, f.launched_s) : "-", std::to_string(f.attempts),
                      std::to_string(f.scrubs), std::to_string(f.satellites),
                      simcore::format_number(f.mass_kg) + "kg"});
    if (f.launched_s < 0)
      continue;
    values.push_back({{"flight", f.name},
                      {"launcher", f.launcher},
                      {"planned", axis.value(f.planned_s)},
                      {"slip", (f.launched_s - f.planned_s) / unit.seconds},
                      {"planned_text", date_text(r, f.planned_s)},
                      {"launched_text", date_text(r, f.launched_s)},
                      {"attempts", f.attempts},
                      {"satellites", f.satellites},
                      {"late", simcore::format_duration(f.launched_s - f.planned_s)}});
  }
  if (values.empty())
    return std::nullopt;
  // A label per year: Vega's own ticks fell in October and April and named no year at all.
  Json planned = axis.encoding("planned", "planned launch date");
  if (planned["type"] == "temporal") {
    const Json year = {{"interval", "year"}, {"step", 1}};
    planned["axis"] = {{"format", "%Y"}, {"tickCount", year}};
    planned["scale"] = {{"nice", year}}; // whole years: the first flight's year is labelled too
  }
  const Json slip = {
      {"field", "slip"}, {"type", "quantitative"}, {"title", "slip (" + unit.name + ", actual - planned)"}};
  const Json layers = {
      view(inline_rows(Json::array({{{"zero", 0}}})), {{"type", "rule"}, {"color", "#888"}, {"strokeDash", {4, 4}}},
           {{"y", {{"field", "zero"}, {"type", "quantitative"}}}}),
      view(inline_rows(values), {{"type", "point"}, {"filled", true}, {"size", 90}},
           {{"x", planned},
            {"y", slip},
            {"color",
             {{"field", "attempts"}, {"type", "ordinal"}, {"title", "attempts"}, {"scale", {{"scheme", "dark2"}}}}},
            {"tooltip",
             {tooltip_field("flight", "flight"), tooltip_field("launcher", "launcher"),
              tooltip_field("planned_text", "planned"), tooltip_field("launched_text", "launched"),
              tooltip_field("late", "late by"), tooltip_field("attempts", "attempts"),
              tooltip_field("satellites", "satellites")}}})};
  c.spec = chart_spec(c.title, 760, 300, {{"layer", layers}});
  return c;
}

std::optional<HtmlChart> launches_per_year_chart(const models::Results& r) {
  if (r.flights.empty())
    return std::nullopt;
  HtmlChart c{.title = "Satellites launched per year",
              .caption = "The satellites that flew in each simulated year, stacked by class.",
              .columns = {"year", "class", "launched"}};
  Json values = Json::array();
  for (std::size_t y = 0; y < r.launched_by_year.size(); ++y)
    for (std::size_t k = 0; k < r.class_names.size(); ++k) {
      const std::string year =
          r.first_year ? std::to_string(r.first_year + static_cast<int>(y)) : "year " + std::to_string(y + 1);
      values.push_back({{"year", year}, {"class", r.class_names[k]}, {"launched", r.launched_by_year[y][k]}});
      c.rows.push_back({year, r.class_names[k], std::to_string(r.launched_by_year[y][k])});
    }
  c.spec = {
      {"title", c.title},
      {"width", kWidth},
      {"height", 260},
      {"data", {{"values", values}}},
      {"mark", "bar"},
      {"encoding",
       {{"x", {{"field", "year"}, {"type", "ordinal"}, {"title", "year"}}},
        {"y", {{"field", "launched"}, {"type", "quantitative"}, {"title", "satellites launched"}}},
        {"color", {{"field", "class"}, {"type", "nominal"}, {"title", "class"}}},
        {"tooltip",
         {tooltip_field("year", "year"), tooltip_field("class", "class"), tooltip_field("launched", "launched")}}}}};
  return c;
}

/// A roadmap's run: its cumulative launches with each `launched` target marked, met or not. Only with
/// such a target: the launches per year say the rest.
std::optional<HtmlChart> run_launched_by_date_chart(const models::Results& r) {
  if (std::none_of(r.targets.begin(), r.targets.end(),
                   [](const models::TargetResult& t) { return t.form == models::TargetSpec::Form::launched_at_least; }))
    return std::nullopt;
  LaunchYears run{r.first_year, r.class_names, {}, r.epoch_days, r.targets};
  for (const auto& year : r.launched_by_year)
    run.launched.emplace_back(year.begin(), year.end());
  return launched_by_date_chart({run});
}

std::optional<HtmlChart> links_chart(const models::Results& r) {
  HtmlChart c{.title = "Coordination link utilization",
              .caption =
                  "The mean share of each coordination link's bandwidth in use over the run, busiest first; links "
                  "without a bandwidth limit are in the table only.",
              .columns = {"link", "bandwidth", "units", "utilization"}};
  Json values = Json::array();
  for (const auto& l : r.links) {
    const std::string name = l.a == l.b ? l.a + " (within)" : l.a + " -- " + l.b;
    const bool bounded = std::isfinite(l.bandwidth) && !std::isnan(l.utilization);
    c.rows.push_back({name, bounded ? short_number(l.bandwidth * simcore::kDay) + "/d" : "unbounded",
                      short_number(l.units), bounded ? percent(l.utilization) : "-"});
    if (bounded)
      values.push_back({{"link", name},
                        {"utilization", l.utilization},
                        {"bandwidth", short_number(l.bandwidth * simcore::kDay) + "/d"},
                        {"units", l.units}});
  }
  if (values.empty())
    return std::nullopt;
  c.spec = sorted_bars(
      c.title, kWidth, 24, std::move(values), "link",
      {{"field", "utilization"}, {"type", "quantitative"}, {"title", "utilization"}, {"axis", {{"format", ".0%"}}}},
      {{"tooltip",
        {tooltip_field("link", "link"), tooltip_field("utilization", "utilization", ".2%"),
         tooltip_field("bandwidth", "bandwidth"), tooltip_field("units", "units carried")}}});
  return c;
}

} // namespace

std::vector<HtmlChart> run_charts(const models::Results& r) {
  std::vector<HtmlChart> charts;
  auto add = [&](std::optional<HtmlChart> c) {
    if (c)
      charts.push_back(std::move(*c));
  };
  add(lead_time_chart(r));
  add(time_breakdown_chart(r));
  if (!r.stations.empty()) {
    add(station_chart(r, true));
    add(station_chart(r, false));
    add(queue_history_chart(r));
  }
  add(parts_chart(r));
  add(flights_chart(r));
  add(launches_per_year_chart(r));
  add(run_launched_by_date_chart(r));
  add(links_chart(r));
  add(gantt_chart(r));
  return charts;
}

HtmlPage run_page(const models::Results& r, const std::string& version, const std::string& date) {
  HtmlPage page;
  page.title = "satflow run: " + r.scenario + (r.layout.empty() ? "" : " (" + r.layout + ")");
  page.facts = {
      {"scenario", r.scenario},
      {"layout", r.layout.empty() ? "as in the scenario" : r.layout},
      {"seed", std::to_string(r.seed)},
      {"replications", "1 (replication " + std::to_string(r.replication) + "; --replications N gives 95% intervals)"},
      {"horizon", simcore::format_duration(r.end_s) +
                      (has_calendar(r) ? " (" + date_text(r, 0) + " to " + date_text(r, r.end_s) + ")" : "")},
      {"satflow", version},
      {"date", date}};
  const Json headline = results_json(r)["headline"];
  const bool launches = !r.flights.empty();
  const auto& lead = launches ? r.lead_time : r.time_in_system;
  std::uint64_t launched = 0;
  for (auto n : r.launched_by_class)
    launched += n;
  page.summary.push_back(
      (launches ? "Launched " + std::to_string(launched) + " satellites (" + short_number(launches_per_year(r)) +
                      " a year) on " + std::to_string(r.flights.size()) + " flights"
                : std::to_string(r.completed) + " of " + std::to_string(r.arrived) + " items completed") +
      " in " + simcore::format_duration(r.end_s) + "; " + std::to_string(r.arrived - r.completed) +
      " still in progress.");
  page.summary.push_back(
      std::string(launches ? "Lead time to launch" : "Time in system") + ": mean " +
      (lead.count() ? simcore::format_duration(lead.mean()) : "-") + ", p50 " +
      (lead.count() ? simcore::format_duration(lead.quantile(0.5)) : "-") + ", p90 " +
      (lead.count() ? simcore::format_duration(lead.quantile(0.9)) : "-") + "; coordination share " +
      (headline["coordination_share"].is_number() ? percent(headline["coordination_share"].get<double>()) : "-") + ".");
  page.charts = run_charts(r);
  return page;
}

} // namespace satflow::tools
