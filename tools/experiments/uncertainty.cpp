#include "tools/experiments/uncertainty.hpp"

#include "models/pipeline.hpp"
#include "simcore/intervals.hpp"
#include "tools/experiments/process_pool.hpp"
#include "tools/report/kpis.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace satflow::tools {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The t interval over the draws' values (NaN ends with fewer than 2), a share's within [0, 1]
/// (kpi_interval).
Estimate over_draws(const KpiDef& kpi, const std::vector<double>& values, double alpha) {
  const auto ci = kpi_interval(kpi, values, alpha);
  if (!ci)
    return {kNaN, kNaN, kNaN};
  if (!std::isfinite(ci->half_width))
    return {ci->mean, kNaN, kNaN};
  return {ci->mean, ci->lower(), ci->upper()};
}

/// A difference of `kpi` is no share: its interval may cross 0 and is never clipped.
KpiDef difference_kpi(const KpiDef& kpi) {
  KpiDef d = kpi;
  d.kind = Kind::number;
  d.proportion = false;
  return d;
}

/// Each input's first-order index for the series y over draws, largest first (NaN last, then by path).
std::vector<Driver> drivers_of(const UncertainOptions& o, const std::vector<double>& y) {
  std::vector<Driver> out;
  for (std::size_t i = 0; i < o.inputs.size(); ++i) {
    std::vector<double> x;
    for (const auto& draw : o.draws)
      x.push_back(draw[i]);
    out.push_back({o.inputs[i], first_order_index(x, y, o.resamples, i + 1, o.alpha)});
  }
  std::stable_sort(out.begin(), out.end(), [](const Driver& a, const Driver& b) {
    const double va = std::isnan(a.s1.value) ? -1 : a.s1.value, vb = std::isnan(b.s1.value) ? -1 : b.s1.value;
    return va > vb;
  });
  return out;
}

UncertainDifference difference_of(const UncertainOptions& o, const UncertainRuns& r, const KpiDef& kpi,
                                  const std::vector<double>& variant, const std::vector<double>& baseline) {
  std::vector<double> paired(variant.size());
  for (std::size_t j = 0; j < variant.size(); ++j)
    paired[j] = variant[j] - baseline[j];
  const std::vector<double> means = draw_means(paired, r.draws, r.replications);
  UncertainDifference d;
  d.mean = over_draws(difference_kpi(kpi), means, o.alpha);
  d.over_inputs = quantiles(means);
  std::size_t better = 0, n = 0;
  for (double m : means)
    if (!std::isnan(m)) {
      ++n;
      better += kpi.larger_is_better ? m > 0 : m < 0;
    }
  d.probability_better = n ? wilson_share(better, n, o.alpha) : Estimate{kNaN, kNaN, kNaN};
  d.input_share = variance_split(paired, r.draws, r.replications).input_share;
  d.drivers = drivers_of(o, means);
  return d;
}

} // namespace

UncertainRuns run_uncertain(const UncertainOptions& o) {
  UncertainRuns result;
  const std::size_t variants = o.scenarios.size(), draws = o.draws.size(), k_reps = o.replications;
  result.draws = draws;
  result.replications = k_reps;
  result.kpi.assign(variants,
                    std::vector<std::vector<double>>(o.kpis.size(), std::vector<double>(draws * k_reps, kNaN)));
  // Index order: run j = m K + k of variant v is task j V + v.
  auto decode = [&](std::size_t index) { return std::pair{index % variants, index / variants}; };
  run_in_children(
      variants * draws * k_reps, {o.jobs, 0},
      [&](std::size_t index, int out_fd) {
        const auto [variant, run] = decode(index);
        const models::Scenario& scenario = o.scenarios[variant][run / k_reps];
        models::RunOptions options;
        options.seed = scenario.seed;
        options.replication = run; // m K + k: replication k of draw m has streams of its own
        return write_all(out_fd, kpi_record(models::run_scenario(scenario, options)).dump()) ? 0 : 1;
      },
      [&](std::size_t index, ChildOutcome outcome) {
        const auto [variant, run] = decode(index);
        if (const auto record = child_record(outcome, variant, run, result.failures)) {
          const std::vector<double> values = kpi_values(*record, o.kpis);
          for (std::size_t k = 0; k < values.size(); ++k)
            result.kpi[variant][k][run] = values[k];
        }
      });
  std::sort(result.failures.begin(), result.failures.end(), [](const RunFailure& a, const RunFailure& b) {
    return std::pair{a.replication, a.layout} < std::pair{b.replication, b.layout};
  });
  return result;
}

std::vector<std::vector<UncertainSummary>> summarise_uncertainty(const UncertainOptions& o, const UncertainRuns& r) {
  std::vector<models::Scenario> firsts;
  for (const auto& v : o.scenarios)
    firsts.push_back(v.front());
  std::vector<bool> applies = applicable_kpis(firsts);
  applies.resize(o.kpis.size(), true); // targets always apply
  return summarise_uncertainty(o, r, applies);
}

std::vector<std::vector<UncertainSummary>> summarise_uncertainty(const UncertainOptions& o, const UncertainRuns& r,
                                                                 const std::vector<bool>& applies) {
  std::vector<std::vector<UncertainSummary>> out(o.kpis.size());
  for (std::size_t k = 0; k < o.kpis.size(); ++k) {
    for (std::size_t v = 0; v < o.names.size(); ++v) {
      UncertainSummary s;
      s.applies = applies[k];
      if (s.applies) {
        const std::vector<double>& runs = r.kpi[v][k];
        const std::vector<double> means = draw_means(runs, r.draws, r.replications);
        s.mean = over_draws(o.kpis[k], means, o.alpha);
        s.over_inputs = quantiles(means);
        s.input_share = variance_split(runs, r.draws, r.replications).input_share;
        s.drivers = drivers_of(o, means);
        if (v != o.baseline && o.baseline < o.names.size())
          s.difference = difference_of(o, r, o.kpis[k], runs, r.kpi[o.baseline][k]);
      }
      out[k].push_back(std::move(s));
    }
  }
  return out;
}

} // namespace satflow::tools
