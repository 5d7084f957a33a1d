#include "tools/experiments/sweep_results.hpp"

#include "simcore/intervals.hpp"
#include "tools/experiments/compare.hpp"
#include "tools/experiments/results_store.hpp"
#include "tools/experiments/sweep_plan.hpp"
#include "tools/experiments/sweep_report.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>

namespace satflow::tools {
namespace {

using Json = nlohmann::json;

void require_file(const std::string& file) {
  if (!std::filesystem::exists(file))
    throw BadDatabase(file + ": no such database");
}

/// The plan of an opened database; throws BadDatabase when it holds no sound one.
StoredPlan sound_plan(const ResultsStore& store, const std::string& file) {
  auto plan = store.plan();
  if (!plan)
    throw BadDatabase(file + " holds no sweep plan");
  if (const std::string damage = plan_damage(*plan); !damage.empty())
    throw BadDatabase(file + ": " + damage);
  return *plan;
}

/// Throws BadDatabase naming every row check_run() finds damaged, then "FILE: N damaged runs" and
/// `consequence`.
void require_sound_runs(const std::vector<StoredRun>& runs, const std::string& file, const std::string& consequence) {
  std::vector<std::string> damaged;
  for (const auto& run : runs)
    if (const RunCheck check = check_run(run); !check.damage.empty())
      damaged.push_back(file + ": " + check.damage);
  if (damaged.empty())
    return;
  const std::size_t n = damaged.size();
  throw BadDatabase(std::move(damaged),
                    file + ": " + std::to_string(n) + (n == 1 ? " damaged run" : " damaged runs") + consequence);
}

void require_same_sweep(const StoredPlan& plan, const std::string& file, const StoredPlan& other,
                        const std::string& other_file) {
  if (plan.hash != other.hash)
    throw BadDatabase(file + " is from a different sweep (plan " + plan.hash + ", " + other_file + " holds " +
                      other.hash + ")");
}

} // namespace

SweepSummary read_sweep(const std::string& db) {
  require_file(db);
  // Everything is checked before anything is returned: a damaged database gets no partial table.
  const ResultsStore store(db, ResultsStore::Access::read);
  const StoredPlan stored = sound_plan(store, db);
  const std::vector<StoredRun> runs = store.runs();
  require_sound_runs(runs, db, "; nothing was written to it (satflow sweep with this --db runs them again)");
  const Json plan = Json::parse(stored.json);
  SweepSummary out{sweep_table(plan, runs), {}, {}};
  out.analysis = analyse_sweep(out.table);
  out.uncertainty = sweep_uncertainty(plan, out.table, db);
  return out;
}

SweepData sweep_data(const SweepTable& t, const SweepAnalysis& a) {
  SweepData d;
  static_cast<SweepHeader&>(d) = t;
  std::vector<std::size_t> order = a.headline;
  for (std::size_t k = 0; k < t.kpis.size(); ++k)
    if (t.applies[k] && std::find(order.begin(), order.end(), k) == order.end())
      order.push_back(k);
  for (std::size_t k : order) {
    const KpiDef& kpi = t.kpis[k];
    const bool headline = std::find(a.headline.begin(), a.headline.end(), k) != a.headline.end();
    d.kpis.push_back({kpi, headline});
  }
  for (std::size_t p = 0; p < t.points.size(); ++p) {
    SweepData::Point point{t.points[p].id, t.points[p].values, {}};
    for (std::size_t k : order)
      point.kpi.push_back(simcore::present_values(t.kpi[p][k]));
    d.points.push_back(std::move(point));
  }
  if (!sampled_design(t))
    d.reference =
        point_label(parameter_labels(t.parameters), t.points[t.reference].values) + " (" + reference_reason(t) + ")";
  for (std::size_t j = 0; j < a.morris.size(); ++j)
    d.morris.push_back({t.parameters[j], a.morris[j].mu_star, a.morris[j].sigma, a.morris[j].effects});
  for (std::size_t h = 0; h < a.headline.size(); ++h) { // d.kpis starts with the headline KPIs, in order
    d.main_effects.emplace_back();
    if (const auto& g = a.grid[h])
      for (std::size_t j = 0; j < g->levels.size(); ++j)
        for (std::size_t l = 0; l < g->levels[j].size(); ++l) {
          const simcore::Interval& ci = g->main[j][l];
          const bool bounded = std::isfinite(ci.half_width);
          d.main_effects.back().push_back(
              {t.parameters[j], g->levels[j][l], ci.mean, bounded ? ci.lower() : NAN, bounded ? ci.upper() : NAN});
        }
    d.sobol.emplace_back();
    if (const auto& s = a.sobol[h]; s && negligible_sobol_spread(t, a.headline[h], *s))
      d.remarks.push_back("No Sobol indices of " + t.kpis[a.headline[h]].label +
                          ": its spread over these ranges is under 1% of its mean, so they would measure noise.");
    else if (s)
      for (std::size_t j = 0; j < t.parameters.size(); ++j)
        d.sobol.back().push_back({t.parameters[j], s->first[j].value, s->first[j].lower, s->first[j].upper,
                                  s->total[j].value, s->total[j].lower, s->total[j].upper});
  }
  for (std::size_t h = 0; h < a.tornado.size(); ++h) { // per headline KPI, as d.kpis starts
    d.tornado.emplace_back();
    for (const auto& bar : a.tornado[h]) {
      const auto mean = [&](std::size_t p) { return simcore::present_interval(t.kpi[p][a.headline[h]])->mean; };
      const bool bounded = bar.swing && std::isfinite(bar.swing->ci.half_width);
      d.tornado.back().push_back({t.parameters[bar.parameter], mean(bar.low), mean(bar.high),
                                  t.points[bar.low].values[bar.parameter], t.points[bar.high].values[bar.parameter],
                                  bounded ? bar.swing->ci.lower() : NAN, bounded ? bar.swing->ci.upper() : NAN});
    }
  }
  return d;
}

void merge_shards(const std::string& out, const std::vector<std::string>& shards) {
  // Every shard is checked before the output is opened: a damaged one leaves the output as it was.
  std::vector<std::unique_ptr<ResultsStore>> inputs;
  std::optional<StoredPlan> plan;
  for (const auto& shard : shards) {
    require_file(shard);
    inputs.push_back(std::make_unique<ResultsStore>(shard, ResultsStore::Access::read));
    const StoredPlan shard_plan = sound_plan(*inputs.back(), shard);
    if (plan)
      require_same_sweep(shard_plan, shard, *plan, shards.front());
    require_sound_runs(inputs.back()->runs(), shard, "; nothing was merged into " + out);
    plan = shard_plan;
  }
  ResultsStore merged(out, ResultsStore::Access::write);
  if (merged.plan()) {
    require_same_sweep(*plan, shards.front(), sound_plan(merged, out), out);
    require_sound_runs(merged.runs(), out, "; nothing was merged into it");
  } else {
    merged.set_plan(*plan);
  }
  for (const auto& in : inputs) {
    const auto runs = in->runs();
    merged.begin();
    for (const auto& run : runs)
      merged.put(run); // primary key (point, replication): merging twice changes nothing
    merged.commit();
  }
}

} // namespace satflow::tools
