#include "tools/report/gantt_chart.hpp"

#include "simcore/units.hpp"
#include "tools/report/chart_units.hpp"

#include <map>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;

std::string item_label(const models::Results& r, const models::ItemRecord& item) {
  const auto& names = r.item_names[item.source];
  if (item.index < names.size() && !names[item.index].empty())
    return names[item.index];
  return r.source_names[item.source] + " #" + std::to_string(item.index + 1);
}

} // namespace

std::optional<HtmlChart> gantt_chart(const models::Results& r) {
  if (r.trace.events().empty() || r.items.empty())
    return std::nullopt;
  const std::size_t n = r.items.size();
  const std::size_t step = (n + kGanttMaxRows - 1) / kGanttMaxRows;
  const TimeAxis axis{r};
  // Each state of an item's own lane lasts until its next event (parallel branches are not drawn).
  std::map<std::uint32_t, std::vector<const simcore::TraceEvent*>> by_item;
  bool branches = false;
  for (const auto& e : r.trace.events()) {
    branches = branches || e.lane != 0;
    if (e.lane == 0 && e.item % step == 0)
      by_item[e.item].push_back(&e);
  }
  HtmlChart c;
  c.title = "Satellites over calendar time";
  c.caption = "One row per " + std::string(r.flights.empty() ? "item" : "satellite") +
              " in arrival order, one bar "
              "per stage coloured by its kind; a black tick marks a launch. " +
              (step > 1 ? "The run had " + std::to_string(n) + " items: every " + std::to_string(step) +
                              "th is drawn (" + std::to_string(by_item.size()) + " rows)."
                        : "") +
              (branches ? " Parallel branches are not drawn." : "");
  c.columns = {"item", "stage", "kind", "start", "end", "duration"};
  Json bars = Json::array(), launches = Json::array(), rows = Json::array();
  for (const auto& [item, events] : by_item) {
    const auto& rec = r.items[item];
    const std::string label = item_label(r, rec) + " (" + r.class_names[rec.item_class] + ")";
    rows.push_back(label);
    for (std::size_t i = 0; i < events.size(); ++i) {
      const std::string& state = r.trace.state_name(events[i]->state);
      if (state == "exit" || state == "launched" || state == "branch done")
        continue;
      const double from = events[i]->time_s, to = i + 1 < events.size() ? events[i + 1]->time_s : r.end_s;
      if (to <= from)
        continue;
      bars.push_back({{"item", label},
                      {"stage", state},
                      {"kind", stage_kind(state)},
                      {"start", axis.value(from)},
                      {"end", axis.value(to)},
                      {"duration", simcore::format_duration(to - from)}});
      c.rows.push_back(
          {label, state, stage_kind(state), date_text(r, from), date_text(r, to), simcore::format_duration(to - from)});
    }
    if (rec.launched_s >= 0)
      launches.push_back({{"item", label}, {"at", axis.value(rec.launched_s)}, {"date", date_text(r, rec.launched_s)}});
  }
  const Json y = {{"field", "item"},
                  {"type", "nominal"},
                  {"title", nullptr},
                  {"scale", {{"domain", rows}}},
                  {"axis", {{"labelFontSize", 9}}}};
  Json layers = {
      {{"data", {{"values", bars}}},
       {"mark", {{"type", "bar"}, {"height", {{"band", 0.8}}}}},
       {"encoding",
        {{"y", y},
         {"x", axis.encoding("start", "date")},
         {"x2", {{"field", "end"}}},
         {"color", {{"field", "kind"}, {"type", "nominal"}, {"title", "stage kind"}, {"scale", time_kind_scale()}}},
         {"tooltip",
          {tooltip_field("item", "item"), tooltip_field("stage", "stage"), tooltip_field("kind", "kind"),
           axis.tooltip("start", "from"), axis.tooltip("end", "to"), tooltip_field("duration", "duration")}}}}}};
  if (!launches.empty())
    layers.push_back({{"data", {{"values", launches}}},
                      {"mark", {{"type", "tick"}, {"color", "black"}, {"thickness", 2}}},
                      {"encoding",
                       {{"y", y},
                        {"x", axis.encoding("at", "date")},
                        {"tooltip", {tooltip_field("item", "item"), tooltip_field("date", "launched")}}}}});
  c.spec = {{"title", c.title}, {"width", 820}, {"height", {{"step", 11}}}, {"layer", layers}};
  return c;
}

} // namespace satflow::tools
