#include "tools/experiments/optimizer.hpp"

#include "tools/experiments/optimize_evaluator.hpp"
#include "tools/experiments/optimize_search.hpp"
#include "tools/experiments/selection.hpp"
#include "tools/report/readable.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;

Json number_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

/// The plan as {path: value}, and each decision against the scenario's value with its cost.
Json plan_json(const configs::OptimizeSpec& spec, const std::vector<std::int64_t>& x) {
  Json plan = Json::array();
  for (std::size_t i = 0; i < spec.decisions.size(); ++i) {
    const auto& d = spec.decisions[i];
    Json row;
    row["path"] = d.path;
    row["value"] = configs::decision_value(d, x[i]);
    row["scenario"] = d.baseline;
    row["cost"] = configs::decision_cost(spec.decisions[i], x[i]);
    plan.push_back(row);
  }
  return plan;
}

/// A candidate's figures as the report shows them: cost, objective, each KPI's and target's interval.
Json figures_json(const configs::OptimizeSpec& spec, const Evaluator& ev, const CandidateFigures& f) {
  Json j;
  j["plan"] = plan_json(spec, f.x);
  j["plan_cost"] = f.plan_cost;
  j["loaded"] = f.loaded;
  Json objective = Json::array();
  for (std::size_t o = 0; o < spec.objectives.size(); ++o)
    objective.push_back(number_or_null(spec.objectives[o].maximise ? -f.objective[o] : f.objective[o]));
  j["objective"] = objective;
  j["feasible"] = f.feasible();
  Json kpis = Json::object();
  for (std::size_t k = 0; k < ev.kpis().size() && k < f.kpi.size(); ++k) {
    const auto ci = kpi_interval(ev.kpis()[k], f.kpi[k], 0.05);
    kpis[ev.kpis()[k].name] =
        ci ? Json{{"mean", ci->mean}, {"lower", number_or_null(ci->lower())}, {"upper", number_or_null(ci->upper())}}
           : Json(nullptr);
  }
  j["kpis"] = kpis;
  Json shortfall = Json::array();
  for (double s : f.shortfall)
    shortfall.push_back(s);
  j["shortfall"] = shortfall;
  Json gap = Json::array();
  for (double g : f.gap)
    gap.push_back(g);
  j["gap"] = gap;
  return j;
}

/// Ranked best first: feasible ones by objective, then the others by their total shortfall.
std::vector<const CandidateFigures*> ranked(const std::vector<CandidateFigures>& all) {
  std::vector<const CandidateFigures*> out;
  for (const auto& f : all)
    out.push_back(&f);
  auto sum = [](const std::vector<double>& xs) {
    double s = 0;
    for (double v : xs)
      s += std::max(0.0, v);
    return s;
  };
  // Plans that miss: the smallest shortfall in probability first, then the nearest to the bounds.
  std::stable_sort(out.begin(), out.end(), [&](const CandidateFigures* a, const CandidateFigures* b) {
    if (a->feasible() != b->feasible())
      return a->feasible();
    if (!a->feasible() && sum(a->shortfall) != sum(b->shortfall))
      return sum(a->shortfall) < sum(b->shortfall);
    if (!a->feasible() && sum(a->gap) != sum(b->gap))
      return sum(a->gap) < sum(b->gap);
    return std::tie(a->objective, a->x) < std::tie(b->objective, b->x);
  });
  return out;
}

/// The per-replication value the selection ranks on: the total cost, or the objective's KPI.
std::vector<double> selection_values(const configs::OptimizeSpec& spec, const Evaluator& ev,
                                     const CandidateFigures& f) {
  const auto& o = spec.objectives.front();
  if (o.kpi == "cost")
    return f.total_cost;
  return f.kpi.empty() ? std::vector<double>{} : f.kpi[ev.kpi_index(o.kpi)];
}

Json selection_json(const configs::OptimizeSpec& spec, Evaluator& ev, const std::vector<const CandidateFigures*>& rank,
                    Json& report) {
  std::vector<std::vector<std::int64_t>> top;
  for (std::size_t i = 0; i < rank.size() && top.size() < spec.select_top; ++i)
    if (rank[i]->loaded)
      top.push_back(rank[i]->x);
  const auto fresh = ev.evaluate(top, spec.replications, spec.replications + spec.select_replications);
  std::vector<std::vector<double>> values;
  for (const auto& f : fresh)
    values.push_back(selection_values(spec, ev, f));
  const Selection s = screen_best(values, spec.objectives.front().maximise, 0.05, 0);
  Json out;
  out["replications"] = spec.select_replications;
  out["first_replication"] = spec.replications;
  Json candidates = Json::array();
  std::size_t chosen = fresh.size();
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    Json c = figures_json(spec, ev, fresh[i]);
    const bool kept = std::find(s.kept.begin(), s.kept.end(), i) != s.kept.end();
    c["kept"] = kept;
    candidates.push_back(c);
    // The chosen plan: the best on fresh seeds among the kept that still meet the constraints.
    if (kept && fresh[i].feasible() && (chosen == fresh.size() || fresh[i].objective < fresh[chosen].objective))
      chosen = i;
  }
  out["candidates"] = candidates;
  if (chosen < fresh.size())
    report["chosen"] = candidates[chosen];
  return out;
}

