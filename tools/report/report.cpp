#include "tools/report/report.hpp"

#include "simcore/units.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;

std::string num(double v) { return std::isnan(v) ? "" : simcore::format_number(v); }

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

/// A simulated date: calendar with an epoch, else time since the start.
std::string when(const models::Results& r, double t) {
  if (t < 0)
    return "-";
  if (r.first_year == 0)
    return "+" + dur(t);
  return simcore::format_date(r.epoch_days + t / simcore::kDay);
}

/// "daejeon -- sacheon", or "sacheon (within)" for a site's own link.
std::string pair_label(const std::string& a, const std::string& b) { return a == b ? a + " (within)" : a + " -- " + b; }

void row(std::ostream& out, const std::vector<std::string>& cells, const std::vector<int>& widths) {
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

double total_time(const models::Results& r) {
  return std::accumulate(r.time_totals_s.begin(), r.time_totals_s.end(), 0.0);
}

double share_of(const models::Results& r, models::TimeKind kind) {
  const double total = total_time(r);
  return total > 0 ? r.time_totals_s[static_cast<std::size_t>(kind)] / total : std::nan("");
}

std::uint64_t launched_total(const models::Results& r) {
  return std::accumulate(r.launched_by_class.begin(), r.launched_by_class.end(), std::uint64_t{0});
}

void tally_rows(std::ostream& out, const std::string& title, const simcore::Tally& all,
                const std::vector<std::string>& names, const std::vector<simcore::Tally>& by_class) {
  row(out, {title, "items", "mean", "p50", "p90", "max"}, {22, 9, 9, 9, 9, 9});
  auto tally_row = [&](const std::string& label, const simcore::Tally& x) {
    const bool some = x.count() > 0;
    row(out,
        {label, std::to_string(x.count()), some ? dur(x.mean()) : "-", some ? dur(x.quantile(0.5)) : "-",
         some ? dur(x.quantile(0.9)) : "-", some ? dur(x.max()) : "-"},
        {22, 9, 9, 9, 9, 9});
  };
  tally_row("  all", all);
  if (names.size() > 1)
    for (std::size_t c = 0; c < names.size(); ++c)
      tally_row("  " + names[c], by_class[c]);
}

/// The long-lead parts and their suppliers, when the scenario has any.
void write_parts_table(const models::Results& r, std::ostream& out) {
  if (r.parts.empty())
    return;
  const std::vector<int> widths{22, 16, 20, 7, 10, 6, 13, 10, 10};
  out << "\n";
  row(out, {"parts", "supplier", "needed at", "orders", "delivered", "holds", "order to in", "late", "mean wait"},
      widths);
  for (const auto& p : r.parts)
    row(out,
        {"  " + p.name, p.supplier, p.stage, std::to_string(p.orders), std::to_string(p.delivered),
         std::to_string(p.licence_holds), p.delivered ? dur(p.mean_order_to_delivery_s) : "-",
         std::to_string(p.late) + "/" + std::to_string(p.needed), p.needed ? dur(p.mean_wait_s) : "-"},
        widths);
  const std::vector<int> supplier_widths{22, 16, 9, 7, 10, 6, 11, 10};
  out << "\n";
  row(out, {"suppliers", "country", "capacity", "orders", "delivered", "holds", "mean queue", "mean wait"},
      supplier_widths);
  for (const auto& s : r.suppliers)
    row(out,
        {"  " + s.name, s.country, s.capacity > 0 ? std::to_string(s.capacity) : "-", std::to_string(s.orders),
         std::to_string(s.delivered), std::to_string(s.licence_holds), dur(s.mean_queue_s), dur(s.mean_wait_s)},
        supplier_widths);
}

} // namespace

double launches_per_year(const models::Results& r) {
  return r.end_s > 0 ? static_cast<double>(launched_total(r)) / (r.end_s / simcore::kYear) : 0;
}

