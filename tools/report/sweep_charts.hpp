// The charts of a sweep's HTML page (`satflow results DB --html FILE`), from each point's KPI values:
// one parameter: each headline KPI against it with its 95% band; a two-parameter grid: a heatmap per
// headline KPI (the interval's half-width in the tooltip); one-at-a-time: a tornado of the primary
// KPI with the interval of each swing; Morris: mu* against sigma with the sigma/mu* = 1, 0.5 and 0.1 lines; full
// grids: the main effects per headline KPI, and Sobol designs their S1 and ST (sensitivity_charts.hpp); any other
// design: each point's mean and interval. Plain values in, as for compare_charts.hpp.
#pragma once

#include "tools/report/compare_charts.hpp"
#include "tools/report/html_report.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace satflow::tools {

/// What a sweep is, as its plan and database say: shared by the analysis's table and the page's data.
struct SweepHeader {
  std::string name;
  std::string layout; ///< the layout the sweep applies (empty: the scenario's own)
  std::uint64_t seed = 0;
  std::string design;           ///< "grid", "one_at_a_time", "morris", ...
  std::size_t replications = 0; ///< per point, as planned
  std::size_t failed_runs = 0;
  std::vector<std::string> parameters; ///< override paths, in plan order
};

struct SweepData : SweepHeader {
  struct Point {
    std::string id;
    std::vector<std::string> values;      ///< per parameter, as the override wrote it ("0.4d", "3")
    std::vector<std::vector<double>> kpi; ///< [kpi][replication], done runs only
  };
  std::vector<Point> points; ///< in plan order; the first is the base of one-at-a-time
  std::vector<ComparisonData::Kpi> kpis;
  struct Morris {
    std::string parameter;
    double mu_star_s = 0; ///< mean |elementary effect| on the mean lead time, seconds per unit of range
    double sigma_s = 0;
    std::size_t effects = 0;
  };
  std::vector<Morris> morris; ///< empty unless the design is Morris
  /// One-at-a-time: per headline KPI (as in `kpis`), per parameter, widest swing first, the lowest and
  /// highest mean of the KPI when it alone moves from the base, the parameter's value at each end, and
  /// the interval of the paired difference highest - lowest.
  struct TornadoBar {
    std::string parameter;
    double low = 0, high = 0;
    std::string low_value, high_value;           ///< the parameter's value at each end ("0.1d", "4")
    double swing_lower = NAN, swing_upper = NAN; ///< NaN without an interval (one replication)
  };
  std::vector<std::vector<TornadoBar>> tornado;
  /// Full grids: per headline KPI (as in `kpis`), per parameter and level in plan order, the level's
  /// main effect (level mean - grand mean) with its interval over replications (sweep_analysis.hpp).
  struct MainEffect {
    std::string parameter, level;
    double mean = 0;
    double lower = NAN, upper = NAN; ///< NaN without an interval (one replication)
  };
  std::vector<std::vector<MainEffect>> main_effects;
  /// Sobol designs: per headline KPI (as in `kpis`), per parameter, S1 and ST with their bootstrap
  /// intervals; NaN where the KPI does not vary.
  struct SobolBar {
    std::string parameter;
    double s1 = NAN, s1_lower = NAN, s1_upper = NAN;
    double st = NAN, st_lower = NAN, st_upper = NAN;
  };
  std::vector<std::vector<SobolBar>> sobol;
  std::vector<std::string> remarks; ///< information said above the charts (a KPI too still for its indices)
  /// Grid and one-at-a-time: the reference point and why it is the reference ("step 0.4d, capacity 2:
  /// the base point: every parameter at the scenario's own value"); empty for sampled designs.
  std::string reference;
};

HtmlPage sweep_page(const SweepData& data, const std::string& version, const std::string& date);

/// Short labels of parameters for charts: the fewest last components of each path that no other
/// parameter shares ("design_team.capacity" beside "tvac.capacity", "step" alone). Points are named by
/// their parameters' values with these, never by their ids (machine outputs keep those).
std::vector<std::string> parameter_labels(const std::vector<std::string>& paths);
/// A point as a person names it: "step 0.1d, capacity 4" (labels from parameter_labels).
std::string point_label(const std::vector<std::string>& labels, const std::vector<std::string>& values);

} // namespace satflow::tools
