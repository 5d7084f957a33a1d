#include "models/pipeline.hpp"

#include "models/coordination.hpp"
#include "models/launch_campaign.hpp"
#include "models/learning.hpp"
#include "models/station.hpp"
#include "simcore/engine.hpp"
#include "simcore/geo.hpp"
#include "simcore/random_streams.hpp"
#include "simcore/scheduler.hpp"
#include "simcore/units.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <stdexcept>

namespace satflow::models {
namespace {

constexpr std::uint32_t kNone = UINT32_MAX;
constexpr std::uint32_t kExit = UINT32_MAX - 1; // leave the process
constexpr std::uint32_t kJoin = UINT32_MAX - 2; // end of a parallel branch

// A stage with its names resolved to indices. Branch stages of parallel stages come after the
// top-level ones, so that top-level indices match Scenario::stages.
struct Stage {
  std::string name;
  StageKind kind;
  std::uint32_t station = kNone;
  std::vector<simcore::Distribution> duration; // per class
  std::uint32_t site = kNone;                  // delay/coordinate: kNone = where the item is
  std::vector<std::uint32_t> partners;         // coordinate
  double request_size = 0;
  double answer_size = 0;
  int rounds = 1;
  std::uint32_t periodic_to = kNone; // station: periodic coordination partner
  double periodic_interval_s = 0;
  double periodic_request = 0;
  double periodic_answer = 0;
  double failure_p = 0;
  std::uint32_t failure_to = kNone;
  std::int32_t test = -1; // index into tests_
  double retest_factor = 1;
  std::int32_t learning = -1;
  std::vector<std::uint32_t> branch_starts; // parallel
  std::vector<std::uint32_t> launcher; // launch stages: per class
  std::vector<std::uint32_t> next; // stage indices, kExit or kJoin
  std::vector<double> next_cumulative;
  simcore::Stream draws;    // parent of every duration draw at this stage
  simcore::Stream routes;   // parent of every routing draw
  simcore::Stream failures; // parent of every test-outcome draw
  std::uint32_t trace_queued = 0;
  std::uint32_t trace_active = 0;
  std::uint32_t trace_transport = 0; // launch stages
  std::uint32_t trace_integration = 0;
  std::uint32_t trace_pad = 0;
  std::uint32_t trace_scrub = 0;
  std::uint32_t trace_coordinating = 0; // station stages with periodic coordination
  std::uint32_t trace_down = 0;         // station stages whose station breaks down
};

// A live job: a work item, or one branch of a parallel stage working for its item. Slots are reused
// once a job ends, so memory follows the work in progress, not the number of items ever seen.
struct Job {
  ItemRecord record;
  std::uint64_t seq = 0;        // the item's arrival order over all sources: its id in records and traces
  std::uint64_t key = 0;        // (source, index): keys the item's draws; branches share their item's
  std::uint32_t parent = kNone; // for branches: the item's slot
  std::uint32_t lane = 0;       // 0 for the item, 1 + branch index for branches (trace tracks)
  std::uint32_t pending = 0;    // branches still running
  bool live = false;
  std::uint32_t stage = 0;
  std::uint32_t site = 0;
  TimeKind kind = TimeKind::delay; // what the job is doing now
  double mark_s = 0;               // since when
  bool in_periodic = false;        // the exchange under way interrupts work (periodic coordination)
  int rounds_left = 0;
  std::uint32_t outstanding = 0; // answers awaited in the current round
  double work_left_s = 0;        // of the drawn duration, beyond the chunk under way
  double chunk_end_s = 0;        // when the chunk of work under way ends
  bool chunk_final = false;      // it ends the work (else a periodic exchange follows)
  std::uint32_t chunk_epoch = 0; // a chunk's end event counts only if this has not moved on since
  double paused_left_s = -1;     // while paused (kind downtime): the chunk's rest, -1 between chunks
  std::uint32_t launcher = kNone; // its launch campaign, once it is ready to ship
  std::int32_t flight = -1;       // within its launcher
};

struct Message {
  std::uint32_t job;
  std::uint32_t partner;
  double sent_s;
  bool answer;
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

/// Calendar year of an epoch "YYYY-MM-DD" (0 when empty).
std::int32_t epoch_year(const std::string& epoch) {
  std::int32_t year = 0;
  if (!epoch.empty())
    std::from_chars(epoch.data(), epoch.data() + std::min<std::size_t>(4, epoch.size()), year);
  return year;
}

class Pipeline {
public:
  Pipeline(const Scenario& sc, const RunOptions& options)
      : scenario_(sc), streams_(options.seed, options.replication), engine_(build_graph(sc), {options.kernel_logs}),
        sched_(engine_), trace_(options.trace), keep_items_(options.keep_items),
        learning_(sc.learning.size(), sc.classes.size()) {
    sched_.set_event_limit(options.max_events);
    for (const auto& st : sc.stations) {
      stations_.emplace_back(st.name, index_of(sc.sites, st.site, "site"), st.capacity, st.discipline);
      breakdowns_.emplace_back();
      if (st.downtime)
        breakdowns_.back() = Breakdowns{streams_.stream("downtime:" + st.name), 0, {}};
    }
    for (const auto& launcher : sc.launchers)
      add_campaign(launcher);
    resolve_stages();
    for (const auto& a : sc.arrivals)
      sources_.push_back({&a, index_of(sc.classes, a.item_class, "class"),
                          a.site.empty() ? 0 : index_of(sc.sites, a.site, "site"),
                          streams_.stream("arrivals:" + a.name), 0});
    pairs_.resize(sc.sites.size() * sc.sites.size());
    trace_exit_ = trace_.state_id("exit");
    trace_launched_ = trace_.state_id("launched");
    trace_branch_done_ = trace_.state_id("branch done");
    by_class_.resize(sc.classes.size());
    lead_by_class_.resize(sc.classes.size());
    launched_by_class_.resize(sc.classes.size());
    on_time_by_class_.resize(sc.classes.size());
  }