namespace {

/// One row per station (availability and breakdowns only when some station breaks down).
void write_stations_table(const models::Results& r, std::ostream& out) {
  if (!r.stations.empty()) {
    out << "\n";
    // Availability only when some station breaks down: otherwise it is 1 everywhere.
    const bool downtime =
        std::any_of(r.stations.begin(), r.stations.end(), [](const auto& s) { return s.breakdowns > 0; });
    std::vector<std::string> head{"station", "site", "servers", "utilization", "mean queue", "mean wait", "served"};
    std::vector<int> widths{22, 12, 8, 12, 11, 10, 9};
    if (downtime) {
      head.insert(head.end(), {"available", "breakdowns"});
      widths.insert(widths.end(), {10, 10});
    }
    row(out, head, widths);
    for (const auto& s : r.stations) {
      std::vector<std::string> cells{"  " + s.name,
                                     s.site,
                                     std::to_string(s.capacity),
                                     fixed(s.utilization, 3),
                                     fixed(s.mean_queue, 2),
                                     dur(s.mean_wait_s),
                                     std::to_string(s.served)};
      if (downtime)
        cells.insert(cells.end(), {fixed(s.availability, 3), std::to_string(s.breakdowns)});
      row(out, cells, widths);
    }
  }
}

/// One row per pair of sites that exchanged messages, then one per link.
void write_coordination_tables(const models::Results& r, std::ostream& out) {
  if (!r.site_pairs.empty()) {
    out << "\n";
    row(out, {"coordination", "messages", "units", "mean transfer"}, {34, 9, 10, 14});
    for (const auto& p : r.site_pairs)
      row(out, {"  " + pair_label(p.a, p.b), std::to_string(p.messages), num(p.units), dur(p.mean_transfer_s)},
          {34, 9, 10, 14});
  }
  if (!r.links.empty()) {
    out << "\n";
    row(out, {"link", "bandwidth", "units", "utilization"}, {34, 10, 10, 12});
    for (const auto& l : r.links)
      row(out,
          {"  " + pair_label(l.a, l.b), std::isinf(l.bandwidth) ? "unbounded" : num(l.bandwidth * simcore::kDay) + "/d",
           num(l.units), std::isnan(l.utilization) ? "-" : fixed(l.utilization, 3)},
          {34, 10, 10, 12});
  }
}

/// One row per flight, the cancelled flights, then the launches per year and class.
void write_flights_table(const models::Results& r, std::ostream& out) {
  out << "\n";
  row(out, {"flight", "planned", "launched", "attempts", "satellites", "mass"}, {22, 11, 11, 9, 11, 9});
  for (const auto& f : r.flights)
    row(out,
        {"  " + f.name, when(r, f.planned_s), when(r, f.launched_s), std::to_string(f.attempts),
         std::to_string(f.satellites), num(f.mass_kg) + "kg"},
        {22, 11, 11, 9, 11, 9});
  for (const auto& f : r.cancelled_flights)
    out << "  cancelled: " << f.name << " (" << f.launcher << ", planned " << when(r, f.planned_s) << ") from "
        << when(r, f.cancelled_s) << (f.reason.empty() ? "" : ", " + f.reason) << ": " << f.satellites
        << (f.satellites == 1 ? " satellite" : " satellites") << " re-manifested\n";
  out << "\n";
  out << "launched per year";
  for (const auto& c : r.class_names)
    out << "  " << c;
  out << "\n";
  for (std::size_t y = 0; y < r.launched_by_year.size(); ++y) {
    out << "  "
        << (r.first_year ? std::to_string(r.first_year + static_cast<int>(y)) : "year " + std::to_string(y + 1));
    for (std::uint64_t n : r.launched_by_year[y])
      out << "  " << n;
    out << "\n";
  }
}

} // namespace

void write_table(const models::Results& r, std::ostream& out) {
  // One run is one sample of a random future: say so where its figures are read.
  out << "scenario " << r.scenario << (r.layout.empty() ? "" : "  layout " + r.layout) << "  seed " << r.seed
      << "  replication " << r.replication << "  (one run: --replications N gives 95% intervals)\n";
  out << "simulated " << dur(r.end_s) << ": " << r.arrived << " items arrived, " << r.completed << " completed, "
      << r.arrived - r.completed << " still in progress\n";
  const bool launches = !r.flights.empty();
  if (launches)
    out << "launched " << launched_total(r) << " (" << fixed(launches_per_year(r), 2) << " a year) on "
        << r.flights.size() << " flights; coordination share of lead time "
        << fixed(100 * share_of(r, models::TimeKind::coordination), 1) << "%\n";
  out << "\n";
  // With launches, an item's time in system is its lead time to launch unless the process goes on after it.
  if (launches && r.lead_time.count() == r.time_in_system.count())
    tally_rows(out, "lead time to launch", r.lead_time, r.class_names, r.lead_time_by_class);
  else
    tally_rows(out, "time in system", r.time_in_system, r.class_names, r.time_in_system_by_class);

  const double total = total_time(r);
  out << "\nwhere the time went (completed items):";
  for (std::size_t k = 0; k < models::kTimeKinds; ++k)
    out << (k == 4 ? "\n " : "") << "  " << models::kTimeKindNames[k] << " "
        << (total > 0 ? fixed(100 * r.time_totals_s[k] / total, 1) : "-") << "%";
  out << "\n";

  bool any_due = false;
  for (double due : r.due_by_class_s)
    any_due = any_due || !std::isinf(due);
  if (any_due) {
    out << "on time (lead time within the class's due time):";
    for (std::size_t c = 0; c < r.class_names.size(); ++c)
      if (!std::isinf(r.due_by_class_s[c]))
        out << "  " << r.class_names[c] << " " << r.on_time_by_class[c] << "/" << r.launched_by_class[c] << " within "
            << dur(r.due_by_class_s[c]);
    out << "\n";
  }

  write_stations_table(r, out);
  write_coordination_tables(r, out);
  if (!r.tests.empty()) {
    out << "\n";
    row(out, {"tests", "runs", "failures", "failed"}, {22, 9, 9, 9});
    for (const auto& t : r.tests)
      row(out,
          {"  " + t.stage, std::to_string(t.runs), std::to_string(t.failures),
           t.runs ? fixed(100.0 * static_cast<double>(t.failures) / static_cast<double>(t.runs), 1) + "%" : "-"},
          {22, 9, 9, 9});
  }
  write_parts_table(r, out);
  if (launches)
    write_flights_table(r, out);
}

