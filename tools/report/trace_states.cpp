#include "tools/report/trace_states.hpp"

#include <array>

namespace satflow::tools {

models::TraceStep trace_step(const simcore::TraceState& state) { return static_cast<models::TraceStep>(state.kind); }

namespace {

/// What follows the stage's name, per TraceStep; instants stand alone (their name only).
constexpr std::array<const char*, 14> kStepText{"",
                                                " (queued)",
                                                " (coordinating)",
                                                " (waiting for parts)",
                                                " (station down)",
                                                ": ready to ship",
                                                ": transport",
                                                ": integration",
                                                ": on the pad",
                                                ": scrubbed",
                                                ": flight lost",
                                                "exit",
                                                "launched",
                                                "branch done"};
static_assert(kStepText.size() == static_cast<std::size_t>(models::TraceStep::branch_done) + 1);

} // namespace

std::string state_label(const simcore::TraceState& state) {
  const models::TraceStep step = trace_step(state);
  const char* text = kStepText[static_cast<std::size_t>(step)];
  return models::is_instant(step) ? std::string(text) : state.name + text;
}

std::string state_time_kind(const simcore::TraceState& state) {
  return models::kTimeKindNames[static_cast<std::size_t>(models::trace_time_kind(trace_step(state)))];
}

} // namespace satflow::tools