  Results run() {
    for (std::uint32_t s = 0; s < sources_.size(); ++s)
      schedule_next_arrival(s);
    for (std::uint32_t s = 0; s < stations_.size(); ++s)
      if (breakdowns_[s])
        schedule_breakdown(s);
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

  void add_campaign(const LauncherSpec& launcher) {
    LaunchCampaign::Hooks hooks{[this](std::uint32_t id) { ship(id); },
                                [this](std::uint32_t id) { switch_to(jobs_[id], TimeKind::scrub); },
                                [this](std::uint32_t id) { launched(id); }};
    campaigns_.push_back(std::make_unique<LaunchCampaign>(launcher, sched_,
                                                          streams_.stream("scrubs:" + launcher.name), hooks));
    launch_sites_.push_back(index_of(scenario_.sites, launcher.site, "site"));
    flight_offsets_.push_back(total_flights_);
    total_flights_ += launcher.flights.size();
  }

  // --- stage table ----------------------------------------------------------------------------

  void resolve_stages() {
    const auto& sc = scenario_;
    if (sc.stages.empty())
      throw std::invalid_argument("the process has no stage");
    // Names first (top level, then branches in order), so that routes and failures can point anywhere.
    std::vector<const StageSpec*> specs;
    for (const auto& s : sc.stages)
      specs.push_back(&s);
    for (std::size_t i = 0; i < specs.size(); ++i) // grows while iterating: nested branches too
      for (const auto& branch : specs[i]->branches)
        for (const auto& s : branch)
          specs.push_back(&s);
    for (const StageSpec* spec : specs)
      stage_names_.push_back(spec->name);
    std::size_t next_branch_stage = sc.stages.size();
    std::vector<std::uint32_t> default_next(specs.size());
    for (std::size_t i = 0; i < sc.stages.size(); ++i)
      default_next[i] = i + 1 < sc.stages.size() ? static_cast<std::uint32_t>(i + 1) : kExit;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      for (const auto& branch : specs[i]->branches) {
        for (std::size_t k = 0; k < branch.size(); ++k)
          default_next[next_branch_stage + k] =
              k + 1 < branch.size() ? static_cast<std::uint32_t>(next_branch_stage + k + 1) : kJoin;
        next_branch_stage += branch.size();
      }
    }
    next_branch_stage = sc.stages.size();
    for (std::size_t i = 0; i < specs.size(); ++i) {
      Stage st = resolve(*specs[i], default_next[i]);
      for (const auto& branch : specs[i]->branches) {
        st.branch_starts.push_back(static_cast<std::uint32_t>(next_branch_stage));
        next_branch_stage += branch.size();
      }
      stages_.push_back(std::move(st));
    }
  }

  std::uint32_t stage_index(const std::string& name) const {
    if (name == "exit")
      return kExit;
    for (std::size_t i = 0; i < stage_names_.size(); ++i)
      if (stage_names_[i] == name)
        return static_cast<std::uint32_t>(i);
    throw std::invalid_argument("unknown stage '" + name + "'");
  }

