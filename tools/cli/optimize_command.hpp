// `satflow optimize SPEC --db OPT.sqlite [--jobs J]`: the cheapest plan (or the best on a KPI) that
// meets the spec's chance constraints (tools/experiments/optimizer.hpp), resumable from its database;
// and `satflow results OPT.sqlite` for an optimisation database. `--list-runs` and `--run-candidates`
// serve satflow-mpi's task farm, as calibrate's --list-proposals and --run-proposals do: rank 0 lists
// the batch the search needs next (replayed from the database), the workers run it, rank 0 stores it.
#pragma once

#include "tools/cli/cli_util.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace satflow::cli {

struct OptimizeArgs {
  std::string spec;
  std::string db;
  unsigned jobs = 1;
  std::string json_file;
  std::string csv_file;
  UncertainArgs uncertain = {}; ///< --uncertain, --posterior: replication j runs input draw j
  bool list_runs = false;       ///< satflow-mpi's rank 0: print the next batch the search needs
  std::string run_candidates;   ///< satflow-mpi's workers: run these runs, print their records
};

/// Declares the optimize subcommand and its options on `app`.
CLI::App* add_optimize_command(CLI::App& app, OptimizeArgs& args);
/// Runs it; returns the exit status.
int optimize_command(const OptimizeArgs& args);
/// `results` on an optimisation database: the stored report as text, --json, --csv or --html (the page of
/// tools/report/optimize_charts.hpp).
int optimize_results(const std::string& db, const std::string& json_file, const std::string& csv_file,
                     const std::string& html_file);

} // namespace satflow::cli
