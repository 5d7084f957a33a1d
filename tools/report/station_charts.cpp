#include "tools/report/station_charts.hpp"

#include "simcore/units.hpp"
#include "tools/report/chart_units.hpp"

#include <algorithm>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;
constexpr int kWidth = 820;

} // namespace

HtmlChart station_chart(const models::Results& r, bool utilization) {
  HtmlChart c;
  c.title = utilization ? "Station utilization" : "Mean queue per station";
  c.caption = utilization ? "The share of its servers' time each station was busy, busiest first: a station near "
                            "100% is a bottleneck."
                          : "The time-average number of items waiting for each station, longest first; hover for the "
                            "maximum and the mean wait.";
  c.columns = {"station", "site", "servers", "utilization", "mean queue", "max queue", "mean wait", "served"};
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
    c.rows.push_back({s.name, s.site, std::to_string(s.capacity), percent(s.utilization), short_number(s.mean_queue),
                      short_number(s.max_queue), simcore::format_duration(s.mean_wait_s), std::to_string(s.served)});
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
  HtmlChart c;
  c.title = "Queue length over time at the busiest stations";
  c.caption = "The longest queue in each interval of " + simcore::format_duration(stations.front()->queue_width_s) +
              " at the " + std::to_string(stations.size()) +
              " stations with the longest mean queue: a step that stays "
              "up is a backlog that does not clear.";
  c.columns = {"station", "from", "longest queue", "queue at the end"};
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

} // namespace satflow::tools
