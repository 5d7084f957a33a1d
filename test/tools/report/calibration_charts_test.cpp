// The calibration page's charts from hand-made data: the posterior's shares per bin, the pair of
// parameters with the largest correlation in size, generation 0 without a threshold, the checks as
// dates, and the summary's counts.
#include "tools/report/calibration_charts.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace satflow::tools {
namespace {

constexpr double kDay = 86400;
constexpr double kDayMs = kDay * 1000;
constexpr double k2020Ms = 18262 * kDayMs; // 2020-01-01

CalibrationData sample() {
  CalibrationData d;
  d.name = "sample";
  d.stop = "max_generations";
  d.seed = 4;
  d.particles = 4;
  // A duration on [0 d, 40 d] in four bins of 10 d, and two plain numbers.
  d.parameters = {
      {"a.delay", true, 0, 40 * kDay, {0.25, 0.25, 0.25, 0.25}, 2 * kDay, 38 * kDay, 15 * kDay, 5 * kDay, 25 * kDay},
      {"b.p", false, 0, 1, {0.5, 0.5}, 0.05, 0.95, 0.5, 0.1, 0.9},
      {"c.factor", false, 1, 3, {0.5, 0.5}, 1.1, 2.9, 2, 1.2, 2.8}};
  d.particles_theta = {{5 * kDay, 0.2, 1.5}, {15 * kDay, 0.4, 2}, {16 * kDay, 0.6, 2.5}, {45 * kDay, 0.8, 2.9}};
  d.weights = {0.1, 0.2, 0.3, 0.4};
  // a~b 0.3, a~c -0.9 (the largest in size), b~c 0.5.
  d.correlations = {1, 0.3, -0.9, 0.3, 1, 0.5, -0.9, 0.5, 1};
  d.generations = {{0, std::numeric_limits<double>::infinity(), 1, 4, 4}, {1, 12.5, 0.5, 3.5, 8}};
  d.checks = {{"Alpha", "ready", "2020-01-11", k2020Ms + 10 * kDayMs, false, k2020Ms + 5 * kDayMs, k2020Ms + 9 * kDayMs,
               k2020Ms + 20 * kDayMs, true, true},
              {"Beta", "launched", "not before 2020-03-01", k2020Ms + 60 * kDayMs, true, k2020Ms + 30 * kDayMs,
               k2020Ms + 40 * kDayMs, std::nullopt, false, false}};
  return d;
}

TEST(CalibrationCharts, APageOfAMarginalPerParameterThePairTheGenerationsAndTheChecks) {
  const HtmlPage page = calibration_page(sample(), "0.1.0", "2026-01-01");
  ASSERT_EQ(page.charts.size(), 6u);
  EXPECT_EQ(page.charts[0].title, "Posterior of a.delay over its prior");
  EXPECT_EQ(page.charts[3].title, "Most correlated pair: a.delay and c.factor");
  EXPECT_EQ(page.charts[4].title, "Threshold and acceptance per generation");
  EXPECT_EQ(page.charts[5].title, "Record against the predictive 5-95% per programme");
  ASSERT_EQ(page.summary.size(), 2u);
  EXPECT_EQ(page.summary[0], "Posterior predictive check: 1 of 1 records inside their predictive 5-95% (100.0%, "
                             "against the 90% it should be).");
  EXPECT_EQ(page.summary[1], "Held-out check: 0 of 1 records inside their predictive 5-95% (0%, against the 90% "
                             "it should be).");
}

TEST(CalibrationCharts, TheMarginalBinsThePosteriorsWeightsOverThePriorsRange) {
  const HtmlChart c = calibration_page(sample(), "0.1.0", "2026-01-01").charts[0];
  const auto& bars = c.spec["layer"][0]["data"]["values"];
  ASSERT_EQ(bars.size(), 4u);
  // 5 d in the first bin, 15 d and 16 d in the second, 45 d (beyond the range) in the last. Weeks: the
  // median (15 d) reads in weeks.
  const double shares[] = {0.1, 0.5, 0, 0.4};
  for (std::size_t b = 0; b < 4; ++b) {
    EXPECT_NEAR(bars[b]["share"].get<double>(), shares[b], 1e-12) << b;
    EXPECT_DOUBLE_EQ(bars[b]["lo"].get<double>(), 10.0 * static_cast<double>(b) / 7);
  }
  EXPECT_EQ(c.spec["layer"][1]["data"]["values"].size(), 4u);
  EXPECT_DOUBLE_EQ(c.spec["layer"][1]["data"]["values"][0]["x"].get<double>(), 5.0 / 7);
  ASSERT_EQ(c.rows.size(), 1u);
  EXPECT_EQ(c.rows[0][2], "2.14w");
}

TEST(CalibrationCharts, GenerationZeroHasNoThresholdAndTheChecksReadAsDates) {
  const HtmlPage page = calibration_page(sample(), "0.1.0", "2026-01-01");
  const auto& thresholds = page.charts[4].spec["layer"][0]["data"]["values"];
  ASSERT_EQ(thresholds.size(), 1u);
  EXPECT_EQ(thresholds[0]["generation"], 1);
  EXPECT_EQ(page.charts[4].rows[0], (std::vector<std::string>{"0", "-", "100.0%", "4", "4"}));
  const auto& checks = page.charts[5];
  ASSERT_EQ(checks.rows.size(), 2u);
  EXPECT_EQ(checks.rows[0], (std::vector<std::string>{"Alpha", "ready", "fitted", "2020-01-11", "2020-01-06",
                                                      "2020-01-10", "2020-01-21", "yes"}));
  EXPECT_EQ(checks.rows[1][2], "held out");
  EXPECT_EQ(checks.rows[1][6], "after end");
  EXPECT_EQ(checks.spec["data"]["values"][1]["mark"], "bound");
  EXPECT_TRUE(checks.spec["data"]["values"][1]["p95"].is_null());
}

TEST(CalibrationCharts, NoCompleteGenerationIsSaidNotDrawn) {
  CalibrationData d = sample();
  d.generations.clear();
  d.particles_theta.clear();
  d.weights.clear();
  d.checks.clear();
  const HtmlPage page = calibration_page(d, "0.1.0", "2026-01-01");
  EXPECT_TRUE(page.charts.empty());
  ASSERT_EQ(page.notes.size(), 1u);
}

} // namespace
} // namespace satflow::tools
