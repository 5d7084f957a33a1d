// Turns a scenario YAML file (plus --set overrides) into models::Scenario, or into the list of
// every problem found: syntax, unknown keys, missing units, out-of-range values, dangling
// references, unreachable stages. See docs/config-reference.md for the format.
#pragma once

#include "configs/diagnostics.hpp"
#include "models/scenario.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace satflow::configs {

/// One "key.path=value" change to a scenario and where it came from, for the diagnostics that blame it:
/// "--set key.path=value" for the command line, "file:line:column" for a variants file.
struct Override {
  std::string assignment;
  std::string origin;
  std::string path_origin; ///< where the key path was written, when not at `origin` (a sweep spec); else ""
};
/// Command-line overrides: each is its own origin ("--set " + assignment).
std::vector<Override> command_line_overrides(const std::vector<std::string>& assignments);

struct LoadResult {
  std::optional<models::Scenario> scenario; ///< set only when there is no diagnostic
  Diagnostics diagnostics;
};

/// Loads a scenario file. `layout`, when not empty, names a layout file (a path, or NAME for
/// `layouts/NAME.yaml` beside the scenario) whose `functions` replace the scenario's and whose
/// `coordination` keys override the scenario's. Each override is then applied: "key.path=value"
/// (value in YAML syntax; list elements addressed by index or by their `name`). Never throws for
/// bad input: problems are diagnostics.
LoadResult load_scenario_file(const std::filesystem::path& file, const std::vector<std::string>& overrides = {},
                              const std::string& layout = "");

/// Same, with overrides of any origin.
LoadResult load_scenario_file(const std::filesystem::path& file, const std::vector<Override>& overrides,
                              const std::string& layout);

/// Same, from text; `file_label` names it in diagnostics; `layout` as above, relative to file_label.
LoadResult load_scenario_text(std::string_view text, const std::string& file_label,
                              const std::vector<std::string>& overrides = {}, const std::string& layout = "");
LoadResult load_scenario_text(std::string_view text, const std::string& file_label,
                              const std::vector<Override>& overrides, const std::string& layout);

/// A point of an experiment (a sweep point, an optimiser's candidate, a calibration proposal, a value
/// a spec names) of a scenario whose file the experiment loaded and checked whole: as
/// load_scenario_file, but the `uncertain:` ranges are not probed again (each probe reads the
/// scenario once more; a point's own values are checked as any value is).
LoadResult load_experiment_point(const std::filesystem::path& file, const std::vector<Override>& overrides,
                                 const std::string& layout);

/// The layout file that `layout` names for a scenario at `scenario_file`.
std::filesystem::path layout_path(const std::string& layout, const std::filesystem::path& scenario_file);

} // namespace satflow::configs
