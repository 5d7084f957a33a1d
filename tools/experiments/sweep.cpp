#include "tools/experiments/sweep.hpp"

#include "configs/scenario_loader.hpp"
#include "models/pipeline.hpp"
#include "tools/experiments/compare.hpp"
#include "tools/experiments/process_pool.hpp"
#include "tools/report/report.hpp"

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace satflow::tools {
namespace {

using Json = nlohmann::json;

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The run's KPIs (its kpi_record) as stored: null where the run produced none or the KPI does not apply to the sweep
/// (`results` leaves out a KPI that no run has, rather than show zeros). Targets' KPIs come last, in the
/// scenario's order, which is the order `results` reads them in.
std::string kpi_json(const std::string& record, const Sweep& sweep) {
  const Json parsed = Json::parse(record, nullptr, false);
  if (parsed.is_discarded())
    return "";
  nlohmann::ordered_json out;
  const std::vector<double> values = kpi_values(parsed, sweep.kpis);
  for (std::size_t k = 0; k < values.size(); ++k)
    out[sweep.kpis[k].name] = std::isnan(values[k]) || !sweep.applies[k] ? Json(nullptr) : Json(values[k]);
  return out.dump();
}

std::string problems_in(const configs::Diagnostics& diagnostics, const std::string& file) {
  return std::to_string(diagnostics.size()) + " problem" + (diagnostics.size() == 1 ? "" : "s") + " in " + file;
}

/// Checks that the plan `store` holds is this sweep's; throws BadDatabase when it is not.
void check_stored_plan(const StoredPlan& stored, const std::string& db, const SweepPlan& plan,
                       const std::string& plan_text) {
  std::string damage = plan_damage(stored);
  if (damage.empty() && stored.hash == plan.hash && stored.json != plan_text) // a database without scenario_hash
    damage = "the sweep plan is damaged: it differs from this spec's plan of the same hash";
  if (!damage.empty())
    throw BadDatabase(db + ": " + damage + "; it cannot be resumed: use another --db");
  if (stored.hash != plan.hash)
    throw BadDatabase(db + " holds the results of a different sweep (plan " + stored.hash + ", this spec's plan " +
                      plan.hash + "); use another --db");
}

} // namespace

SweepPreparation prepare_sweep(const std::filesystem::path& spec_file) {
  SweepPreparation out;
  configs::SweepLoad loaded = configs::load_sweep_spec(spec_file);
  if (!loaded.spec) {
    out.conclusion = problems_in(loaded.diagnostics, spec_file.string());
    out.diagnostics = std::move(loaded.diagnostics);
    return out;
  }
  Sweep sweep{std::move(*loaded.spec), {}, {}, {}, {}};
  const configs::SweepSpec& spec = sweep.spec;
  // The base scenario gives the default seed; every point is loaded (and so validated) before anything runs.
  auto base = configs::load_scenario_file(spec.scenario, spec.fixed, spec.layout);
  if (!base.scenario) {
    out.diagnostics = std::move(base.diagnostics);
    out.conclusion = "the sweep's scenario has problems";
    return out;
  }
  // A grid's differences are read against the scenario's own setting where the grid holds it: "what
  // does moving from today's values change", not "what differs from the first corner of the grid".
  if (spec.design == configs::SweepDesign::grid && spec.reference.empty())
    if (auto levels = configs::scenario_levels(spec); !levels.empty()) {
      sweep.spec.reference = std::move(levels);
      sweep.spec.scenario_reference = true;
    }
  try {
    sweep.plan = plan_sweep(spec, spec.seed.value_or(base.scenario->seed), read_text(spec.scenario));
  } catch (const std::invalid_argument& e) {
    out.diagnostics.add({spec_file.string(), "", e.what()});
    out.conclusion = problems_in(out.diagnostics, spec_file.string());
    return out;
  }
  for (const auto& point : sweep.plan.points) {
    auto r = configs::load_experiment_point(spec.scenario,
                                            configs::point_overrides(spec, point.overrides, point.levels), spec.layout);
    if (!r.scenario) { // blamed on the spec's lines: the first point that fails says it for the others
      out.diagnostics = std::move(r.diagnostics);
      out.conclusion = problems_in(out.diagnostics, spec_file.string()) + " (sweep point " + point.id + ")";
      return out;
    }
    sweep.scenarios.push_back(std::move(*r.scenario));
  }
  sweep.kpis = scenario_kpis(sweep.scenarios);
  sweep.applies = applicable_kpis(sweep.scenarios);
  out.sweep = std::move(sweep);
  return out;
}

PendingTasks pending_tasks(ResultsStore& store, const std::string& db, const Sweep& sweep, Shard shard,
                           FailedRuns failed_runs) {
  const SweepPlan& plan = sweep.plan;
  const std::string plan_text = plan_json(sweep.spec, plan).dump();
  if (const auto stored = store.plan())
    check_stored_plan(*stored, db, plan, plan_text);
  else
    store.set_plan({plan.hash, plan_text, plan.scenario_hash});
  std::set<std::pair<std::string, std::size_t>> done, failed;
  std::map<std::pair<std::string, std::size_t>, std::string> damaged;
  for (const auto& run : store.runs()) {
    const std::pair key{run.point, run.replication};
    if (auto check = check_run(run); !check.damage.empty())
      damaged[key] = std::move(check.damage);
    else
      (run.status == "done" ? done : failed).insert(key);
  }
  PendingTasks out;
  for (std::size_t t = 0; t < plan.task_count(); ++t) {
    if (t % shard.count != shard.index)
      continue;
    const std::pair key{plan.points[plan.point_of(t)].id, plan.replication_of(t)};
    if (const auto d = damaged.find(key); d != damaged.end()) {
      out.repaired.push_back(db + ": " + d->second + "; running it again");
    } else if (done.count(key) || (failed.count(key) && failed_runs == FailedRuns::skip)) {
      ++out.skipped;
      continue;
    }
    out.tasks.push_back(t);
  }
  return out;
}

void run_sweep_tasks(const Sweep& sweep, const std::vector<std::size_t>& tasks, const TaskLimits& limits,
                     const std::function<void(std::size_t task, StoredRun run)>& done) {
  const SweepPlan& plan = sweep.plan;
  auto run_task = [&](std::size_t t, int out_fd) {
    models::RunOptions run;
    run.seed = plan.seed;
    run.replication = plan.replication_of(t);
    run.keep_items = false;
    const std::size_t point = plan.point_of(t);
    const models::Scenario& scenario = sweep.draw_scenarios.empty()
                                           ? sweep.scenarios[point]
                                           : sweep.draw_scenarios[point][run.replication / sweep.spec.replications];
    const models::Results r = models::run_scenario(scenario, run);
    return write_all(out_fd, kpi_record(r).dump()) ? 0 : 1;
  };
  auto record = [&](std::size_t t, const ChildOutcome& outcome) {
    StoredRun run{plan.points[plan.point_of(t)].id, plan.replication_of(t), "done", "", "", ""};
    if (outcome.ok())
      run.kpis = kpi_json(outcome.output, sweep);
    if (!outcome.ok() || run.kpis.empty()) {
      run.status = "failed";
      run.what = outcome.ok() ? "unreadable results" : outcome.describe(limits.timeout_s);
      run.stderr_tail = outcome.stderr_tail;
      run.kpis = "{}";
    }
    return run;
  };
  run_in_children(
      tasks.size(), {limits.jobs, limits.timeout_s}, [&](std::size_t i, int fd) { return run_task(tasks[i], fd); },
      [&](std::size_t i, ChildOutcome outcome) { done(tasks[i], record(tasks[i], outcome)); });
}

SweepTally run_sweep_into(ResultsStore& store, const Sweep& sweep, const std::vector<std::size_t>& tasks,
                          const TaskLimits& limits, const std::function<void(const SweepTally&)>& progress) {
  std::vector<StoredRun> pending;
  SweepTally tally;
  auto flush = [&] {
    if (pending.empty())
      return;
    store.begin();
    for (const auto& run : pending)
      store.put(run);
    store.commit();
    pending.clear();
  };
  auto last_flush = std::chrono::steady_clock::now();
  run_sweep_tasks(sweep, tasks, limits, [&](std::size_t, StoredRun run) {
    tally.failed += run.status == "failed";
    pending.push_back(std::move(run));
    ++tally.finished;
    // Batched transactions: cheap, and a crash loses at most the runs since the last one.
    if (pending.size() >= 64 || std::chrono::steady_clock::now() - last_flush > std::chrono::seconds(1)) {
      flush();
      last_flush = std::chrono::steady_clock::now();
    }
    progress(tally);
  });
  flush();
  return tally;
}

} // namespace satflow::tools
