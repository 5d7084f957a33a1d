#include "models/arrivals.hpp"

#include <cmath>

namespace satflow::models {

Arrivals::Arrivals(const Scenario& scenario, const simcore::RandomStreams& streams, simcore::Scheduler& sched,
                   OnArrival on_arrival)
    : horizon_s_(scenario.horizon_s), sched_(sched), on_arrival_(std::move(on_arrival)) {
  for (const auto& a : scenario.arrivals)
    sources_.push_back({&a, streams.stream("arrivals:" + a.name), 0});
}

void Arrivals::start() {
  for (std::uint32_t s = 0; s < sources_.size(); ++s)
    schedule_next(s);
}

void Arrivals::schedule_next(std::uint32_t s) {
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
  if (t > horizon_s_)
    return;
  sched_.at(t, [this, s] {
    // The next arrival is scheduled before this one enters the process, as a same-date tie breaks
    // on scheduling order.
    const std::uint64_t index = sources_[s].emitted++;
    schedule_next(s);
    on_arrival_(s, index);
  });
}

} // namespace satflow::models
