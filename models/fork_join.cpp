#include "models/fork_join.hpp"

namespace satflow::models {

ForkJoin::ForkJoin(const RunContext& context, Hooks hooks)
    : RunPart(context, std::move(hooks)), trace_branch_done_(trace_state_id(ctx_.trace, "", TraceStep::branch_done)) {}

void ForkJoin::fork(std::uint32_t id) {
  JobTable& jobs = ctx_.jobs;
  ctx_.switch_to(jobs[id], TimeKind::working); // replaced by the critical branch's own time at the join
  const std::vector<std::uint32_t>& starts = ctx_.stages[jobs[id].stage].branch_starts;
  jobs[id].pending = static_cast<std::uint32_t>(starts.size());
  const double now = ctx_.sched.now();
  for (std::size_t b = 0; b < starts.size(); ++b) {
    const std::uint32_t child = jobs.allocate(); // may move the jobs: no reference kept across it
    Job& c = jobs[child];
    const Job& item = jobs[id];
    c.parent = id;
    c.lane = static_cast<std::uint32_t>(b + 1);
    c.seq = item.seq;
    c.key = item.key;
    c.site = item.site;
    c.site_function = item.site_function;
    c.record.item_class = item.record.item_class;
    c.record.source = item.record.source; // its programme: pace and heritage act on branches too
    c.record.arrival_s = now;
    c.mark_s = now;
    hooks_.enter(child, starts[b]);
  }
}

void ForkJoin::join(std::uint32_t child) {
  JobTable& jobs = ctx_.jobs;
  Job& c = jobs[child];
  ctx_.switch_to(c, c.kind);
  ctx_.trace_state(child, trace_branch_done_);
  const std::uint32_t id = c.parent;
  const auto branch_time = c.record.time_s;
  jobs.release(child);
  Job& item = jobs[id];
  if (--item.pending > 0)
    return;
  for (std::size_t k = 0; k < kTimeKinds; ++k)
    item.record.time_s[k] += branch_time[k];
  item.mark_s = ctx_.sched.now();
  hooks_.done(id);
}

} // namespace satflow::models
