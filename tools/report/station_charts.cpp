#include "tools/report/station_charts.hpp"

#include "tools/report/results_schema.hpp"

#include "simcore/units.hpp"
#include "tools/report/chart_units.hpp"

#include <algorithm>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;
constexpr int kWidth = 820;

} // namespace

HtmlChart station_chart(const models::Results& r, bool utilization) {
  TableCells table = table_cells("station", std::span(r.stations), station_fields(), TableContext{r});
  HtmlChart c{.title = utilization ? "Station utilization" : "Mean queue per station",
              .caption =
                  utilization
                      ? "The share of its servers' time each station was busy, busiest first: a station near "
                        "100% is a bottleneck."
                      : "The time-average number of items waiting for each station, longest first; hover for the "
                        "maximum and the mean wait.",
              .columns = std::move(table.header)};
  c.rows = std::move(table.rows);
  Json values = Json::array();
  for (const auto& s : r.stations) {
    values.push_back({{"station", s.name},
                      {"site", s.site},
                      {"servers", s.capacity},
                      {"utilization", s.utilization},
                      {"mean_queue", s.mean_queue},
                      {"max_queue", s.max_queue},
                      {"mean_wait", simcore::format_duration(s.mean_wait_s)},
                      {"served", s.served}});
  }
  const char* field = utilization ? "utilization" : "mean_queue";
  Json x = {{"field", field}, {"type", "quantitative"}, {"title", utilization ? "utilization" : "mean queue (items)"}};
  if (utilization) {
    x["axis"] = {{"format", ".0%"}};
    x["scale"] = {{"domain", {0, 1}}};
  }
  c.spec = sorted_bars(c.title, kWidth, 20, std::move(values), "station", std::move(x),
                       {{"color", {{"field", "site"}, {"type", "nominal"}, {"title", "site"}}},
                        {"tooltip",
                         {tooltip_field("station", "station"), tooltip_field("site", "site"),
                          tooltip_field("servers", "servers"), tooltip_field("utilization", "utilization", ".1%"),
                          tooltip_field("mean_queue", "mean queue", ".3f"), tooltip_field("max_queue", "max queue"),
                          tooltip_field("mean_wait", "mean wait"), tooltip_field("served", "served")}}});
  return c;
}

std::optional<HtmlChart> queue_history_chart(const models::Results& r) {
  constexpr std::size_t kBusiest = 4;
  std::vector<const models::StationResult*> stations;
  for (const auto& s : r.stations)
    if (!s.queue_history.empty() && s.max_queue > 0)
      stations.push_back(&s);
  if (stations.empty())
    return std::nullopt;
  std::stable_sort(stations.begin(), stations.end(),
                   [](const auto* a, const auto* b) { return a->mean_queue > b->mean_queue; });
  if (stations.size() > kBusiest)
    stations.resize(kBusiest);
  const TimeAxis axis{r};
  HtmlChart c{.title = "Queue length over time at the busiest stations",
              .caption = "The longest queue in each interval of " +
                         simcore::format_duration(stations.front()->queue_width_s) + " at the " +
                         std::to_string(stations.size()) +
                         " stations with the longest mean queue: a step that stays "
                         "up is a backlog that does not clear.",
              .columns = {"station", "from", "longest queue", "queue at the end"}};
  Json values = Json::array();
  for (const auto* s : stations) {
    for (const auto& b : s->queue_history) {
      values.push_back(
          {{"station", s->name}, {"t", axis.value(b.start_s)}, {"from", date_text(r, b.start_s)}, {"queue", b.max}});
      c.rows.push_back({s->name, date_text(r, b.start_s), short_number(b.max), short_number(b.last)});
    }
    const auto& last = s->queue_history.back();
    values.push_back({{"station", s->name},
                      {"t", axis.value(std::max(r.end_s, last.start_s))},
                      {"from", date_text(r, r.end_s)},
                      {"queue", last.last}});
  }
  c.spec = {{"title", c.title},
            {"width", kWidth},
            {"height", 260},
            {"data", {{"values", values}}},
            {"mark", {{"type", "line"}, {"interpolate", "step-after"}}},
            {"encoding",
             {{"x", axis.encoding("t", "date")},
              {"y", {{"field", "queue"}, {"type", "quantitative"}, {"title", "longest queue in the interval (items)"}}},
              {"color", {{"field", "station"}, {"type", "nominal"}, {"title", "station"}}},
              {"tooltip",
               {tooltip_field("station", "station"), tooltip_field("from", "from"),
                tooltip_field("queue", "longest queue")}}}}};
  return c;
}

std::optional<HtmlChart> parts_chart(const models::Results& r) {
  if (r.parts.empty())
    return std::nullopt;
  double longest = 0;
  for (const auto& p : r.parts)
    longest = std::max(longest, p.mean_wait_s);
  const DurationUnit unit = duration_unit_for(longest);
  HtmlChart c{.title = "Waiting for long-lead parts",
              .caption =
                  "How long the items that reached the stage needing each part waited for it, on average, longest "
                  "first, coloured by its supplier's country: the lead time, export licence and supplier queue that "
                  "the plan did not cover. The table has the orders, licence holds and late deliveries.",
              .columns = {"part", "supplier", "country", "needed at", "orders", "licence holds", "order to delivery",
                          "late", "mean wait"}};
  Json values = Json::array();
  for (const auto& p : r.parts) {
    values.push_back({{"part", p.name},
                      {"supplier", p.supplier},
                      {"country", p.country},
                      {"wait", p.mean_wait_s / unit.seconds},
                      {"mean_wait", simcore::format_duration(p.mean_wait_s)},
                      {"late", std::to_string(p.late) + "/" + std::to_string(p.needed)},
                      {"holds", p.licence_holds}});
    c.rows.push_back({p.name, p.supplier, p.country, p.stage, std::to_string(p.orders), std::to_string(p.licence_holds),
                      p.delivered ? simcore::format_duration(p.mean_order_to_delivery_s) : "-",
                      std::to_string(p.late) + "/" + std::to_string(p.needed),
                      simcore::format_duration(p.mean_wait_s)});
  }
  c.spec = sorted_bars(
      c.title, kWidth, 24, std::move(values), "part",
      {{"field", "wait"}, {"type", "quantitative"}, {"title", "mean wait (" + unit.name + ")"}},
      {{"color", {{"field", "country"}, {"type", "nominal"}, {"title", "supplier's country"}}},
       {"tooltip",
        {tooltip_field("part", "part"), tooltip_field("supplier", "supplier"), tooltip_field("mean_wait", "mean wait"),
         tooltip_field("late", "items that waited"), tooltip_field("holds", "licence holds")}}});
  return c;
}

} // namespace satflow::tools
