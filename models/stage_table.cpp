#include "models/stage_table.hpp"

#include "models/results.hpp"

#include <algorithm>

namespace satflow::models {

StageTable::StageTable(const Scenario& sc, const simcore::RandomStreams& streams, simcore::TraceRecorder& trace) {
  if (sc.stages.empty())
    throw std::invalid_argument("the process has no stage");
  // Names first (top level, then branches in order), so that routes and failures can point anywhere.
  const std::vector<const StageSpec*> specs = flatten_stages(sc.stages);
  for (const StageSpec* spec : specs)
    names_.push_back(spec->name);
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
    Stage st = resolve(*specs[i], default_next[i], sc, streams, trace);
    for (const auto& branch : specs[i]->branches) {
      st.branch_starts.push_back(static_cast<std::uint32_t>(next_branch_stage));
      next_branch_stage += branch.size();
    }
    stages_.push_back(std::move(st));
  }
}

std::uint32_t StageTable::index(const std::string& name) const {
  if (name == "exit")
    return kExit;
  for (std::size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name)
      return static_cast<std::uint32_t>(i);
  throw std::invalid_argument("unknown stage '" + name + "'");
}

Stage StageTable::resolve(const StageSpec& spec, std::uint32_t default_next, const Scenario& sc,
                          const simcore::RandomStreams& streams, simcore::TraceRecorder& trace) {
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
    st.site = resolve_site_ref(sc, spec.site, spec.site_function);
  for (std::size_t p = 0; p < spec.partners.size(); ++p)
    st.partners.push_back(resolve_site_ref(
        sc, spec.partners[p], p < spec.partner_functions.size() ? spec.partner_functions[p] : std::string()));
  if (spec.kind == StageKind::coordinate && st.partners.empty())
    throw std::invalid_argument("coordinate stage '" + spec.name + "' has no partner");
  st.request_size = spec.request_size;
  st.answer_size = spec.answer_size;
  st.rounds = spec.rounds;
  if (spec.periodic) {
    if (!(spec.periodic->interval_s > 0))
      throw std::invalid_argument("stage '" + spec.name + "': periodic coordination needs an interval > 0");
    st.periodic_to = resolve_site_ref(sc, spec.periodic->to, spec.periodic->to_function);
    st.periodic_interval_s = spec.periodic->interval_s;
    st.periodic_request = spec.periodic->request_size;
    st.periodic_answer = spec.periodic->answer_size;
  }
  if (spec.failure) {
    st.failure_p = spec.failure->probability;
    st.failure_to = index(spec.failure->to);
    st.test = static_cast<std::int32_t>(test_names_.size());
    test_names_.push_back(spec.name);
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
    st.next.push_back(index(r.to));
    cumulative += r.probability;
    st.next_cumulative.push_back(cumulative);
  }
  st.draws = streams.stream("stage:" + spec.name);
  st.routes = streams.stream("route:" + spec.name);
  st.failures = streams.stream("test:" + spec.name);
  auto state = [&](TraceStep step) { return trace_state_id(trace, spec.name, step); };
  st.trace_active = state(TraceStep::active);
  if (spec.periodic)
    st.trace_coordinating = state(TraceStep::coordinating);
  if (!spec.parts.empty())
    st.trace_parts = state(TraceStep::parts);
  if (spec.kind == StageKind::station && sc.stations[st.station].downtime)
    st.trace_down = state(TraceStep::station_down);
  if (spec.kind != StageKind::launch)
    st.trace_queued = state(TraceStep::queued);
  else {
    st.trace_queued = state(TraceStep::ready_to_ship);
    st.trace_transport = state(TraceStep::transport);
    st.trace_integration = state(TraceStep::integration);
    st.trace_pad = state(TraceStep::on_the_pad);
    st.trace_scrub = state(TraceStep::scrubbed);
    // Only where a launcher can be out, so that the traces of other scenarios keep their states.
    if (std::any_of(sc.launchers.begin(), sc.launchers.end(), [](const auto& l) { return !l.outages.empty(); }))
      st.trace_disrupted = state(TraceStep::flight_lost);
  }
  return st;
}

} // namespace satflow::models
