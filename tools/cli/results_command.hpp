// `satflow results`: the summary of a sweep database (tools/experiments/sweep_results.hpp) as text,
// CSV, JSON and a page of charts; `satflow merge`: shard databases of one sweep into one.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace satflow::cli {

struct ResultsArgs {
  std::string db;
  std::string csv_file;
  std::string html_file;
  std::string json_file;
  bool list_points = false; ///< also list a sampled design's points (grids always list them)
};

struct MergeArgs {
  std::string out;
  std::vector<std::string> shards;
};

/// Declares the results subcommand and its options on `app`.
CLI::App* add_results_command(CLI::App& app, ResultsArgs& args);
/// Prints the summary (unless a file goes to standard output) and writes the files; returns the exit status.
int results_command(const ResultsArgs& args);

/// Declares the merge subcommand and its options on `app`.
CLI::App* add_merge_command(CLI::App& app, MergeArgs& args);
/// Merges the shards; returns the exit status.
int merge_command(const MergeArgs& args);

} // namespace satflow::cli
