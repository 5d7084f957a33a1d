// The optimiser's search over a spec's decision space: full enumeration of a small space, else pagmo2
// (GACO for one objective, NSGA-II for two), one generation per call. Every candidate goes through the
// Evaluator, so what was searched is in the database; the trace lists each distinct candidate once,
// in the order first evaluated, and the best feasible objective after each generation.
#pragma once

#include "tools/experiments/optimize_evaluator.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace satflow::tools {

struct SearchTrace {
  std::string algorithm; ///< "enumerated", "gaco" or "nsga2"
  double space_size = 0; ///< candidates in the space
  struct Generation {
    std::size_t generation = 0;
    std::size_t evaluated = 0; ///< distinct candidates evaluated so far
    double best_feasible = 0;  ///< the first objective (as minimised); infinity while none is feasible
  };
  std::vector<Generation> generations;
  std::vector<std::vector<std::int64_t>> candidates;
};

/// Searches the space; deterministic for a spec (pagmo's seed is the spec's), whatever the jobs.
SearchTrace search(const configs::OptimizeSpec& spec, Evaluator& ev);

} // namespace satflow::tools
