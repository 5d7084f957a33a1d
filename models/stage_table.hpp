// The process's stages with every name resolved to an index: stations, sites, routes, failure
// targets, launchers per class, durations per class, the random streams of each stage and its
// trace states. Branch stages of parallel stages come after the top-level ones, so that top-level
// indices match Scenario::stages. Built once per run; the mechanisms read it.
#pragma once

#include "models/relocations.hpp"
#include "models/scenario.hpp"
#include "simcore/distributions.hpp"
#include "simcore/random_streams.hpp"
#include "simcore/trace.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace satflow::models {

inline constexpr std::uint32_t kNone = UINT32_MAX;     ///< no index
inline constexpr std::uint32_t kExit = UINT32_MAX - 1; ///< route target: leave the process
inline constexpr std::uint32_t kJoin = UINT32_MAX - 2; ///< route target: end of a parallel branch

struct Stage {
  std::string name;
  StageKind kind;
  std::uint32_t station = kNone;
  std::vector<simcore::Distribution> duration; ///< per class
  SiteRef site;                                ///< delay/coordinate: site kNone = where the item is
  std::vector<SiteRef> partners;               ///< coordinate
  double request_size = 0;
  double answer_size = 0;
  int rounds = 1;
  SiteRef periodic_to; ///< station: periodic coordination partner
  double periodic_interval_s = 0;
  double periodic_request = 0;
  double periodic_answer = 0;
  double failure_p = 0;
  std::uint32_t failure_to = kNone;
  std::int32_t test = -1; ///< index into StageTable::test_names()
  double retest_factor = 1;
  std::int32_t learning = -1;
  std::vector<std::uint32_t> branch_starts; ///< parallel
  std::vector<std::uint32_t> launcher;      ///< launch stages: per class
  std::vector<std::uint32_t> next;          ///< stage indices, kExit or kJoin
  std::vector<double> next_cumulative;
  simcore::Stream draws;          ///< parent of every duration draw at this stage
  simcore::Stream routes;         ///< parent of every routing draw
  simcore::Stream failures;       ///< parent of every test-outcome draw
  std::uint32_t trace_queued = 0; ///< launch stages: ready to ship
  std::uint32_t trace_active = 0;
  std::uint32_t trace_transport = 0; ///< launch stages
  std::uint32_t trace_integration = 0;
  std::uint32_t trace_pad = 0;
  std::uint32_t trace_scrub = 0;
  std::uint32_t trace_disrupted = 0;    ///< launch stages of a scenario with launcher outages
  std::uint32_t trace_coordinating = 0; ///< station stages with periodic coordination
  std::uint32_t trace_down = 0;         ///< station stages whose station breaks down
  std::uint32_t trace_parts = 0;        ///< stages that need long-lead parts
};

class StageTable {
public:
  /// Resolves the scenario's stages; registers their trace states in `trace`. Throws
  /// std::invalid_argument on a reference to something that does not exist (configs/ validates first).
  StageTable(const Scenario& scenario, const simcore::RandomStreams& streams, simcore::TraceRecorder& trace);

  const Stage& operator[](std::uint32_t i) const { return stages_[i]; }
  std::size_t size() const { return stages_.size(); }
  /// Names of the stages with a failure probability (tests), in process order: Stage::test indexes it.
  const std::vector<std::string>& test_names() const { return test_names_; }
  /// Index of the stage called `name` (kExit for "exit"); throws std::invalid_argument if there is none.
  std::uint32_t index(const std::string& name) const;

private:
  Stage resolve(const StageSpec& spec, std::uint32_t default_next, const Scenario& sc,
                const simcore::RandomStreams& streams, simcore::TraceRecorder& trace);

  std::vector<std::string> names_; // every stage, branches included, in index order
  std::vector<Stage> stages_;
  std::vector<std::string> test_names_;
};

/// Index of the element of `v` called `name`; throws std::invalid_argument naming `what` otherwise.
template <class T> std::uint32_t index_of(const std::vector<T>& v, const std::string& name, const char* what) {
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v[i].name == name)
      return static_cast<std::uint32_t>(i);
  throw std::invalid_argument(std::string("unknown ") + what + " '" + name + "'");
}

} // namespace satflow::models
