#include "tools/cli/calibrate_command.hpp"

#include "tools/cli/cli_util.hpp"
#include "tools/experiments/calibration_report.hpp"
#include "tools/report/html_report.hpp"

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
  return c;
}

int calibrate_command(const CalibrateArgs& args) {
  tools::CalibrationPreparation prepared = tools::prepare_calibration(args.spec);
  if (!prepared.calibration) {
    std::cerr << prepared.diagnostics.format() << "satflow: " << prepared.conclusion << "\n";
    return kBadInput;
  }
  const tools::Calibration& c = *prepared.calibration;
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