Json results_json(const models::Results& r) {
  Json j;
  j["schema_version"] = kResultsSchemaVersion;
  j["scenario"] = r.scenario;
  if (!r.layout.empty())
    j["layout"] = r.layout;
  j["seed"] = r.seed;
  j["replication"] = r.replication;
  j["end_s"] = r.end_s;
  j["events"] = r.events;
  // The KPIs that comparisons lead with.
  const bool launches = !r.flights.empty();
  j["headline"] = {
      {"lead_time_mean_s", launches ? (r.lead_time.count() ? Json(r.lead_time.mean()) : Json(nullptr))
                                    : (r.time_in_system.count() ? Json(r.time_in_system.mean()) : Json(nullptr))},
      {"launches_per_year", launches_per_year(r)},
      {"coordination_share", total_time(r) > 0 ? Json(share_of(r, models::TimeKind::coordination)) : Json(nullptr)}};
  j["items"] = {{"arrived", r.arrived}, {"completed", r.completed}, {"in_progress", r.arrived - r.completed}};
  j["time_in_system_s"] = tally_json(r.time_in_system);
  Json by_class = Json::object();
  for (std::size_t c = 0; c < r.class_names.size(); ++c)
    by_class[r.class_names[c]] = tally_json(r.time_in_system_by_class[c]);
  j["time_in_system_by_class_s"] = by_class;
  const double total = total_time(r);
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
                        {"served", s.served},
                        {"availability", s.availability},
                        {"breakdowns", s.breakdowns}});
  j["stations"] = stations;
  Json pairs = Json::array();
  for (const auto& p : r.site_pairs)
    pairs.push_back({{"a", p.a}, {"b", p.b}, {"messages", p.messages}, {"units", p.units},
                     {"mean_transfer_s", p.mean_transfer_s}});
  j["site_pairs"] = pairs;
  Json links = Json::array();
  for (const auto& l : r.links)
    links.push_back({{"a", l.a},
                     {"b", l.b},
                     {"bandwidth_per_day", std::isinf(l.bandwidth) ? Json(nullptr) : Json(l.bandwidth * simcore::kDay)},
                     {"units", l.units},
                     {"utilization", std::isnan(l.utilization) ? Json(nullptr) : Json(l.utilization)}});
  j["links"] = links;
  Json tests = Json::array();
  for (const auto& t : r.tests)
    tests.push_back({{"stage", t.stage}, {"runs", t.runs}, {"failures", t.failures}});
  j["tests"] = tests;
  Json parts = Json::array();
  for (const auto& p : r.parts)
    parts.push_back({{"name", p.name},
                     {"supplier", p.supplier},
                     {"country", p.country},
                     {"stage", p.stage},
                     {"orders", p.orders},
                     {"delivered", p.delivered},
                     {"licence_holds", p.licence_holds},
                     {"mean_order_to_delivery_s", p.mean_order_to_delivery_s},
                     {"needed", p.needed},
                     {"late", p.late},
                     {"mean_wait_s", p.mean_wait_s}});
  j["parts"] = parts;
  Json suppliers = Json::array();
  for (const auto& s : r.suppliers)
    suppliers.push_back({{"name", s.name},
                         {"country", s.country},
                         {"capacity", s.capacity > 0 ? Json(s.capacity) : Json(nullptr)},
                         {"orders", s.orders},
                         {"delivered", s.delivered},
                         {"licence_holds", s.licence_holds},
                         {"mean_queue_s", s.mean_queue_s},
                         {"mean_wait_s", s.mean_wait_s}});
  j["suppliers"] = suppliers;
  Json launch = Json::object();
  launch["total"] = launched_total(r);
  Json launched_class = Json::object(), lead_class = Json::object(), on_time = Json::object();
  for (std::size_t c = 0; c < r.class_names.size(); ++c) {
    launched_class[r.class_names[c]] = r.launched_by_class[c];
    lead_class[r.class_names[c]] = tally_json(r.lead_time_by_class[c]);
    if (!std::isinf(r.due_by_class_s[c]))
      on_time[r.class_names[c]] = {{"due_s", r.due_by_class_s[c]},
                                   {"launched", r.launched_by_class[c]},
                                   {"on_time", r.on_time_by_class[c]},
                                   {"share", r.launched_by_class[c] ? Json(static_cast<double>(r.on_time_by_class[c]) /
                                                                           static_cast<double>(r.launched_by_class[c]))
                                                                    : Json(nullptr)}};
  }
  launch["by_class"] = launched_class;
  Json by_year = Json::array();
  for (std::size_t y = 0; y < r.launched_by_year.size(); ++y) {
    Json year = {{"year", r.first_year ? r.first_year + static_cast<int>(y) : static_cast<int>(y + 1)}};
    for (std::size_t c = 0; c < r.class_names.size(); ++c)
      year[r.class_names[c]] = r.launched_by_year[y][c];
    by_year.push_back(year);
  }
  launch["by_year"] = by_year;
  launch["lead_time_s"] = tally_json(r.lead_time);
  launch["lead_time_by_class_s"] = lead_class;
  launch["on_time"] = on_time;
  j["launches"] = launch;
  Json flights = Json::array();
  for (const auto& f : r.flights)
    flights.push_back({{"launcher", f.launcher},
                       {"name", f.name},
                       {"planned_s", f.planned_s},
                       {"launched_s", f.launched_s >= 0 ? Json(f.launched_s) : Json(nullptr)},
                       {"attempts", f.attempts},
                       {"scrubs", f.scrubs},
                       {"satellites", f.satellites},
                       {"mass_kg", f.mass_kg},
                       {"in_reserve_window", f.in_reserve_window}});
  j["flights"] = flights;
  Json cancelled = Json::array();
  for (const auto& f : r.cancelled_flights)
    cancelled.push_back({{"launcher", f.launcher},
                         {"name", f.name},
                         {"planned_s", f.planned_s},
                         {"cancelled_s", f.cancelled_s},
                         {"reason", f.reason},
                         {"satellites", f.satellites}});
  j["cancelled_flights"] = cancelled;
  return j;
}

