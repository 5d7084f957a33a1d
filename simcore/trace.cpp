#include "simcore/trace.hpp"

#include <algorithm>

namespace satflow::simcore {

std::uint32_t TraceRecorder::state_id(const std::string& name, std::uint32_t kind) {
  const TraceState state{name, kind};
  auto it = std::find(states_.begin(), states_.end(), state);
  if (it != states_.end())
    return static_cast<std::uint32_t>(it - states_.begin());
  states_.push_back(state);
  return static_cast<std::uint32_t>(states_.size() - 1);
}

} // namespace satflow::simcore
