#include "tools/report/gantt_chart.hpp"

#include "simcore/units.hpp"
#include "tools/report/chart_units.hpp"
#include "tools/report/trace_states.hpp"

#include <map>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;

Json with_field(Json encoding, const char* field) {
  encoding["field"] = field;
  return encoding;
}

std::string item_label(const models::Results& r, const models::ItemRecord& item) {
  const auto& names = r.item_names[item.source];
  if (item.index < names.size() && !names[item.index].empty())
    return names[item.index];
  return r.source_names[item.source] + " #" + std::to_string(item.index + 1);
}

/// The encoding with its axis drawn at the top.
Json top_axis(Json encoding) {
  encoding["axis"] = {{"orient", "top"}};
  return encoding;
}

/// The chart's layers: a bar per stage of each row, and a tick per launch.
Json gantt_layers(const TimeAxis& axis, const Json& bars, const Json& launches, const Json& rows) {
  // The bars' fields have one-letter names (item, stage, kind, from, to, duration): thousands of bars.
  const Json y = {{"field", "item"},
                  {"type", "nominal"},
                  {"title", nullptr},
                  {"scale", {{"domain", rows}}},
                  {"axis", {{"labelFontSize", 8}}}};
  Json layers = {
      {{"data", {{"values", bars}}},
       {"mark", {{"type", "bar"}, {"height", {{"band", 0.8}}}}},
       {"encoding",
        {{"y", with_field(y, "i")},
         {"x", axis.encoding("a", "date")},
         {"x2", {{"field", "b"}}},
         {"color", {{"field", "k"}, {"type", "nominal"}, {"title", "stage kind"}, {"scale", time_kind_scale()}}},
         {"tooltip",
          {tooltip_field("i", "item"), tooltip_field("s", "stage"), tooltip_field("k", "kind"),
           axis.tooltip("a", "from"), axis.tooltip("b", "to"), tooltip_field("d", "duration")}}}}}};
  if (!launches.empty())
    layers.push_back({{"data", {{"values", launches}}},
                      {"mark", {{"type", "tick"}, {"color", "black"}, {"thickness", 2}}},
                      {"encoding",
                       {{"y", y},
                        {"x", top_axis(axis.encoding("at", "date"))},
                        {"tooltip", {tooltip_field("item", "item"), tooltip_field("date", "launched")}}}}});
  return layers;
}

} // namespace

std::optional<HtmlChart> gantt_chart(const models::Results& r) {
  if (r.trace.events().empty() || r.items.empty())
    return std::nullopt;
  const std::size_t n = r.items.size();
  const std::size_t step = (n + kGanttMaxRows - 1) / kGanttMaxRows;
  const TimeAxis axis{r};
  // Each state of a lane (the item itself, or one of its parallel branches) lasts until the lane's next
  // event; a branch gets a row of its own beneath its item, so that concurrent work does not overlap.
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<const simcore::TraceEvent*>> by_lane;
  std::size_t drawn = 0;
  bool branches = false;
  for (const auto& e : r.trace.events())
    if (e.item % step == 0) {
      auto& events = by_lane[{e.item, e.lane}];
      drawn += e.lane == 0 && events.empty();
      branches = branches || e.lane != 0;
      events.push_back(&e);
    }
  HtmlChart c;
  c.title = "Satellites over calendar time";
  c.caption = "One row per " + std::string(r.flights.empty() ? "item" : "satellite") +
              " in arrival order, one bar "
              "per stage coloured by its kind; a black tick marks a launch. " +
              (step > 1 ? "The run had " + std::to_string(n) + " items: every " + std::to_string(step) +
                              "th is drawn (" + std::to_string(drawn) + " of them)."
                        : "") +
              (branches ? " The parallel branches of a fork have a row each beneath their item." : "");
  c.columns = {"item", "stage", "kind", "start", "end", "duration"};
  Json bars = Json::array(), launches = Json::array(), rows = Json::array();
  for (const auto& [key, events] : by_lane) {
    const auto [item, lane] = key;
    const auto& rec = r.items[item];
    // A branch's row is named by its first stage ("avionics_ai"), not "branch 3".
    std::string branch;
    for (const auto* e : events)
      if (branch.empty() && !models::is_instant(trace_step(r.trace.state(e->state))))
        branch = state_label(r.trace.state(e->state));
    const std::string label = item_label(r, rec) + " (" + r.class_names[rec.item_class] + ")" +
                              (lane == 0 ? "" : " / " + (branch.empty() ? std::to_string(lane) : branch));
    rows.push_back(label);
    for (std::size_t i = 0; i < events.size(); ++i) {
      const simcore::TraceState& state = r.trace.state(events[i]->state);
      if (models::is_instant(trace_step(state)))
        continue;
      const double from = events[i]->time_s, to = i + 1 < events.size() ? events[i + 1]->time_s : r.end_s;
      if (to <= from)
        continue;
      const std::string stage = state_label(state), kind = state_time_kind(state);
      bars.push_back({{"i", label},
                      {"s", stage},
                      {"k", kind},
                      {"a", axis.value(from)},
                      {"b", axis.value(to)},
                      {"d", simcore::format_duration(to - from)}});
      c.rows.push_back({label, stage, kind, date_text(r, from), date_text(r, to), simcore::format_duration(to - from)});
    }
    if (lane == 0 && rec.launched_s >= 0)
      launches.push_back({{"item", label}, {"at", axis.value(rec.launched_s)}, {"date", date_text(r, rec.launched_s)}});
  }
  c.spec = {{"title", c.title},
            {"width", 820},
            {"height", {{"step", 8}}},
            // The date axis at the top too: the chart is taller than a screen.
            {"resolve", {{"axis", {{"x", "independent"}}}}},
            {"layer", gantt_layers(axis, bars, launches, rows)}};
  return c;
}

} // namespace satflow::tools