  Stage resolve(const StageSpec& spec, std::uint32_t default_next) {
    const auto& sc = scenario_;
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
    for (const auto& p : spec.partners)
      st.partners.push_back(index_of(sc.sites, p, "site"));
    if (spec.kind == StageKind::coordinate && st.partners.empty())
      throw std::invalid_argument("coordinate stage '" + spec.name + "' has no partner");
    st.request_size = spec.request_size;
    st.answer_size = spec.answer_size;
    st.rounds = spec.rounds;
    if (spec.periodic) {
      if (!(spec.periodic->interval_s > 0))
        throw std::invalid_argument("stage '" + spec.name + "': periodic coordination needs an interval > 0");
      st.periodic_to = index_of(sc.sites, spec.periodic->to, "site");
      st.periodic_interval_s = spec.periodic->interval_s;
      st.periodic_request = spec.periodic->request_size;
      st.periodic_answer = spec.periodic->answer_size;
    }
    if (spec.failure) {
      st.failure_p = spec.failure->probability;
      st.failure_to = stage_index(spec.failure->to);
      st.test = static_cast<std::int32_t>(tests_.size());
      tests_.push_back({spec.name, 0, 0});
    }
    st.retest_factor = spec.retest_factor;
    if (!spec.learning.empty())
      st.learning = static_cast<std::int32_t>(index_of(sc.learning, spec.learning, "learning curve"));
    if (spec.kind == StageKind::launch)
      for (const auto& c : sc.classes) {
        std::string name = spec.launcher;
        for (const auto& [cls, launcher] : spec.launcher_by_class)
          if (cls == c.name)
            name = launcher;
        st.launcher.push_back(index_of(sc.launchers, name, "launcher"));
      }
    if (spec.next.empty()) {
      st.next.push_back(default_next);
      st.next_cumulative.push_back(1);
    }
    double cumulative = 0;
    for (const auto& r : spec.next) {
      st.next.push_back(stage_index(r.to));
      cumulative += r.probability;
      st.next_cumulative.push_back(cumulative);
    }
    st.draws = streams_.stream("stage:" + spec.name);
    st.routes = streams_.stream("route:" + spec.name);
    st.failures = streams_.stream("test:" + spec.name);
    st.trace_queued = trace_.state_id(spec.name + " (queued)");
    st.trace_active = trace_.state_id(spec.name);
    if (spec.periodic)
      st.trace_coordinating = trace_.state_id(spec.name + " (coordinating)");
    if (spec.kind == StageKind::station && sc.stations[st.station].downtime)
      st.trace_down = trace_.state_id(spec.name + " (station down)");
    if (spec.kind == StageKind::launch) {
      st.trace_queued = trace_.state_id(spec.name + ": ready to ship");
      st.trace_transport = trace_.state_id(spec.name + ": transport");
      st.trace_integration = trace_.state_id(spec.name + ": integration");
      st.trace_pad = trace_.state_id(spec.name + ": on the pad");
      st.trace_scrub = trace_.state_id(spec.name + ": scrubbed");
    }
    return st;
  }

  // --- jobs and arrivals ----------------------------------------------------------------------

  /// A free job slot with its visit counters zeroed. Invalidates references to jobs_.
  std::uint32_t allocate_slot() {
    std::uint32_t id;
    const std::size_t n = stages_.size();
    if (free_slots_.empty()) {
      id = static_cast<std::uint32_t>(jobs_.size());
      jobs_.emplace_back();
      visits_.resize(visits_.size() + n, 0);
      units_.resize(units_.size() + n, 1);
    } else {
      id = free_slots_.back();
      free_slots_.pop_back();
      // The chunk epoch carries on: an end event of the slot's previous job can never pass for one of this job.
      const std::uint32_t epoch = jobs_[id].chunk_epoch + 1;
      jobs_[id] = Job{};
      jobs_[id].chunk_epoch = epoch;
      std::fill_n(visits_.begin() + static_cast<std::ptrdiff_t>(std::size_t{id} * n), n, 0);
    }
    jobs_[id].live = true;
    return id;
  }

  void release_slot(std::uint32_t id) {
    jobs_[id].live = false;
    free_slots_.push_back(id);
  }

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

  void arrive(std::uint32_t s) {
    Source& src = sources_[s];
    const std::uint32_t id = allocate_slot();
    Job& job = jobs_[id];
    job.seq = arrived_++;
    if (keep_items_)
      records_.emplace_back();
    job.record.source = s;
    job.record.index = src.emitted;
    job.record.item_class = src.item_class;
    job.record.arrival_s = sched_.now();
    job.key = simcore::mix64(simcore::mix64(s + 1) ^ src.emitted);
    job.site = src.site;
    job.mark_s = sched_.now();
    ++src.emitted;
    schedule_next_arrival(s);
    enter(id, 0);
  }

