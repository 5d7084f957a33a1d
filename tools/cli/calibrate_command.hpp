// `satflow calibrate SPEC --db calib.sqlite [--jobs J] [-q]`: ABC-SMC of a scenario's inputs against
// the record (tools/experiments/calibration.hpp), resumable; and `satflow results` on a calibration
// database (calibration_report.hpp), which results_command hands over to calibration_results_command.
// --list-proposals and --run-proposals serve satflow-mpi calibrate, the task farm: it lists the batch
// the calibration needs next, farms it out to ranks that run it, and stores the rows.
#pragma once

#include "tools/cli/results_command.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace satflow::cli {

struct CalibrateArgs {
  std::string spec;
  std::string db;
  unsigned jobs = 1;
  bool quiet = false;
  bool list_proposals = false; ///< record the plan, print the next batch of proposals as JSON, run nothing
  std::string run_proposals;   ///< a JSON list of proposals: run them, print each row as a JSON line, store nothing
};

/// Declares the calibrate subcommand and its options on `app`.
CLI::App* add_calibrate_command(CLI::App& app, CalibrateArgs& args);
/// Runs what the database lacks and prints the summary; returns the exit status.
int calibrate_command(const CalibrateArgs& args);
/// `satflow results` on a calibration database: text, --json, --csv (--html: not yet).
int calibration_results_command(const ResultsArgs& args);

} // namespace satflow::cli
