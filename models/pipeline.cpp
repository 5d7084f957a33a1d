#include "models/pipeline.hpp"

#include "models/coordination.hpp"
#include "models/station.hpp"
#include "simcore/engine.hpp"
#include "simcore/random_streams.hpp"
#include "simcore/scheduler.hpp"

#include <cmath>
#include <memory>
#include <stdexcept>

namespace satflow::models {
namespace {

constexpr std::uint32_t kNone = UINT32_MAX;
constexpr std::uint32_t kExit = UINT32_MAX - 1;

// A stage with its names resolved to indices.
struct Stage {
  std::string name;
  StageKind kind;
  std::uint32_t station = kNone;
  std::vector<simcore::Distribution> duration; // per class
  std::uint32_t site = kNone;                  // delay/coordinate: kNone = where the item is
  std::uint32_t to = kNone;
  double request_size = 0;
  double answer_size = 0;
  int rounds = 1;
  std::vector<std::uint32_t> next;   // stage indices or kExit
  std::vector<double> next_cumulative;
  simcore::Stream draws;             // parent of every duration draw at this stage
  simcore::Stream routes;            // parent of every routing draw at this stage
  std::uint32_t trace_queued = 0;
  std::uint32_t trace_active = 0;
};

// A live work item. Slots are reused once an item leaves, so memory follows the work in progress,
// not the number of items ever seen; the per-item records are kept only when asked for.
struct Item {
  ItemRecord record;
  std::uint64_t seq = 0;      // arrival order over all sources: the item's id in records and traces
  bool live = false;
  std::uint64_t key = 0;      // (source, index): keys the item's draws
  std::uint32_t stage = 0;
  std::uint32_t site = 0;
  std::uint32_t partner = 0;  // coordination partner site
  int rounds_left = 0;
  bool awaiting_answer = false;
  TimeKind kind = TimeKind::delay; // what the item is doing now
  double mark_s = 0;          // when it began doing it
  double sent_s = 0;          // when the message in flight left
};

struct Source {
  const ArrivalSpec* spec;
  std::uint32_t item_class;
  std::uint32_t site;
  simcore::Stream interarrivals;
  std::uint64_t emitted = 0;
};

struct PairStats {
  std::uint64_t messages = 0;
  double units = 0;
  double transfer_s = 0;
};

template <class T>
std::uint32_t index_of(const std::vector<T>& v, const std::string& name, const char* what) {
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v[i].name == name)
      return static_cast<std::uint32_t>(i);
  throw std::invalid_argument(std::string("unknown ") + what + " '" + name + "'");
}

class Pipeline {
public:
  Pipeline(const Scenario& sc, const RunOptions& options)
      : scenario_(sc), streams_(options.seed, options.replication), engine_(build_graph(sc), {options.kernel_logs}),
        sched_(engine_), trace_(options.trace), keep_items_(options.keep_items) {
    for (const auto& st : sc.stations)
      stations_.emplace_back(st.name, index_of(sc.sites, st.site, "site"), st.capacity, st.discipline);
    for (const auto& c : sc.classes)
      priorities_.push_back(c.priority);
    resolve_stages();
    for (const auto& a : sc.arrivals) {
      sources_.push_back({&a, index_of(sc.classes, a.item_class, "class"),
                          a.site.empty() ? 0 : index_of(sc.sites, a.site, "site"),
                          streams_.stream("arrivals:" + a.name), 0});
    }
    pairs_.resize(sc.sites.size() * sc.sites.size());
    trace_exit_ = trace_.state_id("exit");
  }

  Results run() {
    for (std::uint32_t s = 0; s < sources_.size(); ++s)
      schedule_next_arrival(s);
    if (std::isinf(scenario_.horizon_s))
      sched_.run();
    else
      sched_.run_until(scenario_.horizon_s);
    return collect();
  }

private:
  static simcore::SiteGraph build_graph(const Scenario& sc) {
    simcore::SiteGraph g;
    for (const auto& s : sc.sites)
      g.add_site({s.name, s.location, s.intra_latency_s, s.intra_bandwidth});
    for (const auto& l : coordination_links(sc))
      g.add_link(g.site_by_name(l.a), g.site_by_name(l.b), {"", l.latency_s, l.bandwidth});
    return g;
  }

