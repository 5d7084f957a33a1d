#include "tools/experiments/compare.hpp"

#include "models/pipeline.hpp"
#include "simcore/intervals.hpp"
#include "simcore/units.hpp"
#include "tools/experiments/process_pool.hpp"
#include "tools/report/report.hpp"

#include <cmath>
#include <limits>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kBatch = 5; // replications added per round of --precision

/// Runs replications [from, to) of every layout and stores their KPIs.
void run_batch(const CompareOptions& o, std::size_t from, std::size_t to, CompareResult& result) {
  const std::size_t layouts = o.scenarios.size();
  const std::size_t per_layout = to - from;
  for (auto* table : {&result.kpi, &result.time_shares})
    for (auto& layout : *table)
      for (auto& values : layout)
        values.resize(to, kNaN);
  for (auto& layout : result.observed)
    layout.resize(to);
  for (auto& layout : result.launches)
    layout.resize(to);
  // Replication-major order: every layout's replication j before any layout's j + 1.
  auto decode = [&](std::size_t index) { return std::pair{index % layouts, from + index / layouts}; };
  run_in_children(
      layouts * per_layout, {o.jobs, 0},
      [&](std::size_t index, int out_fd) {
        const auto [layout, replication] = decode(index);
        models::RunOptions run;
        run.seed = o.scenarios[layout].seed;
        run.replication = replication;
        run.keep_items = static_cast<bool>(o.observe);
        const models::Results r = models::run_scenario(o.scenarios[layout], run);
        Json record = kpi_record(r);
        record["launched_by_year"] = launch_years_record(r);
        if (o.observe)
          record["observed"] = o.observe(r);
        return write_all(out_fd, record.dump()) ? 0 : 1;
      },
      [&](std::size_t index, ChildOutcome outcome) {
        const auto [layout, replication] = decode(index);
        const auto record = child_record(outcome, layout, replication, result.failures);
        if (!record)
          return;
        const nlohmann::json& parsed = *record;
        const std::vector<double> values = kpi_values(parsed, result.kpis), shares = time_share_values(parsed);
        for (std::size_t k = 0; k < values.size(); ++k)
          result.kpi[layout][k][replication] = values[k];
        for (std::size_t k = 0; k < shares.size(); ++k)
          result.time_shares[layout][k][replication] = shares[k];
        if (auto launches = launch_years(parsed.value("launched_by_year", nlohmann::json())))
          result.launches[layout][replication] = std::move(*launches);
        if (parsed.contains("observed"))
          result.observed[layout][replication] = parsed.at("observed");
      });
  // Children end in any order: keep failures in a fixed order for reproducible reports.
  std::sort(result.failures.begin(), result.failures.end(), [](const RunFailure& a, const RunFailure& b) {
    return std::pair{a.replication, a.layout} < std::pair{b.replication, b.layout};
  });
}

bool precise(const CompareOptions& o, const CompareResult& r) {
  const std::vector<bool> watched = headline_kpis(applicable_kpis(o.scenarios));
  for (std::size_t l = 0; l < o.scenarios.size(); ++l)
    for (std::size_t k = 0; k < r.kpis.size(); ++k) {
      if (!watched[k])
        continue;
      auto ci = simcore::present_interval(r.kpi[l][k], o.alpha);
      // A KPI that is exactly zero in every run (no coordination, say) needs no more precision.
      if (ci && !(ci->mean == 0 && ci->sd == 0) && !simcore::precise_enough(*ci, *o.precision))
        return false;
    }
  return true;
}

} // namespace

std::optional<nlohmann::json> child_record(const ChildOutcome& outcome, std::size_t variant, std::size_t replication,
                                           std::vector<RunFailure>& failures) {
  auto record = outcome.ok() ? nlohmann::json::parse(outcome.output, nullptr, false) : nlohmann::json();
  if (outcome.ok() && !record.is_discarded())
    return record;
  failures.push_back(
      {variant, replication, outcome.ok() ? "unreadable results" : outcome.describe(), outcome.stderr_tail});
  return std::nullopt;
}

CompareResult run_comparison(const CompareOptions& o) {
  CompareResult result;
  result.kpis = scenario_kpis(o.scenarios);
  result.kpi.assign(o.scenarios.size(), std::vector<std::vector<double>>(result.kpis.size()));
  result.time_shares.assign(o.scenarios.size(), std::vector<std::vector<double>>(models::kTimeKinds));
  result.observed.assign(o.scenarios.size(), {});
  result.launches.assign(o.scenarios.size(), {});
  std::size_t n = std::max<std::size_t>(o.precision ? std::max<std::size_t>(o.replications, 10) : o.replications, 2);
  run_batch(o, 0, n, result);
  if (o.precision) {
    // Add batches until precise, then confirm with one look-ahead batch: a lucky small variance
    // early on must survive more data (EXPERIMENTS.md, sequential procedure). Capped.
    bool confirmed = false;
    while (!confirmed && n < o.max_replications) {
      const bool was_precise = precise(o, result);
      const std::size_t to = std::min(n + kBatch, o.max_replications);
      run_batch(o, n, to, result);
      n = to;
      confirmed = was_precise && precise(o, result);
    }
    result.precision_reached = precise(o, result);
  }
  result.replications = n;
  return result;
}

} // namespace satflow::tools
