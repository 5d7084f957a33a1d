// The record check's verdicts: a bound is kept as a date is inside, when the predictive 5-95% range
// meets the record's side of it, not only when the median does.
#include "tools/experiments/record_check.hpp"

#include "simcore/units.hpp"

#include <gtest/gtest.h>

namespace satflow::tools {
namespace {

using simcore::kDay;

/// 20 runs: two on days 5 and 6, the others on days 12 to 29; every run ends on day 100. The same
/// date for each of `observations` observations of the milestone.
std::vector<ObservedRun> runs(std::size_t observations) {
  std::vector<double> days{5, 6};
  for (int day = 12; day < 30; ++day)
    days.push_back(day);
  std::vector<ObservedRun> out;
  for (double day : days)
    out.push_back({100 * kDay, std::vector<std::optional<double>>(observations, day * kDay)});
  return out;
}

models::Observation bound(std::optional<double> not_before_day, std::optional<double> not_after_day) {
  models::Observation o;
  o.item = "SAT-1";
  if (not_before_day)
    o.not_before_s = *not_before_day * kDay;
  if (not_after_day)
    o.not_after_s = *not_after_day * kDay;
  return o;
}

TEST(RecordCheck, ABoundIsKeptWhenTheFiveToNinetyFivePercentRangeMeetsItsSide) {
  // Type 7 quantiles of the 20 dates: 5% at day 5.95, median 19.5, 95% at day 28.05.
  const auto checks =
      check_observations({bound({}, 10.0), bound({}, 5.0), bound(28.0, {}), bound(29.0, {}), bound(7.0, 8.0)}, runs(5));
  ASSERT_EQ(checks.size(), 5u);
  EXPECT_NEAR(checks[0].p05_s, 5.95 * kDay, 1e-6);
  EXPECT_NEAR(checks[0].p50_s, 19.5 * kDay, 1e-6);
  EXPECT_NEAR(checks[0].p95_s, 28.05 * kDay, 1e-6);
  EXPECT_TRUE(checks[0].inside) << "done by day 10: the median breaks it, the 5% keeps it";
  EXPECT_EQ(checks[0].violations, 18u);
  EXPECT_FALSE(checks[1].inside) << "done by day 5: before the 5%";
  EXPECT_TRUE(checks[2].inside) << "not before day 28: the 95% is after it";
  EXPECT_FALSE(checks[3].inside) << "not before day 29: after the 95%";
  EXPECT_TRUE(checks[4].inside) << "between days 7 and 8: no run there, but the range holds it, as it would a date";
}

} // namespace
} // namespace satflow::tools
