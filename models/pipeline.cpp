#include "models/pipeline.hpp"

#include "models/arrivals.hpp"
#include "models/class_work.hpp"
#include "models/coordination.hpp"
#include "models/exchanges.hpp"
#include "models/fork_join.hpp"
#include "models/heritage.hpp"
#include "models/job_table.hpp"
#include "models/launch_operations.hpp"
#include "models/learning.hpp"
#include "models/programme_pace.hpp"
#include "models/relocations.hpp"
#include "models/results_collector.hpp"
#include "models/run_context.hpp"
#include "models/stage_table.hpp"
#include "models/station_work.hpp"
#include "models/supply_chain.hpp"
#include "simcore/engine.hpp"
#include "simcore/random_streams.hpp"
#include "simcore/scheduler.hpp"

#include <cmath>

namespace satflow::models {
namespace {

// The process-flow state machine: where a job goes when it arrives, enters a stage, is done with
// it, or leaves. Each mechanism (work at stations, exchanges, fork/join, launches) runs its part and
// reports back through its hooks; the collector records what happens.
class Pipeline {
public:
  Pipeline(const Scenario& sc, const RunOptions& options)
      : scenario_(sc), streams_(options.seed, options.replication), engine_(site_graph(sc), {options.kernel_logs}),
        sched_(engine_), trace_(options.trace), stages_(sc, streams_, trace_), jobs_(stages_.size()),
        relocations_(sc), ctx_{sc, sched_, jobs_, stages_, trace_, mechanisms_, relocations_},
        trace_exit_(trace_state_id(trace_, "", TraceStep::exit)),
        launches_(ctx_, streams_, {.launched = [this](std::uint32_t id) { launched(id); }}),
        fork_join_(ctx_, {.enter = [this](std::uint32_t id, std::uint32_t stage) { enter(id, stage); },
                          .done = [this](std::uint32_t id) { leave_stage(id); }}),
        exchanges_(ctx_, {.done = [this](std::uint32_t id) { leave_stage(id); },
                          .periodic_done = [this](std::uint32_t id) { work_.resume(id); },
                          .delivered = [this](std::uint32_t a, std::uint32_t b, double units,
                                              double transfer_s) { collector_.delivered(a, b, units, transfer_s); }}),
        work_(ctx_, streams_,
              {.done = [this](std::uint32_t id) { leave_stage(id); },
               .exchange = [this](std::uint32_t id) { exchanges_.start_periodic(id); }}),
        supply_(ctx_, streams_, {.arrived = [this](std::uint32_t id) { begin(id); }}), pace_(ctx_, streams_),
        heritage_(ctx_), class_work_(ctx_),
        arrivals_(sc, streams_, sched_, [this](std::uint32_t s, std::uint64_t index) { arrive(s, index); }),
        collector_(sc, stages_.test_names(), options.keep_items), learning_(sc.learning.size(), sc.classes.size()) {
    // The pluggable mechanisms, in the order they act at each moment. One that can hold a job at
    // admission (the supply chain) comes last: the job it releases goes straight to begin.
    mechanisms_ = {&pace_, &heritage_, &class_work_, &supply_};
    sched_.set_event_limit(options.max_events);
    for (const auto& a : sc.arrivals)
      source_sites_.push_back(a.site.empty() ? SiteRef{0, kNoFunction} : resolve_site_ref(sc, a.site, a.site_function));
    for (const auto& a : sc.arrivals)
      source_classes_.push_back(index_of(sc.classes, a.item_class, "class"));
    if (options.queue_history)
      work_.record_queue_histories();
  }

  Results run() {
    launches_.start(); // outages first: a flight cancelled on a date is cancelled before anything else then
    for (Mechanism* m : mechanisms_)
      m->start();
    arrivals_.start();
    work_.start();
    if (std::isinf(scenario_.horizon_s))
      sched_.run();
    else
      sched_.run_until(scenario_.horizon_s);
    const double end = std::isinf(scenario_.horizon_s) ? sched_.now() : scenario_.horizon_s;
    for (const Mechanism* m : mechanisms_)
      m->report(collector_);
    return collector_.finish({end, streams_.seed(), streams_.replication(), sched_.events_executed(), &work_.stations(),
                              &engine_.graph(), launches_.flight_rows(), &jobs_, &trace_});
  }

private:
  void arrive(std::uint32_t s, std::uint64_t index) {
    const std::uint32_t id = jobs_.allocate();
    Job& job = jobs_[id];
    job.seq = collector_.arrived();
    job.record.source = s;
    job.record.index = index;
    job.record.item_class = source_classes_[s];
    job.record.arrival_s = sched_.now();
    job.key = simcore::mix64(simcore::mix64(s + 1) ^ index);
    ctx_.place(job, source_sites_[s]);
    job.mark_s = sched_.now();
    for (Mechanism* m : mechanisms_)
      m->arrived(id);
    enter(id, 0);
  }

