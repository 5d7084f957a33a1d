// `satflow compare`: what-if variants of one scenario (hub layouts with --layouts, or any layout and
// --set changes from a variants file with --variants) run with common random numbers and reported
// with paired differences against the baseline, and optionally the subset that holds the best.
#pragma once

#include "tools/cli/cli_util.hpp"
#include "tools/experiments/compare.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace satflow::cli {

struct CompareArgs {
  std::vector<std::string> layouts;
  std::string variants_file;
  std::string baseline;
  std::size_t replications = 0;
  double precision = 0;
  std::size_t max_replications = 100;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  std::string select_best; ///< a KPI key of the JSON output
  double indifference = 0; ///< in the KPI's unit (seconds for durations)
  std::string json_file;
  std::string csv_file;
  std::string markdown_file;
  std::string html_file;
};

/// Where a comparison's results go; an empty path: not written, "-": standard output.
struct ComparisonFiles {
  std::string json, csv, markdown, html;
};

/// Prints the table (unless `quiet` or a file goes to standard output) and writes the files; returns
/// the exit status. Shared by `compare` and `run --replications`.
int report_comparison(const tools::CompareOptions& options, const tools::CompareResult& result,
                      const ComparisonFiles& files, bool quiet);

/// Declares the compare subcommand and its options on `app`.
CLI::App* add_compare_command(CLI::App& app, RunArgs& args, CompareArgs& cmp);
/// Runs it; returns the exit status.
int compare_command(RunArgs args, const CompareArgs& cmp);

} // namespace satflow::cli
