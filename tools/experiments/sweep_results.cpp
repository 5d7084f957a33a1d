#include "tools/experiments/sweep_results.hpp"

#include "simcore/intervals.hpp"
#include "simcore/units.hpp"
#include "tools/experiments/compare.hpp"
#include "tools/experiments/output_file.hpp"
#include "tools/experiments/results_store.hpp"
#include "tools/experiments/sweep_analysis.hpp"
#include "tools/experiments/sweep_plan.hpp"
#include "tools/experiments/sweep_report.hpp"
#include "tools/report/sweep_charts.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

namespace satflow::tools {
namespace {

using Json = nlohmann::json;
constexpr int kOk = 0;
constexpr int kInternal = 1;
constexpr int kBadInput = 2;

/// The plan of an opened database when it holds a sound one; otherwise prints why and returns nullopt.
std::optional<StoredPlan> sound_plan(const ResultsStore& store, const std::string& file) {
  auto plan = store.plan();
  if (!plan) {
    std::cerr << "satflow: " << file << " holds no sweep plan\n";
    return std::nullopt;
  }
  if (const std::string damage = plan_damage(*plan); !damage.empty()) {
    std::cerr << "satflow: " << file << ": " << damage << "\n";
    return std::nullopt;
  }
  return plan;
}

/// How many of the runs check_run() finds damaged; prints each, naming the file and the row.
std::size_t count_damaged(const std::vector<StoredRun>& runs, const std::string& file) {
  std::size_t damaged = 0;
  for (const auto& run : runs)
    if (const RunCheck check = check_run(run); !check.damage.empty()) {
      std::cerr << "satflow: " << file << ": " << check.damage << "\n";
      ++damaged;
    }
  return damaged;
}

/// The HTML page's data: the KPIs that apply, the headline ones first (the primary KPI, which the
/// tornado and Morris charts show, in front), each point's values of the runs that produced one.
SweepData sweep_data(const SweepTable& t, const SweepAnalysis& a) {
  SweepData d;
  d.name = t.name;
  d.layout = t.layout;
  d.seed = t.seed;
  d.design = t.design;
  d.replications = t.replications;
  d.failed_runs = t.failed_runs;
  d.parameters = t.parameters;
  std::vector<std::size_t> order = a.headline;
  for (std::size_t k = 0; k < compare_kpis().size(); ++k)
    if (t.applies[k] && std::find(order.begin(), order.end(), k) == order.end())
      order.push_back(k);
  for (std::size_t k : order) {
    const KpiDef& kpi = compare_kpis()[k];
    const bool headline = std::find(a.headline.begin(), a.headline.end(), k) != a.headline.end();
    d.kpis.push_back({kpi, headline});
  }
  for (std::size_t p = 0; p < t.points.size(); ++p) {
    SweepData::Point point{t.points[p].id, t.points[p].values, {}};
    for (std::size_t k : order)
      point.kpi.push_back(simcore::present_values(t.kpi[p][k]));
    d.points.push_back(std::move(point));
  }
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
    if (const auto& s = a.sobol[h])
      for (std::size_t j = 0; j < t.parameters.size(); ++j)
        d.sobol.back().push_back({t.parameters[j], s->first[j].value, s->first[j].lower, s->first[j].upper,
                                  s->total[j].value, s->total[j].lower, s->total[j].upper});
  }
  if (!a.tornado.empty())
    for (const auto& bar : a.tornado[0]) {
      const auto mean = [&](std::size_t p) { return simcore::present_interval(t.kpi[p][a.headline[0]])->mean; };
      const bool bounded = bar.swing && std::isfinite(bar.swing->ci.half_width);
      d.tornado.push_back({t.parameters[bar.parameter], mean(bar.low), mean(bar.high),
                           bounded ? bar.swing->ci.lower() : NAN, bounded ? bar.swing->ci.upper() : NAN});
    }
  return d;
}

/// "1 damaged run", "3 damaged runs".
std::string runs_text(std::size_t n) { return std::to_string(n) + (n == 1 ? " damaged run" : " damaged runs"); }

} // namespace

