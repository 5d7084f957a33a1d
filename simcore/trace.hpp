// The trace recorder: every state change of every work item, with its time and site, kept in
// memory in the order it happened. Models emit; writers (CSV, Perfetto) read events() afterwards.
// When disabled, record() is a single branch, so the hot path pays nothing for it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace satflow::simcore {

struct TraceEvent {
  double time_s;
  std::uint32_t item;
  std::uint32_t state; ///< index into the state names the model registered
  std::uint32_t site;  ///< site index in the SiteGraph
  std::uint32_t lane;  ///< 0 for the item itself, 1 + branch for a parallel branch working for it
};

class TraceRecorder {
public:
  explicit TraceRecorder(bool enabled = false) : enabled_(enabled) {}

  bool enabled() const { return enabled_; }
  /// Registers a state name and returns its index (idempotent: the same name gives the same index).
  std::uint32_t state_id(const std::string& name);
  const std::string& state_name(std::uint32_t id) const { return states_.at(id); }

  /// Records that item (or its parallel branch `lane`) entered state at time_s on site. No-op when disabled.
  void record(double time_s, std::uint32_t item, std::uint32_t state, std::uint32_t site, std::uint32_t lane = 0) {
    if (enabled_)
      events_.push_back({time_s, item, state, site, lane});
  }
  const std::vector<TraceEvent>& events() const { return events_; }

private:
  bool enabled_;
  std::vector<std::string> states_;
  std::vector<TraceEvent> events_;
};

} // namespace satflow::simcore