  void resolve_stages() {
    const auto& sc = scenario_;
    if (sc.stages.empty())
      throw std::invalid_argument("the process has no stage");
    for (std::size_t i = 0; i < sc.stages.size(); ++i) {
      const StageSpec& spec = sc.stages[i];
      Stage st;
      st.name = spec.name;
      st.kind = spec.kind;
      if (spec.kind == StageKind::station)
        st.station = index_of(sc.stations, spec.station, "station");
      for (const auto& c : sc.classes) {
        st.duration.push_back(spec.duration.all);
        for (const auto& [cls, dist] : spec.duration.by_class)
          if (cls == c.name)
            st.duration.back() = dist;
      }
      if (!spec.site.empty())
        st.site = index_of(sc.sites, spec.site, "site");
      if (spec.kind == StageKind::coordinate)
        st.to = index_of(sc.sites, spec.to, "site");
      st.request_size = spec.request_size;
      st.answer_size = spec.answer_size;
      st.rounds = spec.rounds;
      if (spec.next.empty()) {
        st.next.push_back(i + 1 < sc.stages.size() ? static_cast<std::uint32_t>(i + 1) : kExit);
        st.next_cumulative.push_back(1);
      }
      double cumulative = 0;
      for (const auto& r : spec.next) {
        st.next.push_back(r.to == "exit" ? kExit : index_of(sc.stages, r.to, "stage"));
        cumulative += r.probability;
        st.next_cumulative.push_back(cumulative);
      }
      st.draws = streams_.stream("stage:" + spec.name);
      st.routes = streams_.stream("route:" + spec.name);
      st.trace_queued = trace_.state_id(spec.name + " (queued)");
      st.trace_active = trace_.state_id(spec.name);
      stages_.push_back(std::move(st));
    }
  }

  // --- arrivals -------------------------------------------------------------------------------

  void schedule_next_arrival(std::uint32_t s) {
    Source& src = sources_[s];
    const ArrivalSpec& spec = *src.spec;
    double t;
    if (spec.kind == ArrivalKind::scheduled) {
      if (src.emitted >= spec.times_s.size())
        return;
      t = spec.times_s[src.emitted];
    } else {
      if (spec.count && src.emitted >= *spec.count)
        return;
      const double base = src.emitted == 0 ? spec.start_s : sched_.now();
      t = base - std::log1p(-src.interarrivals.uniform01()) / spec.rate_per_s;
    }
    if (t > scenario_.horizon_s)
      return;
    sched_.at(t, [this, s] { arrive(s); });
  }

  /// A free item slot, its visit counters zeroed.
  std::uint32_t allocate_slot() {
    std::uint32_t id;
    if (free_slots_.empty()) {
      id = static_cast<std::uint32_t>(items_.size());
      items_.emplace_back();
      visits_.resize(visits_.size() + stages_.size(), 0);
    } else {
      id = free_slots_.back();
      free_slots_.pop_back();
      items_[id] = Item{};
      std::fill_n(visits_.begin() + static_cast<std::ptrdiff_t>(std::size_t{id} * stages_.size()), stages_.size(), 0);
    }
    return id;
  }

  void arrive(std::uint32_t s) {
    Source& src = sources_[s];
    const std::uint32_t id = allocate_slot();
    Item& item = items_[id];
    item.live = true;
    item.seq = arrived_++;
    if (keep_items_)
      records_.emplace_back();
    item.record.source = s;
    item.record.index = src.emitted;
    item.record.item_class = src.item_class;
    item.record.arrival_s = sched_.now();
    item.key = simcore::mix64(simcore::mix64(s + 1) ^ src.emitted);
    item.site = src.site;
    item.mark_s = sched_.now();
    ++src.emitted;
    schedule_next_arrival(s);
    enter(id, 0);
  }

  // --- stages ---------------------------------------------------------------------------------