  // --- time accounting and draws --------------------------------------------------------------

  /// Closes the job's current time bucket at t and opens `next`.
  static void switch_to(Job& job, TimeKind next, double t) {
    job.record.time_s[static_cast<std::size_t>(job.kind)] += t - job.mark_s;
    job.kind = next;
    job.mark_s = t;
  }
  void switch_to(Job& job, TimeKind next) { switch_to(job, next, sched_.now()); }

  void trace(std::uint32_t id, std::uint32_t state) {
    const Job& job = jobs_[id];
    trace_.record(sched_.now(), static_cast<std::uint32_t>(job.seq), state, job.site, job.lane);
  }

  std::size_t slot_stage(std::uint32_t id) const { return std::size_t{id} * stages_.size() + jobs_[id].stage; }

  /// The stream of this job's current visit of its stage: keyed by (stage, item, visit), nothing else.
  simcore::Stream visit_stream(const simcore::Stream& parent, std::uint32_t id) const {
    return parent.derive(jobs_[id].key).derive(visits_[slot_stage(id)]);
  }

  /// The drawn duration of the job's current visit, after learning and the retest factor.
  double draw_duration(std::uint32_t id) {
    const Job& job = jobs_[id];
    const Stage& st = stages_[job.stage];
    simcore::Stream draw = visit_stream(st.draws, id);
    double d = st.duration[job.record.item_class].sample(draw);
    if (st.learning >= 0)
      d *= wright_factor(scenario_.learning[static_cast<std::size_t>(st.learning)].rate, units_[slot_stage(id)]);
    if (visits_[slot_stage(id)] > 1)
      d *= st.retest_factor;
    return d;
  }

  // --- stages ---------------------------------------------------------------------------------

  void enter(std::uint32_t id, std::uint32_t stage_index) {
    Job& job = jobs_[id];
    job.stage = stage_index;
    const std::size_t vs = slot_stage(id);
    const Stage& st = stages_[stage_index];
    if (++visits_[vs] == 1 && st.learning >= 0) {
      const LearningSpec& curve = scenario_.learning[static_cast<std::size_t>(st.learning)];
      units_[vs] = static_cast<float>(
          learning_.next_unit(static_cast<std::size_t>(st.learning), job.record.item_class, curve.prior_units));
    }
    switch (st.kind) {
    case StageKind::station: {
      Station& station = stations_[st.station];
      job.site = static_cast<std::uint32_t>(station.site());
      if (station.request(sched_.now(), id, scenario_.classes[job.record.item_class].priority)) {
        start_work(id);
      } else {
        switch_to(job, TimeKind::queueing);
        trace(id, st.trace_queued);
      }
      break;
    }
    case StageKind::delay:
      if (st.site != kNone)
        job.site = st.site;
      switch_to(job, TimeKind::delay);
      trace(id, st.trace_active);
      sched_.after(draw_duration(id), [this, id] { leave_stage(id); });
      break;
    case StageKind::coordinate:
      if (st.site != kNone)
        job.site = st.site;
      switch_to(job, TimeKind::coordination);
      trace(id, st.trace_active);
      start_exchange(id, false);
      break;
    case StageKind::parallel:
      trace(id, st.trace_active);
      fork(id);
      break;
    case StageKind::launch: {
      switch_to(job, TimeKind::launch_wait);
      trace(id, st.trace_queued);
      const double mass = scenario_.classes[job.record.item_class].mass_kg;
      job.launcher = st.launcher[job.record.item_class];
      job.flight = campaigns_[job.launcher]->ready(id, mass);
      if (job.flight >= 0) // provisional: campaign offset + flight; collect() maps it to the report's row
        job.record.flight = static_cast<std::int32_t>(flight_offsets_[job.launcher]) + job.flight;
      break;
    }
    }
  }

  /// The job holds a server of its stage's station from now on.
  void start_work(std::uint32_t id) {
    Job& job = jobs_[id];
    switch_to(job, TimeKind::working);
    trace(id, stages_[job.stage].trace_active);
    job.work_left_s = draw_duration(id);
    if (auto& b = breakdowns_[stages_[job.stage].station])
      b->in_service.push_back(id);
    continue_work(id);
  }

