#include "tools/cli/run_command.hpp"

#include "models/pipeline.hpp"
#include "tools/cli/compare_command.hpp"
#include "tools/cli/observations_command.hpp"
#include "tools/cli/uncertain_command.hpp"
#include "tools/report/report.hpp"
#include "tools/report/run_charts.hpp"
#include "tools/report/trace_writer.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <iostream>

namespace satflow::cli {
namespace {

namespace models = satflow::models;

/// `run --replications N`: the scenario's KPIs with their confidence intervals, one child process per run.
int replicate_command(const RunArgs& args, models::Scenario scenario) {
  if (!args.items_csv.empty() || !args.parts_csv.empty() || !args.trace_file.empty()) {
    std::cerr << "satflow: --items-csv, --parts-csv and --trace describe one run; drop them or --replications\n";
    return kBadInput;
  }
  if (!args.observations_file.empty())
    return observed_replications_command(args, std::move(scenario));
  if (args.uncertain.active()) {
    const std::string name = args.layout.empty() ? scenario.name : args.layout;
    return uncertain_comparison(args, {{{name, args.layout, {}}}, 0, "scenario", args.replications, args.jobs},
                                {args.json_file, "", "", args.html_file});
  }
  tools::CompareOptions options;
  options.layout_names = {args.layout.empty() ? scenario.name : args.layout};
  if (args.seed)
    scenario.seed = *args.seed;
  options.scenarios = {std::move(scenario)};
  options.replications = args.replications;
  options.jobs = args.jobs;
  const tools::CompareResult result = tools::run_comparison(options);
  return report_comparison(options, result, {args.json_file, "", "", args.html_file}, args.quiet);
}

// CLI11 2.1 reads "-1" into an unsigned option as 2^64 - 1 and saturates an overflow: refuse both.
const CLI::Validator kWholeNumber(
    [](std::string& text) {
      std::uint64_t value = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error == std::errc{} && end == text.data() + text.size())
        return std::string();
      return "expected a whole number from 0 to 18446744073709551615, got '" + text + "'";
    },
    "UINT");

} // namespace

void add_scenario_options(CLI::App* cmd, RunArgs& args) {
  cmd->add_option("scenario", args.scenario, "Scenario YAML file")->required();
  cmd->add_option("--set", args.sets, "Override a value: key.path=value (repeatable)")->take_all();
  cmd->add_option("--horizon", args.horizon, "Override the horizon, e.g. 10y");
  cmd->add_option("--layout", args.layout, "Apply a layout: NAME (layouts/NAME.yaml beside the scenario) or a file");
  cmd->add_flag("-q,--quiet", args.quiet, "Print nothing but errors");
}

CLI::App* add_run_command(CLI::App& app, RunArgs& args) {
  CLI::App* run = app.add_subcommand("run", "Simulate a scenario once and report its KPIs");
  add_scenario_options(run, args);
  run->add_option("--seed", args.seed, "Random seed (default: the scenario's seed)")->check(kWholeNumber);
  run->add_option("--replication", args.replication, "Replication number: independent random streams per number")
      ->check(kWholeNumber);
  run->add_option("--replications", args.replications,
                  "Run N replications (one child process each) and report every KPI with its 95% interval")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
  run->add_option("--jobs", args.jobs, "With --replications: runs at a time (default: the number of cores)")
      ->check(CLI::Range(1u, 1024u));
  run->add_option("--json", args.json_file, "Write every KPI as JSON to FILE (- for stdout)");
  run->add_option("--items-csv", args.items_csv, "Write one row per work item to FILE (- for stdout)");
  run->add_option("--parts-csv", args.parts_csv, "Write one row per order of a long-lead part to FILE (- for stdout)");
  run->add_option("--trace", args.trace_file,
                  "Write a Chrome/Perfetto trace (one track per item, one slice per stage) to FILE (- for stdout)");
  run->add_option("--html", args.html_file,
                  "Write a self-contained page of charts (opens offline) to FILE (- for stdout); with --replications, "
                  "every headline KPI's replications with their 95% interval");
  run->add_option("--observations", args.observations_file,
                  "With --replications: set the record in FILE (observations of items' milestones) against the "
                  "replications' 5-95% dates");
  add_uncertain_options(run, args.uncertain);
  run->add_flag("-v,--verbose", args.verbose, "Also print SimGrid's and satflow's debug log lines");
  return run;
}

int run_command(const RunArgs& args) {
  auto scenario = load(args);
  if (!scenario)
    return kBadInput;
  if (!outputs_writable({args.json_file, args.items_csv, args.parts_csv, args.trace_file, args.html_file}))
    return kBadInput; // a mistyped path is bad input: nothing has run
  if (args.uncertain.active() && args.replications < 2) {
    std::cerr << "satflow: --uncertain runs K replications per input draw: add --replications K (K >= 2)\n";
    return kBadInput;
  }
  if (!args.observations_file.empty() && args.replications < 2) {
    std::cerr << "satflow: --observations sets the record against replications: add --replications N (N >= 2)\n";
    return kBadInput;
  }
  if (args.replications > 1)
    return replicate_command(args, std::move(*scenario));
  models::RunOptions options;
  options.seed = args.seed.value_or(scenario->seed);
  options.replication = args.replication;
  options.kernel_logs = args.verbose;
  // The page's lead-time, breakdown and Gantt charts read every item and its trace.
  options.keep_items =
      !args.items_csv.empty() || !args.parts_csv.empty() || !args.trace_file.empty() || !args.html_file.empty();
  options.trace = !args.trace_file.empty() || !args.html_file.empty();
  options.queue_history = !args.html_file.empty();
  spdlog::debug("running '{}' with seed {}, replication {}", scenario->name, options.seed, options.replication);
  const models::Results results = models::run_scenario(*scenario, options);
  spdlog::debug("{} events", results.events);
  const bool to_stdout = args.json_file == "-" || args.items_csv == "-" || args.parts_csv == "-" ||
                         args.trace_file == "-" || args.html_file == "-";
  if (!args.quiet && !to_stdout)
    tools::write_table(results, std::cout);
  bool ok = true;
  if (!args.json_file.empty())
    ok &= write_output(args.json_file, [&](std::ostream& out) { out << tools::results_json(results).dump(2) << "\n"; });
  if (!args.items_csv.empty())
    ok &= write_output(args.items_csv, [&](std::ostream& out) { tools::write_items_csv(results, out); });
  if (!args.parts_csv.empty())
    ok &= write_output(args.parts_csv, [&](std::ostream& out) { tools::write_parts_csv(results, out); });
  if (!args.trace_file.empty()) {
    std::vector<std::string> sites;
    for (const auto& s : scenario->sites)
      sites.push_back(s.name);
    ok &= write_output(args.trace_file, [&](std::ostream& out) { tools::write_trace(results, sites, out); });
  }
  if (!args.html_file.empty())
    ok &= write_output(args.html_file, [&](std::ostream& out) {
      tools::write_html_page(tools::run_page(results, kVersion, tools::today_utc()), out);
    });
  return ok ? kOk : kInternal;
}

CLI::App* add_validate_command(CLI::App& app, RunArgs& args) {
  CLI::App* validate = app.add_subcommand("validate", "Check a scenario and report every problem");
  add_scenario_options(validate, args);
  return validate;
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

} // namespace satflow::cli