  /// Closes the item's current time bucket at t and opens `next`.
  static void switch_to(Item& item, TimeKind next, double t) {
    item.record.time_s[static_cast<std::size_t>(item.kind)] += t - item.mark_s;
    item.kind = next;
    item.mark_s = t;
  }
  void switch_to(Item& item, TimeKind next) { switch_to(item, next, sched_.now()); }

  /// A draw for this item's current visit of the stage (common random numbers: see the header).
  simcore::Stream visit_stream(const simcore::Stream& parent, std::uint32_t id) const {
    const Item& item = items_[id];
    return parent.derive(item.key).derive(visits_[std::size_t{id} * stages_.size() + item.stage]);
  }

  void enter(std::uint32_t id, std::uint32_t stage_index) {
    Item& item = items_[id];
    item.stage = stage_index;
    ++visits_[std::size_t{id} * stages_.size() + stage_index];
    const Stage& st = stages_[stage_index];
    switch (st.kind) {
    case StageKind::station: {
      Station& station = stations_[st.station];
      item.site = static_cast<std::uint32_t>(station.site());
      if (station.request(sched_.now(), id, priorities_[item.record.item_class])) {
        start_work(id);
      } else {
        switch_to(item, TimeKind::queueing);
        trace(id, st.trace_queued);
      }
      break;
    }
    case StageKind::delay: {
      if (st.site != kNone)
        item.site = st.site;
      switch_to(item, TimeKind::delay);
      trace(id, st.trace_active);
      simcore::Stream draw = visit_stream(st.draws, id);
      sched_.after(st.duration[item.record.item_class].sample(draw), [this, id] { leave_stage(id); });
      break;
    }
    case StageKind::coordinate:
      if (st.site != kNone)
        item.site = st.site;
      item.partner = st.to;
      item.rounds_left = st.rounds;
      switch_to(item, TimeKind::coordination);
      trace(id, st.trace_active);
      send(id, false);
      break;
    }
  }

  /// The item holds a server of its stage's station from now on.
  void start_work(std::uint32_t id) {
    Item& item = items_[id];
    const Stage& st = stages_[item.stage];
    switch_to(item, TimeKind::working);
    trace(id, st.trace_active);
    simcore::Stream draw = visit_stream(st.draws, id);
    sched_.after(st.duration[item.record.item_class].sample(draw), [this, id] { finish_work(id); });
  }

  void finish_work(std::uint32_t id) {
    Item& item = items_[id];
    Station& station = stations_[stages_[item.stage].station];
    if (auto next = station.release(sched_.now()))
      start_work(*next);
    leave_stage(id);
  }

  /// One message of a coordination exchange: the request (item's site to partner) or the answer.
  void send(std::uint32_t id, bool answer) {
    Item& item = items_[id];
    const Stage& st = stages_[item.stage];
    item.awaiting_answer = answer;
    item.sent_s = sched_.now();
    const std::uint32_t from = answer ? item.partner : item.site;
    const std::uint32_t to = answer ? item.site : item.partner;
    const double size = answer ? st.answer_size : st.request_size;
    sched_.transfer(from, to, size, [this, id] { delivered(id); });
  }

  void delivered(std::uint32_t id) {
    Item& item = items_[id];
    const Stage& st = stages_[item.stage];
    const std::size_t n = scenario_.sites.size();
    const std::uint32_t lo = std::min(item.site, item.partner);
    const std::uint32_t hi = std::max(item.site, item.partner);
    PairStats& pair = pairs_[lo * n + hi];
    ++pair.messages;
    pair.units += item.awaiting_answer ? st.answer_size : st.request_size;
    pair.transfer_s += sched_.now() - item.sent_s;
    if (!item.awaiting_answer) {
      send(id, true);
      return;
    }
    if (--item.rounds_left > 0) {
      send(id, false);
      return;
    }
    leave_stage(id);
  }

  void leave_stage(std::uint32_t id) {
    const Stage& st = stages_[items_[id].stage];
    std::uint32_t next = st.next[0];
    if (st.next.size() > 1) {
      const double u = visit_stream(st.routes, id).uniform01();
      std::size_t k = 0;
      while (k + 1 < st.next.size() && u >= st.next_cumulative[k])
        ++k;
      next = st.next[k];
    }
    if (next == kExit)
      exit(id);
    else
      enter(id, next);
  }