  /// Works on; with periodic coordination, pauses for an exchange after every full interval of work
  /// while work remains.
  void continue_work(std::uint32_t id) {
    Job& job = jobs_[id];
    const Stage& st = stages_[job.stage];
    if (!stations_[st.station].up()) { // back from an exchange to a broken station
      pause(id, -1);
      return;
    }
    if (st.periodic_to != kNone && job.work_left_s > st.periodic_interval_s) {
      job.work_left_s -= st.periodic_interval_s;
      schedule_chunk(id, st.periodic_interval_s, false);
      return;
    }
    schedule_chunk(id, job.work_left_s, true);
  }

  /// A stretch of uninterrupted work ending `d` from now in the work's end or a periodic exchange.
  void schedule_chunk(std::uint32_t id, double d, bool final) {
    Job& job = jobs_[id];
    job.chunk_end_s = sched_.now() + d;
    job.chunk_final = final;
    sched_.after(d, [this, id, epoch = job.chunk_epoch] {
      Job& j = jobs_[id];
      if (j.chunk_epoch != epoch) // paused by a breakdown since: resumed by a later chunk
        return;
      if (j.chunk_final) {
        finish_work(id);
        return;
      }
      switch_to(j, TimeKind::coordination);
      trace(id, stages_[j.stage].trace_coordinating);
      start_exchange(id, true);
    });
  }

  void finish_work(std::uint32_t id) {
    const std::uint32_t s = stages_[jobs_[id].stage].station;
    if (auto& b = breakdowns_[s])
      std::erase(b->in_service, id);
    if (auto next = stations_[s].release(sched_.now()))
      start_work(*next);
    leave_stage(id);
  }

  // --- station breakdowns ---------------------------------------------------------------------

  /// The job's work stops until its station is repaired; left_s is the rest of the chunk under way,
  /// or -1 between chunks.
  void pause(std::uint32_t id, double left_s) {
    Job& job = jobs_[id];
    job.paused_left_s = left_s;
    ++job.chunk_epoch;
    switch_to(job, TimeKind::downtime);
    trace(id, stages_[job.stage].trace_down);
  }

  void schedule_breakdown(std::uint32_t s) {
    Breakdowns& b = *breakdowns_[s];
    simcore::Stream draw = b.draws.derive(b.cycle).derive(0);
    sched_.after(scenario_.stations[s].downtime->up.sample(draw), [this, s] { break_down(s); });
  }

  void break_down(std::uint32_t s) {
    Breakdowns& b = *breakdowns_[s];
    stations_[s].set_up(sched_.now(), false);
    for (std::uint32_t id : b.in_service)
      if (jobs_[id].kind == TimeKind::working) // those in an exchange pause when it ends
        pause(id, jobs_[id].chunk_end_s - sched_.now());
    simcore::Stream draw = b.draws.derive(b.cycle).derive(1);
    sched_.after(scenario_.stations[s].downtime->repair.sample(draw), [this, s] { repair(s); });
  }

  void repair(std::uint32_t s) {
    Breakdowns& b = *breakdowns_[s];
    stations_[s].set_up(sched_.now(), true);
    for (std::uint32_t id : std::vector(b.in_service)) { // resuming may finish work at once
      Job& job = jobs_[id];
      if (job.kind != TimeKind::downtime)
        continue;
      switch_to(job, TimeKind::working);
      trace(id, stages_[job.stage].trace_active);
      if (job.paused_left_s < 0)
        continue_work(id);
      else
        schedule_chunk(id, job.paused_left_s, job.chunk_final);
    }
    while (auto next = stations_[s].admit(sched_.now()))
      start_work(*next);
    ++b.cycle;
    schedule_breakdown(s);
  }

  // --- coordination exchanges -----------------------------------------------------------------

  void start_exchange(std::uint32_t id, bool periodic) {
    Job& job = jobs_[id];
    job.in_periodic = periodic;
    job.rounds_left = periodic ? 1 : stages_[job.stage].rounds;
    send_round(id);
  }

  /// A request to every partner at once; the round ends with the last answer.
  void send_round(std::uint32_t id) {
    Job& job = jobs_[id];
    const Stage& st = stages_[job.stage];
    if (job.in_periodic) {
      job.outstanding = 1;
      send(id, st.periodic_to, false);
      return;
    }
    job.outstanding = static_cast<std::uint32_t>(st.partners.size());
    for (std::uint32_t partner : st.partners)
      send(id, partner, false);
  }

