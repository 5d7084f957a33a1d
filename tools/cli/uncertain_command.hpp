// `--uncertain [--draws M]` on `compare` and `run --replications K`: a second-order Monte Carlo over
// the scenario's `uncertain:` inputs (tools/experiments/uncertainty.hpp). Each variant's scenario is
// loaded once per draw with the draw's values as overrides, after the command line's --set and before
// the variant's own `set:`; a path that either sets is fixed for that variant (and the output says
// so); a variant's `scale:` multiplies the drawn value.
#pragma once

#include "configs/variants_spec.hpp"
#include "tools/cli/cli_util.hpp"
#include "tools/cli/compare_command.hpp"
#include "tools/experiments/draw_source.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace satflow::cli {

/// The draws of --posterior DB (its parameters checked against args.scenario) or of the uncertain:
/// section of `base`, keyed by args.seed (else base's seed); nothing after printing why.
std::unique_ptr<tools::DrawSource> draw_source(const RunArgs& args, const models::Scenario& base);

/// Declares --uncertain, --draws and --posterior on a command.
void add_uncertain_options(CLI::App* command, UncertainArgs& u);

/// What to compare under uncertainty: the variants, the baseline (index), their noun, K and jobs.
struct UncertainComparison {
  std::vector<configs::VariantSpec> variants;
  std::size_t baseline = 0;
  std::string noun = "layout";
  std::size_t replications = 5;
  unsigned jobs = 1;
};

/// Loads every variant once per draw, runs the M x K runs of each and reports them (text unless
/// `args.quiet`, JSON, CSV, Markdown and HTML files); returns the exit status.
int uncertain_comparison(RunArgs args, const UncertainComparison& c, const ComparisonFiles& files);

/// Without --uncertain: a variant's `scale:` as overrides of the scaled point values of `base`'s
/// uncertain inputs; prints a scale of a path that is not uncertain and returns nothing.
std::optional<std::vector<configs::Override>> point_scales(const models::Scenario& base,
                                                           const configs::VariantSpec& variant);

} // namespace satflow::cli
