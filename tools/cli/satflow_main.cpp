// satflow: the command-line front end. Each command's options and handler live in a file of their
// own (run_command, compare_command, sweep_command, results_command); this file declares them and
// turns what they throw into exit statuses (cli_util.hpp): 0 success, 2 bad input (command line,
// scenario, spec or database; the problems on stderr), 1 internal failure.
#include "simcore/log.hpp"
#include "tools/cli/calibrate_command.hpp"
#include "tools/cli/cli_util.hpp"
#include "tools/cli/compare_command.hpp"
#include "tools/cli/optimize_command.hpp"
#include "tools/cli/results_command.hpp"
#include "tools/cli/run_command.hpp"
#include "tools/cli/sweep_command.hpp"
#include "tools/experiments/results_store.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>
#include <new>

namespace {

using namespace satflow::cli;

/// Every command's arguments, filled by CLI11.
struct Commands {
  RunArgs args;
  CompareArgs cmp;
  SweepArgs sweep_args;
  ResultsArgs results_args;
  MergeArgs merge_args;
  CalibrateArgs calibrate_args;
  OptimizeArgs optimize_args;
  CLI::App* run = nullptr;
  CLI::App* compare = nullptr;
  CLI::App* sweep = nullptr;
  CLI::App* results = nullptr;
  CLI::App* merge = nullptr;
  CLI::App* calibrate = nullptr;
  CLI::App* optimize = nullptr;
};

void declare(CLI::App& app, Commands& c) {
  c.run = add_run_command(app, c.args);
  add_validate_command(app, c.args);
  c.compare = add_compare_command(app, c.args, c.cmp);
  c.sweep = add_sweep_command(app, c.sweep_args);
  c.results = add_results_command(app, c.results_args);
  c.merge = add_merge_command(app, c.merge_args);
  c.calibrate = add_calibrate_command(app, c.calibrate_args);
  c.optimize = add_optimize_command(app, c.optimize_args);
}

int dispatch(const Commands& c) {
  if (c.run->parsed())
    return run_command(c.args);
  if (c.compare->parsed())
    return compare_command(c.args, c.cmp);
  if (c.sweep->parsed())
    return sweep_command(c.sweep_args);
  if (c.results->parsed())
    return results_command(c.results_args);
  if (c.merge->parsed())
    return merge_command(c.merge_args);
  if (c.calibrate->parsed())
    return calibrate_command(c.calibrate_args);
  if (c.optimize->parsed())
    return optimize_command(c.optimize_args);
  return validate_command(c.args);
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"satflow: discrete-event simulation of the satellite build-to-launch pipeline"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("satflow ") + kVersion);
  Commands commands;
  declare(app, commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kOk : kBadInput;
  }
  satflow::simcore::configure_logging(commands.args.verbose);
  satflow::simcore::logger("satflow"); // created with the simulated-time pattern, then made the default
  spdlog::set_default_logger(spdlog::get("satflow"));
  // A closed standard output is an error of its own (stdout_written), not a signal that kills the
  // command before it has written its files.
  std::signal(SIGPIPE, SIG_IGN);
  try {
    const int status = dispatch(commands);
    return status == kOk && !stdout_written() ? kInternal : status;
  } catch (const satflow::tools::BadDatabase& e) {
    for (const auto& line : e.details)
      std::cerr << "satflow: " << line << "\n";
    std::cerr << "satflow: " << e.what() << "\n";
    return kBadInput;
  } catch (const std::bad_alloc&) {
    std::cerr << "satflow: out of memory: the run's work in progress outgrew this machine (do arrivals outpace "
                 "the stations' capacity? a shorter horizon or a lower rate shows it sooner)\n";
    return kInternal;
  } catch (const std::exception& e) {
    std::cerr << "satflow: internal error: " << e.what() << "\n";
    return kInternal;
  }
}
