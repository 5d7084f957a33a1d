#include "tools/cli/observations_command.hpp"

#include "configs/observations_file.hpp"
#include "configs/sections.hpp"
#include "tools/cli/compare_command.hpp"
#include "tools/cli/uncertain_command.hpp"
#include "tools/experiments/compare_report.hpp"
#include "tools/experiments/record_check.hpp"

namespace satflow::cli {
namespace {

/// --uncertain or --posterior: the record against M input draws x K replications, so the predictive
/// range carries what the inputs leave open as well as the noise. Prints the record's table (no KPI
/// summary: run --uncertain without --observations gives that) and writes the JSON.
int uncertain_record_check(const RunArgs& args, const models::Scenario& scenario,
                           const std::vector<models::Observation>& observations) {
  if (!args.html_file.empty()) {
    std::cerr << "satflow: --html has no page for the record over input draws; drop --html or --"
              << (args.uncertain.posterior.empty() ? "uncertain" : "posterior") << "\n";
    return kBadInput;
  }
  const auto source = draw_source(args, scenario);
  if (!source)
    return kBadInput;
  const std::string origin = args.uncertain.posterior.empty() ? "--uncertain" : "--posterior";
  std::vector<models::Scenario> draws;
  nlohmann::ordered_json inputs = nlohmann::ordered_json::array(), values = nlohmann::ordered_json::array();
  for (const auto& in : source->inputs())
    inputs.push_back(in.path);
  for (std::size_t m = 0; m < args.uncertain.draws; ++m) {
    const std::vector<double> d = source->draw(m);
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    std::vector<configs::Override> overrides;
    for (std::size_t i = 0; i < d.size(); ++i) {
      row[source->inputs()[i].path] = d[i];
      overrides.push_back({source->inputs()[i].path + "=" + configs::uncertain_value_text(source->inputs()[i], d[i]),
                           source->inputs()[i].declared_at});
    }
    values.push_back(std::move(row));
    overrides.push_back({"uncertain={}", origin});
    auto drawn = load(args, overrides);
    if (!drawn) {
      std::cerr << "satflow: input draw " << m << "\n";
      return kBadInput;
    }
    if (args.seed)
      drawn->seed = *args.seed;
    draws.push_back(std::move(*drawn));
  }
  std::size_t failed = 0;
  const auto runs = tools::observe_draws(draws, args.replications, observations, args.jobs, failed);
  const auto checks = tools::check_observations(observations, runs);
  if (!args.quiet && args.json_file != "-") {
    std::cout << scenario.name << ": the record against " << draws.size() << " input draws (" << origin << ") x "
              << args.replications << " replications (" << runs.size() + failed << " runs, " << failed << " failed)\n";
    tools::write_observations_table(observations, checks, scenario.epoch, std::cout);
  }
  bool ok = true;
  if (!args.json_file.empty())
    ok = write_output(args.json_file, [&](std::ostream& out) {
      nlohmann::ordered_json j = {{"schema_version", 1},
                                  {"scenario", scenario.name},
                                  {"seed", args.seed.value_or(scenario.seed)},
                                  {"uncertainty",
                                   {{"source", origin.substr(2)},
                                    {"draws", draws.size()},
                                    {"replications_per_draw", args.replications},
                                    {"inputs", inputs},
                                    {"failed_runs", failed}}},
                                  {"input_draws", values},
                                  {"observations_file", args.observations_file},
                                  {"observations", tools::observations_json(observations, checks, scenario.epoch)}};
      out << j.dump(2) << "\n";
    });
  if (runs.empty()) {
    std::cerr << "satflow: every run failed\n";
    return kInternal;
  }
  return ok ? kOk : kInternal;
}

} // namespace

int observed_replications_command(const RunArgs& args, models::Scenario scenario) {
  const configs::ObservationsLoad load = configs::load_observations_file(args.observations_file, scenario);
  if (!load.observations) {
    report_problems(load.diagnostics, args.observations_file);
    return kBadInput;
  }
  const std::vector<models::Observation>& observations = *load.observations;
  if (args.uncertain.active())
    return uncertain_record_check(args, scenario, observations);
  tools::CompareOptions options;
  options.layout_names = {args.layout.empty() ? scenario.name : args.layout};
  if (args.seed)
    scenario.seed = *args.seed;
  const std::string epoch = scenario.epoch;
  options.scenarios = {std::move(scenario)};
  options.replications = args.replications;
  options.jobs = args.jobs;
  options.observe = [&](const models::Results& r) { return tools::observed_run_json(r, observations); };
  const tools::CompareResult result = tools::run_comparison(options);

  std::vector<tools::ObservedRun> runs; // in replication order; a failed run sends nothing
  for (const auto& sent : result.observed.at(0))
    if (auto run = tools::observed_run_from_json(sent, observations.size()))
      runs.push_back(std::move(*run));
  const auto checks = tools::check_observations(observations, runs);
  // The comparison's own table and files, but its JSON is written here, with the observations in it.
  const bool to_stdout = args.json_file == "-" || args.html_file == "-";
  const int status = report_comparison(options, result, {"", "", "", args.html_file}, args.quiet || to_stdout);
  if (!args.quiet && !to_stdout)
    tools::write_observations_table(observations, checks, epoch, std::cout);
  bool ok = true;
  if (!args.json_file.empty())
    ok = write_output(args.json_file, [&](std::ostream& out) {
      auto json = tools::comparison_json(options, result);
      json["observations_file"] = args.observations_file;
      json["observations"] = tools::observations_json(observations, checks, epoch);
      out << json.dump(2) << "\n";
    });
  return status != kOk ? status : ok ? kOk : kInternal;
}

} // namespace satflow::cli
