#include "tools/experiments/sweep_analysis.hpp"

#include "tools/experiments/compare.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>

namespace satflow::tools {
namespace {

using Json = nlohmann::json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The mean of the present values (NaN when there are none).
double present_mean(const std::vector<double>& xs) {
  const auto ci = simcore::present_interval(xs);
  return ci ? ci->mean : kNaN;
}

/// The KPI column k of every point: y[point][replication].
std::vector<std::vector<double>> column(const SweepTable& t, std::size_t k) {
  std::vector<std::vector<double>> y;
  for (const auto& point : t.kpi)
    y.push_back(point[k]);
  return y;
}

/// One-at-a-time: per parameter the lowest and highest mean among the base (point 0) and the points
/// that move that parameter alone, sorted by swing.
std::vector<TornadoBar> tornado_of(const SweepTable& t, const std::vector<std::vector<double>>& y, double alpha) {
  std::vector<double> mean;
  for (const auto& values : y)
    mean.push_back(present_mean(values));
  std::vector<TornadoBar> bars;
  if (t.points.empty() || std::isnan(mean[0]))
    return bars;
  const auto& base = t.points[0].values;
  for (std::size_t j = 0; j < t.parameters.size(); ++j) {
    TornadoBar bar{j, 0, 0, std::nullopt};
    for (std::size_t p = 1; p < t.points.size(); ++p) {
      bool only_j = !std::isnan(mean[p]);
      for (std::size_t q = 0; q < base.size(); ++q)
        only_j &= q == j || t.points[p].values[q] == base[q];
      if (!only_j)
        continue;
      if (mean[p] < mean[bar.low])
        bar.low = p;
      if (mean[p] > mean[bar.high])
        bar.high = p;
    }
    bar.swing = simcore::present_difference(y[bar.high], y[bar.low], alpha);
    bars.push_back(bar);
  }
  auto swing = [](const TornadoBar& b) { return b.swing ? b.swing->ci.mean : 0.0; };
  std::stable_sort(bars.begin(), bars.end(),
                   [&](const TornadoBar& a, const TornadoBar& b) { return swing(a) > swing(b); });
  return bars;
}

std::vector<MorrisEffect> morris_of(const SweepTable& t, const std::vector<std::vector<double>>& y) {
  std::vector<std::vector<double>> effects(t.parameters.size());
  for (const auto& step : t.morris) {
    const double from = present_mean(y[step.from]), to = present_mean(y[step.to]);
    if (!std::isnan(from) && !std::isnan(to))
      effects[step.parameter].push_back((to - from) / step.delta);
  }
  std::vector<MorrisEffect> out;
  for (const auto& e : effects) {
    MorrisEffect m;
    m.effects = e.size();
    double mean = 0;
    for (double x : e) {
      m.mu_star += std::abs(x);
      mean += x;
    }
    const double r = static_cast<double>(e.size());
    m.mu_star /= r;
    mean /= r;
    double var = 0;
    for (double x : e)
      var += (x - mean) * (x - mean);
    m.sigma = r > 1 ? std::sqrt(var / (r - 1)) : 0;
    out.push_back(m);
  }
  return out;
}

/// Sobol indices of the primary output: a row's output is its point's mean over the replications.
SobolIndices sobol_of(const SweepTable& t, const std::vector<std::vector<double>>& y) {
  const std::size_t k = t.parameters.size();
  std::vector<double> f_a, f_b;
  std::vector<std::vector<double>> f_ab(k);
  for (const auto& row : t.sobol) {
    f_a.push_back(present_mean(y[row[0]]));
    f_b.push_back(present_mean(y[row[1]]));
    for (std::size_t i = 0; i < k; ++i)
      f_ab[i].push_back(present_mean(y[row[2 + i]]));
  }
  return sobol_indices(f_a, f_b, f_ab, t.seed);
}

/// The names of the targets whose KPIs (target.NAME) the runs store, in the order of the first run that
/// has each: the scenario's order, as sweep.cpp writes them.
std::vector<std::string> stored_targets(const std::vector<StoredRun>& runs) {
  std::vector<std::string> names;
  for (const auto& run : runs) {
    if (run.status != "done" || run.kpis.find("\"target.") == std::string::npos)
      continue;
    const auto parsed = nlohmann::ordered_json::parse(run.kpis, nullptr, false);
    if (!parsed.is_object())
      continue;
    for (const auto& [key, value] : parsed.items())
      if (key.rfind("target.", 0) == 0 && std::find(names.begin(), names.end(), key.substr(7)) == names.end())
        names.push_back(key.substr(7));
  }
  return names;
}

} // namespace

SweepTable sweep_table(const nlohmann::json& plan, const std::vector<StoredRun>& runs) {
  SweepTable t;
  t.name = plan["name"].get<std::string>();
  t.design = plan["design"].get<std::string>();
  t.layout = plan.value("layout", "");
  t.seed = plan.value("seed", std::uint64_t{0});
  t.replications = plan["replications"].get<std::size_t>();
  t.reference = plan.value("reference", std::size_t{0});
  t.named_reference = plan.contains("reference");
  t.scenario_reference = plan.value("reference_from", "") == "scenario";
  if (plan.contains("base_from") && plan["base_from"].is_array())
    for (const auto& f : plan["base_from"])
      t.base_from.push_back(f.is_string() ? f.get<std::string>() : "");
  if (plan.contains("set") && plan["set"].is_array())
    for (const auto& f : plan["set"])
      if (f.is_string())
        t.fixed.push_back(f.get<std::string>());
  for (const auto& p : plan["parameters"])
    t.parameters.push_back(p.get<std::string>());
  t.kpis = kpis_with_targets(stored_targets(runs));
  const std::size_t kpis = t.kpis.size();
  std::map<std::string, std::size_t> index;
  for (const auto& point : plan["points"]) {
    SweepTable::Point p{point["id"].get<std::string>(), {}, {}};
    for (const auto& o : point["overrides"]) {
      p.overrides.push_back(o.get<std::string>());
      p.values.push_back(p.overrides.back().substr(p.overrides.back().find('=') + 1));
    }
    index[p.id] = t.points.size();
    t.points.push_back(std::move(p));
  }
  t.kpi.assign(t.points.size(), std::vector<std::vector<double>>(kpis, std::vector<double>(t.replications, kNaN)));
  t.applies.assign(kpis, false);
  for (const auto& run : runs) {
    if (run.status != "done") {
      ++t.failed_runs;
      continue;
    }
    const auto p = index.find(run.point);
    if (p == index.end() || run.replication >= t.replications)
      continue;
    const RunCheck check = check_run(run);
    for (std::size_t k = 0; k < kpis; ++k)
      if (const auto v = check.kpis.find(t.kpis[k].name); v != check.kpis.end() && !std::isnan(v->second)) {
        t.kpi[p->second][k][run.replication] = v->second;
        t.applies[k] = true;
      }
  }
  for (const auto& step : plan.value("morris", Json::array()))
    t.morris.push_back(
        {step[0].get<std::size_t>(), step[1].get<std::size_t>(), step[2].get<std::size_t>(), step[3].get<double>()});
  if (plan.contains("sobol"))
    t.sobol = plan["sobol"]["rows"].get<std::vector<std::vector<std::size_t>>>();
  return t;
}

std::optional<GridEffects> grid_effects(const std::vector<std::vector<std::string>>& values,
                                        const std::vector<std::vector<double>>& y, double alpha) {
  if (values.empty() || values[0].empty())
    return std::nullopt;
  const std::size_t n = values[0].size(), points = values.size();
  GridEffects g;
  g.levels.resize(n);
  std::vector<std::vector<std::size_t>> level(points, std::vector<std::size_t>(n));
  double cells = 1;
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t p = 0; p < points; ++p) {
      auto& l = g.levels[j];
      const auto it = std::find(l.begin(), l.end(), values[p][j]);
      level[p][j] = static_cast<std::size_t>(it - l.begin());
      if (it == l.end())
        l.push_back(values[p][j]);
    }
    cells *= static_cast<double>(g.levels[j].size());
  }
  if (cells != static_cast<double>(points)) // the plan's points are distinct: as many as cells is all of them
    return std::nullopt;
  // Per complete replication r: the effects of that replication's grid; intervals over replications.
  std::vector<std::vector<std::vector<double>>> main(n); // [j][level][r]
  for (std::size_t j = 0; j < n; ++j)
    main[j].resize(g.levels[j].size());
  std::map<std::array<std::size_t, 4>, std::vector<double>> inter; // (p, q, level_p, level_q) -> [r]
  const std::size_t replications = y.empty() ? 0 : y[0].size();
  for (std::size_t r = 0; r < replications; ++r) {
    if (std::any_of(y.begin(), y.end(), [&](const std::vector<double>& v) { return std::isnan(v[r]); }))
      continue;
    ++g.replications;
    double grand = 0;
    for (std::size_t p = 0; p < points; ++p)
      grand += y[p][r];
    grand /= static_cast<double>(points);
    // A level's mean is over points / levels cells, a pair's over points / (levels_p levels_q).
    std::vector<std::vector<double>> m(n);
    for (std::size_t j = 0; j < n; ++j) {
      m[j].assign(g.levels[j].size(), 0);
      for (std::size_t p = 0; p < points; ++p)
        m[j][level[p][j]] += y[p][r];
      for (std::size_t l = 0; l < m[j].size(); ++l) {
        m[j][l] = m[j][l] * static_cast<double>(m[j].size()) / static_cast<double>(points) - grand;
        main[j][l].push_back(m[j][l]);
      }
    }
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = a + 1; b < n; ++b) {
        const std::size_t la = g.levels[a].size(), lb = g.levels[b].size();
        std::vector<double> cell(la * lb, 0);
        for (std::size_t p = 0; p < points; ++p)
          cell[level[p][a] * lb + level[p][b]] += y[p][r];
        for (std::size_t i = 0; i < la; ++i)
          for (std::size_t k = 0; k < lb; ++k)
            inter[{a, b, i, k}].push_back(cell[i * lb + k] * static_cast<double>(la * lb) /
                                              static_cast<double>(points) -
                                          grand - m[a][i] - m[b][k]);
      }
  }
  if (g.replications == 0)
    return std::nullopt;
  g.main.resize(n);
  for (std::size_t j = 0; j < n; ++j)
    for (const auto& samples : main[j])
      g.main[j].push_back(simcore::mean_interval(samples, alpha));
  for (const auto& [key, samples] : inter) // std::map: ordered by (p, q, level_p, level_q)
    g.interactions.push_back({key[0], key[1], key[2], key[3], simcore::mean_interval(samples, alpha)});
  return g;
}