  void exit(std::uint32_t id) {
    Item& item = items_[id];
    item.record.exit_s = sched_.now();
    switch_to(item, TimeKind::delay); // closes the last bucket
    trace(id, trace_exit_);
    const double t = item.record.exit_s - item.record.arrival_s;
    time_in_system_.add(t);
    by_class_[item.record.item_class].add(t);
    for (std::size_t k = 0; k < kTimeKinds; ++k)
      time_totals_[k] += item.record.time_s[k];
    ++completed_;
    if (keep_items_)
      records_[item.seq] = item.record;
    item.live = false;
    free_slots_.push_back(id);
  }

  void trace(std::uint32_t id, std::uint32_t state) {
    const Item& item = items_[id];
    trace_.record(sched_.now(), static_cast<std::uint32_t>(item.seq), state, item.site);
  }

  // --- results --------------------------------------------------------------------------------

  Results collect() {
    const double end = std::isinf(scenario_.horizon_s) ? sched_.now() : scenario_.horizon_s;
    Results r;
    r.scenario = scenario_.name;
    r.seed = streams_.seed();
    r.replication = streams_.replication();
    r.end_s = end;
    r.arrived = arrived_;
    r.completed = completed_;
    r.events = sched_.events_executed();
    r.time_in_system = std::move(time_in_system_);
    for (const auto& c : scenario_.classes)
      r.class_names.push_back(c.name);
    r.time_in_system_by_class = std::move(by_class_);
    r.time_totals_s = time_totals_;
    for (const Station& s : stations_) {
      StationResult sr;
      sr.name = s.name();
      sr.site = scenario_.sites[s.site()].name;
      sr.capacity = s.capacity();
      sr.utilization = end > 0 ? s.busy_signal().mean(end) / s.capacity() : 0;
      sr.mean_queue = end > 0 ? s.queue_signal().mean(end) : 0;
      sr.max_queue = s.queue_signal().max();
      sr.mean_wait_s = s.waits().count() ? s.waits().mean() : 0;
      sr.served = s.waits().count();
      r.stations.push_back(std::move(sr));
    }
    const std::size_t n = scenario_.sites.size();
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = a; b < n; ++b) {
        const PairStats& p = pairs_[a * n + b];
        if (p.messages)
          r.site_pairs.push_back({scenario_.sites[a].name, scenario_.sites[b].name, p.messages, p.units,
                                  p.transfer_s / static_cast<double>(p.messages)});
      }
    for (const Source& s : sources_) {
      r.source_names.push_back(s.spec->name);
      r.item_names.push_back(s.spec->item_names);
    }
    for (Item& item : items_)
      if (item.live && keep_items_) { // still inside: its current bucket runs to the end
        switch_to(item, item.kind, end);
        records_[item.seq] = item.record;
      }
    r.items = std::move(records_);
    r.trace = std::move(trace_);
    return r;
  }

  const Scenario& scenario_;
  simcore::RandomStreams streams_;
  simcore::Engine engine_;
  simcore::Scheduler sched_;
  simcore::TraceRecorder trace_;
  std::uint32_t trace_exit_ = 0;
  std::vector<Station> stations_;
  std::vector<int> priorities_;
  std::vector<Stage> stages_;
  std::vector<Source> sources_;
  bool keep_items_;
  std::vector<Item> items_;            // slots
  std::vector<std::uint32_t> free_slots_;
  std::vector<std::uint16_t> visits_;  // slots x stages
  std::vector<ItemRecord> records_;    // by arrival order, when kept
  std::uint64_t arrived_ = 0;
  std::vector<PairStats> pairs_;      // sites x sites, lower index first
  simcore::Tally time_in_system_;
  std::vector<simcore::Tally> by_class_ = std::vector<simcore::Tally>(scenario_.classes.size());
  std::array<double, kTimeKinds> time_totals_{};
  std::uint64_t completed_ = 0;
};

} // namespace

Results run_scenario(const Scenario& scenario, const RunOptions& options) {
  Pipeline pipeline(scenario, options);
  return pipeline.run();
}

} // namespace satflow::models
