#include "tools/cli/compare_command.hpp"

#include "configs/variants_spec.hpp"
#include "simcore/units.hpp"
#include "tools/cli/uncertain_command.hpp"
#include "tools/experiments/compare_report.hpp"
#include "tools/report/compare_charts.hpp"

#include <algorithm>

namespace satflow::cli {
namespace {

/// The variants to compare: a variants file, or one variant per --layouts entry. Prints the problems
/// of the file and returns nothing on bad input.
std::optional<configs::VariantsSpec> variants_of(const CompareArgs& cmp) {
  if (!cmp.variants_file.empty()) {
    configs::VariantsLoad loaded = configs::load_variants_file(cmp.variants_file);
    if (!loaded.spec)
      report_problems(loaded.diagnostics, cmp.variants_file);
    return loaded.spec;
  }
  configs::VariantsSpec spec;
  for (const auto& layout : cmp.layouts)
    spec.variants.push_back({layout, layout, {}});
  return spec;
}

/// The KPI called `name` (an index into compare_kpis()); reports an unknown one.
std::optional<std::size_t> kpi_named(const std::string& name) {
  std::vector<std::string> names;
  for (std::size_t k = 0; k < tools::compare_kpis().size(); ++k) {
    if (tools::compare_kpis()[k].name == name)
      return k;
    names.push_back(tools::compare_kpis()[k].name);
  }
  std::cerr << "satflow: --select-best " << name << ": unknown KPI; one of:";
  for (const auto& n : names)
    std::cerr << " " << n;
  std::cerr << "\n";
  return std::nullopt;
}

/// compare --uncertain: the variants with the baseline --baseline names (or the file's).
int compare_uncertain(const RunArgs& args, const CompareArgs& cmp, const configs::VariantsSpec& spec,
                      const std::string& noun) {
  UncertainComparison c{spec.variants, spec.baseline, noun, cmp.replications ? cmp.replications : 5, cmp.jobs};
  if (!cmp.baseline.empty()) {
    const auto it = std::find_if(spec.variants.begin(), spec.variants.end(),
                                 [&](const configs::VariantSpec& v) { return v.name == cmp.baseline; });
    if (it == spec.variants.end()) {
      std::cerr << "satflow: --baseline " << cmp.baseline << " is not one of the " << noun << "s\n";
      return kBadInput;
    }
    c.baseline = static_cast<std::size_t>(it - spec.variants.begin());
  }
  if (cmp.precision > 0 || !cmp.select_best.empty()) {
    std::cerr << "satflow: --uncertain takes a fixed --replications K per draw (no --precision, no --select-best)\n";
    return kBadInput;
  }
  return uncertain_comparison(args, c, {cmp.json_file, cmp.csv_file, cmp.markdown_file, cmp.html_file});
}

} // namespace

int report_comparison(const tools::CompareOptions& options, const tools::CompareResult& result,
                      const ComparisonFiles& files, bool quiet) {
  if (!quiet && files.json != "-" && files.csv != "-" && files.markdown != "-" && files.html != "-")
    tools::write_comparison_table(options, result, std::cout);
  bool ok = true;
  if (!files.json.empty())
    ok &= write_output(files.json,
                       [&](std::ostream& out) { out << tools::comparison_json(options, result).dump(2) << "\n"; });
  if (!files.csv.empty())
    ok &= write_output(files.csv, [&](std::ostream& out) { tools::write_comparison_csv(options, result, out); });
  if (!files.markdown.empty())
    ok &= write_output(files.markdown,
                       [&](std::ostream& out) { tools::write_comparison_markdown(options, result, out); });
  if (!files.html.empty())
    ok &= write_output(files.html, [&](std::ostream& out) {
      tools::write_html_page(
          tools::comparison_page(tools::comparison_data(options, result), kVersion, tools::today_utc()), out);
    });
  // Every run failed: nothing above is an estimate, and a script must not take it for one (with -q it
  // would have seen nothing at all).
  if (!result.failures.empty() && result.failures.size() >= result.replications * options.scenarios.size()) {
    const tools::RunFailure& first = result.failures.front();
    std::cerr << "satflow: every run failed; " << options.layout_names[first.layout] << " replication "
              << first.replication << ": " << first.what << "\n"
              << first.stderr_tail;
    return kInternal;
  }
  return ok ? kOk : kInternal;
}

CLI::App* add_compare_command(CLI::App& app, RunArgs& args, CompareArgs& cmp) {
  CLI::App* compare = app.add_subcommand(
      "compare", "Compare what-if variants (hub layouts, any --set) with paired confidence intervals");
  compare->add_option("scenario", args.scenario, "Scenario YAML file")->required();
  compare->add_option("--set", args.sets, "Override a value in every variant: key.path=value (repeatable)")->take_all();
  compare->add_option("--horizon", args.horizon, "Override the horizon, e.g. 10y");
  compare->add_flag("-q,--quiet", args.quiet, "Print nothing but errors");
  auto* layouts =
      compare
          ->add_option("--layouts", cmp.layouts, "Layouts to compare (names in layouts/ beside the scenario, or files)")
          ->expected(1, -1);
  auto* variants = compare->add_option("--variants", cmp.variants_file,
                                       "A variants file: named variants, each with a layout and --set values");
  layouts->excludes(variants);
  compare->add_option("--baseline", cmp.baseline,
                      "The variant the others are compared with (default: the variants file's, or the first)");
  auto* reps = compare->add_option("--replications", cmp.replications, "Replications per variant (default 10)")
                   ->check(CLI::Range(std::size_t{2}, std::size_t{100000}));
  compare
      ->add_option("--precision", cmp.precision,
                   "Add replications until every headline KPI's relative half-width is at most this, e.g. 0.05")
      ->check(CLI::Range(1e-6, 1.0))
      ->excludes(reps);
  compare->add_option("--max-replications", cmp.max_replications, "Cap for --precision (default 100)")
      ->check(CLI::Range(std::size_t{2}, std::size_t{100000}));
  compare->add_option("--jobs", cmp.jobs, "Runs at a time (default: the number of cores)")
      ->check(CLI::Range(1u, 1024u));
  compare->add_option(
      "--select-best", cmp.select_best,
      "Report the subset of variants that holds the best on this KPI (a JSON key, e.g. lead_time_mean_s) "
      "with 95% confidence");
  compare
      ->add_option("--indifference", cmp.indifference,
                   "With --select-best: differences smaller than this do not matter (the KPI's unit; seconds for "
                   "durations)")
      ->check(CLI::Range(0.0, 1e300));
  add_uncertain_options(compare, args.uncertain);
  compare->add_option("--json", cmp.json_file, "Write the comparison as JSON to FILE (- for stdout)");
  compare->add_option("--csv", cmp.csv_file, "Write the comparison as CSV to FILE (- for stdout)");
  compare->add_option("--markdown", cmp.markdown_file, "Write the headline tables as Markdown to FILE (- for stdout)");
  compare->add_option("--html", cmp.html_file,
                      "Write a self-contained page of charts (opens offline) to FILE (- for stdout)");
  return compare;
}

int compare_command(RunArgs args, const CompareArgs& cmp) {
  if (cmp.layouts.empty() && cmp.variants_file.empty()) {
    std::cerr << "satflow: compare needs --layouts L1 L2 ... or --variants FILE\n";
    return kBadInput;
  }
  if (!outputs_writable({cmp.json_file, cmp.csv_file, cmp.markdown_file, cmp.html_file}))
    return kBadInput; // a mistyped path is bad input: nothing has run
  const auto spec = variants_of(cmp);
  if (!spec)
    return kBadInput;
  tools::CompareOptions options;
  options.noun = cmp.variants_file.empty() ? "layout" : "variant";
  if (!cmp.select_best.empty()) {
    options.select_kpi = kpi_named(cmp.select_best);
    if (!options.select_kpi)
      return kBadInput;
    options.indifference = cmp.indifference;
  }
  if (args.uncertain.active())
    return compare_uncertain(args, cmp, *spec, options.noun);
  bool all_loaded = true; // every variant is checked before anything runs
  for (const auto& variant : spec->variants) {
    args.layout = variant.layout;
    // A missing layout is blamed on where it was typed: --layouts, or the variants file.
    const std::string typed = cmp.variants_file.empty() ? "--layouts " + variant.layout : variant.layout_where;
    if (!variant.layout.empty() && !layout_exists(variant.layout, args.scenario, typed)) {
      all_loaded = false;
      continue;
    }
    auto more = variant.overrides;
    if (!variant.scales.empty()) {
      const auto base = load(args);
      const auto scales = base ? point_scales(*base, variant) : std::nullopt;
      if (!scales)
        return kBadInput;
      more.insert(more.end(), scales->begin(), scales->end());
    }
    auto scenario = load(args, more);
    if (!scenario) {
      all_loaded = false;
      continue;
    }
    options.layout_names.push_back(variant.name);
    options.scenarios.push_back(std::move(*scenario));
  }
  if (!all_loaded)
    return kBadInput;
  options.baseline = spec->baseline;
  if (!cmp.baseline.empty()) {
    const auto it = std::find(options.layout_names.begin(), options.layout_names.end(), cmp.baseline);
    if (it == options.layout_names.end()) {
      std::cerr << "satflow: --baseline " << cmp.baseline << " is not one of the "
                << (cmp.variants_file.empty() ? "--layouts" : "variants of " + cmp.variants_file) << "\n";
      return kBadInput;
    }
    options.baseline = static_cast<std::size_t>(it - options.layout_names.begin());
  }
  options.replications = cmp.replications ? cmp.replications : 10;
  if (cmp.precision > 0)
    options.precision = cmp.precision;
  options.max_replications = cmp.max_replications;
  options.jobs = cmp.jobs;
  const tools::CompareResult result = tools::run_comparison(options);
  return report_comparison(options, result, {cmp.json_file, cmp.csv_file, cmp.markdown_file, cmp.html_file},
                           args.quiet);
}

} // namespace satflow::cli
