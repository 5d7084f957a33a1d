// Targets judged from a run's launches: counts before a date and the nearest-rank 90th percentile.
#include "models/targets.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace satflow::models {
namespace {

using Form = TargetSpec::Form;

TEST(Targets, CountLaunchesBeforeTheDateOfTheirClass) {
  const std::vector<TargetSpec> targets{{"ten", 0, Form::launched_at_least, 3, 100},
                                        {"other-class", 1, Form::launched_at_least, 1, 100}};
  TargetRecorder rec(targets, 2);
  for (double t : {10.0, 50.0, 99.0, 100.0, 150.0}) // the launch at 100 is not before the date
    rec.launched(0, t, 1);
  const auto out = rec.finish();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].value, 3);
  EXPECT_TRUE(out[0].met);
  EXPECT_EQ(out[0].by_s, 100);
  EXPECT_EQ(out[1].value, 0);
  EXPECT_FALSE(out[1].met);
}

TEST(Targets, LeadTimeP90IsTheNearestRankPercentile) {
  const std::vector<TargetSpec> targets{{"p90", 0, Form::lead_time_p90_at_most, 9, 0}};
  TargetRecorder rec(targets, 1);
  for (int k = 1; k <= 10; ++k)
    rec.launched(0, 0, k); // lead times 1..10: the 9th of 10 is the p90
  EXPECT_EQ(rec.finish()[0].value, 9);
  EXPECT_TRUE(rec.finish()[0].met);
  rec.launched(0, 0, 11); // 11 values: rank ceil(9.9) = 10
  EXPECT_EQ(rec.finish()[0].value, 10);
  EXPECT_FALSE(rec.finish()[0].met);
  EXPECT_EQ(rec.finish()[0].by_s, -1);
}

TEST(Targets, NoLaunchMeetsNoLeadTimeTarget) {
  const std::vector<TargetSpec> targets{{"p90", 0, Form::lead_time_p90_at_most, 1e9, 0}};
  const auto out = TargetRecorder(targets, 1).finish();
  EXPECT_TRUE(std::isnan(out[0].value));
  EXPECT_FALSE(out[0].met);
  EXPECT_TRUE(std::isnan(nearest_rank_quantile({}, 0.5)));
  EXPECT_EQ(nearest_rank_quantile({3, 1, 2}, 0.5), 2);
}

} // namespace
} // namespace satflow::models
