#include "tools/experiments/optimize_evaluator.hpp"

#include "configs/scenario_loader.hpp"
#include "models/pipeline.hpp"
#include "simcore/random_streams.hpp"
#include "tools/experiments/process_pool.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <deque>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>
#include <sstream>

namespace satflow::tools {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kWorst = 1e300; // pagmo wants finite fitness: a plan the scenario refuses ranks last

double mean_present(const std::vector<double>& xs) {
  double sum = 0;
  std::size_t n = 0;
  for (double x : xs)
    if (!std::isnan(x)) {
      sum += x;
      ++n;
    }
  return n ? sum / static_cast<double>(n) : kNaN;
}

/// Per constraint, the mean over replications of the target value's relative distance from its bound.
std::vector<double> target_gaps(const configs::OptimizeSpec& spec, const std::map<std::size_t, std::string>& records,
                                std::size_t from, std::size_t to) {
  std::vector<double> gaps;
  for (const auto& c : spec.constraints) {
    const auto t = std::find_if(spec.scenario.targets.begin(), spec.scenario.targets.end(),
                                [&](const models::TargetSpec& s) { return s.name == c.target; });
    double sum = 0;
    for (std::size_t j = from; j < to; ++j) {
      const auto it = records.find(j);
      const auto parsed = nlohmann::json::parse(it == records.end() ? "{}" : it->second, nullptr, false);
      const auto& values =
          parsed.is_object() ? parsed.value("target_values", nlohmann::json::object()) : nlohmann::json();
      const bool known = values.is_object() && values.contains(c.target) && values[c.target].is_number();
      const double v = known ? values[c.target].get<double>() : kNaN;
      if (std::isnan(v))
        sum += 1;
      else if (t->form == models::TargetSpec::Form::launched_at_least)
        sum += std::max(0.0, (t->bound - v) / t->bound);
      else
        sum += std::max(0.0, (v - t->bound) / t->bound);
    }
    gaps.push_back(to > from ? sum / static_cast<double>(to - from) : 1);
  }
  return gaps;
}

} // namespace

std::string candidate_key(const configs::OptimizeSpec& spec, const std::vector<std::int64_t>& x) {
  std::string key;
  for (const auto& o : configs::candidate_overrides(spec, x))
    key += o + "\n";
  return key;
}

std::string spec_hash_input(const configs::OptimizeSpec& spec) {
  std::ifstream in(spec.scenario_file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  text << "\nreplications " << spec.replications << "\n";
  for (const auto& d : spec.decisions)
    text << d.path << "\n";
  for (std::size_t j = 0; j < spec.input_draws.size(); ++j) { // absent without draws: older hashes hold
    text << "draw " << j << "\n";
    for (const auto& assignment : spec.input_draws[j])
      text << assignment << "\n";
  }
  return text.str();
}

configs::LoadResult load_candidate(const configs::OptimizeSpec& spec, const std::vector<std::int64_t>& x,
                                   std::size_t replication) {
  if (spec.input_draws.empty())
    return configs::load_experiment_point(spec.scenario_file,
                                          configs::command_line_overrides(configs::candidate_overrides(spec, x)), "");
  std::vector<configs::Override> overrides;
  for (const auto& assignment : spec.input_draws.at(replication))
    overrides.push_back({assignment, spec.inputs_origin});
  for (const auto& assignment : configs::candidate_overrides(spec, x))
    overrides.push_back({assignment, "decision " + assignment});
  return configs::load_experiment_point(spec.scenario_file, overrides, "");
}

std::string stable_hash(std::string_view bytes) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(simcore::hash_name(bytes)));
  return buf;
}

std::string spec_hash(const configs::OptimizeSpec& spec) { return stable_hash(spec_hash_input(spec)); }

bool legacy_spec_hash(const configs::OptimizeSpec& spec, const std::string& stored) {
  return stored == std::to_string(std::hash<std::string>{}(spec_hash_input(spec)));
}

std::vector<std::string> run_in_processes(const std::vector<PendingRun>& runs, unsigned jobs) {
  std::vector<std::string> records(runs.size());
  run_in_children(
      runs.size(), {jobs, 0},
      [&](std::size_t i, int out_fd) {
        models::RunOptions run;
        run.seed = runs[i].scenario->seed;
        run.replication = runs[i].replication;
        const models::Results r = models::run_scenario(*runs[i].scenario, run);
        return write_all(out_fd, kpi_record(r).dump()) ? 0 : 1;
      },
      // A failed run is stored too ("{}": no KPI, no target met), so that it is not run again.
      [&](std::size_t i, ChildOutcome outcome) { records[i] = outcome.ok() ? outcome.output : "{}"; });
  return records;
}

Evaluator::Evaluator(const configs::OptimizeSpec& spec, OptimizeStore& store, EvaluatorHooks hooks)
    : spec_(spec), store_(store), hooks_(std::move(hooks)), kpis_(scenario_kpis({spec.scenario})) {
  assert(hooks_.run);
}

std::size_t Evaluator::kpi_index(const std::string& name) const {
  for (std::size_t k = 0; k < kpis_.size(); ++k)
    if (kpis_[k].name == name)
      return k;
  return 0;
}

