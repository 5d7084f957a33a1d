// What a calibration's results depend on, apart from its runs: the priors (with their key paths and
// units), the observations and which of them are fitted (the others are held out), the ABC-SMC
// settings, the seed and the scenario's epoch. Stored as JSON in the calibration database, so that
// `satflow results` replays the algorithm without the spec, and hashed with the scenario's text so
// that a database is never resumed by another calibration.
#pragma once

#include "configs/calibration_spec.hpp"
#include "models/observations.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace satflow::tools {

struct CalibrationPlan {
  std::string name;
  std::vector<std::string> paths;     ///< per parameter
  std::vector<std::string> units;     ///< per parameter: "s" or ""
  std::vector<configs::Prior> priors; ///< per parameter
  std::vector<models::Observation> observations;
  std::vector<bool> fitted; ///< per observation: false when its item is held out
  /// The milestones the distance fits (CalibrationSpec::milestones); empty: every milestone
  std::vector<models::Milestone> milestones;
  configs::AbcSmcSettings settings;
  std::uint64_t seed = 1;
  std::string epoch; ///< the scenario's, "YYYY-MM-DD"
};

/// The plan of a loaded spec.
CalibrationPlan calibration_plan(const configs::CalibrationSpec& spec, const models::Scenario& scenario,
                                 const std::vector<models::Observation>& observations);

/// Per observation: whether it enters the distance (its item is fitted and its milestone is fitted).
std::vector<bool> in_distance(const CalibrationPlan& plan);

nlohmann::ordered_json plan_json(const CalibrationPlan& plan);
/// Reads a stored plan back. Throws BadDatabase (naming `db`) when it is damaged.
CalibrationPlan plan_from_json(const std::string& text, const std::string& db);
/// A hex hash of the plan's JSON and the scenario's text.
std::string plan_hash(const CalibrationPlan& plan, const std::string& scenario_text);

} // namespace satflow::tools
