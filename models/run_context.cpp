#include "models/run_context.hpp"

#include "models/learning.hpp"

namespace satflow::models {

double RunContext::draw_duration(std::uint32_t id) const {
  const Job& job = jobs[id];
  const Stage& st = stages[job.stage];
  simcore::Stream draw = visit_stream(st.draws, id);
  double d = st.duration[job.record.item_class].sample(draw);
  if (st.learning >= 0)
    d *= wright_factor(scenario.learning[static_cast<std::size_t>(st.learning)].rate, jobs.unit(id));
  if (jobs.visits(id) > 1)
    d *= st.retest_factor;
  for (const Mechanism* m : mechanisms)
    d *= m->duration_factor(id);
  return d;
}

} // namespace satflow::models
