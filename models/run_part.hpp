// What every part of one run holds: the flow's own parts (station work, exchanges, fork/join, launch
// operations) and the mechanisms (mechanism.hpp) each keep the run's shared context and the hooks by
// which they call back into the flow. The pipeline builds them all from one RunContext, which it owns
// and which outlives them; the hooks are set with designated initialisers (`{.done = ...}`), and a part
// that calls nothing back has none.
#pragma once

#include "models/run_context.hpp"

#include <utility>

namespace satflow::models {

/// The hooks of a part that calls nothing back.
struct NoHooks {};

/// A part's base: its context and hooks, for the part's own methods to use.
template <class Hooks = NoHooks> class RunPart {
protected:
  /// REQUIRES: context outlives this.
  explicit RunPart(const RunContext& context, Hooks hooks = {}) : ctx_(context), hooks_(std::move(hooks)) {}

  const RunContext& ctx_;
  [[no_unique_address]] Hooks hooks_;
};

} // namespace satflow::models
