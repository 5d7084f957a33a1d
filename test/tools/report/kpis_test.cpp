#include "tools/report/kpis.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace satflow::tools {
namespace {

const KpiDef& kpi_named(const std::string& name) {
  const auto& kpis = compare_kpis();
  return *std::find_if(kpis.begin(), kpis.end(), [&](const KpiDef& k) { return k.name == name; });
}

// Four replications, one of them spread far: mean 9.2%, sd 18.4%, t(3) 3.182, so the t interval is
// [-20.08%, 38.48%]. A share cannot be negative: its interval starts at 0.
const std::vector<double> kSpreadShares{0, 0, 0, 0.368};

TEST(KpiInterval, AShareIsClippedToZeroAndOneHundredPercent) {
  const auto ci = kpi_interval(kpi_named("coordination_share"), kSpreadShares, 0.05);
  ASSERT_TRUE(ci);
  EXPECT_DOUBLE_EQ(ci->mean, 0.092);
  EXPECT_NEAR(ci->half_width, 0.292785, 1e-6); // kept: the precision rule reads it
  EXPECT_EQ(ci->lower(), 0.0);
  EXPECT_NEAR(ci->upper(), 0.384785, 1e-6);
  EXPECT_EQ(readable_interval(Reading::share, ci->lower(), ci->upper()), "[0%, 38.5%]");

  const auto high = kpi_interval(kpi_named("coordination_share"), {1, 1, 1, 0.632}, 0.05);
  ASSERT_TRUE(high);
  EXPECT_EQ(high->upper(), 1.0);
  EXPECT_NEAR(high->lower(), 0.615215, 1e-6);
}

TEST(KpiInterval, OtherKindsAreNotClipped) {
  const auto ci = kpi_interval(kpi_named("lead_time_mean_s"), kSpreadShares, 0.05);
  ASSERT_TRUE(ci);
  EXPECT_NEAR(ci->lower(), -0.200785, 1e-6);
  EXPECT_NEAR(ci->upper(), 0.384785, 1e-6);
}

TEST(KpiInterval, AShareInsideItsBoundsKeepsItsTInterval) {
  const auto ci = kpi_interval(kpi_named("coordination_share"), {0.2, 0.3, 0.4}, 0.05);
  ASSERT_TRUE(ci);
  EXPECT_DOUBLE_EQ(ci->lower(), ci->mean - ci->half_width);
  EXPECT_DOUBLE_EQ(ci->upper(), ci->mean + ci->half_width);
}

TEST(KpiInterval, ATargetsProbabilityIsWilsons) {
  const auto ci = kpi_interval(target_kpi("t"), {1, 1, 1, 1}, 0.05);
  ASSERT_TRUE(ci);
  EXPECT_EQ(ci->mean, 1.0);
  EXPECT_NEAR(ci->lower(), 0.5101, 1e-4);
  EXPECT_EQ(ci->upper(), 1.0);
}

} // namespace
} // namespace satflow::tools
