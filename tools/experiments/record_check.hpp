// The record against a model's replications (`satflow run --replications N --observations FILE`): per
// observation, the replications' 5%, 50% and 95% dates of its milestone (type 7 quantiles), whether
// the record lies inside that range, and the median's error in years; for a censored observation, how
// many replications break its bound and whether the 5-95% range meets its side of it. A milestone that a replication
// did not reach comes after the run's end, so it counts as later than every date: a median can be "after the end". Each
// child sends its dates as JSON (observed_run_json) through CompareOptions::observe.
#pragma once

#include "models/observations.hpp"
#include "models/scenario.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace satflow::tools {

/// What one replication gives: the date of each observation's milestone (nullopt: not reached).
struct ObservedRun {
  double end_s = 0;                           ///< the run's end (Results::end_s)
  std::vector<std::optional<double>> dates_s; ///< one per observation, in the file's order
};

/// A child's ObservedRun as JSON: {"end_s": x, "dates_s": [x or null, ...]}.
nlohmann::ordered_json observed_run_json(const models::Results& r,
                                         const std::vector<models::Observation>& observations);
/// Reads it back; nullopt when it is not one of `count` dates (a failed run sends none).
std::optional<ObservedRun> observed_run_from_json(const nlohmann::ordered_json& j, std::size_t count);

/// The record check over input draws (`--uncertain`, `--posterior`): replication k of draw m's scenario
/// runs as replication m K + k (streams of its own, as under run --uncertain), one child each, `jobs` at
/// a time. Returns the runs that sent their dates, in (m, k) order, and counts the others in `failed`.
std::vector<ObservedRun> observe_draws(const std::vector<models::Scenario>& draws, std::size_t replications,
                                       const std::vector<models::Observation>& observations, unsigned jobs,
                                       std::size_t& failed);

struct ObservationCheck {
  std::size_t runs = 0;                   ///< replications with a result
  std::size_t reached = 0;                ///< of those, the ones in which the milestone happened before the end
  double end_s = 0;                       ///< the earliest end of those runs: what "after the end" means
  double p05_s = 0, p50_s = 0, p95_s = 0; ///< seconds from time 0; +infinity: after the end; NaN: no run
  bool inside = false;               ///< dated: p05 <= record <= p95; censored: the 5-95% range meets the bound's side
  std::size_t violations = 0;        ///< censored: replications that break the bound
  std::optional<double> error_years; ///< dated: (p50 - record) in years of 365 d, when the median is a date
};

/// One check per observation over the runs. REQUIRES: every run has observations.size() dates.
std::vector<ObservationCheck> check_observations(const std::vector<models::Observation>& observations,
                                                 const std::vector<ObservedRun>& runs);

/// The table printed after the replications' summary; `epoch` dates the seconds ("YYYY-MM-DD").
void write_observations_table(const std::vector<models::Observation>& observations,
                              const std::vector<ObservationCheck>& checks, const std::string& epoch, std::ostream& out);
/// The `observations` list of the JSON output: dates as "YYYY-MM-DD", null when after the run's end.
nlohmann::ordered_json observations_json(const std::vector<models::Observation>& observations,
                                         const std::vector<ObservationCheck>& checks, const std::string& epoch);

} // namespace satflow::tools
