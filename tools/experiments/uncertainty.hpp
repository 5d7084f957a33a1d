// `--uncertain`: a second-order Monte Carlo of a comparison (EXPERIMENTS.md, "Uncertain inputs").
// M input draws (outer loop) x K replications each (inner loop) per variant, one child process per
// run. Draw m's scenario of every variant was loaded with the same drawn inputs (DrawSource), and
// replication k of draw m runs as replication m K + k of the scenario's seed in every variant:
// common random numbers at both levels, so a variant identical to the baseline differs by exactly 0.
// summarise_uncertainty turns the runs into what a briefing needs per KPI and variant: the mean,
// the spread over the inputs, the difference against the baseline with the probability of being
// better, the inputs' share of the variance and the inputs that drive it.
#pragma once

#include "models/scenario.hpp"
#include "tools/experiments/compare.hpp"
#include "tools/experiments/uncertainty_stats.hpp"
#include "tools/report/kpis.hpp"

#include <string>
#include <vector>

namespace satflow::tools {

struct UncertainOptions {
  std::vector<std::string> names;                       ///< the variants
  std::size_t baseline = 0;                             ///< index into names
  std::string noun = "layout";                          ///< what the variants are called in the text
  std::string baseline_noun = "baseline";               ///< what the baseline is called ("reference" in a sweep)
  std::vector<std::vector<models::Scenario>> scenarios; ///< [variant][draw], loaded with the draw's inputs
  std::vector<std::string> inputs;                      ///< the uncertain inputs' paths
  std::vector<std::vector<double>> draws;               ///< [draw][input]: the drawn values (input units)
  /// [variant]: for each input, what the variant does with the draw: "" (takes it), "fixed by ..." or
  /// "scaled x0.5".
  std::vector<std::vector<std::string>> treatment;
  std::size_t replications = 5; ///< K, per draw
  unsigned jobs = 1;
  double alpha = 0.05;
  std::size_t resamples = 200; ///< bootstrap resamples of the drivers' intervals
  /// What each run reports and the summaries cover, in this order: compare_kpis() and, for a scenario
  /// with targets, target.NAME each (scenario_kpis), so that a target's probability is over the draws.
  std::vector<KpiDef> kpis = compare_kpis();
};

struct UncertainRuns {
  std::size_t draws = 0, replications = 0;
  std::vector<std::vector<std::vector<double>>> kpi; ///< [variant][kpi][m K + k], NaN when missing
  std::vector<RunFailure> failures;                  ///< replication = m K + k
};

/// Runs every variant's M x K runs, replication-major within draws (draw 0's replications of every
/// variant first), so the result does not depend on `jobs`.
UncertainRuns run_uncertain(const UncertainOptions& options);

struct Driver {
  std::string path;
  Estimate s1; ///< first-order index (uncertainty_stats.hpp), NaN when the series is constant
};

struct UncertainDifference {
  Estimate mean;               ///< of the draws' mean paired differences, t interval over draws
  Quantiles over_inputs;       ///< of the draws' mean differences
  Estimate probability_better; ///< share of draws whose mean difference favours the variant (Wilson)
  double input_share = 0;      ///< of the paired difference's variance (NaN when it has none)
  std::vector<Driver> drivers; ///< of the draws' mean differences, largest first
};

struct UncertainSummary {
  bool applies = false;                          ///< the KPI means something in these scenarios
  Estimate mean;                                 ///< over the draws' means, t interval over draws
  Quantiles over_inputs;                         ///< of the draws' means (includes noise var_within / K)
  double input_share = 0;                        ///< of the KPI's variance
  std::vector<Driver> drivers;                   ///< of the draws' means, largest first
  std::optional<UncertainDifference> difference; ///< none for the baseline
};

/// [kpi][variant]: the summaries of compare_kpis() in order. A baseline past the last variant (a
/// sweep without a reference point) gives no differences.
std::vector<std::vector<UncertainSummary>> summarise_uncertainty(const UncertainOptions& options,
                                                                 const UncertainRuns& runs);
/// The same with which KPIs apply given (per compare_kpis() entry), for runs read back from a database
/// (options.scenarios empty).
std::vector<std::vector<UncertainSummary>>
summarise_uncertainty(const UncertainOptions& options, const UncertainRuns& runs, const std::vector<bool>& applies);

} // namespace satflow::tools
