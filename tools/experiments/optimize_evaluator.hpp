// The optimiser's evaluator: a candidate's figures over a range of replications, from the database
// where they are stored, else run (one child process per replication, through the process pool) and
// stored first. A batch of candidates runs at once, so pagmo's population uses every job.
#pragma once

#include "configs/optimize_spec.hpp"
#include "tools/experiments/optimize_store.hpp"
#include "tools/experiments/optimizer.hpp"
#include "tools/report/kpis.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace satflow::tools {

class Evaluator {
public:
  /// REQUIRES: spec and store outlive this.
  Evaluator(const configs::OptimizeSpec& spec, OptimizeStore& store, unsigned jobs);

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
  unsigned jobs_;
  std::vector<KpiDef> kpis_;
  std::size_t runs_started_ = 0;
};

/// The candidate's key in the database: its overrides, one a line.
std::string candidate_key(const configs::OptimizeSpec& spec, const std::vector<std::int64_t>& x);
/// What decides every run's results, as bytes: the scenario's file text, the replications, the decisions' paths.
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