  void send(std::uint32_t id, std::uint32_t partner, bool answer) {
    const Job& job = jobs_[id];
    const Stage& st = stages_[job.stage];
    std::uint32_t m;
    if (free_messages_.empty()) {
      m = static_cast<std::uint32_t>(messages_.size());
      messages_.emplace_back();
    } else {
      m = free_messages_.back();
      free_messages_.pop_back();
    }
    messages_[m] = {id, partner, sched_.now(), answer};
    const double size = job.in_periodic ? (answer ? st.periodic_answer : st.periodic_request)
                                        : (answer ? st.answer_size : st.request_size);
    sched_.transfer(answer ? partner : job.site, answer ? job.site : partner, size, [this, m] { delivered(m); });
  }

  void delivered(std::uint32_t m) {
    const Message msg = messages_[m];
    free_messages_.push_back(m);
    Job& job = jobs_[msg.job];
    const Stage& st = stages_[job.stage];
    const std::size_t n = scenario_.sites.size();
    PairStats& pair = pairs_[std::min(job.site, msg.partner) * n + std::max(job.site, msg.partner)];
    ++pair.messages;
    pair.units += job.in_periodic ? (msg.answer ? st.periodic_answer : st.periodic_request)
                                  : (msg.answer ? st.answer_size : st.request_size);
    pair.transfer_s += sched_.now() - msg.sent_s;
    if (!msg.answer) {
      send(msg.job, msg.partner, true);
      return;
    }
    if (--job.outstanding > 0)
      return;
    if (--job.rounds_left > 0) {
      send_round(msg.job);
      return;
    }
    if (job.in_periodic) {
      job.in_periodic = false;
      switch_to(job, TimeKind::working);
      trace(msg.job, st.trace_active);
      continue_work(msg.job);
      return;
    }
    leave_stage(msg.job);
  }

  // --- fork and join --------------------------------------------------------------------------

  void fork(std::uint32_t id) {
    switch_to(jobs_[id], TimeKind::working); // replaced by the critical branch's own time at the join
    const std::vector<std::uint32_t>& starts = stages_[jobs_[id].stage].branch_starts;
    jobs_[id].pending = static_cast<std::uint32_t>(starts.size());
    for (std::size_t b = 0; b < starts.size(); ++b) {
      const std::uint32_t child = allocate_slot(); // may move jobs_: no reference kept across it
      Job& c = jobs_[child];
      const Job& item = jobs_[id];
      c.parent = id;
      c.lane = static_cast<std::uint32_t>(b + 1);
      c.seq = item.seq;
      c.key = item.key;
      c.site = item.site;
      c.record.item_class = item.record.item_class;
      c.record.arrival_s = sched_.now();
      c.mark_s = sched_.now();
      enter(child, starts[b]);
    }
  }

  /// A branch has ended; the item goes on when its last branch ends, and the time it spent in the
  /// parallel stage is the last branch's own breakdown (the critical path).
  void join(std::uint32_t child) {
    Job& c = jobs_[child];
    switch_to(c, c.kind);
    trace(child, trace_branch_done_);
    const std::uint32_t id = c.parent;
    const auto branch_time = c.record.time_s;
    release_slot(child);
    Job& item = jobs_[id];
    if (--item.pending > 0)
      return;
    for (std::size_t k = 0; k < kTimeKinds; ++k)
      item.record.time_s[k] += branch_time[k];
    item.mark_s = sched_.now();
    leave_stage(id);
  }

  // --- launch campaign ------------------------------------------------------------------------

  void ship(std::uint32_t id) {
    Job& job = jobs_[id];
    const Stage& st = stages_[job.stage];
    switch_to(job, TimeKind::transport);
    trace(id, st.trace_transport);
    simcore::Stream draw = visit_stream(st.draws, id);
    const LauncherSpec& launcher = scenario_.launchers[job.launcher];
    const SiteSpec& from = scenario_.sites[job.site];
    const SiteSpec& to = scenario_.sites[launch_sites_[job.launcher]];
    const double transport = launcher.transport.sample(draw) +
                             launcher.transport_per_km_s * simcore::great_circle_km(from.location, to.location);
    job.work_left_s = launcher.integration.sample(draw);
    sched_.after(transport, [this, id] {
      Job& j = jobs_[id];
      const Stage& s = stages_[j.stage];
      j.site = launch_sites_[j.launcher];
      switch_to(j, TimeKind::working);
      trace(id, s.trace_integration);
      sched_.after(j.work_left_s, [this, id] {
        Job& k = jobs_[id];
        switch_to(k, TimeKind::launch_wait);
        trace(id, stages_[k.stage].trace_pad);
        campaigns_[k.launcher]->integrated(k.flight);
      });
    });
  }

