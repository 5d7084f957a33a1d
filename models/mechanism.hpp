// The one interface of the pipeline's pluggable mechanisms (supply chain, programme pace, heritage,
// relocations): what a mechanism does when an item arrives, enters, begins or leaves a stage, how it
// scales the durations and failure probabilities the stages draw, and what it reports at the end.
// Pipeline keeps a list of them and calls each in its order at every such moment, so a new mechanism
// is a class of its own and one line in the pipeline, not a new branch of the flow. Every method has
// a default that does nothing, so a mechanism overrides only the moments it acts on.
//
// The flow itself (work at stations, exchanges, fork/join, launches) dispatches on the kind of stage
// and stays in the pipeline with its named hooks: those are not optional.
#pragma once

#include "models/results.hpp"

#include <cstdint>

namespace satflow::models {

class ResultsCollector;

class Mechanism {
public:
  virtual ~Mechanism() = default;

  /// Before the run: schedules what the mechanism does on dates of its own.
  virtual void start() {}
  /// An item arrived (its record, key and class set) and is about to enter its first stage.
  virtual void arrived(std::uint32_t /*job*/) {}
  /// The job entered its current stage. Returning false holds it there: the mechanism then owns the
  /// job until it calls the pipeline's `begin` for it (see SupplyChain::Hooks::arrived).
  virtual bool admit(std::uint32_t /*job*/) { return true; }
  /// The job begins the work of its current stage (after every mechanism admitted it).
  virtual void began(std::uint32_t /*job*/) {}
  /// The job is done with its current stage (before its test outcome and route are drawn).
  virtual void left(std::uint32_t /*job*/) {}
  /// Multiplies the duration the job draws at its current stage (station and delay stages). Default: 1
  virtual double duration_factor(std::uint32_t /*job*/) const { return 1; }
  /// Multiplies the failure probability of the job's current (test) stage. Default: 1
  virtual double failure_factor(std::uint32_t /*job*/) const { return 1; }
  /// At the end of the run, before the collector finishes: hands the collector the facts of its own
  /// events (models emit; the collector makes every statistic of them).
  virtual void report(ResultsCollector& /*collector*/) const {}
};

} // namespace satflow::models
