// The trace recorder: every state change of every work item, with its time and site, kept in
// memory in the order it happened. Models emit; writers (CSV, Perfetto) read events() afterwards.
// When disabled, record() is a single branch, so the hot path pays nothing for it. A state is a
// name (what it belongs to, such as a stage) and a kind that the model defines and simcore does not
// interpret; writers make display names from both, so that no one reads a kind back out of a name.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace satflow::simcore {

struct TraceEvent {
  double time_s;
  std::uint32_t item;
  std::uint32_t state; ///< index of a state the model registered (TraceRecorder::state)
  std::uint32_t site;  ///< site index in the SiteGraph
  std::uint32_t lane;  ///< 0 for the item itself, 1 + branch for a parallel branch working for it
};

/// A state that items enter. Two states are the same only if both the name and the kind are.
struct TraceState {
  std::string name;       ///< what the state belongs to (models: a stage's name; empty for the item's own events)
  std::uint32_t kind = 0; ///< the model's kind of state (models: a models::TraceStep)
  bool operator==(const TraceState&) const = default;
};

class TraceRecorder {
public:
  explicit TraceRecorder(bool enabled = false) : enabled_(enabled) {}

  bool enabled() const { return enabled_; }
  /// Registers a state and returns its index (idempotent: the same name and kind give the same index).
  std::uint32_t state_id(const std::string& name, std::uint32_t kind);
  /// The state registered as `id`. Throws std::out_of_range for an index never returned by state_id().
  const TraceState& state(std::uint32_t id) const { return states_.at(id); }

  /// Records that item (or its parallel branch `lane`) entered state at time_s on site. No-op when disabled.
  void record(double time_s, std::uint32_t item, std::uint32_t state, std::uint32_t site, std::uint32_t lane = 0) {
    if (enabled_)
      events_.push_back({time_s, item, state, site, lane});
  }
  const std::vector<TraceEvent>& events() const { return events_; }

private:
  bool enabled_;
  std::vector<TraceState> states_;
  std::vector<TraceEvent> events_;
};

} // namespace satflow::simcore