SweepAnalysis analyse_sweep(const SweepTable& t, double alpha) {
  SweepAnalysis a;
  const std::vector<bool> headline = headline_kpis(t.applies);
  for (std::size_t k = 0; k < headline.size(); ++k)
    if (headline[k] && t.applies[k]) // the time in system, standing in for the lead time, goes first
      a.headline.insert(
          t.kpis[k].headline_role == KpiDef::Headline::without_launch ? a.headline.begin() : a.headline.end(), k);
  const bool paired_design = t.design == "grid" || t.design == "one_at_a_time";
  a.vs_reference.assign(t.points.size(), std::vector<std::optional<simcore::PairedDifference>>(t.applies.size()));
  if (paired_design)
    for (std::size_t p = 0; p < t.points.size(); ++p)
      for (std::size_t k = 0; k < t.applies.size(); ++k)
        if (t.applies[k] && p != t.reference)
          a.vs_reference[p][k] = simcore::present_difference(t.kpi[p][k], t.kpi[t.reference][k], alpha);
  std::vector<std::vector<std::string>> values;
  for (const auto& p : t.points)
    values.push_back(p.values);
  for (std::size_t k : a.headline) {
    const auto y = column(t, k);
    a.grid.push_back(t.design == "grid" ? grid_effects(values, y, alpha) : std::nullopt);
    a.tornado.push_back(t.design == "one_at_a_time" ? tornado_of(t, y, alpha) : std::vector<TornadoBar>{});
    a.sobol.push_back(t.sobol.empty() ? std::nullopt : std::optional(sobol_of(t, y)));
  }
  if (!t.morris.empty() && !a.headline.empty())
    a.morris = morris_of(t, column(t, a.headline[0]));
  return a;
}

} // namespace satflow::tools
