#include "models/observations.hpp"

#include <cassert>

namespace satflow::models {

std::optional<Milestone> milestone_by_name_or_null(std::string_view name) {
  for (std::size_t i = 0; i < kMilestoneNames.size(); ++i)
    if (name == kMilestoneNames[i])
      return static_cast<Milestone>(i);
  return std::nullopt;
}

std::optional<double> observed_date_s(const Results& results, const Observation& o) {
  // Items are kept in arrival order, not by source: a scan, once per observation and run.
  for (const ItemRecord& item : results.items) {
    if (item.source != o.source || item.index != o.index)
      continue;
    const double date = o.milestone == Milestone::ready      ? item.ready_s
                        : o.milestone == Milestone::launched ? item.launched_s
                                                             : item.exit_s;
    return date >= 0 ? std::optional(date) : std::nullopt; // -1: not reached
  }
  return std::nullopt; // not arrived by the end of the run
}

bool violates_bound(const Observation& o, std::optional<double> date_s, double end_s) {
  assert(o.censored());
  if (date_s) // happened at date_s
    return (o.not_before_s && *date_s < *o.not_before_s) || (o.not_after_s && *date_s > *o.not_after_s);
  return o.not_after_s && end_s >= *o.not_after_s; // after end_s
}

} // namespace satflow::models
