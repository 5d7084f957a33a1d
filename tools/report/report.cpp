#include "tools/report/report.hpp"

#include "simcore/units.hpp"
#include "tools/report/csv.hpp"
#include "tools/report/kpis.hpp"
#include "tools/report/readable.hpp"
#include "tools/report/results_schema.hpp"

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

/// The item's name in the CSVs: its name from the scenario, or empty.
std::string item_name(const models::Results& r, const models::ItemRecord& item) {
  const auto& names = r.item_names[item.source];
  return item.index < names.size() ? names[item.index] : "";
}

std::uint64_t launched_total(const models::Results& r) {
  return std::accumulate(r.launched_by_class.begin(), r.launched_by_class.end(), std::uint64_t{0});
}

/// A section's rows as a person's table, after a blank line; nothing when it has no rows.
template <class Row>
void section_table(std::ostream& out, const std::string& title, const std::vector<Row>& rows,
                   std::span<const Field<Row>> fields, const models::Results& r) {
  if (rows.empty())
    return;
  out << "\n";
  write_section_table(out, title, std::span<const Row>(rows), fields, TableContext{r});
}

void tally_rows(std::ostream& out, const std::string& title, const simcore::Tally& all,
                const std::vector<std::string>& names, const std::vector<simcore::Tally>& by_class) {
  std::vector<std::vector<std::string>> lines{{title, "items", "mean", "p50", "p90", "max"}};
  auto tally_row = [&](const std::string& label, const simcore::Tally& x) {
    const bool some = x.count() > 0;
    lines.push_back({label, std::to_string(x.count()), some ? dur(x.mean()) : "-", some ? dur(x.quantile(0.5)) : "-",
                     some ? dur(x.quantile(0.9)) : "-", some ? dur(x.max()) : "-"});
  };
  tally_row("all", all);
  if (names.size() > 1)
    for (std::size_t c = 0; c < names.size(); ++c)
      tally_row(names[c], by_class[c]);
  write_aligned(out, lines);
}

/// Satellites launched per year and class.
void launches_by_year(std::ostream& out, const models::Results& r) {
  std::vector<std::vector<std::string>> lines{{"launched per year"}};
  lines[0].insert(lines[0].end(), r.class_names.begin(), r.class_names.end());
  for (std::size_t y = 0; y < r.launched_by_year.size(); ++y) {
    lines.push_back(
        {r.first_year ? std::to_string(r.first_year + static_cast<int>(y)) : "year " + std::to_string(y + 1)});
    for (std::uint64_t n : r.launched_by_year[y])
      lines.back().push_back(std::to_string(n));
  }
  write_aligned(out, lines);
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
    out << "launched " << launched_total(r) << " (" << readable_number(launches_per_year(r)) << " a year) on "
        << r.flights.size() << " flights; coordination share of lead time "
        << readable_percent(time_share(r, models::TimeKind::coordination)) << "\n";
  out << "\n";
  // With launches, an item's time in system is its lead time to launch unless the process goes on after it.
  if (launches && r.lead_time.count() == r.time_in_system.count())
    tally_rows(out, "lead time to launch", r.lead_time, r.class_names, r.lead_time_by_class);
  else
    tally_rows(out, "time in system", r.time_in_system, r.class_names, r.time_in_system_by_class);
  if (launches) {
    out << "\n";
    tally_rows(out, "time to ready", r.time_to_ready, r.class_names, r.time_to_ready_by_class);
  }

  out << "\nwhere the time went (every item, to its exit or the end of the run):";
  for (std::size_t k = 0; k < models::kTimeKinds; ++k)
    out << (k == 4 ? "\n " : "") << "  " << models::kTimeKindNames[k] << " "
        << readable_percent(time_share(r, static_cast<models::TimeKind>(k)));
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

  section_table(out, "station", r.stations, station_fields(), r);
  section_table(out, "coordination", r.site_pairs, site_pair_fields(), r);
  section_table(out, "link", r.links, link_fields(), r);
  section_table(out, "tests", r.tests, test_fields(), r);
  section_table(out, "parts", r.parts, part_fields(), r);
  section_table(out, "suppliers", r.suppliers, supplier_fields(), r);
  if (launches) {
    section_table(out, "flight", r.flights, flight_fields(), r);
    section_table(out, "cancelled flight", r.cancelled_flights, cancelled_flight_fields(), r);
    out << "\n";
    launches_by_year(out, r);
  }
  section_table(out, "target", r.targets, target_fields(), r);
}

