// The record of what happened to a scenario's programmes, as observations a run is checked against
// (`satflow run --observations`) and later fitted to (calibration): per named item, a milestone and
// either a date with its uncertainty or a censoring bound. Dates are seconds from the scenario's
// time 0, as everywhere in models/. Plain values: configs/observations_file.hpp reads them from YAML.
//
// Only the dates every run records per item (ItemRecord) can be observed. The model has no shipment
// date of its own (transport is a phase of the launch stage, kept only in the trace) and keeps no
// stage's entry or exit per item, so neither is a milestone: a shipment date in the record is an
// upper bound on `ready` (not_after).
#pragma once

#include "models/results.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace satflow::models {

enum class Milestone : std::uint8_t {
  ready,    ///< first reached a launch stage (ItemRecord::ready_s): the record's AIT complete or PSR
  launched, ///< flew (ItemRecord::launched_s)
  exit,     ///< left the pipeline (ItemRecord::exit_s)
};
inline constexpr std::array<const char*, 3> kMilestoneNames{"ready", "launched", "exit"};

/// The milestone called `name` (one of kMilestoneNames); nullopt for any other name.
std::optional<Milestone> milestone_by_name_or_null(std::string_view name);

struct Observation {
  std::string item;         ///< the scheduled item's name (ArrivalSpec::item_names)
  std::uint32_t source = 0; ///< index of its arrival source in Scenario::arrivals
  std::uint64_t index = 0;  ///< its index within that source
  Milestone milestone = Milestone::ready;
  /// The recorded date (seconds from time 0); unset for a censored observation, which has a bound.
  std::optional<double> date_s;
  double sd_s = 0; ///< the record's uncertainty, one standard deviation in seconds; > 0 with date_s, 0: none
  std::optional<double> not_before_s; ///< censored: the milestone had not happened before this date
  std::optional<double> not_after_s;  ///< censored: it had happened by this date
  std::string source_text;            ///< where the record comes from (free text)

  bool censored() const { return !date_s.has_value(); }
};

/// The observed milestone's date in a run, seconds from time 0; nullopt when the item did not reach it
/// before the run ended, or when the run kept no items (RunOptions::keep_items).
std::optional<double> observed_date_s(const Results& results, const Observation& o);

/// Whether a run's date for a censored observation breaks its bounds. nullopt: not reached before the
/// run ended at end_s, so it comes after end_s: that breaks a not_after bound only if end_s >= the
/// bound (else the run cannot tell, and does not count it). REQUIRES: o.censored().
bool violates_bound(const Observation& o, std::optional<double> date_s, double end_s);

} // namespace satflow::models
