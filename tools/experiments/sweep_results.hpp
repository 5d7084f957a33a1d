// Reading sweep databases back: a checked database's table and analysis (per point CI and paired
// effects, grid effects, tornado, Morris, Sobol: sweep_analysis.hpp), the data of its page of charts,
// and merging shard databases of one sweep. No command-line parsing and no exit statuses: `satflow
// results` and `satflow merge` (tools/cli/results_command.hpp) own those.
#pragma once

#include "tools/experiments/sweep_analysis.hpp"
#include "tools/experiments/sweep_uncertainty.hpp"
#include "tools/report/sweep_charts.hpp"

#include <optional>
#include <string>
#include <vector>

namespace satflow::tools {

struct SweepSummary {
  SweepTable table;
  SweepAnalysis analysis;
  std::optional<SweepUncertainty> uncertainty; ///< uncertain sweeps only (sweep_uncertainty.hpp)
};

/// The table and analysis of database `db`, after checking everything in it: throws BadDatabase when
/// it is missing, holds no sound plan or holds a damaged row (each named in the error's details).
SweepSummary read_sweep(const std::string& db);

/// The HTML page's data: the KPIs that apply, the headline ones first (the primary KPI, which the
/// tornado and Morris charts show, in front), each point's values of the runs that produced one.
SweepData sweep_data(const SweepTable& table, const SweepAnalysis& analysis);

/// Adds every run of `shards` to `out` (created if missing); merging a shard twice changes nothing.
/// Every database is checked first: throws BadDatabase, leaving `out` as it was, when one is missing,
/// damaged or of another sweep.
void merge_shards(const std::string& out, const std::vector<std::string>& shards);

} // namespace satflow::tools