void write_items_csv(const models::Results& r, std::ostream& out) {
  out << "source,index,name,class,arrival_s,exit_s,time_in_system_s,ready_s,launched_s,flight";
  for (const char* k : models::kTimeKindNames)
    out << "," << k << "_s";
  out << "\n";
  for (const auto& item : r.items) {
    const auto& names = r.item_names[item.source];
    const bool done = item.exit_s >= 0;
    out << r.source_names[item.source] << "," << item.index << ","
        << (item.index < names.size() ? names[item.index] : "") << "," << r.class_names[item.item_class] << ","
        << num(item.arrival_s) << "," << (done ? num(item.exit_s) : "") << ","
        << (done ? num(item.exit_s - item.arrival_s) : "") << "," << (item.ready_s >= 0 ? num(item.ready_s) : "") << ","
        << (item.launched_s >= 0 ? num(item.launched_s) : "") << ","
        << (item.flight >= 0 ? r.flights[static_cast<std::size_t>(item.flight)].name : "");
    for (double v : item.time_s)
      out << "," << num(v);
    out << "\n";
  }
}

void write_parts_csv(const models::Results& r, std::ostream& out) {
  out << "source,index,name,class,part,supplier,country,stage,ordered_s,licence_granted_s,licence_held,"
         "production_start_s,delivered_s,needed_s,wait_s\n";
  auto date = [](double t) { return t >= 0 ? num(t) : std::string(); };
  for (const auto& o : r.part_orders) {
    const models::ItemRecord& item = r.items[o.item];
    const auto& names = r.item_names[item.source];
    const models::PartResult& part = r.parts[o.part];
    out << r.source_names[item.source] << "," << item.index << ","
        << (item.index < names.size() ? names[item.index] : "") << "," << r.class_names[item.item_class] << ","
        << part.name << "," << part.supplier << "," << part.country << "," << part.stage << "," << date(o.ordered_s)
        << "," << date(o.released_s) << "," << (o.held ? 1 : 0) << "," << date(o.started_s) << ","
        << date(o.delivered_s) << "," << date(o.needed_s) << ","
        << (o.needed_s >= 0 ? num(o.wait_s(r.end_s)) : "") << "\n";
  }
}

} // namespace satflow::tools