  void launched(std::uint32_t id) {
    Job& job = jobs_[id];
    job.record.launched_s = sched_.now();
    const double lead = job.record.launched_s - job.record.arrival_s;
    const std::uint32_t cls = job.record.item_class;
    lead_by_class_[cls].add(lead);
    lead_time_.add(lead);
    ++launched_by_class_[cls];
    if (lead <= scenario_.classes[cls].due_s)
      ++on_time_by_class_[cls];
    const auto year = static_cast<std::size_t>(std::floor(job.record.launched_s / simcore::kYear));
    if (launched_by_year_.size() <= year)
      launched_by_year_.resize(year + 1, std::vector<std::uint64_t>(scenario_.classes.size(), 0));
    ++launched_by_year_[year][cls];
    trace(id, trace_launched_);
    leave_stage(id);
  }

  // --- routing and exit -----------------------------------------------------------------------

  void leave_stage(std::uint32_t id) {
    const Stage& st = stages_[jobs_[id].stage];
    if (st.test >= 0) {
      TestResult& test = tests_[static_cast<std::size_t>(st.test)];
      ++test.runs;
      double p = st.failure_p;
      if (st.learning >= 0)
        p *= wright_factor(scenario_.learning[static_cast<std::size_t>(st.learning)].failure_rate,
                           units_[slot_stage(id)]);
      if (visit_stream(st.failures, id).uniform01() < p) {
        ++test.failures;
        go(id, st.failure_to);
        return;
      }
    }
    std::uint32_t next = st.next[0];
    if (st.next.size() > 1) {
      const double u = visit_stream(st.routes, id).uniform01();
      std::size_t k = 0;
      while (k + 1 < st.next.size() && u >= st.next_cumulative[k])
        ++k;
      next = st.next[k];
    }
    go(id, next);
  }

  void go(std::uint32_t id, std::uint32_t next) {
    if (next == kExit)
      exit(id);
    else if (next == kJoin)
      join(id);
    else
      enter(id, next);
  }

  void exit(std::uint32_t id) {
    Job& job = jobs_[id];
    job.record.exit_s = sched_.now();
    switch_to(job, TimeKind::delay); // closes the last bucket
    trace(id, trace_exit_);
    const double t = job.record.exit_s - job.record.arrival_s;
    time_in_system_.add(t);
    if (by_class_.size() > 1) // with one class, its tally is the overall one (see collect)
      by_class_[job.record.item_class].add(t);
    for (std::size_t k = 0; k < kTimeKinds; ++k)
      time_totals_[k] += job.record.time_s[k];
    ++completed_;
    if (keep_items_)
      records_[job.seq] = job.record;
    release_slot(id);
  }

  // --- results --------------------------------------------------------------------------------

  Results collect() {
    const double end = std::isinf(scenario_.horizon_s) ? sched_.now() : scenario_.horizon_s;
    Results r;
    r.scenario = scenario_.name;
    r.layout = scenario_.layout;
    r.seed = streams_.seed();
    r.replication = streams_.replication();
    r.end_s = end;
    r.arrived = arrived_;
    r.completed = completed_;
    r.events = sched_.events_executed();
    if (by_class_.size() == 1) {
      time_in_system_.quantile(0); // sorts the samples once, before the copy, so both copies are sorted
      by_class_[0] = time_in_system_;
    }
    r.time_in_system = std::move(time_in_system_);
    for (const auto& c : scenario_.classes) {
      r.class_names.push_back(c.name);
      r.due_by_class_s.push_back(c.due_s);
    }
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
      sr.availability = end > 0 ? s.up_signal().mean(end) : 1;
      sr.breakdowns = s.breakdowns();
      r.stations.push_back(std::move(sr));
    }
    const std::size_t n = scenario_.sites.size();
    const simcore::SiteGraph& graph = engine_.graph();
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
    collect_flights(r);
    r.tests = tests_;
    r.first_year = epoch_year(scenario_.epoch);
    r.epoch_days = scenario_.epoch.empty() ? 0 : simcore::parse_date_days(scenario_.epoch).value_or(0);
    r.launched_by_year = launched_by_year_;
    r.launched_by_class = launched_by_class_;
    r.lead_time = std::move(lead_time_);
    r.lead_time_by_class = std::move(lead_by_class_);
    r.on_time_by_class = on_time_by_class_;
    for (const Source& s : sources_) {
      r.source_names.push_back(s.spec->name);
      r.item_names.push_back(s.spec->item_names);
    }
    for (Job& job : jobs_)
      if (job.live && job.parent == kNone && keep_items_) { // still inside: its current bucket runs to the end
        switch_to(job, job.kind, end);
        records_[job.seq] = job.record;
      }
    r.items = std::move(records_);
    r.trace = std::move(trace_);
    return r;
  }