namespace {

/// One tally per class, by class name.
Json by_class_json(const models::Results& r, const std::vector<simcore::Tally>& tallies) {
  Json out = Json::object();
  for (std::size_t c = 0; c < r.class_names.size(); ++c)
    out[r.class_names[c]] = tally_json(tallies[c]);
  return out;
}

/// Each class's launches within its due lead time, for the classes that have one.
Json on_time_json(const models::Results& r) {
  Json on_time = Json::object();
  for (std::size_t c = 0; c < r.class_names.size(); ++c) {
    if (std::isinf(r.due_by_class_s[c]))
      continue;
    const auto launched = r.launched_by_class[c];
    on_time[r.class_names[c]] = {
        {"due_s", r.due_by_class_s[c]},
        {"launched", launched},
        {"on_time", r.on_time_by_class[c]},
        {"share",
         launched ? Json(static_cast<double>(r.on_time_by_class[c]) / static_cast<double>(launched)) : Json(nullptr)}};
  }
  return on_time;
}

Json launches_json(const models::Results& r) {
  Json launch = Json::object();
  launch["total"] = launched_total(r);
  Json launched_class = Json::object();
  for (std::size_t c = 0; c < r.class_names.size(); ++c)
    launched_class[r.class_names[c]] = r.launched_by_class[c];
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
  launch["lead_time_by_class_s"] = by_class_json(r, r.lead_time_by_class);
  launch["time_to_ready_s"] = tally_json(r.time_to_ready);
  launch["time_to_ready_by_class_s"] = by_class_json(r, r.time_to_ready_by_class);
  launch["on_time"] = on_time_json(r);
  return launch;
}

} // namespace

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
  Json headline = Json::object();
  for (const auto& kpi : compare_kpis())
    if (kpi.headline_role == KpiDef::Headline::yes) {
      const double v = kpi.value(r);
      headline[kpi.name] = std::isnan(v) ? Json(nullptr) : Json(v);
    }
  j["headline"] = headline;
  j["items"] = {{"arrived", r.arrived}, {"completed", r.completed}, {"in_progress", r.arrived - r.completed}};
  j["time_in_system_s"] = tally_json(r.time_in_system);
  j["time_in_system_by_class_s"] = by_class_json(r, r.time_in_system_by_class);
  Json breakdown = Json::object(), completed = Json::object(), share = Json::object();
  for (std::size_t k = 0; k < models::kTimeKinds; ++k) {
    breakdown[models::kTimeKindNames[k]] = r.time_totals_s[k];
    completed[models::kTimeKindNames[k]] = r.time_totals_completed_s[k];
    const double v = time_share(r, static_cast<models::TimeKind>(k));
    share[models::kTimeKindNames[k]] = std::isnan(v) ? Json(nullptr) : Json(v);
  }
  j["time_breakdown_s"] = breakdown;
  j["time_breakdown_completed_s"] = completed;
  j["time_share"] = share;
  j["stations"] = section_json(std::span(r.stations), station_fields());
  j["site_pairs"] = section_json(std::span(r.site_pairs), site_pair_fields());
  j["links"] = section_json(std::span(r.links), link_fields());
  j["tests"] = section_json(std::span(r.tests), test_fields());
  j["parts"] = section_json(std::span(r.parts), part_fields());
  j["suppliers"] = section_json(std::span(r.suppliers), supplier_fields());
  j["launches"] = launches_json(r);
  j["flights"] = section_json(std::span(r.flights), flight_fields());
  j["cancelled_flights"] = section_json(std::span(r.cancelled_flights), cancelled_flight_fields());
  if (!r.targets.empty()) // scenarios without targets keep their documents as they were
    j["targets"] = section_json(std::span(r.targets), target_fields());
  return j;
}

void write_items_csv(const models::Results& r, std::ostream& out) {
  // Each date (ISO 8601, the day it fell on) beside its seconds: a spreadsheet reads them together,
  // and the time buckets stay the last columns, one block that sums to the time up to exit.
  std::vector<std::string> header{
      "source",           "index",   "name",       "class",      "arrival_s",     "arrival_date", "exit_s", "exit_date",
      "time_in_system_s", "ready_s", "ready_date", "launched_s", "launched_date", "flight"};
  for (const char* k : models::kTimeKindNames)
    header.push_back(std::string(k) + "_s");
  write_csv_row(out, header);
  auto if_set = [](double t) { return t >= 0 ? num(t) : std::string(); }; // -1 stands for never
  // Empty without an epoch: no calendar to put the time on.
  auto date = [&r](double t) {
    return r.first_year != 0 ? simcore::format_date(r.epoch_days + t / simcore::kDay) : std::string();
  };
  for (const auto& item : r.items) {
    const bool done = item.exit_s >= 0;
    std::vector<std::string> row{r.source_names[item.source],
                                 std::to_string(item.index),
                                 item_name(r, item),
                                 r.class_names[item.item_class],
                                 num(item.arrival_s),
                                 date(item.arrival_s),
                                 done ? num(item.exit_s) : "",
                                 done ? date(item.exit_s) : "",
                                 done ? num(item.exit_s - item.arrival_s) : "",
                                 if_set(item.ready_s),
                                 item.ready_s >= 0 ? date(item.ready_s) : "",
                                 if_set(item.launched_s),
                                 item.launched_s >= 0 ? date(item.launched_s) : "",
                                 item.flight >= 0 ? r.flights[static_cast<std::size_t>(item.flight)].name : ""};
    for (double v : item.time_s)
      row.push_back(num(v));
    write_csv_row(out, row);
  }
}

void write_parts_csv(const models::Results& r, std::ostream& out) {
  write_csv_row(out, {"source", "index", "name", "class", "part", "supplier", "country", "stage", "ordered_s",
                      "licence_granted_s", "licence_held", "production_start_s", "delivered_s", "needed_s", "wait_s"});
  auto if_set = [](double t) { return t >= 0 ? num(t) : std::string(); }; // -1 stands for never
  for (const auto& o : r.part_orders) {
    const models::ItemRecord& item = r.items[o.item];
    const models::PartResult& part = r.parts[o.part];
    write_csv_row(out, {r.source_names[item.source], std::to_string(item.index), item_name(r, item),
                        r.class_names[item.item_class], part.name, part.supplier, part.country, part.stage,
                        if_set(o.ordered_s), if_set(o.released_s), o.held ? "1" : "0", if_set(o.started_s),
                        if_set(o.delivered_s), if_set(o.needed_s), o.needed_s >= 0 ? num(o.wait_s(r.end_s)) : ""});
  }
}

} // namespace satflow::tools
