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

struct LoadResult {
  std::optional<models::Scenario> scenario; ///< set only when there is no diagnostic
  Diagnostics diagnostics;
};

/// Loads a scenario file. Each override is "key.path=value" (value in YAML syntax); list elements
/// are addressed by index or by their `name`. Never throws for bad input: problems are diagnostics.
LoadResult load_scenario_file(const std::filesystem::path& file, const std::vector<std::string>& overrides = {});

/// Same, from text; `file_label` names it in diagnostics.
LoadResult load_scenario_text(std::string_view text, const std::string& file_label,
                              const std::vector<std::string>& overrides = {});

} // namespace satflow::configs
