#include "tools/experiments/optimize_search.hpp"

#include <pagmo/algorithms/gaco.hpp>
#include <pagmo/algorithms/nsga2.hpp>
#include <pagmo/batch_evaluators/member_bfe.hpp>
#include <pagmo/bfe.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace satflow::tools {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Records every evaluation: the distinct candidates in order and the best feasible objective.
struct Recorder {
  SearchTrace* trace = nullptr;
  std::set<std::vector<std::int64_t>> seen;
  double best = kInf;

  void add(const std::vector<CandidateFigures>& figures) {
    for (const auto& f : figures) {
      if (seen.insert(f.x).second)
        trace->candidates.push_back(f.x);
      if (f.feasible())
        best = std::min(best, f.objective.front());
    }
  }
  void end_generation() { trace->generations.push_back({trace->generations.size() + 1, seen.size(), best}); }
};

/// The spec as a pagmo problem: integer decisions (a categorical as its index), the objectives, and one
/// inequality constraint per chance constraint (shortfall <= 0). batch_fitness evaluates a population at once.
struct PlanProblem {
  const configs::OptimizeSpec* spec = nullptr;
  Evaluator* ev = nullptr;
  Recorder* recorder = nullptr;

  pagmo::vector_double fitness(const pagmo::vector_double& x) const { return batch_fitness(x); }
  pagmo::vector_double batch_fitness(const pagmo::vector_double& dvs) const {
    const std::size_t n = spec->decisions.size();
    std::vector<std::vector<std::int64_t>> xs;
    for (std::size_t i = 0; i + n <= dvs.size(); i += n) {
      xs.emplace_back();
      for (std::size_t j = 0; j < n; ++j)
        xs.back().push_back(static_cast<std::int64_t>(std::llround(dvs[i + j])));
    }
    const auto figures = ev->evaluate(xs, 0, spec->replications);
    recorder->add(figures);
    pagmo::vector_double out;
    for (const auto& f : figures) {
      out.insert(out.end(), f.objective.begin(), f.objective.end());
      // A plan that misses is also charged how far its target's value is from the bound: a plateau of
      // P(met) = 0 then still leads the search toward the feasible plans. The sign is unchanged.
      for (std::size_t c = 0; c < f.shortfall.size(); ++c)
        out.push_back(f.shortfall[c] > 0 ? f.shortfall[c] + f.gap[c] : f.shortfall[c]);
    }
    return out;
  }
  std::pair<pagmo::vector_double, pagmo::vector_double> get_bounds() const {
    pagmo::vector_double lo, hi;
    for (const auto& d : spec->decisions) {
      lo.push_back(d.categorical ? 0 : static_cast<double>(d.from));
      hi.push_back(d.categorical ? static_cast<double>(d.values.size() - 1) : static_cast<double>(d.to));
    }
    return {lo, hi};
  }
  pagmo::vector_double::size_type get_nobj() const { return spec->objectives.size(); }
  pagmo::vector_double::size_type get_nic() const { return spec->constraints.size(); }
  pagmo::vector_double::size_type get_nix() const { return spec->decisions.size(); }
};

double space_size(const configs::OptimizeSpec& spec) {
  double size = 1;
  for (const auto& d : spec.decisions)
    size *= d.categorical ? static_cast<double>(d.values.size()) : static_cast<double>(d.to - d.from + 1);
  return size;
}

/// Every candidate in lexicographic order, in one batch.
void enumerate(const configs::OptimizeSpec& spec, Evaluator& ev, Recorder& recorder) {
  std::vector<std::vector<std::int64_t>> all{{}};
  for (const auto& d : spec.decisions) {
    std::vector<std::vector<std::int64_t>> next;
    const std::int64_t lo = d.categorical ? 0 : d.from;
    const std::int64_t hi = d.categorical ? static_cast<std::int64_t>(d.values.size()) - 1 : d.to;
    for (const auto& prefix : all)
      for (std::int64_t v = lo; v <= hi; ++v) {
        next.push_back(prefix);
        next.back().push_back(v);
      }
    all = std::move(next);
  }
  recorder.add(ev.evaluate(all, 0, spec.replications));
  recorder.end_generation();
}

template <class Algorithm>
void evolve(const configs::OptimizeSpec& spec, Algorithm algorithm, const pagmo::problem& problem, Recorder& recorder) {
  algorithm.set_bfe(pagmo::bfe{pagmo::member_bfe{}});
  pagmo::population pop(problem, pagmo::bfe{pagmo::member_bfe{}}, spec.population,
                        static_cast<unsigned>(spec.search_seed));
  recorder.end_generation(); // generation 0: the first population
  for (std::size_t g = 0; g < spec.generations; ++g) {
    pop = algorithm.evolve(pop);
    recorder.end_generation();
  }
}

} // namespace

SearchTrace search(const configs::OptimizeSpec& spec, Evaluator& ev) {
  SearchTrace trace;
  trace.space_size = space_size(spec);
  Recorder recorder{&trace, {}, kInf};
  const bool small = trace.space_size <= kEnumerateAtMost && spec.algorithm == configs::OptimizeAlgorithm::automatic;
  if (spec.algorithm == configs::OptimizeAlgorithm::enumerate || small) {
    trace.algorithm = "enumerated";
    enumerate(spec, ev, recorder);
    return trace;
  }
  const pagmo::problem problem{PlanProblem{&spec, &ev, &recorder}};
  const auto seed = static_cast<unsigned>(spec.search_seed);
  if (spec.objectives.size() == 2) {
    trace.algorithm = "nsga2";
    evolve(spec, pagmo::nsga2(1u, 0.95, 10., 0.01, 50., seed), problem, recorder);
  } else {
    trace.algorithm = "gaco";
    // memory: one generation per call, the solution archive kept between calls.
    const auto kernel = static_cast<unsigned>(std::min<std::size_t>(spec.population, 63));
    evolve(spec, pagmo::gaco(1u, kernel, 1.0, 0., 0.01, 1u, 7u, 100000u, 100000u, 0., true, seed), problem, recorder);
  }
  return trace;
}

} // namespace satflow::tools
