#include "models/results_collector.hpp"

#include "simcore/units.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace satflow::models {
namespace {

constexpr std::uint64_t kMaxReservedSamples = std::uint64_t{1} << 24;

/// Calendar year of an epoch "YYYY-MM-DD" (0 when empty).
std::int32_t epoch_year(const std::string& epoch) {
  std::int32_t year = 0;
  if (!epoch.empty())
    std::from_chars(epoch.data(), epoch.data() + std::min<std::size_t>(4, epoch.size()), year);
  return year;
}

} // namespace

ResultsCollector::ResultsCollector(const Scenario& scenario, const std::vector<std::string>& test_names,
                                   bool keep_items)
    : scenario_(scenario), keep_items_(keep_items), targets_(scenario.targets, scenario.classes.size()) {
  for (const auto& name : test_names)
    tests_.push_back({name, 0, 0});
  pairs_.resize(scenario.sites.size() * scenario.sites.size());
  // As many times in system as items can arrive, when the sources say (up to 16 M: 128 MB of address
  // space, untouched until used).
  std::uint64_t expected = 0;
  for (const auto& a : scenario.arrivals)
    expected += a.kind == ArrivalKind::scheduled ? a.times_s.size() : a.count.value_or(0);
  time_in_system_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(expected, kMaxReservedSamples)));
  const std::size_t classes = scenario.classes.size();
  by_class_.resize(classes);
  lead_by_class_.resize(classes);
  ready_by_class_.resize(classes);
  launched_by_class_.resize(classes);
  on_time_by_class_.resize(classes);
}

void ResultsCollector::tested(std::int32_t test, bool failed) {
  TestResult& t = tests_[static_cast<std::size_t>(test)];
  ++t.runs;
  t.failures += failed;
}

void ResultsCollector::delivered(std::uint32_t a, std::uint32_t b, double units, double transfer_s) {
  PairStats& pair = pairs_[std::min(a, b) * scenario_.sites.size() + std::max(a, b)];
  ++pair.messages;
  pair.units += units;
  pair.transfer_s += transfer_s;
}

void ResultsCollector::ready(const ItemRecord& record) {
  const double t = record.ready_s - record.arrival_s;
  ready_time_.add(t);
  ready_by_class_[record.item_class].add(t);
}

void ResultsCollector::launched(const ItemRecord& record) {
  const double lead = record.launched_s - record.arrival_s;
  const std::uint32_t cls = record.item_class;
  lead_by_class_[cls].add(lead);
  lead_time_.add(lead);
  ++launched_by_class_[cls];
  targets_.launched(cls, record.launched_s, lead);
  if (lead <= scenario_.classes[cls].due_s)
    ++on_time_by_class_[cls];
  const auto year = static_cast<std::size_t>(std::floor(record.launched_s / simcore::kYear));
  if (launched_by_year_.size() <= year)
    launched_by_year_.resize(year + 1, std::vector<std::uint64_t>(scenario_.classes.size(), 0));
  ++launched_by_year_[year][cls];
}

void ResultsCollector::exited(const Job& job) {
  const double t = job.record.exit_s - job.record.arrival_s;
  time_in_system_.add(t);
  if (by_class_.size() > 1) // with one class, its tally is the overall one (see finish)
    by_class_[job.record.item_class].add(t);
  for (std::size_t k = 0; k < kTimeKinds; ++k) {
    time_totals_[k] += job.record.time_s[k];
    time_totals_completed_[k] += job.record.time_s[k];
  }
  ++completed_;
  if (keep_items_)
    records_[job.seq] = job.record;
}

void ResultsCollector::parts_ordered(std::vector<PartDeclared> parts, std::vector<PartOrder> orders) {
  parts_ = std::move(parts);
  part_orders_ = std::move(orders);
}

Results ResultsCollector::finish(RunEnd end) {
  Results r;
  r.scenario = scenario_.name;
  r.layout = scenario_.layout;
  r.seed = end.seed;
  r.replication = end.replication;
  r.end_s = end.end_s;
  r.arrived = arrived_;
  r.completed = completed_;
  r.events = end.events;
  if (by_class_.size() == 1)
    by_class_[0] = time_in_system_;
  r.time_in_system = std::move(time_in_system_);
  for (const auto& c : scenario_.classes) {
    r.class_names.push_back(c.name);
    r.due_by_class_s.push_back(c.due_s);
  }
  r.time_in_system_by_class = std::move(by_class_);
  r.time_totals_completed_s = time_totals_completed_;
  add_stations(r, *end.stations, end.end_s);
  add_links(r, *end.graph, end.end_s);
  add_supply_chain(r, end.end_s);
  if (keep_items_)
    r.part_orders = std::move(part_orders_);
  r.flights = std::move(end.flights.flights);
  r.cancelled_flights = std::move(end.flights.cancelled);
  auto remap = [&row_of = end.flights.row_of](ItemRecord& rec) {
    if (rec.flight >= 0)
      rec.flight = row_of[static_cast<std::size_t>(rec.flight)];
  };
  for (ItemRecord& rec : records_)
    remap(rec);
  r.tests = tests_;
  r.first_year = epoch_year(scenario_.epoch);
  r.epoch_days = scenario_.epoch.empty() ? 0 : simcore::parse_date_days(scenario_.epoch).value_or(0);
  r.launched_by_year = launched_by_year_;
  r.launched_by_class = launched_by_class_;
  r.lead_time = std::move(lead_time_);
  r.lead_time_by_class = std::move(lead_by_class_);
  r.time_to_ready = std::move(ready_time_);
  r.time_to_ready_by_class = std::move(ready_by_class_);
  r.on_time_by_class = on_time_by_class_;
  r.targets = targets_.finish();
  for (const auto& a : scenario_.arrivals) {
    r.source_names.push_back(a.name);
    r.item_names.push_back(a.item_names);
  }
  for (Job& job : end.jobs->slots())
    if (job.live) {
      remap(job.record);
      if (job.parent != kNone)
        continue; // a branch: its item's own bucket (the parallel stage) runs to the end instead
      switch_to(job, job.kind, end.end_s); // still inside: its current bucket runs to the end
      for (std::size_t k = 0; k < kTimeKinds; ++k)
        time_totals_[k] += job.record.time_s[k];
      if (keep_items_)
        records_[job.seq] = job.record;
    }
  r.time_totals_s = time_totals_;
  r.items = std::move(records_);
  r.trace = std::move(*end.trace);
  return r;
}

