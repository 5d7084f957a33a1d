// An observations file: the record of a scenario's programmes (models/observations.hpp), read and
// checked against the scenario it is used with. Every problem is a diagnostic at the file's line and
// column: an item the scenario does not name, a milestone the model does not record, a date before
// the epoch, a date without its sd, a date together with a censoring bound, a bad unit.
//
//   observations:
//     - {item: NEXTSat-1, milestone: ready, date: 2017-07-15, sd: 3mo, source: "DOMAIN-DATA 2.2"}
//     - {item: KOMPSAT-6, milestone: launched, not_before: 2026-01-01}
#pragma once

#include "configs/diagnostics.hpp"
#include "models/observations.hpp"
#include "models/scenario.hpp"

#include <filesystem>
#include <optional>
#include <vector>

namespace satflow::configs {

struct ObservationsLoad {
  std::optional<std::vector<models::Observation>> observations; ///< set only when there is no diagnostic
  Diagnostics diagnostics;
};

/// Loads an observations file against `scenario` (loaded, overrides applied): items are the names of
/// its scheduled items, dates need its epoch. Never throws for bad input.
ObservationsLoad load_observations_file(const std::filesystem::path& file, const models::Scenario& scenario);

} // namespace satflow::configs
