// The charts of a calibration's HTML page (`satflow results calib.sqlite --html F`): each parameter's
// posterior marginal over its prior, the most correlated pair of parameters, the threshold and
// acceptance per generation, and per programme the record against its predictive 5-95% on a date
// axis, fitted and held-out observations apart. Plain values in: tools/experiments fills them from a
// calibration's summary, so this layer needs nothing of the algorithm.
#pragma once

#include "tools/report/html_report.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace satflow::tools {

struct CalibrationData {
  std::string name;
  std::string stop; ///< why it stopped (stop_reason_name)
  std::uint64_t seed = 0;
  std::size_t particles = 0;

  struct Parameter {
    std::string path;
    bool duration = false;           ///< values in seconds (else a plain number)
    double lower = 0, upper = 0;     ///< the range drawn: the prior's 0.5% to 99.5% quantiles
    std::vector<double> prior_share; ///< the prior's probability in each of equal bins over [lower, upper]
    double prior_p05 = 0, prior_p95 = 0;
    double median = 0, p05 = 0, p95 = 0; ///< weighted posterior quantiles
  };
  std::vector<Parameter> parameters;
  std::vector<std::vector<double>> particles_theta; ///< the posterior: [particle][parameter]
  std::vector<double> weights;                      ///< per particle, summing to 1
  std::vector<double> correlations;                 ///< d x d, row-major, weighted

  struct Generation {
    std::size_t generation = 0;
    double threshold = 0; ///< +infinity for generation 0 (everything accepted)
    double acceptance = 0;
    double ess = 0;
    std::size_t runs = 0;
  };
  std::vector<Generation> generations;

  struct Check {
    std::string item, milestone;
    std::string record;                           ///< as text: a date, or "not before ..." for a bound
    std::optional<double> record_ms;              ///< the dated record, or its bound: ms since 1970-01-01
    bool censored = false;                        ///< record_ms is a bound, not a date
    std::optional<double> p05_ms, p50_ms, p95_ms; ///< nothing: after the run's end, or no run
    bool inside = false;
    bool fitted = true; ///< false: held out of the fit
  };
  std::vector<Check> checks;
};

/// The page: header, a summary line, a marginal per parameter, the most correlated pair (two or more
/// parameters), the generations, and the records against their predictive intervals (when checked).
HtmlPage calibration_page(const CalibrationData& data, const std::string& version, const std::string& date);

} // namespace satflow::tools
