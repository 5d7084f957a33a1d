#include "tools/cli/optimize_command.hpp"

#include "configs/optimize_spec.hpp"
#include "configs/scenario_loader.hpp"
#include "configs/sections.hpp"
#include "tools/cli/cli_util.hpp"
#include "tools/cli/uncertain_command.hpp"
#include "tools/experiments/optimize_evaluator.hpp"
#include "tools/experiments/optimize_report.hpp"
#include "tools/experiments/optimizer.hpp"
#include "tools/experiments/results_store.hpp"
#include "tools/report/html_report.hpp"
#include "tools/report/kpis.hpp"
#include "tools/report/optimize_charts.hpp"

#include <algorithm>
#include <deque>
#include <iostream>
#include <stdexcept>

namespace satflow::cli {
namespace {

/// The report to stdout as text unless a file goes there, and to the files asked for.
int write_report(const nlohmann::ordered_json& report, const std::string& json_file, const std::string& csv_file,
                 const std::string& html_file) {
  if (json_file != "-" && csv_file != "-" && html_file != "-")
    tools::write_optimize_text(report, std::cout);
  bool ok = true;
  if (!json_file.empty())
    ok &= write_output(json_file, [&](std::ostream& out) { out << report.dump(2) << "\n"; });
  if (!csv_file.empty())
    ok &= write_output(csv_file, [&](std::ostream& out) { tools::write_optimize_csv(report, out); });
  if (!html_file.empty())
    ok &= write_output(html_file, [&](std::ostream& out) {
      tools::write_html_page(tools::optimize_page(report, kVersion, tools::today_utc()), out);
    });
  return ok ? kOk : kInternal;
}

/// Thrown by the hook of --list-runs at the first batch the database lacks: the search cannot go on
/// without its records, so the replay ends there and the batch is what satflow-mpi farms out next.
struct RunsNeeded {
  nlohmann::json runs;
};

/// --list-runs: the next batch of runs as [{x, replication}]; [] once the optimisation has finished
/// (its report then stored, as satflow optimize stores it).
int list_runs(const configs::OptimizeSpec& spec, tools::OptimizeStore& store) {
  const tools::EvaluatorHooks listing{
      .run = [](const std::vector<tools::PendingRun>& runs) -> std::vector<std::string> {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& r : runs)
          list.push_back({{"x", r.x}, {"replication", r.replication}});
        throw RunsNeeded{list};
      }};
  try {
    tools::run_optimization(spec, store, listing);
  } catch (const RunsNeeded& needed) {
    std::cout << needed.runs.dump() << "\n";
    return kOk;
  }
  std::cout << "[]\n";
  return kOk;
}

/// --uncertain or --posterior: input draw j for replication j of every candidate, fresh replications
/// included; false after printing why.
bool add_input_draws(configs::OptimizeSpec& spec, const UncertainArgs& u) {
  RunArgs run;
  run.scenario = spec.scenario_file.string();
  run.uncertain = u;
  const auto source = draw_source(run, spec.scenario);
  if (!source)
    return false;
  spec.inputs_origin = u.posterior.empty() ? "--uncertain" : "--posterior " + u.posterior;
  for (std::size_t j = 0; j < spec.replications + spec.select_replications; ++j) {
    const std::vector<double> d = source->draw(j);
    spec.input_draws.emplace_back();
    for (std::size_t i = 0; i < d.size(); ++i)
      spec.input_draws.back().push_back(source->inputs()[i].path + "=" +
                                        configs::uncertain_value_text(source->inputs()[i], d[i]));
  }
  return true;
}

/// Whether x is a candidate of the spec: one index per decision, inside its range or list of values.
bool is_candidate(const configs::OptimizeSpec& spec, const std::vector<std::int64_t>& x) {
  if (x.size() != spec.decisions.size())
    return false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const auto& d = spec.decisions[i];
    const std::int64_t lo = d.categorical ? 0 : d.from;
    const std::int64_t hi = d.categorical ? static_cast<std::int64_t>(d.values.size()) - 1 : d.to;
    if (x[i] < lo || x[i] > hi)
      return false;
  }
  return true;
}

