// satflow: the command-line front end. `run` simulates one scenario and reports its KPIs;
// `validate` checks a scenario and reports every problem. Exit status: 0 success, 2 bad input
// (command line or scenario; the problems on stderr), 1 internal failure.
#include "configs/scenario_loader.hpp"
#include "models/pipeline.hpp"
#include "simcore/units.hpp"
#include "tools/report.hpp"
#include "tools/trace_writer.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>

namespace {

namespace cfg = satflow::configs;
namespace models = satflow::models;
namespace tools = satflow::tools;

constexpr int kOk = 0;
constexpr int kInternal = 1;
constexpr int kBadInput = 2;

struct RunArgs {
  std::string scenario;
  std::optional<std::uint64_t> seed;
  std::uint64_t replication = 0;
  std::vector<std::string> sets;
  std::string horizon;
  std::string json_file;
  std::string items_csv;
  std::string trace_file;
  bool verbose = false;
  bool quiet = false;
};

/// Loads the scenario with the command line's overrides; prints the problems and returns nullopt on bad input.
std::optional<models::Scenario> load(const RunArgs& args) {
  std::vector<std::string> overrides = args.sets;
  if (!args.horizon.empty())
    overrides.push_back("horizon=" + args.horizon);
  cfg::LoadResult loaded = cfg::load_scenario_file(args.scenario, overrides);
  if (!loaded.scenario) {
    std::cerr << loaded.diagnostics.format();
    std::cerr << "satflow: " << loaded.diagnostics.size() << " problem" << (loaded.diagnostics.size() == 1 ? "" : "s")
              << " in " << args.scenario << "\n";
    return std::nullopt;
  }
  return loaded.scenario;
}

/// Opens `path` for writing ("-" is stdout) and calls write(stream). Returns false after reporting a failure.
template <class F>
bool write_output(const std::string& path, F&& write) {
  if (path == "-") {
    write(std::cout);
    std::cout.flush();
    return true;
  }
  std::ofstream out(path, std::ios::binary);
  if (!out) {
    std::cerr << "satflow: cannot write " << path << "\n";
    return false;
  }
  write(out);
  out.close();
  if (!out) {
    std::cerr << "satflow: failed writing " << path << "\n";
    return false;
  }
  return true;
}

int run_command(const RunArgs& args) {
  auto scenario = load(args);
  if (!scenario)
    return kBadInput;
  models::RunOptions options;
  options.seed = args.seed.value_or(scenario->seed);
  options.replication = args.replication;
  options.kernel_logs = args.verbose;
  options.keep_items = !args.items_csv.empty() || !args.trace_file.empty();
  options.trace = !args.trace_file.empty();
  spdlog::debug("running '{}' with seed {}, replication {}", scenario->name, options.seed, options.replication);
  const models::Results results = models::run_scenario(*scenario, options);
  spdlog::debug("{} events", results.events);
  if (!args.quiet && args.json_file != "-" && args.items_csv != "-" && args.trace_file != "-")
    tools::write_table(results, std::cout);
  bool ok = true;
  if (!args.json_file.empty())
    ok &= write_output(args.json_file, [&](std::ostream& out) { out << tools::results_json(results).dump(2) << "\n"; });
  if (!args.items_csv.empty())
    ok &= write_output(args.items_csv, [&](std::ostream& out) { tools::write_items_csv(results, out); });
  if (!args.trace_file.empty()) {
    std::vector<std::string> sites;
    for (const auto& s : scenario->sites)
      sites.push_back(s.name);
    ok &= write_output(args.trace_file, [&](std::ostream& out) { tools::write_trace(results, sites, out); });
  }
  return ok ? kOk : kInternal;
}

int validate_command(const RunArgs& args) {
  auto scenario = load(args);
  if (!scenario)
    return kBadInput;
  if (!args.quiet)
    std::cout << args.scenario << ": ok (" << scenario->sites.size() << " sites, " << scenario->stations.size()
              << " stations, " << scenario->stages.size() << " stages, " << scenario->arrivals.size()
              << " arrival sources)\n";
  return kOk;
}

void add_scenario_options(CLI::App* cmd, RunArgs& args) {
  cmd->add_option("scenario", args.scenario, "Scenario YAML file")->required();
  cmd->add_option("--set", args.sets, "Override a value: key.path=value (repeatable)")->take_all();
  cmd->add_option("--horizon", args.horizon, "Override the horizon, e.g. 10y");
  cmd->add_flag("-q,--quiet", args.quiet, "Print nothing but errors");
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"satflow: discrete-event simulation of the satellite build-to-launch pipeline"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "satflow 0.1.0");
  RunArgs args;

  CLI::App* run = app.add_subcommand("run", "Simulate a scenario once and report its KPIs");
  add_scenario_options(run, args);
  run->add_option("--seed", args.seed, "Random seed (default: the scenario's seed)");
  run->add_option("--replication", args.replication, "Replication number: independent random streams per number");
  run->add_option("--json", args.json_file, "Write every KPI as JSON to FILE (- for stdout)");
  run->add_option("--items-csv", args.items_csv, "Write one row per work item to FILE (- for stdout)");
  run->add_option("--trace", args.trace_file,
                  "Write a Chrome/Perfetto trace (one track per item, one slice per stage) to FILE (- for stdout)");
  run->add_flag("-v,--verbose", args.verbose, "Also print SimGrid's and satflow's debug log lines");

  CLI::App* validate = app.add_subcommand("validate", "Check a scenario and report every problem");
  add_scenario_options(validate, args);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kOk : kBadInput;
  }
  auto logger = spdlog::stderr_color_mt("satflow");
  spdlog::set_default_logger(logger);
  spdlog::set_level(args.verbose ? spdlog::level::debug : spdlog::level::warn);
  try {
    if (run->parsed())
      return run_command(args);
    return validate_command(args);
  } catch (const std::exception& e) {
    std::cerr << "satflow: internal error: " << e.what() << "\n";
    return kInternal;
  }
}
