// Parallel stages: an item forks into one branch job per branch (subsystems built at their own
// stations), waits, and goes on when its last branch has joined (MODEL.md, mechanism 3). The time
// the item spent in the parallel stage is its last branch's own breakdown: the critical path.
#pragma once

#include "models/run_part.hpp"

#include <cstdint>
#include <functional>

namespace satflow::models {

struct ForkJoinHooks {
  std::function<void(std::uint32_t job, std::uint32_t stage)> enter; ///< a branch job starts its first stage
  std::function<void(std::uint32_t job)> done;                       ///< the item's last branch has joined
};

class ForkJoin : private RunPart<ForkJoinHooks> {
public:
  using Hooks = ForkJoinHooks;

  /// Registers the trace state "branch done". REQUIRES: context outlives this.
  ForkJoin(const RunContext& context, Hooks hooks);

  /// The item enters its parallel stage: a branch job starts on every branch.
  void fork(std::uint32_t id);
  /// A branch job reached the end of its branch; it is released.
  void join(std::uint32_t child);

private:
  std::uint32_t trace_branch_done_;
};

} // namespace satflow::models