/// When no plan meets the constraints: the closest ones and what binds (constraints short, decisions
/// at the end of their range in the closest plan).
Json infeasible_json(const configs::OptimizeSpec& spec, const Evaluator& ev,
                     const std::vector<const CandidateFigures*>& rank) {
  Json out;
  Json closest = Json::array();
  for (std::size_t i = 0; i < rank.size() && i < 3; ++i)
    closest.push_back(figures_json(spec, ev, *rank[i]));
  out["closest"] = closest;
  Json binds = Json::array();
  if (!rank.empty()) {
    const auto& best = *rank.front();
    for (std::size_t c = 0; c < spec.constraints.size(); ++c)
      if (best.shortfall[c] > 0)
        binds.push_back("target " + spec.constraints[c].target + ": P(met) " +
                        readable_number(spec.constraints[c].at_least - best.shortfall[c]) + " < " +
                        readable_number(spec.constraints[c].at_least) + "; the closest plan misses its bound by " +
                        readable_percent(best.gap[c]) + " on average");
    for (std::size_t i = 0; i < spec.decisions.size(); ++i)
      if (!spec.decisions[i].categorical && best.x[i] == spec.decisions[i].to)
        binds.push_back(spec.decisions[i].path + " at the top of its range (" + std::to_string(best.x[i]) + ")");
  }
  out["binds"] = binds;
  return out;
}

/// The plans no other plan beats on both objectives, by the first objective.
Json pareto_json(const configs::OptimizeSpec& spec, const Evaluator& ev, const std::vector<CandidateFigures>& all) {
  std::vector<const CandidateFigures*> front;
  for (const auto& a : all) {
    if (!a.loaded)
      continue;
    const bool dominated = std::any_of(all.begin(), all.end(), [&](const CandidateFigures& b) {
      return b.loaded && b.objective[0] <= a.objective[0] && b.objective[1] <= a.objective[1] &&
             b.objective != a.objective;
    });
    if (!dominated)
      front.push_back(&a);
  }
  std::stable_sort(front.begin(), front.end(), [](const CandidateFigures* a, const CandidateFigures* b) {
    return std::tie(a->objective, a->x) < std::tie(b->objective, b->x);
  });
  Json out = Json::array();
  for (const auto* f : front)
    out.push_back(figures_json(spec, ev, *f));
  return out;
}

} // namespace

bool CandidateFigures::feasible() const {
  return loaded && std::all_of(shortfall.begin(), shortfall.end(), [](double s) { return s <= 1e-12; });
}

Json run_optimization(const configs::OptimizeSpec& spec, OptimizeStore& store, unsigned jobs) {
  return run_optimization(spec, store, EvaluatorHooks{.run = [jobs](const std::vector<PendingRun>& runs) {
                            return run_in_processes(runs, jobs);
                          }});
}

Json run_optimization(const configs::OptimizeSpec& spec, OptimizeStore& store, const EvaluatorHooks& hooks) {
  const std::string hash = spec_hash(spec);
  if (const auto stored = store.meta("spec_hash"); stored && *stored != hash && !legacy_spec_hash(spec, *stored))
    throw std::invalid_argument(
        "the database holds another optimisation (its spec or scenario differ): use a new file");
  store.set_meta("spec_hash", hash);
  Evaluator ev(spec, store, hooks);
  const SearchTrace trace = search(spec, ev);
  Json report;
  report["schema_version"] = 1;
  report["name"] = spec.name;
  report["scenario"] = spec.scenario.name;
  report["seed"] = spec.scenario.seed;
  report["replications"] = spec.replications;
  if (!spec.input_draws.empty()) // replication j of every candidate ran input draw j
    report["inputs"] = spec.inputs_origin;
  report["algorithm"] = trace.algorithm;
  report["space_size"] = trace.space_size;
  Json objectives = Json::array();
  for (const auto& o : spec.objectives)
    objectives.push_back({{"kpi", o.kpi}, {"sense", o.maximise ? "maximise" : "minimise"}});
  report["objectives"] = objectives;
  Json constraints = Json::array();
  for (const auto& c : spec.constraints)
    constraints.push_back({{"target", c.target}, {"at_least", c.at_least}});
  report["constraints"] = constraints;
  Json generations = Json::array();
  for (const auto& g : trace.generations)
    generations.push_back(
        {{"generation", g.generation}, {"evaluated", g.evaluated}, {"best_feasible", number_or_null(g.best_feasible)}});
  report["generations"] = generations;
  const auto all = ev.evaluate(trace.candidates, 0, spec.replications); // from the database: nothing runs
  const auto rank = ranked(all);
  report["evaluated"] = all.size();
  Json runners = Json::array();
  for (std::size_t i = 0; i < rank.size() && i < 10; ++i)
    runners.push_back(figures_json(spec, ev, *rank[i]));
  report["ranked"] = runners;
  if (spec.objectives.size() == 2)
    report["pareto"] = pareto_json(spec, ev, all);
  else if (rank.empty() || !rank.front()->feasible())
    report["infeasible"] = infeasible_json(spec, ev, rank);
  else if (spec.select_top > 0)
    report["selection"] = selection_json(spec, ev, rank, report);
  if (spec.objectives.size() == 1 && !report.contains("chosen") && !rank.empty() && rank.front()->feasible())
    report["chosen"] = figures_json(spec, ev, *rank.front());
  report["stored"] = {{"candidates", store.candidates()}, {"runs", store.runs()}};
  store.set_meta("report", report.dump());
  return report;
}

} // namespace satflow::tools
