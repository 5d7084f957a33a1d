// A parameter sweep: a base scenario (and layout), parameters addressed by key path with their
// values (a list, a range with a step, or a distribution to sample), a design that turns them into
// points, replications and a base seed. Loaded from YAML with every problem as a diagnostic.
#pragma once

#include "configs/diagnostics.hpp"
#include "simcore/distributions.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace satflow::configs {

enum class SweepDesign { grid, latin_hypercube, one_at_a_time, morris };

struct SweepParameter {
  std::string path;                 ///< key path into the scenario, as for --set
  std::vector<std::string> values;  ///< YAML values, in order (lists and ranges)
  std::optional<simcore::Distribution> distribution; ///< to sample (Latin hypercube); in the value's unit
  std::string unit;                 ///< "s" when values are durations, "" for plain numbers or text
  std::size_t base = 0;             ///< index of the base value (one-at-a-time and Morris centre)
};

struct SweepSpec {
  std::string name;
  std::filesystem::path scenario;   ///< resolved against the spec file's folder
  std::string layout;               ///< optional layout name or file
  std::optional<std::uint64_t> seed; ///< default: the scenario's
  std::size_t replications = 1;
  SweepDesign design = SweepDesign::grid;
  std::size_t samples = 0;          ///< Latin hypercube points
  std::size_t trajectories = 0;     ///< Morris trajectories
  std::size_t levels = 4;           ///< Morris levels (even)
  std::vector<SweepParameter> parameters;
};

struct SweepLoad {
  std::optional<SweepSpec> spec;
  Diagnostics diagnostics;
};

/// Loads a sweep spec. Never throws for bad input.
SweepLoad load_sweep_spec(const std::filesystem::path& file);

} // namespace satflow::configs
