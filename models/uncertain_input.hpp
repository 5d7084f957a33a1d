// An input the scenario declares uncertain (its `uncertain:` section): the key path of a value, as for
// --set, and the distribution of what we do not know about it. A run without --uncertain uses the
// point value written at the path and never looks at these; a second-order Monte Carlo
// (tools/experiments/uncertainty.hpp) draws each input per outer draw and applies the draws as
// overrides, so an input is anything the loader can read at its path, checked by the loader.
#pragma once

#include "simcore/distributions.hpp"

#include <string>

namespace satflow::models {

/// How the value at the path is written, which fixes the unit of the distribution's values.
enum class ValueKind { number, duration, rate };

struct UncertainInput {
  std::string path;                                                     ///< key path, as for --set
  simcore::Distribution distribution = simcore::Distribution::fixed(0); ///< seconds, per second, or plain
  ValueKind kind = ValueKind::number;
  double point = 0;        ///< the value written at the path (same unit), used when nothing is drawn
  std::string declared_at; ///< "file:line:column" of the declaration, for reports and diagnostics
};

} // namespace satflow::models
