#include "tools/report/gantt_chart.hpp"

#include "simcore/units.hpp"
#include "tools/report/chart_units.hpp"
#include "tools/report/trace_states.hpp"

#include <algorithm>
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

/// The encoding with its axis drawn at the top.
Json top_axis(Json encoding) {
  encoding["axis"] = {{"orient", "top"}};
  return encoding;
}

/// Where a lane's bars sit in its item's row, in rows (the y scale's unit, 0 at the top of row 0): the
/// item's own lane fills the upper part; its parallel branches share the lower part, one thin strip each.
struct Strip {
  double top, bottom;
};
Strip strip_of(std::size_t row, std::uint32_t lane, std::size_t branches) {
  constexpr double kMain = 0.5, kGap = 0.04, kBranches = 0.4;
  const auto r = static_cast<double>(row);
  if (lane == 0)
    return {r + 0.04, r + 0.04 + kMain};
  const double h = kBranches / static_cast<double>(std::max<std::size_t>(branches, 1));
  const double top = r + 0.04 + kMain + kGap + h * static_cast<double>(lane - 1);
  return {top, top + 0.8 * h};
}

/// The chart's layers: a bar per stage of each lane, and a rule per launch across its item's row.
Json gantt_layers(const TimeAxis& axis, const Json& bars, const Json& launches, const Json& labels) {
  // Rows are numbers (so that an item's branches can share its row as thin strips); the axis names them.
  const std::size_t n = labels.size();
  Json ticks = Json::array();
  for (std::size_t i = 0; i < n; ++i)
    ticks.push_back(static_cast<double>(i) + 0.29); // the middle of the item's own bar
  const Json y = {{"type", "quantitative"},
                  {"title", nullptr},
                  {"scale", {{"domain", {0, n}}, {"reverse", true}, {"nice", false}, {"zero", false}}},
                  {"axis",
                   {{"values", ticks},
                    {"labelExpr", labels.dump() + "[floor(datum.value)]"},
                    {"labelFontSize", 9},
                    {"grid", false},
                    {"ticks", false},
                    {"domain", false}}}};
  // The bars' fields have one-letter names (item, stage, kind, from, to, duration, top, bottom): thousands of bars.
  Json layers = {
      {{"data", {{"values", bars}}},
       {"mark", "rect"},
       {"encoding",
        {{"y", with_field(y, "t")},
         {"y2", {{"field", "u"}}},
         {"x", axis.encoding("a", "date")},
         {"x2", {{"field", "b"}}},
         {"color", {{"field", "k"}, {"type", "nominal"}, {"title", "stage kind"}, {"scale", time_kind_scale()}}},
         {"tooltip",
          {tooltip_field("i", "item"), tooltip_field("s", "stage"), tooltip_field("k", "kind"),
           axis.tooltip("a", "from"), axis.tooltip("b", "to"), tooltip_field("d", "duration")}}}}}};
  if (!launches.empty())
    layers.push_back({{"data", {{"values", launches}}},
                      {"mark", {{"type", "rule"}, {"color", "black"}, {"strokeWidth", 2}}},
                      {"encoding",
                       {{"y", with_field(y, "t")},
                        {"y2", {{"field", "u"}}},
                        {"x", top_axis(axis.encoding("at", "date"))},
                        {"tooltip", {tooltip_field("item", "item"), tooltip_field("date", "launched")}}}}});
  return layers;
}

/// What the chart shows, and what it leaves out when the run has more items than rows.
std::string gantt_caption(const models::Results& r, bool branches, std::size_t step, std::size_t drawn) {
  const std::string noun = r.flights.empty() ? "item" : "satellite";
  return "One row per " + noun +
         " in arrival order, one bar per stage coloured by its kind; a black line marks a launch. " +
         (branches ? "The thin strips beneath a " + noun +
                         "'s bar are the parallel branches of its forks, one strip each (hover for the stage); "
                         "the table has every bar. "
                   : "") +
         (step > 1 ? "The run had " + std::to_string(r.items.size()) + " items: every " + std::to_string(step) +
                         "th is drawn (" + std::to_string(drawn) + " of them); the table has those drawn."
                   : "");
}

} // namespace

std::optional<HtmlChart> gantt_chart(const models::Results& r) {
  if (r.trace.events().empty() || r.items.empty())
    return std::nullopt;
  const std::size_t n = r.items.size();
  const std::size_t step = (n + kGanttMaxRows - 1) / kGanttMaxRows;
  const TimeAxis axis{r};
  // Each state of a lane (the item itself, or one of its parallel branches) lasts until the lane's next
  // event; a branch is drawn as a thin strip beneath its item's bar, in the item's row, so that concurrent
  // work neither overlaps nor multiplies the rows (Korea's four branches per satellite made it 2,900 px).
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<const simcore::TraceEvent*>> by_lane;
  std::map<std::uint32_t, std::size_t> branches_of; // item -> its highest branch lane
  for (const auto& e : r.trace.events())
    if (e.item % step == 0) {
      by_lane[{e.item, e.lane}].push_back(&e);
      branches_of[e.item] = std::max<std::size_t>(branches_of[e.item], e.lane);
    }
  const bool branches = std::any_of(branches_of.begin(), branches_of.end(), [](const auto& b) { return b.second; });
  HtmlChart c{.title = "Satellites over calendar time",
              .caption = gantt_caption(r, branches, step, branches_of.size()),
              .columns = {"item", "stage", "kind", "start", "end", "duration"}};
  Json bars = Json::array(), launches = Json::array(), labels = Json::array();
  std::map<std::uint32_t, std::size_t> row_of;
  for (const auto& [key, events] : by_lane) {
    const auto [item, lane] = key;
    const auto& rec = r.items[item];
    const std::string name = item_label(r, rec) + " (" + r.class_names[rec.item_class] + ")";
    if (!row_of.count(item)) {
      row_of[item] = labels.size();
      labels.push_back(name);
    }
    const Strip strip = strip_of(row_of[item], lane, branches_of[item]);
    // A branch is named by its first stage ("avionics_ai"), not "branch 3".
    std::string branch;
    for (const auto* e : events)
      if (branch.empty() && !models::is_instant(trace_step(r.trace.state(e->state))))
        branch = state_label(r.trace.state(e->state));
    const std::string label = name + (lane == 0 ? "" : " / " + (branch.empty() ? std::to_string(lane) : branch));
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
                      {"t", strip.top},
                      {"u", strip.bottom},
                      {"d", simcore::format_duration(to - from)}});
      c.rows.push_back({label, stage, kind, date_text(r, from), date_text(r, to), simcore::format_duration(to - from)});
    }
    if (lane == 0 && rec.launched_s >= 0)
      launches.push_back({{"item", label},
                          {"at", axis.value(rec.launched_s)},
                          {"t", strip.top - 0.02},
                          {"u", static_cast<double>(row_of[item]) + 0.98},
                          {"date", date_text(r, rec.launched_s)}});
  }
  c.spec = {{"title", c.title},
            {"width", 820},
            {"height", kGanttRowPixels * labels.size()},
            // The date axis at the top too: the chart is taller than a screen.
            {"resolve", {{"axis", {{"x", "independent"}}}}},
            {"layer", gantt_layers(axis, bars, launches, labels)}};
  return c;
}

} // namespace satflow::tools
