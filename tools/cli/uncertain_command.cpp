#include "tools/cli/uncertain_command.hpp"

#include "configs/sections.hpp"
#include "tools/experiments/draw_source.hpp"
#include "tools/experiments/posterior_draws.hpp"
#include "tools/experiments/uncertainty_page.hpp"
#include "tools/experiments/uncertainty_report.hpp"
#include "tools/report/readable.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <memory>

namespace satflow::cli {
namespace {

/// The path an override assigns ("a.b=1" -> "a.b").
std::string assigned_path(const std::string& assignment) { return assignment.substr(0, assignment.find('=')); }

/// The coordination keys the variant's layout file sets: a layout that sets one fixes it, as a set:
/// would (a layout that cannot be read was reported when the variant was loaded).
std::vector<std::string> layout_coordination_keys(const RunArgs& args, const configs::VariantSpec& v) {
  std::vector<std::string> keys;
  if (v.layout.empty())
    return keys;
  try {
    const YAML::Node layout = YAML::LoadFile(configs::layout_path(v.layout, args.scenario).string());
    if (layout.IsMap() && layout["coordination"] && layout["coordination"].IsMap())
      for (const auto& e : layout["coordination"])
        if (e.first.IsScalar())
          keys.push_back(e.first.Scalar());
  } catch (const YAML::Exception&) {
  }
  return keys;
}

/// Per input, what the variant does with the draws: "" (takes them), "fixed by ORIGIN", "scaled xF".
/// Prints a scale of a path that is not an uncertain input and returns nothing.
std::optional<std::vector<std::string>> treatment_of(const RunArgs& args, const configs::VariantSpec& v,
                                                     const std::vector<models::UncertainInput>& inputs) {
  std::vector<std::string> out(inputs.size());
  bool ok = true;
  for (const auto& s : v.scales) {
    const auto it = std::find_if(inputs.begin(), inputs.end(), [&](const auto& in) { return in.path == s.path; });
    if (it == inputs.end()) {
      std::cerr << s.origin << ": scale." << s.path << ": expected an uncertain input of the scenario\n";
      ok = false;
    } else {
      out[static_cast<std::size_t>(it - inputs.begin())] = "scaled x" + tools::readable_number(s.factor);
    }
  }
  const auto layout_keys = layout_coordination_keys(args, v);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    for (const auto& key : layout_keys)
      if (inputs[i].path == "coordination." + key)
        out[i] = "fixed by layout " + v.layout;
    for (const auto& o : v.overrides)
      if (assigned_path(o.assignment) == inputs[i].path)
        out[i] = "fixed by " + o.origin;
    for (const auto& set : args.sets)
      if (assigned_path(set) == inputs[i].path)
        out[i] = "fixed by --set " + set;
  }
  if (!ok)
    return std::nullopt;
  return out;
}

double scale_of(const configs::VariantSpec& v, const std::string& path) {
  for (const auto& s : v.scales)
    if (s.path == path)
      return s.factor;
  return 1;
}

/// Variant v's scenario for one draw: the drawn (and scaled) inputs it does not fix, then its own
/// overrides; its `uncertain:` emptied, since the draws have been checked on the base load.
std::optional<models::Scenario> load_draw(RunArgs args, const configs::VariantSpec& v,
                                          const std::vector<models::UncertainInput>& inputs,
                                          const std::vector<std::string>& treatment, const std::vector<double>& draw) {
  std::vector<configs::Override> more;
  for (std::size_t i = 0; i < inputs.size(); ++i)
    if (treatment[i].rfind("fixed", 0) != 0)
      more.push_back(
          {inputs[i].path + "=" + configs::uncertain_value_text(inputs[i], draw[i] * scale_of(v, inputs[i].path)),
           inputs[i].declared_at});
  more.insert(more.end(), v.overrides.begin(), v.overrides.end());
  more.push_back({"uncertain={}", "--uncertain"});
  args.layout = v.layout;
  return load(args, more);
}

/// The posterior of --posterior, its parameters checked against the scenario by loading it with each at
/// its posterior median; nothing, after printing why, for a database that is not a finished calibration
/// or whose parameters are not paths of the scenario.
std::unique_ptr<tools::DrawSource> posterior_source(const RunArgs& args, std::uint64_t seed) {
  const std::string& db = args.uncertain.posterior;
  try {
    tools::Posterior posterior = tools::read_posterior(db);
    std::vector<configs::Override> points;
    for (const auto& in : posterior.inputs)
      points.push_back({in.path + "=" + configs::uncertain_value_text(in, in.point), in.declared_at});
    if (!load(args, points)) {
      std::cerr << "satflow: --posterior " << db << ": the calibration's parameters must be values of " << args.scenario
                << " (the scenario it calibrated, or one with the same paths)\n";
      return nullptr;
    }
    return std::make_unique<tools::PosteriorDraws>(std::move(posterior), seed);
  } catch (const std::runtime_error& e) { // BadDatabase, or a file SQLite cannot open
    std::cerr << "satflow: --posterior: " << e.what() << "\n";
  }
  return nullptr;
}

void print_progress(const tools::UncertainOptions& o, double seconds) {
  const std::size_t runs = o.names.size() * o.draws.size() * o.replications;
  std::cerr << "satflow: " << runs << " runs in " << tools::readable_number(seconds) << " s ("
            << tools::readable_number(static_cast<double>(runs) / seconds) << " runs/s)\n";
}

} // namespace

