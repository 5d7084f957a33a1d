// Expands a sweep spec into design points: a full factorial grid, one-at-a-time around a base point,
// a Latin hypercube of n samples, Morris trajectories, or Saltelli's scheme for Sobol indices. Each point is a set of
// --set overrides with a content-hash id; tasks are (point, replication) in replication-major order, so a sweep stopped
// half-way still covers the whole space evenly. Seeds derive from (base seed, replication), never
// from the point: points differ only by their parameters (common random numbers). A plan read back
// from a database is checked by plan_damage().
#pragma once

#include "configs/sweep_spec.hpp"
#include "tools/experiments/results_store.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace satflow::tools {

struct SweepPoint {
  std::string id;                     ///< 16 hex digits, a hash of the overrides
  std::vector<std::string> overrides; ///< "path=value", one per parameter, in parameter order
  std::vector<std::size_t> levels;    ///< value index per parameter (grid, one-at-a-time, Morris)
  std::vector<double> coordinates;    ///< position in [0, 1] per parameter (Morris, Latin hypercube)
};

/// One Morris trajectory: its points and, for each step, the parameter that moved and by how much.
struct MorrisStep {
  std::size_t from; ///< index into the plan's points
  std::size_t to;
  std::size_t parameter;
  double delta; ///< signed change of the parameter's coordinate
};

struct SweepPlan {
  std::vector<SweepPoint> points; ///< distinct points, in design order
  std::vector<MorrisStep> morris; ///< Morris designs only
  /// Sobol designs only: per row of Saltelli's matrices, the points of A, B and A_B^(i) for each
  /// parameter i (A with column i from B), k + 2 indices into `points`.
  std::vector<std::vector<std::size_t>> sobol;
  std::size_t reference = 0;    ///< the point others are compared with (grid, one-at-a-time)
  bool named_reference = false; ///< the spec named it (then the plan's JSON records it)
  std::size_t replications = 1;
  std::uint64_t seed = 0;
  /// Uncertain sweeps only (sweep_uncertainty.hpp): the input draws, `replications` = draws x K.
  nlohmann::ordered_json uncertain;
  std::string hash;          ///< of everything that determines the results
  std::string scenario_hash; ///< of the scenario's text: with plan_json() it gives `hash`

  std::size_t task_count() const { return points.size() * replications; }
  /// Task t is replication t / points, point t % points (replication-major).
  std::size_t point_of(std::size_t task) const { return task % points.size(); }
  std::size_t replication_of(std::size_t task) const { return task / points.size(); }
};

/// Expands the design. `seed` drives the sampled designs; `scenario_text` enters the plan's hash.
/// Throws std::invalid_argument when a parameter cannot serve the design (a continuous range in a grid):
/// API misuse, since load_sweep_spec() refuses such a spec at its line and column.
SweepPlan plan_sweep(const configs::SweepSpec& spec, std::uint64_t seed, const std::string& scenario_text);

/// Makes `plan` an uncertain sweep's: each of its spec.replications becomes `draws` x that many (task
/// replication m K + k is replication k of input draw m), `uncertain` is stored in its JSON, and its
/// hash is taken again. REQUIRES: draws >= 1.
void set_uncertain(const configs::SweepSpec& spec, SweepPlan& plan, nlohmann::ordered_json uncertain,
                   std::size_t draws);

/// The plan as JSON, stored with the results (and hashed).
nlohmann::ordered_json plan_json(const configs::SweepSpec& spec, const SweepPlan& plan);

/// Why a plan read back from a database cannot be used ("the sweep plan is damaged: it is not JSON"),
/// or "" when it can: it must parse, match its hash (when the database holds the scenario's hash) and
/// have the shape plan_json() writes, as far as the readers of the database rely on it.
std::string plan_damage(const StoredPlan& plan);

} // namespace satflow::tools
