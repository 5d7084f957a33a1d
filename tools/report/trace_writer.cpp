#include "tools/report/trace_writer.hpp"

#include "tools/report/trace_states.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <utility>

namespace satflow::tools {

void write_trace(const models::Results& r, const std::vector<std::string>& site_names, std::ostream& out) {
  using Json = nlohmann::ordered_json;
  const auto& events = r.trace.events();
  Json list = Json::array();
  // Process and thread names first: one process per item.
  for (std::size_t seq = 0; seq < r.items.size(); ++seq) {
    const auto& item = r.items[seq];
    const auto& names = r.item_names[item.source];
    std::string name = item.index < names.size() && !names[item.index].empty()
                           ? names[item.index]
                           : r.source_names[item.source] + " #" + std::to_string(item.index + 1);
    name += " (" + r.class_names[item.item_class] + ")";
    list.push_back({{"name", "process_name"}, {"ph", "M"}, {"pid", seq + 1}, {"args", {{"name", name}}}});
    list.push_back({{"name", "process_sort_index"}, {"ph", "M"}, {"pid", seq + 1}, {"args", {{"sort_index", seq}}}});
  }
  // Each state lasts until the next event of the same item and lane (or the end of the run).
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> open; // (item, lane) -> event index
  std::map<std::pair<std::uint32_t, std::uint32_t>, bool> named_lane;
  auto slice = [&](const simcore::TraceEvent& e, double until) {
    list.push_back({{"name", state_label(r.trace.state(e.state))},
                    {"cat", "stage"},
                    {"ph", "X"},
                    {"ts", e.time_s * 1e6},
                    {"dur", (until - e.time_s) * 1e6},
                    {"pid", e.item + 1},
                    {"tid", e.lane},
                    {"args", {{"site", site_names.at(e.site)}}}});
  };
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    const auto key = std::make_pair(e.item, e.lane);
    if (!named_lane[key]) {
      named_lane[key] = true;
      list.push_back({{"name", "thread_name"},
                      {"ph", "M"},
                      {"pid", e.item + 1},
                      {"tid", e.lane},
                      {"args", {{"name", e.lane == 0 ? std::string("item") : "branch " + std::to_string(e.lane)}}}});
    }
    if (auto it = open.find(key); it != open.end()) {
      slice(events[it->second], e.time_s);
      open.erase(it);
    }
    const simcore::TraceState& state = r.trace.state(e.state);
    if (models::is_instant(trace_step(state))) {
      list.push_back({{"name", state_label(state)},
                      {"ph", "i"},
                      {"s", "t"},
                      {"ts", e.time_s * 1e6},
                      {"pid", e.item + 1},
                      {"tid", e.lane}});
      continue;
    }
    open[key] = i;
  }
  for (const auto& [key, index] : open) // still under way at the end of the run
    slice(events[index], r.end_s);
  Json doc;
  doc["traceEvents"] = list;
  doc["displayTimeUnit"] = "ms";
  out << doc.dump() << "\n";
}

} // namespace satflow::tools
