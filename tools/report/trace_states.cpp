#include "tools/report/trace_states.hpp"

namespace satflow::tools {

models::TraceStep trace_step(const simcore::TraceState& state) { return static_cast<models::TraceStep>(state.kind); }

std::string state_label(const simcore::TraceState& state) {
  using models::TraceStep;
  const std::string& stage = state.name;
  switch (trace_step(state)) {
  case TraceStep::active:
    return stage;
  case TraceStep::queued:
    return stage + " (queued)";
  case TraceStep::coordinating:
    return stage + " (coordinating)";
  case TraceStep::parts:
    return stage + " (waiting for parts)";
  case TraceStep::station_down:
    return stage + " (station down)";
  case TraceStep::ready_to_ship:
    return stage + ": ready to ship";
  case TraceStep::transport:
    return stage + ": transport";
  case TraceStep::integration:
    return stage + ": integration";
  case TraceStep::on_the_pad:
    return stage + ": on the pad";
  case TraceStep::scrubbed:
    return stage + ": scrubbed";
  case TraceStep::flight_lost:
    return stage + ": flight lost";
  case TraceStep::exit:
    return "exit";
  case TraceStep::launched:
    return "launched";
  case TraceStep::branch_done:
    return "branch done";
  }
  return stage; // not reached: every step is listed above
}

std::string state_time_kind(const simcore::TraceState& state) {
  return models::kTimeKindNames[static_cast<std::size_t>(models::trace_time_kind(trace_step(state)))];
}

} // namespace satflow::tools
