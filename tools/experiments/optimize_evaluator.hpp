// The optimiser's evaluator: a candidate's figures over a range of replications, from the database
// where they are stored, else run (one child process per replication, through the process pool) and
// stored first. A batch of candidates runs at once, so pagmo's population uses every job. Where the
// runs run is a hook: forked children here by default, the ranks of satflow-mpi's task farm there.
#pragma once

#include "configs/optimize_spec.hpp"
#include "configs/scenario_loader.hpp"
#include "tools/experiments/optimize_store.hpp"
#include "tools/experiments/optimizer.hpp"
#include "tools/report/kpis.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace satflow::tools {

/// One run the database lacks: replication `replication` of the candidate `x` (`key` in the database),
/// on the candidate's scenario (the spec's scenario with the candidate's overrides).
struct PendingRun {
  std::vector<std::int64_t> x;
  std::string key;
  std::size_t replication = 0;
  const models::Scenario* scenario = nullptr;
};

/// How an Evaluator runs what the database lacks. `run` gets one batch (every run a pagmo population
/// lacks) and returns each run's KPI record (kpi_record's JSON; "{}" for a run that failed), in order;
/// run_optimization with jobs sets it to run_in_processes.
struct EvaluatorHooks {
  std::function<std::vector<std::string>(const std::vector<PendingRun>&)> run;
};

/// Runs `runs` in forked children of the process pool, `jobs` at a time (one engine per process):
/// each run's KPI record, "{}" for a run that failed, in order.
std::vector<std::string> run_in_processes(const std::vector<PendingRun>& runs, unsigned jobs);

class Evaluator {
public:
  /// REQUIRES: spec and store outlive this; hooks.run is set.
  Evaluator(const configs::OptimizeSpec& spec, OptimizeStore& store, EvaluatorHooks hooks);

  /// Each candidate's figures over replications [from, to), running only what the database lacks.
  std::vector<CandidateFigures> evaluate(const std::vector<std::vector<std::int64_t>>& xs, std::size_t from,
                                         std::size_t to);
  /// The KPIs of the figures (scenario_kpis of the scenario).
  const std::vector<KpiDef>& kpis() const { return kpis_; }
  /// The index of KPI `name` in kpis(). REQUIRES: it is there (the spec loader checked it).
  std::size_t kpi_index(const std::string& name) const;
  /// Runs this evaluator started (not found in the database).
  std::size_t runs_started() const { return runs_started_; }

private:
  CandidateFigures figures(const std::vector<std::int64_t>& x, bool loaded,
                           const std::map<std::size_t, std::string>& records, std::size_t from, std::size_t to) const;

  const configs::OptimizeSpec& spec_;
  OptimizeStore& store_;
  EvaluatorHooks hooks_;
  std::vector<KpiDef> kpis_;
  std::size_t runs_started_ = 0;
};

/// Candidate x's scenario for replication j: the spec's scenario with replication j's input draw (when
/// the spec has draws), then the candidate's overrides (a decision on an uncertain path fixes it).
configs::LoadResult load_candidate(const configs::OptimizeSpec& spec, const std::vector<std::int64_t>& x,
                                   std::size_t replication);

/// The candidate's key in the database: its overrides, one a line.
std::string candidate_key(const configs::OptimizeSpec& spec, const std::vector<std::int64_t>& x);
/// What decides every run's results, as bytes: the scenario's file text, the replications, the decisions' paths,
/// and the input draws when the spec has them.
std::string spec_hash_input(const configs::OptimizeSpec& spec);
/// 16 hex digits of FNV-1a 64 then SplitMix64's finalizer (simcore::hash_name) over `bytes`: the same on
/// every build and machine, unlike std::hash, so a database resumes wherever it is copied.
std::string stable_hash(std::string_view bytes);
/// stable_hash(spec_hash_input(spec)): what the database records and a resume checks.
std::string spec_hash(const configs::OptimizeSpec& spec);
/// Whether `stored` is the std::hash this spec had in databases written before stable_hash (valid on the
/// build that wrote them only): such a database resumes there and gets the stable hash.
bool legacy_spec_hash(const configs::OptimizeSpec& spec, const std::string& stored);

} // namespace satflow::tools
