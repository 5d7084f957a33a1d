// What `satflow results calib.sqlite` shows of a calibration: per generation the threshold,
// acceptance, ESS and runs; per parameter the posterior median and 90% interval beside the prior's and
// how much it narrowed; the posterior correlations; the posterior predictive check (fitted
// observations) and the held-out check, each observation's predictive 5/50/95% as dates beside the
// record. Text, JSON (`calibration`), CSV (one row per parameter and per checked observation) and the
// data of the HTML page.
#pragma once

#include "tools/experiments/calibration.hpp"
#include "tools/report/calibration_charts.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace satflow::tools {

struct ParameterSummary {
  std::string path;
  std::string unit;
  double median = 0, p05 = 0, p95 = 0; ///< weighted posterior quantiles, base unit
  double mean = 0, sd = 0;             ///< weighted posterior mean and standard deviation
  double prior_p05 = 0, prior_p95 = 0;
  double narrowed = 0; ///< 1 - posterior 90% width / prior 90% width
};

struct CalibrationSummary {
  CalibrationPlan plan;
  CalibrationState state;
  std::vector<ParameterSummary> parameters;
  std::vector<double> correlations;     ///< d x d, row-major, weighted
  std::vector<ObservationCheck> checks; ///< one per observation (plan.fitted says which check it belongs to)
};

/// The weighted q-quantile of values: the smallest value whose cumulative weight reaches q.
double weighted_quantile(std::vector<std::pair<double, double>> value_weight, double q);

CalibrationSummary summarise_calibration(const CalibrationPlan& plan, CalibrationState state);
/// Opens the database (read only), replays it and summarises. Throws BadDatabase.
CalibrationSummary read_calibration_summary(const std::string& db);

void write_calibration_text(const CalibrationSummary& summary, std::ostream& out);
/// {"calibration": {name, stop, generations, posterior, correlations, predictive, holdout}}.
nlohmann::ordered_json calibration_json(const CalibrationSummary& summary);
void write_calibration_csv(const CalibrationSummary& summary, std::ostream& out);
/// What the HTML page draws (calibration_charts.hpp): the posterior's particles, each prior's share in
/// 40 bins over its 0.5-99.5% range, the generations and the checks with their dates.
CalibrationData calibration_chart_data(const CalibrationSummary& summary);

} // namespace satflow::tools
