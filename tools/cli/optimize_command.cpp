#include "tools/cli/optimize_command.hpp"

#include "configs/optimize_spec.hpp"
#include "tools/cli/cli_util.hpp"
#include "tools/experiments/optimize_report.hpp"
#include "tools/experiments/optimizer.hpp"
#include "tools/experiments/results_store.hpp"
#include "tools/report/html_report.hpp"
#include "tools/report/kpis.hpp"
#include "tools/report/optimize_charts.hpp"

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

} // namespace

CLI::App* add_optimize_command(CLI::App& app, OptimizeArgs& args) {
  CLI::App* opt = app.add_subcommand(
      "optimize", "Search the plans a spec allows for the best that meets its targets (resumable from --db)");
  opt->add_option("spec", args.spec, "Optimisation spec (YAML)")->required();
  opt->add_option("--db", args.db, "Optimisation database (SQLite; created if missing, resumed if not)")->required();
  opt->add_option("--jobs", args.jobs, "Runs at a time (child processes)")->check(CLI::Range(1u, 1024u));
  opt->add_option("--json", args.json_file, "Write the report as JSON to FILE (- for stdout)");
  opt->add_option("--csv", args.csv_file, "Write the plans shown as CSV to FILE (- for stdout)");
  return opt;
}

int optimize_command(const OptimizeArgs& args) {
  if (!outputs_writable({args.json_file, args.csv_file}))
    return kBadInput;
  std::vector<std::string> kpis;
  for (const auto& k : tools::compare_kpis())
    kpis.push_back(k.name);
  const auto loaded = configs::load_optimize_spec(args.spec, kpis);
  if (!loaded.spec) {
    report_problems(loaded.diagnostics, args.spec);
    return kBadInput;
  }
  tools::OptimizeStore store(args.db);
  nlohmann::ordered_json report;
  try {
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
