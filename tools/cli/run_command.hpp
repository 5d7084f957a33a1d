// `satflow run`: one scenario simulated once (its KPI table and optional JSON, CSV, trace and page
// of charts) or, with --replications, N times with every KPI's confidence interval; `satflow
// validate`: a scenario checked and every problem reported.
#pragma once

#include "tools/cli/cli_util.hpp"

#include <CLI/CLI.hpp>

namespace satflow::cli {

/// Declares the scenario options every scenario command shares (the scenario, --set, --horizon,
/// --layout, --quiet) on `cmd`.
void add_scenario_options(CLI::App* cmd, RunArgs& args);

/// Declares the run subcommand and its options on `app`.
CLI::App* add_run_command(CLI::App& app, RunArgs& args);
/// Runs it; returns the exit status.
int run_command(const RunArgs& args);

/// Declares the validate subcommand on `app`.
CLI::App* add_validate_command(CLI::App& app, RunArgs& args);
/// Runs it; returns the exit status.
int validate_command(const RunArgs& args);

} // namespace satflow::cli
