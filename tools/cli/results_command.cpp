#include "tools/cli/results_command.hpp"

#include "tools/cli/calibrate_command.hpp"
#include "tools/cli/cli_util.hpp"
#include "tools/cli/optimize_command.hpp"
#include "tools/experiments/calibration_store.hpp"
#include "tools/experiments/optimize_store.hpp"
#include "tools/experiments/sweep_report.hpp"
#include "tools/experiments/sweep_results.hpp"
#include "tools/report/html_report.hpp"

#include <iostream>

namespace satflow::cli {

CLI::App* add_results_command(CLI::App& app, ResultsArgs& args) {
  CLI::App* results = app.add_subcommand(
      "results", "Summarise a sweep database: per point CI and paired effects, grid effects, tornado, Morris, Sobol");
  results->add_option("db", args.db, "Results database")->required();
  results->add_option("--csv", args.csv_file, "Write per point and KPI rows to FILE (- for stdout)");
  results->add_option(
      "--html", args.html_file,
      "Write a self-contained page of charts (a sweep: KPI against a parameter, heatmap, main effects, tornado, "
      "Morris, Sobol; an optimisation: Pareto front, plan against the scenario, targets, convergence, runners-up) "
      "to FILE (- for stdout)");
  results->add_option("--json", args.json_file,
                      "Write everything the summary shows as JSON (with schema_version) to FILE (- for stdout)");
  results->add_flag("--points", args.list_points,
                    "Also list every point of a Latin hypercube, Morris or Sobol design (grids always list them)");
  return results;
}

int results_command(const ResultsArgs& args) {
  if (tools::CalibrationStore::holds_calibration(args.db))
    return calibration_results_command(args);
  if (tools::OptimizeStore::is_optimize_db(args.db))
    return optimize_results(args.db, args.json_file, args.csv_file, args.html_file);
  if (!outputs_writable({args.csv_file, args.html_file, args.json_file}))
    return kBadInput; // a mistyped path is bad input: nothing has run
  const tools::SweepSummary sweep = tools::read_sweep(args.db);
  const auto& [table, analysis, uncertainty] = sweep;
  // A file written to stdout ("-") replaces the summary there, as in `satflow run` and `compare`.
  if (args.json_file != "-" && args.csv_file != "-" && args.html_file != "-") {
    tools::write_sweep_text(table, analysis, std::cout, args.list_points);
    if (uncertainty)
      tools::write_sweep_uncertainty_text(*uncertainty, std::cout);
  }
  bool ok = true;
  auto write = [&](const std::string& file, auto&& body) {
    if (!file.empty())
      ok &= write_output(file, body);
  };
  write(args.json_file, [&](std::ostream& out) {
    nlohmann::ordered_json j = tools::sweep_json(table, analysis);
    if (uncertainty)
      j.update(tools::sweep_uncertainty_json(*uncertainty));
    out << j.dump(2) << "\n";
  });
  // An uncertain sweep's CSV is the sweep's, by parameter, with the uncertain answer in its columns.
  write(args.csv_file, [&](std::ostream& out) {
    if (uncertainty)
      tools::write_sweep_uncertainty_csv(*uncertainty, table, out);
    else
      tools::write_sweep_csv(table, analysis, out);
  });
  write(args.html_file, [&](std::ostream& out) {
    tools::HtmlPage page = tools::sweep_page(tools::sweep_data(table, analysis), kVersion, tools::today_utc());
    if (uncertainty)
      tools::add_sweep_uncertainty(*uncertainty, table, page);
    tools::write_html_page(page, out);
  });
  return ok ? kOk : kInternal;
}

CLI::App* add_merge_command(CLI::App& app, MergeArgs& args) {
  CLI::App* merge = app.add_subcommand("merge", "Merge shard databases of one sweep (idempotent)");
  merge->add_option("out", args.out, "Merged database (created if missing)")->required();
  merge->add_option("shards", args.shards, "Shard databases")->required()->expected(1, -1);
  return merge;
}

int merge_command(const MergeArgs& args) {
  tools::merge_shards(args.out, args.shards);
  const std::size_t n = args.shards.size();
  std::cout << "merged " << n << " shard" << (n == 1 ? "" : "s") << " into " << args.out << "\n";
  return kOk;
}

} // namespace satflow::cli
