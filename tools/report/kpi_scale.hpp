// How a KPI is drawn, for every chart builder that draws KPIs (comparisons, sweeps): durations in the
// unit the text output would use, shares as percentages, other numbers with four digits.
#pragma once

#include "tools/report/chart_units.hpp"
#include "tools/report/compare_charts.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>

namespace satflow::tools {

struct KpiScale {
  const ComparisonData::Kpi& kpi;
  DurationUnit unit;

  /// A fraction in [0,1].
  bool share() const { return kpi.is_share(); }
  /// A value as drawn: durations in `unit`, anything else as it is.
  double value(double v) const { return kpi.is_duration() ? v / unit.seconds : v; }
  /// A value as text ("-" for NaN); durations signed ("-3.2w"), as differences may be negative.
  std::string text(double v) const;
  /// "WHAT (unit)" for durations, "WHAT" otherwise; WHAT defaults to the KPI's label.
  std::string title(const std::string& what) const;
  std::string title() const { return title(kpi.label); }
  /// A Vega-Lite axis titled title(what), with percentages for shares.
  nlohmann::ordered_json axis(const std::string& what) const;

  // Differences (main effects, swings, paired differences): a difference of two shares is in percentage
  // points, drawn as such (-4 on an axis titled "(percentage points)"), never as a percentage.
  /// A difference as drawn: shares in percentage points, durations in `unit`.
  double difference_value(double v) const { return share() ? 100 * v : value(v); }
  /// A difference and its interval as two texts in one unit ("+10.1mo", "[+7.49mo, +12.5mo]"), for a
  /// table's two columns; the interval "-" without finite ends. `scale` as for readable_difference.
  std::pair<std::string, std::string> difference_parts(double mean, double lower, double upper, double scale = 0) const;
  /// An axis titled "WHAT (percentage points)" for shares, title(what) otherwise.
  nlohmann::ordered_json difference_axis(const std::string& what) const;
};

} // namespace satflow::tools
