// A variants file: named what-ifs of one scenario for `satflow compare --variants`, each an optional
// layout and a map of key paths to values exactly like --set, plus the baseline the others are
// compared with (default: the first). Every override keeps where it was written, so that a problem
// with it is reported at its line and column in the variants file.
#pragma once

#include "configs/diagnostics.hpp"
#include "configs/scenario_loader.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace satflow::configs {

/// `scale: {path: factor}`: the variant multiplies an uncertain input (each draw of it under
/// --uncertain, its point value otherwise). Checked against the scenario's `uncertain:` by the CLI.
struct Scale {
  std::string path;
  double factor = 1;  ///< > 0
  std::string origin; ///< "file:line:column", for diagnostics
};

struct VariantSpec {
  std::string name;
  std::string layout;              ///< a layout name or file, as for --layout; empty: the scenario's own
  std::string layout_where;        ///< "file:line:column: variants.N.layout", to blame a layout that is missing
  std::vector<Override> overrides; ///< in the order written; applied after the command line's --set
  std::vector<Scale> scales = {};
};

struct VariantsSpec {
  std::vector<VariantSpec> variants;
  std::size_t baseline = 0; ///< index into variants
};

struct VariantsLoad {
  std::optional<VariantsSpec> spec; ///< set only when there is no diagnostic
  Diagnostics diagnostics;
};

/// Loads a variants file. Never throws for bad input. The overrides themselves are checked when each
/// variant's scenario is loaded.
VariantsLoad load_variants_file(const std::filesystem::path& file);

} // namespace satflow::configs