std::vector<CandidateFigures> Evaluator::evaluate(const std::vector<std::vector<std::int64_t>>& xs, std::size_t from,
                                                  std::size_t to) {
  std::vector<std::map<std::size_t, std::string>> records(xs.size());
  std::vector<std::optional<models::Scenario>> scenarios(xs.size());
  std::vector<bool> loaded(xs.size(), true);
  std::vector<PendingRun> pending;
  std::deque<models::Scenario> drawn; // per pending run under input draws: a deque's elements do not move
  std::vector<std::pair<std::size_t, std::size_t>> fresh_failed; // (candidate, replication)
  std::vector<std::size_t> candidate_of;                         // per pending run, its candidate's index in xs
  std::vector<std::string> keys;
  for (std::size_t c = 0; c < xs.size(); ++c) {
    keys.push_back(candidate_key(spec_, xs[c]));
    records[c] = store_.runs_of(keys[c]);
    // A candidate twice in one batch (pagmo's populations repeat) runs once: the first copy runs it.
    const bool repeat = std::find(keys.begin(), keys.end() - 1, keys[c]) != keys.end() - 1;
    bool missing = false;
    for (std::size_t j = from; j < to; ++j)
      missing |= !records[c].count(j);
    if (!missing && !repeat)
      continue;
    auto load = load_candidate(spec_, xs[c], from);
    loaded[c] = load.scenario.has_value();
    scenarios[c] = std::move(load.scenario);
    if (repeat || !loaded[c])
      continue;
    for (std::size_t j = from; j < to; ++j)
      if (!records[c].count(j)) {
        const models::Scenario* scenario = &*scenarios[c]; // scenarios is never resized
        if (!spec_.input_draws.empty()) {                  // each replication its own inputs
          auto drawn_load = load_candidate(spec_, xs[c], j);
          if (!drawn_load.scenario) { // a draw the candidate refuses: a failed run, stored as such
            fresh_failed.push_back({c, j});
            continue;
          }
          scenario = &drawn.emplace_back(std::move(*drawn_load.scenario));
        }
        pending.push_back({xs[c], keys[c], j, scenario});
        candidate_of.push_back(c);
      }
  }
  std::vector<std::map<std::size_t, std::string>> fresh(xs.size());
  for (const auto& [c, j] : fresh_failed)
    fresh[c][j] = "{}";
  if (!pending.empty()) {
    const std::vector<std::string> ran = hooks_.run(pending);
    for (std::size_t i = 0; i < pending.size(); ++i)
      fresh[candidate_of[i]][pending[i].replication] = i < ran.size() ? ran[i] : "{}";
  }
  runs_started_ += pending.size();
  for (std::size_t c = 0; c < xs.size(); ++c)
    if (!fresh[c].empty()) {
      store_.put_runs(keys[c], fresh[c]);
      records[c].merge(fresh[c]);
    }
  std::vector<CandidateFigures> out;
  for (std::size_t c = 0; c < xs.size(); ++c) {
    const auto first = std::find(keys.begin(), keys.end(), keys[c]) - keys.begin();
    out.push_back(figures(xs[c], loaded[c], records[static_cast<std::size_t>(first)], from, to));
  }
  return out;
}

CandidateFigures Evaluator::figures(const std::vector<std::int64_t>& x, bool loaded,
                                    const std::map<std::size_t, std::string>& records, std::size_t from,
                                    std::size_t to) const {
  CandidateFigures f;
  f.x = x;
  f.plan_cost = configs::plan_cost(spec_, x);
  f.loaded = loaded;
  f.objective.assign(spec_.objectives.size(), kWorst);
  f.shortfall.clear();
  for (const auto& c : spec_.constraints)
    f.shortfall.push_back(c.at_least);
  f.gap.assign(spec_.constraints.size(), 1);
  if (!loaded)
    return f;
  f.kpi.assign(kpis_.size(), {});
  for (std::size_t j = from; j < to; ++j) {
    const auto it = records.find(j);
    const auto parsed = nlohmann::json::parse(it == records.end() ? "{}" : it->second, nullptr, false);
    const auto values = kpi_values(parsed.is_discarded() ? nlohmann::json::object() : parsed, kpis_);
    double total = f.plan_cost;
    for (const auto& kc : spec_.kpi_costs)
      total += kc.cost * values[kpi_index(kc.kpi)] / kc.per;
    f.total_cost.push_back(total);
    for (std::size_t k = 0; k < kpis_.size(); ++k)
      f.kpi[k].push_back(values[k]);
  }
  for (std::size_t o = 0; o < spec_.objectives.size(); ++o) {
    const auto& obj = spec_.objectives[o];
    const double m = obj.kpi == "cost" ? mean_present(f.total_cost) : mean_present(f.kpi[kpi_index(obj.kpi)]);
    f.objective[o] = std::isnan(m) ? kWorst : (obj.maximise ? -m : m);
  }
  f.gap = target_gaps(spec_, records, from, to);
  for (std::size_t c = 0; c < spec_.constraints.size(); ++c) {
    // A run without the target's value (failed) counts as not meeting it.
    const auto& met = f.kpi[kpi_index("target." + spec_.constraints[c].target)];
    const double share = static_cast<double>(std::count(met.begin(), met.end(), 1.0)) /
                         static_cast<double>(std::max<std::size_t>(met.size(), 1));
    f.shortfall[c] = spec_.constraints[c].at_least - share;
  }
  return f;
}

} // namespace satflow::tools