  void enter(std::uint32_t id, std::uint32_t stage_index) {
    Job& job = jobs_[id];
    job.stage = stage_index;
    const Stage& st = stages_[stage_index];
    if (++jobs_.visits(id) == 1 && st.learning >= 0) {
      const LearningSpec& curve = scenario_.learning[static_cast<std::size_t>(st.learning)];
      jobs_.unit(id) = static_cast<float>(
          learning_.next_unit(static_cast<std::size_t>(st.learning), job.record.item_class, curve.prior_units));
    }
    for (Mechanism* m : mechanisms_)
      if (!m->admit(id))
        return; // held (for its long-lead parts, say): the mechanism calls begin once it lets go
    begin(id);
  }

  /// The job starts the work of the stage it entered.
  void begin(std::uint32_t id) {
    for (Mechanism* m : mechanisms_)
      m->began(id);
    Job& job = jobs_[id];
    const Stage& st = stages_[job.stage];
    switch (st.kind) {
    case StageKind::station:
      work_.request(id);
      break;
    case StageKind::delay:
    case StageKind::coordinate: // at their own site, if they name one
      if (st.site.site != kNone)
        ctx_.place(job, st.site);
      ctx_.switch_to(job, st.kind == StageKind::delay ? TimeKind::delay : TimeKind::coordination);
      ctx_.trace_state(id, st.trace_active);
      if (st.kind == StageKind::delay)
        sched_.after(ctx_.draw_duration(id), [this, id] { leave_stage(id); });
      else
        exchanges_.start_rounds(id);
      break;
    case StageKind::parallel:
      ctx_.trace_state(id, st.trace_active);
      fork_join_.fork(id);
      break;
    case StageKind::launch: {
      const bool first = job.record.ready_s < 0;
      launches_.ready(id); // sets ready_s on the first visit
      if (first)
        collector_.ready(jobs_[id].record);
      break;
    }
    }
  }

  void launched(std::uint32_t id) {
    collector_.launched(jobs_[id].record);
    leave_stage(id);
  }

  /// The job is done with its stage: a test may fail it back, else it takes one of the stage's routes.
  void leave_stage(std::uint32_t id) {
    for (Mechanism* m : mechanisms_)
      m->left(id);
    const Stage& st = stages_[jobs_[id].stage];
    if (st.test >= 0) {
      double p = st.failure_p * ctx_.failure_factor(id);
      if (st.learning >= 0)
        p *= wright_factor(scenario_.learning[static_cast<std::size_t>(st.learning)].failure_rate, jobs_.unit(id));
      const bool failed = ctx_.visit_stream(st.failures, id).uniform01() < p;
      collector_.tested(st.test, failed);
      if (failed) {
        go(id, st.failure_to);
        return;
      }
    }
    std::uint32_t next = st.next[0];
    if (st.next.size() > 1) {
      const double u = ctx_.visit_stream(st.routes, id).uniform01();
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
      fork_join_.join(id);
    else
      enter(id, next);
  }

  void exit(std::uint32_t id) {
    Job& job = jobs_[id];
    job.record.exit_s = sched_.now();
    ctx_.switch_to(job, TimeKind::delay); // closes the last bucket
    ctx_.trace_state(id, trace_exit_);
    collector_.exited(job);
    jobs_.release(id);
  }

  const Scenario& scenario_;
  simcore::RandomStreams streams_;
  simcore::Engine engine_;
  simcore::Scheduler sched_;
  simcore::TraceRecorder trace_;
  StageTable stages_; // registers the stages' trace states first, then the typed instants (exit, launched, ...)
  JobTable jobs_;
  std::vector<Mechanism*> mechanisms_; // filled once the mechanisms are built; RunContext refers to it
  Relocations relocations_;
  RunContext ctx_;
  std::uint32_t trace_exit_;
  LaunchOperations launches_;
  ForkJoin fork_join_;
  Exchanges exchanges_;
  StationWork work_;
  SupplyChain supply_;
  ProgrammePace pace_;
  Heritage heritage_;
  ClassWork class_work_;
  Arrivals arrivals_;
  ResultsCollector collector_;
  LearningCounters learning_;
  std::vector<SiteRef> source_sites_;         // per arrival source
  std::vector<std::uint32_t> source_classes_; // per arrival source
};

} // namespace

Results run_scenario(const Scenario& scenario, const RunOptions& options) {
  Pipeline pipeline(scenario, options);
  return pipeline.run();
}

} // namespace satflow::models