std::unique_ptr<tools::DrawSource> draw_source(const RunArgs& args, const models::Scenario& base) {
  const std::uint64_t seed = args.seed.value_or(base.seed);
  if (!args.uncertain.posterior.empty())
    return posterior_source(args, seed);
  if (base.uncertain.empty()) {
    std::cerr << "satflow: --uncertain: " << args.scenario << " declares no uncertain inputs (an uncertain: section)\n";
    return nullptr;
  }
  return std::make_unique<tools::PriorDraws>(base.uncertain, seed);
}

void add_uncertain_options(CLI::App* command, UncertainArgs& u) {
  command->add_flag("--uncertain", u.enabled,
                    "Second-order Monte Carlo over the scenario's uncertain: inputs (--draws M input draws x "
                    "--replications K each)");
  command->add_option("--draws", u.draws, "With --uncertain or --posterior: input draws (default 100)")
      ->check(CLI::Range(std::size_t{4}, std::size_t{100000}));
  command->add_option("--posterior", u.posterior,
                      "Second-order Monte Carlo with the inputs drawn by weight from the posterior of a finished "
                      "calibration (satflow calibrate's database) instead of the uncertain: section");
}

std::optional<std::vector<configs::Override>> point_scales(const models::Scenario& base,
                                                           const configs::VariantSpec& variant) {
  std::vector<configs::Override> out;
  for (const auto& s : variant.scales) {
    const auto it =
        std::find_if(base.uncertain.begin(), base.uncertain.end(), [&](const auto& in) { return in.path == s.path; });
    if (it == base.uncertain.end()) {
      std::cerr << s.origin << ": scale." << s.path << ": expected an uncertain input of the scenario\n";
      return std::nullopt;
    }
    out.push_back({s.path + "=" + configs::uncertain_value_text(*it, it->point * s.factor), s.origin});
  }
  return out;
}

int uncertain_comparison(RunArgs args, const UncertainComparison& c, const ComparisonFiles& files) {
  const UncertainArgs& u = args.uncertain;
  const auto base = load(args);
  if (!base)
    return kBadInput;
  const std::unique_ptr<tools::DrawSource> drawn = draw_source(args, *base);
  if (!drawn)
    return kBadInput;
  const tools::DrawSource& source = *drawn;
  tools::UncertainOptions o;
  o.baseline = c.baseline;
  o.noun = c.noun;
  o.replications = c.replications;
  o.jobs = c.jobs;
  for (const auto& in : source.inputs())
    o.inputs.push_back(in.path);
  for (std::size_t m = 0; m < u.draws; ++m)
    o.draws.push_back(source.draw(m));
  for (const auto& v : c.variants) {
    const auto treatment = treatment_of(args, v, source.inputs());
    if (!treatment)
      return kBadInput;
    o.names.push_back(v.name);
    o.treatment.push_back(*treatment);
    o.scenarios.emplace_back();
    for (std::size_t m = 0; m < u.draws; ++m) {
      auto scenario = load_draw(args, v, source.inputs(), *treatment, o.draws[m]);
      if (!scenario) {
        std::cerr << "satflow: " << v.name << ", input draw " << m << "\n";
        return kBadInput;
      }
      if (args.seed)
        scenario->seed = *args.seed;
      o.scenarios.back().push_back(std::move(*scenario));
    }
  }
  std::vector<models::Scenario> firsts; // with their targets: each one's probability is over the draws
  for (const auto& per_draw : o.scenarios)
    firsts.push_back(per_draw.front());
  o.kpis = tools::scenario_kpis(firsts);
  const auto start = std::chrono::steady_clock::now();
  const tools::UncertainRuns runs = tools::run_uncertain(o);
  const auto summaries = tools::summarise_uncertainty(o, runs);
  if (!args.quiet)
    print_progress(o, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (!args.quiet && files.json != "-" && files.csv != "-" && files.html != "-" && files.markdown != "-")
    tools::write_uncertainty_text(o, runs, summaries, std::cout);
  bool ok = true;
  if (!files.json.empty())
    ok &= write_output(files.json,
                       [&](std::ostream& out) { out << tools::uncertainty_json(o, runs, summaries).dump(2) << "\n"; });
  if (!files.csv.empty())
    ok &= write_output(files.csv, [&](std::ostream& out) { tools::write_uncertainty_csv(o, summaries, out); });
  if (!files.markdown.empty())
    ok &=
        write_output(files.markdown, [&](std::ostream& out) { tools::write_uncertainty_markdown(o, summaries, out); });
  if (!files.html.empty())
    ok &= write_output(files.html, [&](std::ostream& out) {
      tools::write_html_page(tools::uncertainty_page(o, runs, summaries, args.scenario, kVersion, tools::today_utc()),
                             out);
    });
  if (runs.failures.size() >= o.names.size() * o.draws.size() * o.replications) {
    std::cerr << "satflow: every run failed: " << runs.failures.front().what << "\n"
              << runs.failures.front().stderr_tail;
    return kInternal;
  }
  return ok ? kOk : kInternal;
}

} // namespace satflow::cli