/// --run-candidates: runs a list of {x, replication} and prints each run's record as a JSON line
/// {key, replication, record}, storing nothing (satflow-mpi's rank 0 stores them).
int run_listed_candidates(const configs::OptimizeSpec& spec, const OptimizeArgs& args) {
  std::vector<tools::PendingRun> runs;
  auto take = [&](const nlohmann::json& r) {
    const auto& run = runs.emplace_back(tools::PendingRun{.x = r.at("x").get<std::vector<std::int64_t>>(),
                                                          .replication = r.at("replication").get<std::size_t>()});
    return is_candidate(spec, run.x) && run.replication < spec.replications + spec.select_replications;
  };
  if (!read_json_list(args.run_candidates, "--run-candidates", "{x, replication}, x a candidate of the spec", take))
    return kBadInput;
  std::deque<models::Scenario> scenarios; // a deque's elements do not move
  for (auto& r : runs) {
    r.key = tools::candidate_key(spec, r.x);
    auto load = tools::load_candidate(spec, r.x, r.replication);
    if (!load.scenario) {
      std::cerr << load.diagnostics.format() << "satflow: --run-candidates: the scenario refuses a candidate\n";
      return kBadInput;
    }
    r.scenario = &scenarios.emplace_back(std::move(*load.scenario));
  }
  const auto records = tools::run_in_processes(runs, args.jobs);
  for (std::size_t i = 0; i < runs.size(); ++i)
    std::cout
        << nlohmann::json{{"key", runs[i].key}, {"replication", runs[i].replication}, {"record", records[i]}}.dump()
        << "\n";
  return kOk;
}

} // namespace

CLI::App* add_optimize_command(CLI::App& app, OptimizeArgs& args) {
  CLI::App* opt = app.add_subcommand(
      "optimize", "Search the plans a spec allows for the best that meets its targets (resumable from --db)");
  opt->add_option("spec", args.spec, "Optimisation spec (YAML)")->required();
  opt->add_option("--db", args.db, "Optimisation database (SQLite; created if missing, resumed if not)")->required();
  opt->add_option("--jobs", args.jobs, "Runs at a time (child processes)")->check(CLI::Range(1u, 1024u));
  opt->add_option("--json", args.json_file, "Write the report as JSON to FILE (- for stdout)");
  opt->add_option("--csv", args.csv_file, "Write the plans shown as CSV to FILE (- for stdout)");
  opt->add_flag("--uncertain", args.uncertain.enabled,
                "Replication j of every candidate runs input draw j of the scenario's uncertain: inputs, so each "
                "target's probability is over the inputs too");
  opt->add_option("--posterior", args.uncertain.posterior,
                  "As --uncertain, the inputs drawn by weight from a finished calibration's posterior (its database)");
  opt->add_flag("--list-runs", args.list_runs,
                "Print the next batch of runs the optimisation needs, [] once it has finished (for satflow-mpi)");
  opt->add_option("--run-candidates", args.run_candidates,
                  "Run these runs (a JSON list of {x, replication}) and print their records, storing nothing "
                  "(for satflow-mpi)");
  return opt;
}

int optimize_command(const OptimizeArgs& args) {
  if (!outputs_writable({args.json_file, args.csv_file}))
    return kBadInput;
  std::vector<std::string> kpis;
  for (const auto& k : tools::compare_kpis())
    kpis.push_back(k.name);
  auto loaded = configs::load_optimize_spec(args.spec, kpis);
  if (!loaded.spec) {
    report_problems(loaded.diagnostics, args.spec);
    return kBadInput;
  }
  if (args.uncertain.active() && !add_input_draws(*loaded.spec, args.uncertain))
    return kBadInput;
  if (!args.run_candidates.empty())
    return run_listed_candidates(*loaded.spec, args);
  tools::OptimizeStore store(args.db);
  nlohmann::ordered_json report;
  try {
    if (args.list_runs)
      return list_runs(*loaded.spec, store);
    report = tools::run_optimization(*loaded.spec, store, args.jobs);
  } catch (const std::invalid_argument& e) {
    std::cerr << "satflow: --db " << args.db << ": " << e.what() << "\n";
    return kBadInput;
  }
  return write_report(report, args.json_file, args.csv_file, "");
}

int optimize_results(const std::string& db, const std::string& json_file, const std::string& csv_file,
                     const std::string& html_file) {
  if (!outputs_writable({json_file, csv_file, html_file}))
    return kBadInput;
  tools::OptimizeStore store(db);
  const auto text = store.meta("report");
  if (!text) {
    std::cerr << "satflow: " << db << ": the optimisation has not finished (run satflow optimize again to resume)\n";
    return kBadInput;
  }
  const auto report = nlohmann::ordered_json::parse(*text, nullptr, false);
  if (report.is_discarded())
    throw tools::BadDatabase(db + " is damaged: its report is not JSON");
  return write_report(report, json_file, csv_file, html_file);
}

} // namespace satflow::cli