  /// Flights that carried a satellite, by planned date; items point at their flight's row.
  void collect_flights(Results& r) {
    struct Row {
      FlightResult result;
      std::size_t campaign;
      std::size_t flight;
    };
    std::vector<Row> rows;
    for (std::size_t c = 0; c < campaigns_.size(); ++c) {
      const LaunchCampaign& campaign = *campaigns_[c];
      for (std::size_t f = 0; f < campaign.flights().size(); ++f) {
        const auto& flight = campaign.flights()[f];
        if (flight.items.empty())
          continue;
        FlightResult fr;
        fr.launcher = campaign.spec().name;
        fr.name = flight.spec->name;
        fr.planned_s = flight.spec->date_s;
        fr.launched_s = flight.launched_s;
        fr.attempts = flight.attempts;
        fr.scrubs = flight.scrubs;
        fr.satellites = static_cast<std::uint32_t>(flight.items.size());
        fr.mass_kg = flight.mass_kg;
        fr.in_reserve_window =
            flight.launched_s >= 0 && flight.launched_s <= flight.spec->date_s + campaign.spec().reserve_s;
        rows.push_back({fr, c, f});
      }
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row& a, const Row& b) { return a.result.planned_s < b.result.planned_s; });
    // Provisional flight indices (campaign offset + flight) become rows of the report.
    std::vector<std::int32_t> row_of(total_flights_, -1);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      r.flights.push_back(rows[i].result);
      row_of[flight_offsets_[rows[i].campaign] + rows[i].flight] = static_cast<std::int32_t>(i);
    }
    auto remap = [&row_of](ItemRecord& rec) {
      if (rec.flight >= 0)
        rec.flight = row_of[static_cast<std::size_t>(rec.flight)];
    };
    for (ItemRecord& rec : records_)
      remap(rec);
    for (Job& job : jobs_)
      if (job.live)
        remap(job.record);
  }

  const Scenario& scenario_;
  simcore::RandomStreams streams_;
  simcore::Engine engine_;
  simcore::Scheduler sched_;
  simcore::TraceRecorder trace_;
  bool keep_items_;
  LearningCounters learning_;
  std::uint32_t trace_exit_ = 0;
  std::uint32_t trace_launched_ = 0;
  std::uint32_t trace_branch_done_ = 0;
  std::vector<Station> stations_;
  struct Breakdowns {          // of a station with downtime
    simcore::Stream draws;     // derive(cycle): derive(0) its up time, derive(1) its repair
    std::uint32_t cycle = 0;
    std::vector<std::uint32_t> in_service; // jobs holding its servers
  };
  std::vector<std::optional<Breakdowns>> breakdowns_; // per station
  std::vector<std::unique_ptr<LaunchCampaign>> campaigns_;
  std::vector<std::uint32_t> launch_sites_;  // per campaign
  std::vector<std::size_t> flight_offsets_;  // per campaign: its first flight's provisional index
  std::size_t total_flights_ = 0;
  std::vector<std::string> stage_names_;
  std::vector<Stage> stages_;
  std::vector<TestResult> tests_;
  std::vector<Source> sources_;
  std::vector<Job> jobs_; // slots
  std::vector<std::uint32_t> free_slots_;
  std::vector<std::uint16_t> visits_; // slots x stages
  std::vector<float> units_;          // slots x stages: learning unit number of the first visit
  std::vector<Message> messages_;
  std::vector<std::uint32_t> free_messages_;
  std::vector<ItemRecord> records_; // by arrival order, when kept
  std::uint64_t arrived_ = 0;
  std::vector<PairStats> pairs_; // sites x sites, lower index first
  simcore::Tally time_in_system_;
  std::vector<simcore::Tally> by_class_;
  simcore::Tally lead_time_;
  std::vector<simcore::Tally> lead_by_class_;
  std::vector<std::uint64_t> launched_by_class_;
  std::vector<std::uint64_t> on_time_by_class_;
  std::vector<std::vector<std::uint64_t>> launched_by_year_;
  std::array<double, kTimeKinds> time_totals_{};
  std::uint64_t completed_ = 0;
};

} // namespace

Results run_scenario(const Scenario& scenario, const RunOptions& options) {
  Pipeline pipeline(scenario, options);
  return pipeline.run();
}

} // namespace satflow::models
