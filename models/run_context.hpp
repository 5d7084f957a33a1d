// What every mechanism of one run shares: the scenario, the clock, the live jobs, the stage table
// and the trace, with the few operations they all need (time accounting, trace states, the draws
// of a job's visit). The pipeline owns the parts; each mechanism holds a RunContext reference.
#pragma once

#include "models/job_table.hpp"
#include "models/mechanism.hpp"
#include "models/relocations.hpp"
#include "models/scenario.hpp"
#include "models/stage_table.hpp"
#include "simcore/random_streams.hpp"
#include "simcore/scheduler.hpp"
#include "simcore/trace.hpp"

#include <cstdint>
#include <vector>

namespace satflow::models {

struct RunContext {
  const Scenario& scenario;
  simcore::Scheduler& sched;
  JobTable& jobs;
  const StageTable& stages;
  simcore::TraceRecorder& trace;
  const std::vector<Mechanism*>& mechanisms; ///< the pipeline's pluggable mechanisms, in their order
  const Relocations& relocations;

  /// Puts the job at `ref` as it is now (after its function's moves so far): where the job's
  /// exchanges start from and whose transition slows them.
  void place(Job& job, SiteRef ref) const {
    job.site = relocations.site_at(ref, sched.now());
    job.site_function = ref.function;
  }

  /// Closes the job's current time bucket now and opens `next`.
  void switch_to(Job& job, TimeKind next) const { models::switch_to(job, next, sched.now()); }
  /// Records that the job entered `state` now (a no-op unless tracing).
  void trace_state(std::uint32_t id, std::uint32_t state) const {
    const Job& job = jobs[id];
    trace.record(sched.now(), static_cast<std::uint32_t>(job.seq), state, job.site, job.lane);
  }
  /// The stream of this job's current visit of its stage: keyed by (stage, item, visit), nothing else,
  /// so that an item draws the same whatever else changes in the scenario (common random numbers).
  simcore::Stream visit_stream(const simcore::Stream& parent, std::uint32_t id) const {
    return parent.derive(jobs[id].key).derive(jobs.visits(id));
  }
  /// The drawn duration of the job's current visit, after learning, the retest factor and every
  /// mechanism's duration factor (seconds).
  double draw_duration(std::uint32_t id) const;
  /// The product of every mechanism's failure factor for the job's current stage.
  double failure_factor(std::uint32_t id) const {
    double f = 1;
    for (const Mechanism* m : mechanisms)
      f *= m->failure_factor(id);
    return f;
  }
};

} // namespace satflow::models
