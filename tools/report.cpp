#include "tools/report.hpp"

#include "simcore/units.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;

std::string num(double v) {
  if (std::isnan(v))
    return "";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

Json tally_json(const simcore::Tally& t) {
  Json j;
  j["count"] = t.count();
  const bool any = t.count() > 0;
  j["mean"] = any ? Json(t.mean()) : Json(nullptr);
  j["sd"] = t.count() > 1 ? Json(t.sd()) : Json(nullptr);
  j["min"] = any ? Json(t.min()) : Json(nullptr);
  j["p50"] = any ? Json(t.quantile(0.5)) : Json(nullptr);
  j["p90"] = any ? Json(t.quantile(0.9)) : Json(nullptr);
  j["max"] = any ? Json(t.max()) : Json(nullptr);
  return j;
}

std::string dur(double seconds) { return std::isnan(seconds) ? "-" : simcore::format_duration(seconds); }

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void row(std::ostream& out, std::initializer_list<std::string> cells, std::initializer_list<int> widths) {
  auto w = widths.begin();
  bool first = true;
  for (const auto& c : cells) {
    const int width = *w++;
    std::string cell = c;
    if (static_cast<int>(cell.size()) < width)
      cell = first ? cell + std::string(static_cast<std::size_t>(width) - cell.size(), ' ')
                   : std::string(static_cast<std::size_t>(width) - cell.size(), ' ') + cell;
    out << (first ? "" : " ") << cell;
    first = false;
  }
  out << "\n";
}

} // namespace

void write_table(const models::Results& r, std::ostream& out) {
  out << "scenario " << r.scenario << "  seed " << r.seed << "  replication " << r.replication << "\n";
  out << "simulated " << dur(r.end_s) << ": " << r.arrived << " items arrived, " << r.completed << " completed, "
      << r.arrived - r.completed << " still in progress\n\n";

  const auto& t = r.time_in_system;
  const bool any = t.count() > 0;
  row(out, {"time in system", "items", "mean", "p50", "p90", "max"}, {22, 9, 9, 9, 9, 9});
  auto tally_row = [&](const std::string& label, const simcore::Tally& x) {
    const bool some = x.count() > 0;
    row(out,
        {label, std::to_string(x.count()), some ? dur(x.mean()) : "-", some ? dur(x.quantile(0.5)) : "-",
         some ? dur(x.quantile(0.9)) : "-", some ? dur(x.max()) : "-"},
        {22, 9, 9, 9, 9, 9});
  };
  tally_row("  all", t);
  if (r.class_names.size() > 1)
    for (std::size_t c = 0; c < r.class_names.size(); ++c)
      tally_row("  " + r.class_names[c], r.time_in_system_by_class[c]);

  const double total = std::accumulate(r.time_totals_s.begin(), r.time_totals_s.end(), 0.0);
  out << "\nwhere the time went (completed items):";
  for (std::size_t k = 0; k < models::kTimeKinds; ++k)
    out << "  " << models::kTimeKindNames[k] << " " << (any && total > 0 ? fixed(100 * r.time_totals_s[k] / total, 1) : "-")
        << "%";
  out << "\n";

  if (!r.stations.empty()) {
    out << "\n";
    row(out, {"station", "site", "servers", "utilization", "mean queue", "mean wait", "served"},
        {22, 12, 8, 12, 11, 10, 9});
    for (const auto& s : r.stations)
      row(out,
          {"  " + s.name, s.site, std::to_string(s.capacity), fixed(s.utilization, 3), fixed(s.mean_queue, 2),
           dur(s.mean_wait_s), std::to_string(s.served)},
          {22, 12, 8, 12, 11, 10, 9});
  }
  if (!r.site_pairs.empty()) {
    out << "\n";
    row(out, {"coordination", "messages", "units", "mean transfer"}, {34, 9, 10, 14});
    for (const auto& p : r.site_pairs)
      row(out, {"  " + p.a + (p.a == p.b ? " (within)" : " -- " + p.b), std::to_string(p.messages), num(p.units),
                dur(p.mean_transfer_s)},
          {34, 9, 10, 14});
  }
}

Json results_json(const models::Results& r) {
  Json j;
  j["schema_version"] = kResultsSchemaVersion;
  j["scenario"] = r.scenario;
  j["seed"] = r.seed;
  j["replication"] = r.replication;
  j["end_s"] = r.end_s;
  j["events"] = r.events;
  j["items"] = {{"arrived", r.arrived}, {"completed", r.completed}, {"in_progress", r.arrived - r.completed}};
  j["time_in_system_s"] = tally_json(r.time_in_system);
  Json by_class = Json::object();
  for (std::size_t c = 0; c < r.class_names.size(); ++c)
    by_class[r.class_names[c]] = tally_json(r.time_in_system_by_class[c]);
  j["time_in_system_by_class_s"] = by_class;
  const double total = std::accumulate(r.time_totals_s.begin(), r.time_totals_s.end(), 0.0);
  Json breakdown = Json::object(), share = Json::object();
  for (std::size_t k = 0; k < models::kTimeKinds; ++k) {
    breakdown[models::kTimeKindNames[k]] = r.time_totals_s[k];
    share[models::kTimeKindNames[k]] = total > 0 ? Json(r.time_totals_s[k] / total) : Json(nullptr);
  }
  j["time_breakdown_s"] = breakdown;
  j["time_share"] = share;
  Json stations = Json::array();
  for (const auto& s : r.stations)
    stations.push_back({{"name", s.name},
                        {"site", s.site},
                        {"capacity", s.capacity},
                        {"utilization", s.utilization},
                        {"mean_queue", s.mean_queue},
                        {"max_queue", s.max_queue},
                        {"mean_wait_s", s.mean_wait_s},
                        {"served", s.served}});
  j["stations"] = stations;
  Json pairs = Json::array();
  for (const auto& p : r.site_pairs)
    pairs.push_back({{"a", p.a}, {"b", p.b}, {"messages", p.messages}, {"units", p.units},
                     {"mean_transfer_s", p.mean_transfer_s}});
  j["site_pairs"] = pairs;
  return j;
}

void write_items_csv(const models::Results& r, std::ostream& out) {
  out << "source,index,name,class,arrival_s,exit_s,time_in_system_s";
  for (const char* k : models::kTimeKindNames)
    out << "," << k << "_s";
  out << "\n";
  for (const auto& item : r.items) {
    const auto& names = r.item_names[item.source];
    const bool done = item.exit_s >= 0;
    out << r.source_names[item.source] << "," << item.index << ","
        << (item.index < names.size() ? names[item.index] : "") << "," << r.class_names[item.item_class] << ","
        << num(item.arrival_s) << "," << (done ? num(item.exit_s) : "") << ","
        << (done ? num(item.exit_s - item.arrival_s) : "");
    for (double v : item.time_s)
      out << "," << num(v);
    out << "\n";
  }
}

} // namespace satflow::tools
