// Reading sweep databases back: `satflow results` summarises one (per point CI and paired effects,
// grid effects, tornado, Morris, Sobol: sweep_analysis.hpp);
// `satflow merge` combines shard databases of one sweep. Exit status: 0, 2 bad input, 1 internal
// failure.
#pragma once

#include <string>
#include <vector>

namespace satflow::tools {

/// Prints the summary of database `db` (sweep_report.hpp); with csv_file, per point and KPI rows;
/// with html_file, the page of charts (tools/report/sweep_charts.hpp), its header naming satflow
/// `version`; with json_file, everything the text shows and every point as JSON. The text lists a
/// sampled design's points only with `list_points` (sweep_report.hpp).
int results_command(const std::string& db, const std::string& csv_file, const std::string& html_file,
                    const std::string& json_file, bool list_points, const std::string& version);
/// Adds every run of `shards` to `out` (created if missing); merging a shard twice changes nothing.
int merge_command(const std::string& out, const std::vector<std::string>& shards);

} // namespace satflow::tools
