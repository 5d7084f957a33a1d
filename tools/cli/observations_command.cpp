#include "tools/cli/observations_command.hpp"

#include "configs/observations_file.hpp"
#include "tools/cli/compare_command.hpp"
#include "tools/experiments/compare_report.hpp"
#include "tools/experiments/record_check.hpp"

namespace satflow::cli {

int observed_replications_command(const RunArgs& args, models::Scenario scenario) {
  const configs::ObservationsLoad load = configs::load_observations_file(args.observations_file, scenario);
  if (!load.observations) {
    report_problems(load.diagnostics, args.observations_file);
    return kBadInput;
  }
  const std::vector<models::Observation>& observations = *load.observations;
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
