// The display of a run's trace states, shared by the Perfetto trace and the run page's Gantt: the
// name a person reads ("AIT (queued)", "launch: transport", "exit") and the bucket a slice is drawn
// in, both from the state's stage name and its models::TraceStep. Names are only ever made here,
// never parsed: a stage called "x (queued)" is working while it works and queueing while it waits.
#pragma once

#include "models/results.hpp"
#include "simcore/trace.hpp"

#include <string>

namespace satflow::tools {

/// The step of a state that models recorded.
models::TraceStep trace_step(const simcore::TraceState& state);
/// The display name: the stage's name with the step ("AIT", "AIT (queued)", "launch: on the pad"),
/// or the instant's ("exit", "launched", "branch done").
std::string state_label(const simcore::TraceState& state);
/// The bucket (a models::kTimeKindNames entry) a slice of the state is drawn in. REQUIRES: not an instant.
std::string state_time_kind(const simcore::TraceState& state);

} // namespace satflow::tools