void ResultsCollector::add_stations(Results& r, const std::vector<Station>& stations, double end) const {
  for (const Station& s : stations) {
    StationResult sr;
    sr.name = s.name();
    sr.site = scenario_.sites[s.site()].name;
    sr.capacity = s.capacity();
    sr.utilization = end > 0 ? s.busy_signal().mean(end) / s.capacity() : 0;
    sr.mean_queue = end > 0 ? s.queue_signal().mean(end) : 0;
    sr.max_queue = s.queue_signal().max();
    if (const auto* h = s.queue_history()) {
      sr.queue_history = h->buckets();
      sr.queue_width_s = h->width_s();
    }
    sr.mean_wait_s = s.waits().count() ? s.waits().mean() : 0;
    sr.served = s.waits().count();
    sr.availability = end > 0 ? s.up_signal().mean(end) : 1;
    sr.breakdowns = s.breakdowns();
    r.stations.push_back(std::move(sr));
  }
}

/// Site pairs that carried messages, and the units every route put on each link.
void ResultsCollector::add_links(Results& r, const simcore::SiteGraph& graph, double end) const {
  const std::size_t n = scenario_.sites.size();
  std::vector<double> link_units(graph.link_count(), 0), intra_units(n, 0);
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = a; b < n; ++b) {
      const PairStats& p = pairs_[a * n + b];
      if (!p.messages)
        continue;
      r.site_pairs.push_back({scenario_.sites[a].name, scenario_.sites[b].name, p.messages, p.units,
                              p.transfer_s / static_cast<double>(p.messages)});
      if (a == b)
        intra_units[a] += p.units;
      for (std::size_t l : graph.route(a, b))
        link_units[l] += p.units;
    }
  auto link_result = [&](std::size_t a, std::size_t b, double bandwidth, double units) {
    const double utilization = std::isinf(bandwidth) ? std::nan("") : end > 0 ? units / (bandwidth * end) : 0;
    r.links.push_back({scenario_.sites[a].name, scenario_.sites[b].name, bandwidth, units, utilization});
  };
  for (std::size_t l = 0; l < graph.link_count(); ++l)
    if (link_units[l] > 0)
      link_result(graph.link_ends(l).first, graph.link_ends(l).second, graph.link(l).bandwidth, link_units[l]);
  for (std::size_t a = 0; a < n; ++a)
    if (intra_units[a] > 0 && !std::isinf(graph.site(a).intra_bandwidth))
      link_result(a, a, graph.site(a).intra_bandwidth, intra_units[a]);
}

/// Every supplier's and part's row: counts and means over the orders (PartResult, SupplierResult).
void ResultsCollector::add_supply_chain(Results& r, double end) const {
  struct Sums {
    double lead = 0, wait = 0, queue = 0;
    std::uint64_t started = 0;
  };
  std::vector<Sums> by_part(parts_.size()), by_supplier(scenario_.suppliers.size());
  for (const auto& s : scenario_.suppliers)
    r.suppliers.push_back({s.name, s.country, s.capacity});
  for (const PartDeclared& p : parts_)
    r.parts.push_back({p.name, scenario_.suppliers[p.supplier].name, scenario_.suppliers[p.supplier].country, p.stage});
  for (const PartOrder& rec : part_orders_) {
    const std::uint32_t s = parts_[rec.part].supplier;
    PartResult& part = r.parts[rec.part];
    SupplierResult& sup = r.suppliers[s];
    ++part.orders;
    ++sup.orders;
    part.licence_holds += rec.held;
    sup.licence_holds += rec.held;
    if (rec.delivered_s >= 0) {
      ++part.delivered;
      ++sup.delivered;
      by_part[rec.part].lead += rec.delivered_s - rec.ordered_s;
    }
    if (rec.started_s >= 0) {
      ++by_supplier[s].started;
      by_supplier[s].queue += rec.started_s - rec.released_s;
    }
    if (rec.needed_s >= 0) {
      const double wait = rec.wait_s(end);
      ++part.needed;
      part.late += wait > 0;
      by_part[rec.part].wait += wait;
      by_supplier[s].wait += wait;
    }
  }
  auto mean = [](double sum, std::uint64_t n) { return n ? sum / static_cast<double>(n) : 0.0; };
  std::vector<std::uint64_t> needed(scenario_.suppliers.size());
  for (std::size_t p = 0; p < parts_.size(); ++p) {
    PartResult& part = r.parts[p];
    part.mean_order_to_delivery_s = mean(by_part[p].lead, part.delivered);
    part.mean_wait_s = mean(by_part[p].wait, part.needed);
    needed[parts_[p].supplier] += part.needed;
  }
  for (std::size_t s = 0; s < scenario_.suppliers.size(); ++s) {
    r.suppliers[s].mean_queue_s = mean(by_supplier[s].queue, by_supplier[s].started);
    r.suppliers[s].mean_wait_s = mean(by_supplier[s].wait, needed[s]);
  }
}

} // namespace satflow::models
