// The calibration runner (`satflow calibrate`): prepares a calibration (its spec, scenario and record
// checked before anything runs), then replays ABC-SMC (abc_smc.hpp) over the proposals its database
// holds, running those it lacks as real satflow runs in child processes (process_pool.hpp), each
// stored with its distance as it completes. Proposal (generation, index) is drawn from its own stream
// and proposals are accepted in index order, so the posterior depends neither on --jobs nor on where
// a killed calibration resumed: resuming is replaying. Reading a database back (`satflow results`)
// is the same replay with nothing run.
#pragma once

#include "configs/calibration_spec.hpp"
#include "tools/experiments/abc_smc.hpp"
#include "tools/experiments/calibration_plan.hpp"
#include "tools/experiments/calibration_store.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace satflow::tools {

struct Calibration {
  configs::CalibrationSpec spec;
  models::Scenario scenario; ///< the base, layout applied
  CalibrationPlan plan;
  std::string hash; ///< plan_hash()
};

struct CalibrationPreparation {
  std::optional<Calibration> calibration; ///< set only when there is no problem
  configs::Diagnostics diagnostics;
  std::string conclusion; ///< the closing line after the diagnostics
};

/// Reads and checks the spec at `spec_file`, its scenario and its record. Never throws for bad input.
CalibrationPreparation prepare_calibration(const std::filesystem::path& spec_file);

enum class StopReason {
  min_acceptance,  ///< a generation accepted less than min_acceptance of its proposals
  max_generations, ///< the generation cap
  threshold_floor, ///< the next threshold reached min_threshold
  unfinished,      ///< the database lacks proposals (a calibration killed or still running)
};
const char* stop_reason_name(StopReason reason);

struct GenerationSummary {
  std::size_t generation = 0;
  double threshold = 0; ///< +infinity for generation 0
  std::size_t accepted = 0;
  std::size_t proposals = 0; ///< proposals up to the last accepted (index order): what the generation used
  double acceptance = 0;     ///< accepted / proposals
  double ess = 0;
  std::size_t failed = 0; ///< of those proposals, runs that failed
};

struct CalibrationState {
  std::vector<GenerationSummary> generations; ///< the complete ones
  std::vector<Particle> posterior;            ///< the last complete generation, weights normalised
  StopReason stop = StopReason::unfinished;
  std::vector<Point> predictive_theta;              ///< posterior draws for the predictive checks
  std::vector<std::vector<ObservedRun>> predictive; ///< their runs (empty when a draw's run failed)
  std::size_t runs = 0;                             ///< proposals run by this call (0 when only replaying)
};

/// Runs what the database lacks and returns the calibration's state; calls progress(state) after each
/// batch. Throws BadDatabase when the store holds another calibration or a damaged row.
CalibrationState run_calibration(CalibrationStore& store, const std::string& db, const Calibration& calibration,
                                 unsigned jobs, const std::function<void(const CalibrationState&)>& progress);

/// A proposal the calibration needs and its database lacks (theta nothing: no draw fell inside the
/// priors), for a task farm (satflow-mpi calibrate) that runs proposals elsewhere.
struct PendingProposal {
  std::int64_t generation = 0;
  std::size_t index = 0;
  std::optional<Point> theta;
};

/// Records the plan (as run_calibration does) and returns the batch of proposals run_calibration would
/// run next; empty when the calibration has finished. Throws BadDatabase as above.
std::vector<PendingProposal> pending_proposals(CalibrationStore& store, const std::string& db,
                                               const Calibration& calibration);

/// Runs `todo`, one child process each, `jobs` at a time, and calls done(row) in this process with each
/// proposal's row as the database stores it (a failed run says why), in the order they end.
void run_proposals(const Calibration& calibration, const std::vector<PendingProposal>& todo, unsigned jobs,
                   const std::function<void(const StoredProposal&)>& done);

/// The state a database holds, replayed without running anything. Throws BadDatabase as above.
CalibrationState read_calibration(const CalibrationStore& store, const std::string& db, const CalibrationPlan& plan);

} // namespace satflow::tools
