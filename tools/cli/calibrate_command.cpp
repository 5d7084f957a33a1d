#include "tools/cli/calibrate_command.hpp"

#include "tools/cli/cli_util.hpp"
#include "tools/experiments/calibration_report.hpp"
#include "tools/report/html_report.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <thread>

namespace satflow::cli {

CLI::App* add_calibrate_command(CLI::App& app, CalibrateArgs& args) {
  CLI::App* c = app.add_subcommand(
      "calibrate", "Fit a scenario's inputs to the record (ABC-SMC) into a SQLite database (resumable)");
  c->add_option("spec", args.spec, "Calibration spec YAML file")->required();
  c->add_option("--db", args.db, "Calibration database (SQLite); created if missing")->required();
  args.jobs = std::max(1u, std::thread::hardware_concurrency());
  c->add_option("--jobs", args.jobs, "Runs at a time (default: the number of cores)")->check(CLI::Range(1u, 1024u));
  c->add_flag("-q,--quiet", args.quiet, "No progress and no summary");
  c->add_flag("--list-proposals", args.list_proposals,
              "Record the plan and print the next batch of proposals the calibration needs (for satflow-mpi)");
  c->add_option("--run-proposals", args.run_proposals,
                "Run these proposals (a JSON list) and print their rows, storing nothing (for satflow-mpi)");
  return c;
}

namespace {

/// --list-proposals: [{generation, index, theta}], theta null when no draw fell inside the priors.
int list_proposals(const tools::Calibration& c, const CalibrateArgs& args) {
  tools::CalibrationStore store(args.db, tools::CalibrationStore::Access::write);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : tools::pending_proposals(store, args.db, c))
    out.push_back({{"generation", p.generation},
                   {"index", p.index},
                   {"theta", p.theta ? nlohmann::json(*p.theta) : nlohmann::json()}});
  std::cout << out.dump() << "\n";
  return kOk;
}

/// --run-proposals: each proposal's row as a JSON line on standard output, as the database stores it.
int run_listed_proposals(const tools::Calibration& c, const CalibrateArgs& args) {
  std::vector<tools::PendingProposal> todo;
  auto take = [&](const nlohmann::json& p) {
    const auto& theta = p.at("theta");
    todo.push_back({p.at("generation").get<std::int64_t>(), p.at("index").get<std::size_t>(),
                    theta.is_null() ? std::nullopt : std::optional(theta.get<std::vector<double>>())});
    return p.at("index").is_number_unsigned(); // get<std::size_t>() would wrap a negative index around
  };
  if (!read_json_list(args.run_proposals, "--run-proposals", "{generation, index, theta}", take))
    return kBadInput;
  tools::run_proposals(c, todo, args.jobs, [](const tools::StoredProposal& row) {
    std::cout << nlohmann::json{{"generation", row.generation},
                                {"index", row.index},
                                {"theta", row.theta},
                                {"status", row.status},
                                {"distance", row.distance ? nlohmann::json(*row.distance) : nlohmann::json()},
                                {"runs", row.runs},
                                {"what", row.what}}
                     .dump()
              << "\n";
  });
  return kOk;
}

} // namespace

int calibrate_command(const CalibrateArgs& args) {
  tools::CalibrationPreparation prepared = tools::prepare_calibration(args.spec);
  if (!prepared.calibration) {
    std::cerr << prepared.diagnostics.format() << "satflow: " << prepared.conclusion << "\n";
    return kBadInput;
  }
  const tools::Calibration& c = *prepared.calibration;
  if (args.list_proposals)
    return list_proposals(c, args);
  if (!args.run_proposals.empty())
    return run_listed_proposals(c, args);
  tools::CalibrationStore store(args.db, tools::CalibrationStore::Access::write);
  const tools::CalibrationState state =
      tools::run_calibration(store, args.db, c, args.jobs, [&](const tools::CalibrationState& s) {
        if (args.quiet)
          return;
        const auto& g = s.generations.back();
        std::cerr << "generation " << g.generation << ": " << g.accepted << " accepted of " << g.proposals
                  << " proposals, ESS " << static_cast<long>(g.ess) << "\n";
      });
  if (!args.quiet)
    tools::write_calibration_text(tools::summarise_calibration(c.plan, state), std::cout);
  return kOk;
}

int calibration_results_command(const ResultsArgs& args) {
  if (!outputs_writable({args.csv_file, args.json_file, args.html_file}))
    return kBadInput;
  const tools::CalibrationSummary summary = tools::read_calibration_summary(args.db);
  if (args.json_file != "-" && args.csv_file != "-" && args.html_file != "-")
    tools::write_calibration_text(summary, std::cout);
  bool ok = true;
  if (!args.json_file.empty())
    ok &= write_output(args.json_file,
                       [&](std::ostream& out) { out << tools::calibration_json(summary).dump(2) << "\n"; });
  if (!args.csv_file.empty())
    ok &= write_output(args.csv_file, [&](std::ostream& out) { tools::write_calibration_csv(summary, out); });
  if (!args.html_file.empty())
    ok &= write_output(args.html_file, [&](std::ostream& out) {
      tools::write_html_page(
          tools::calibration_page(tools::calibration_chart_data(summary), kVersion, tools::today_utc()), out);
    });
  return ok ? kOk : kInternal;
}

} // namespace satflow::cli
