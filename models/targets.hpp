// Roadmap targets of a scenario and whether a run meets them. A target is one of a small, closed set
// of forms on one item class, each a count or a percentile a planner states:
//   launched_at_least:    at least `bound` items of the class launched before the date `by_s` (a
//                          calendar date in a scenario counts to the end of its day);
//   lead_time_p90_at_most: the 90th percentile of the class's lead time (arrival to launch, launched
//                          items only) is at most `bound` seconds; no item launched: not met.
// The ResultsCollector feeds a TargetRecorder every launch; Results::targets holds the outcome per
// target in scenario order. Replications turn "met" (1 or 0) into a probability (the KPI target.NAME).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace satflow::models {

struct TargetSpec {
  enum class Form : std::uint8_t { launched_at_least, lead_time_p90_at_most };
  std::string name;
  std::uint32_t item_class = 0; ///< index into Scenario::classes
  Form form = Form::launched_at_least;
  double bound = 0; ///< items (launched_at_least) or seconds (lead_time_p90_at_most)
  double by_s = 0;  ///< launched_at_least: the date in simulated seconds; launches before it count
};

/// The forms' names as written in a scenario (`launched`, `lead_time_p90`), in Form order.
inline constexpr const char* kTargetFormNames[] = {"launched", "lead_time_p90"};

struct TargetResult {
  std::string name;
  TargetSpec::Form form = TargetSpec::Form::launched_at_least;
  double bound = 0; ///< TargetSpec::bound
  double by_s = -1; ///< TargetSpec::by_s; -1 for a form without a date
  double value = 0; ///< the count launched by the date, or the p90 lead time in seconds (NaN: none launched)
  bool met = false;
};

/// Records what the targets need from each launch and judges them at the end of a run.
class TargetRecorder {
public:
  /// REQUIRES: targets outlives this.
  explicit TargetRecorder(const std::vector<TargetSpec>& targets, std::size_t classes);
  /// An item of class `item_class` launched at launched_s after lead_s seconds in the pipeline.
  void launched(std::uint32_t item_class, double launched_s, double lead_s);
  /// Each target's value and whether it is met, in the scenario's order.
  std::vector<TargetResult> finish() const;

private:
  const std::vector<TargetSpec>& targets_;
  std::vector<std::vector<double>> launched_s_; // per class, kept only when some target needs it
  std::vector<std::vector<double>> lead_s_;
};

/// The p-quantile (0 < p <= 1) of xs by the nearest-rank rule (the smallest x with at least p of xs at
/// or below it); NaN when xs is empty.
double nearest_rank_quantile(std::vector<double> xs, double p);

} // namespace satflow::models