int results_command(const std::string& db, const std::string& csv_file, const std::string& html_file,
                    const std::string& json_file, bool list_points, const std::string& version) {
  if (!std::filesystem::exists(db)) {
    std::cerr << "satflow: " << db << ": no such database\n";
    return kBadInput;
  }
  // Everything is checked before the first line is printed: a damaged database gets no partial table.
  const ResultsStore store(db, ResultsStore::Access::read);
  const auto stored = sound_plan(store, db);
  if (!stored)
    return kBadInput;
  const std::vector<StoredRun> runs = store.runs();
  if (const std::size_t damaged = count_damaged(runs, db)) {
    std::cerr << "satflow: " << db << ": " << runs_text(damaged)
              << "; nothing was written to it (satflow sweep with this --db runs them again)\n";
    return kBadInput;
  }
  const SweepTable table = sweep_table(Json::parse(stored->json), runs);
  const SweepAnalysis analysis = analyse_sweep(table);
  // A file written to stdout ("-") replaces the summary there, as in `satflow run` and `compare`.
  if (json_file != "-" && csv_file != "-" && html_file != "-")
    write_sweep_text(table, analysis, std::cout, list_points);
  bool ok = true;
  auto write = [&](const std::string& file, auto&& body) {
    if (!file.empty())
      ok &= write_output(file, body);
  };
  write(json_file, [&](std::ostream& out) { out << sweep_json(table, analysis).dump(2) << "\n"; });
  write(csv_file, [&](std::ostream& out) { write_sweep_csv(table, out); });
  write(html_file, [&](std::ostream& out) {
    write_html_page(sweep_page(sweep_data(table, analysis), version, today_utc()), out);
  });
  return ok ? kOk : kInternal;
}

int merge_command(const std::string& out, const std::vector<std::string>& shards) {
  // Every shard is checked before the output is opened: a damaged one leaves the output as it was.
  std::vector<std::unique_ptr<ResultsStore>> inputs;
  std::optional<StoredPlan> plan;
  for (const auto& shard : shards) {
    if (!std::filesystem::exists(shard)) {
      std::cerr << "satflow: " << shard << ": no such database\n";
      return kBadInput;
    }
    inputs.push_back(std::make_unique<ResultsStore>(shard, ResultsStore::Access::read));
    const auto shard_plan = sound_plan(*inputs.back(), shard);
    if (!shard_plan)
      return kBadInput;
    if (plan && shard_plan->hash != plan->hash) {
      std::cerr << "satflow: " << shard << " is from a different sweep (plan " << shard_plan->hash << ", "
                << shards.front() << " holds " << plan->hash << ")\n";
      return kBadInput;
    }
    if (const std::size_t damaged = count_damaged(inputs.back()->runs(), shard)) {
      std::cerr << "satflow: " << shard << ": " << runs_text(damaged) << "; nothing was merged into " << out << "\n";
      return kBadInput;
    }
    plan = shard_plan;
  }
  ResultsStore merged(out, ResultsStore::Access::write);
  if (merged.plan()) {
    const auto existing = sound_plan(merged, out);
    if (!existing)
      return kBadInput;
    if (existing->hash != plan->hash) {
      std::cerr << "satflow: " << shards.front() << " is from a different sweep (plan " << plan->hash << ", " << out
                << " holds " << existing->hash << ")\n";
      return kBadInput;
    }
    if (const std::size_t damaged = count_damaged(merged.runs(), out)) {
      std::cerr << "satflow: " << out << ": " << runs_text(damaged) << "; nothing was merged into it\n";
      return kBadInput;
    }
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
  std::cout << "merged " << shards.size() << " shard" << (shards.size() == 1 ? "" : "s") << " into " << out << "\n";
  return kOk;
}

} // namespace satflow::tools
