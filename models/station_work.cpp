#include "models/station_work.hpp"

#include <algorithm>

namespace satflow::models {

StationWork::StationWork(const RunContext& context, const simcore::RandomStreams& streams, Hooks hooks)
    : RunPart(context, std::move(hooks)) {
  const Scenario& sc = ctx_.scenario;
  for (const auto& st : sc.stations) {
    stations_.emplace_back(st.name, index_of(sc.sites, st.site, "site"), st.capacity, st.discipline);
    station_sites_.push_back(resolve_site_ref(sc, st.site, st.site_function));
    breakdowns_.emplace_back();
    if (st.downtime)
      breakdowns_.back() = Breakdowns{streams.stream("downtime:" + st.name), 0, {}};
  }
}

void StationWork::start() {
  for (std::uint32_t s = 0; s < stations_.size(); ++s)
    if (breakdowns_[s])
      schedule_breakdown(s);
}

void StationWork::request(std::uint32_t id) {
  Job& job = ctx_.jobs[id];
  const std::uint32_t s = ctx_.stages[job.stage].station;
  Station& station = stations_[s];
  ctx_.place(job, station_sites_[s]); // a station whose function moved works at its new site
  if (station.request(ctx_.sched.now(), id, ctx_.scenario.classes[job.record.item_class].priority)) {
    start_work(id);
  } else {
    ctx_.switch_to(job, TimeKind::queueing);
    ctx_.trace_state(id, ctx_.stages[job.stage].trace_queued);
  }
}

void StationWork::resume(std::uint32_t id) {
  ctx_.switch_to(ctx_.jobs[id], TimeKind::working);
  ctx_.trace_state(id, ctx_.stages[ctx_.jobs[id].stage].trace_active);
  continue_work(id);
}

/// The job holds a server of its stage's station from now on.
void StationWork::start_work(std::uint32_t id) {
  Job& job = ctx_.jobs[id];
  ctx_.switch_to(job, TimeKind::working);
  ctx_.trace_state(id, ctx_.stages[job.stage].trace_active);
  job.work_left_s = ctx_.draw_duration(id);
  if (auto& b = breakdowns_[ctx_.stages[job.stage].station])
    b->in_service.push_back(id);
  continue_work(id);
}

/// Works on; with periodic coordination, pauses for an exchange after every full interval of work
/// while work remains.
void StationWork::continue_work(std::uint32_t id) {
  Job& job = ctx_.jobs[id];
  const Stage& st = ctx_.stages[job.stage];
  if (!stations_[st.station].up()) { // back from an exchange to a broken station
    pause(id, -1);
    return;
  }
  if (st.periodic_to.site != kNone && job.work_left_s > st.periodic_interval_s) {
    job.work_left_s -= st.periodic_interval_s;
    schedule_chunk(id, st.periodic_interval_s, false);
    return;
  }
  schedule_chunk(id, job.work_left_s, true);
}

/// A stretch of uninterrupted work ending `d` from now in the work's end or a periodic exchange.
void StationWork::schedule_chunk(std::uint32_t id, double d, bool final) {
  Job& job = ctx_.jobs[id];
  job.chunk_end_s = ctx_.sched.now() + d;
  job.chunk_final = final;
  ctx_.sched.after(d, [this, id, epoch = job.chunk_epoch] {
    Job& j = ctx_.jobs[id];
    if (j.chunk_epoch != epoch) // paused by a breakdown since: resumed by a later chunk
      return;
    if (j.chunk_final) {
      finish_work(id);
      return;
    }
    ctx_.switch_to(j, TimeKind::coordination);
    ctx_.trace_state(id, ctx_.stages[j.stage].trace_coordinating);
    hooks_.exchange(id);
  });
}

void StationWork::finish_work(std::uint32_t id) {
  const std::uint32_t s = ctx_.stages[ctx_.jobs[id].stage].station;
  if (auto& b = breakdowns_[s])
    std::erase(b->in_service, id);
  if (auto next = stations_[s].release(ctx_.sched.now()))
    start_work(*next);
  hooks_.done(id);
}

/// The job's work stops until its station is repaired; left_s is the rest of the chunk under way,
/// or -1 between chunks.
void StationWork::pause(std::uint32_t id, double left_s) {
  Job& job = ctx_.jobs[id];
  job.paused_left_s = left_s;
  ++job.chunk_epoch;
  ctx_.switch_to(job, TimeKind::downtime);
  ctx_.trace_state(id, ctx_.stages[job.stage].trace_down);
}

void StationWork::schedule_breakdown(std::uint32_t s) {
  Breakdowns& b = *breakdowns_[s];
  simcore::Stream draw = b.draws.derive(b.cycle).derive(0);
  ctx_.sched.after(ctx_.scenario.stations[s].downtime->up.sample(draw), [this, s] { break_down(s); });
}

void StationWork::break_down(std::uint32_t s) {
  Breakdowns& b = *breakdowns_[s];
  const double now = ctx_.sched.now();
  stations_[s].set_up(now, false);
  for (std::uint32_t id : b.in_service)
    if (ctx_.jobs[id].kind == TimeKind::working) // those in an exchange pause when it ends
      pause(id, ctx_.jobs[id].chunk_end_s - now);
  simcore::Stream draw = b.draws.derive(b.cycle).derive(1);
  ctx_.sched.after(ctx_.scenario.stations[s].downtime->repair.sample(draw), [this, s] { repair(s); });
}

void StationWork::repair(std::uint32_t s) {
  Breakdowns& b = *breakdowns_[s];
  stations_[s].set_up(ctx_.sched.now(), true);
  for (std::uint32_t id : std::vector(b.in_service)) { // resuming may finish work at once
    Job& job = ctx_.jobs[id];
    if (job.kind != TimeKind::downtime)
      continue;
    ctx_.switch_to(job, TimeKind::working);
    ctx_.trace_state(id, ctx_.stages[job.stage].trace_active);
    if (job.paused_left_s < 0)
      continue_work(id);
    else
      schedule_chunk(id, job.paused_left_s, job.chunk_final);
  }
  while (auto next = stations_[s].admit(ctx_.sched.now()))
    start_work(*next);
  ++b.cycle;
  schedule_breakdown(s);
}

} // namespace satflow::models
