#include "tools/report/launch_years.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace satflow::tools {
namespace {

using ::testing::HasSubstr;

std::vector<LaunchYears> two_replications() {
  // Two replications of two years and two classes: 1+3 and 3+1 launches of "leo" in 2030 and 2031.
  return {{2030, {"leo", "geo"}, {{1, 0}, {3, 1}}}, {2030, {"leo", "geo"}, {{3, 0}, {1, 1}}}};
}

TEST(LaunchYears, ARecordRoundTripsThroughJson) {
  models::Results r;
  r.first_year = 2030;
  r.class_names = {"leo", "geo"};
  r.launched_by_year = {{1, 0}, {3, 1}};
  const auto back = launch_years(nlohmann::json::parse(launch_years_record(r).dump()));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->first_year, 2030);
  EXPECT_EQ(back->classes, r.class_names);
  EXPECT_EQ(back->launched, (std::vector<std::vector<double>>{{1, 0}, {3, 1}}));
  EXPECT_FALSE(launch_years(nlohmann::json::object()));
  EXPECT_FALSE(launch_years(nlohmann::json{{"launched", {{"x"}}}}));
}

TEST(LaunchYears, TextHasThePerYearMeanAndTheCumulativeBand) {
  std::ostringstream out;
  write_launch_years(two_replications(), 0.05, out);
  const std::string text = out.str();
  // 2030: leo 1 and 3, mean 2 with t(0.975, 1) = 12.71 times sd/sqrt(2) = 1: [0 (clipped), 14.71].
  EXPECT_THAT(text, HasSubstr("  2030  2 [0, 14.71]"));
  // By the end of 2031 both replications launched 4 leo: no band.
  EXPECT_THAT(text, HasSubstr("  2031         4 [4, 4]"));
  EXPECT_THAT(text, HasSubstr("  2030         2 [1, 3]"));
}

TEST(LaunchYears, TheJsonRowsHaveEachYearAndClassWithItsIntervalAndCumulativeBand) {
  const auto rows = launch_year_rows(two_replications(), 0.05);
  const auto j = section_json(std::span<const LaunchYearRow>(rows), launch_year_fields());
  ASSERT_EQ(j.size(), 4u); // 2 years x 2 classes, year-major
  EXPECT_EQ(j[0]["year"], 2030);
  EXPECT_EQ(j[0]["class"], "leo");
  EXPECT_EQ(j[0]["replications"], 2);
  EXPECT_DOUBLE_EQ(j[0]["mean"].get<double>(), 2);
  // t(0.975, 1) = 12.7062 times sd/sqrt(2) = 1, unclipped: the t interval, as for any KPI.
  EXPECT_NEAR(j[0]["lower"].get<double>(), 2 - 12.7062, 1e-4);
  EXPECT_NEAR(j[0]["upper"].get<double>(), 2 + 12.7062, 1e-4);
  EXPECT_DOUBLE_EQ(j[0]["cumulative_lowest"].get<double>(), 1);
  EXPECT_DOUBLE_EQ(j[0]["cumulative_highest"].get<double>(), 3);
  EXPECT_EQ(j[1]["class"], "geo");
  EXPECT_DOUBLE_EQ(j[1]["upper"].get<double>(), 0); // no spread: a zero-width interval
  EXPECT_EQ(j[3]["year"], 2031);
  EXPECT_DOUBLE_EQ(j[3]["cumulative_mean"].get<double>(), 1);
  EXPECT_DOUBLE_EQ(j[2]["cumulative_mean"].get<double>(), 4);
  // One replication: a mean without an interval, null bounds.
  const auto one = launch_year_rows({two_replications().front()}, 0.05);
  const auto k = section_json(std::span<const LaunchYearRow>(one), launch_year_fields());
  EXPECT_TRUE(k[0]["lower"].is_null());
  EXPECT_TRUE(k[0]["upper"].is_null());
}

TEST(LaunchYears, NoLaunchesWriteNothingAndDrawNoChart) {
  std::vector<LaunchYears> none{{2030, {"leo"}, {{0}}}, {2030, {"leo"}, {{0}}}};
  std::ostringstream out;
  write_launch_years(none, 0.05, out);
  EXPECT_EQ(out.str(), "");
  EXPECT_FALSE(launched_by_date_chart(none));
  EXPECT_TRUE(launch_year_rows(none, 0.05).empty());
}

TEST(LaunchYears, TheChartDrawsTheMeanAndTheBandAtEachYearsEnd) {
  const auto c = launched_by_date_chart(two_replications());
  ASSERT_TRUE(c);
  ASSERT_EQ(c->rows.size(), 4u);
  EXPECT_EQ(c->rows[0], (std::vector<std::string>{"2030", "leo", "2", "1", "3"}));
  EXPECT_EQ(c->rows[2], (std::vector<std::string>{"2031", "leo", "4", "4", "4"}));
  EXPECT_EQ(c->spec["data"]["values"][0]["end"], "2031-01-01");
  EXPECT_EQ(c->spec["layer"][0]["encoding"]["y2"]["field"], "high");
}

// A `launched` target is a diamond at (its date, its count) named with how often it was met; a date
// counts to the end of its day, so "by 2031-06-30" sits at the next midnight. The p90 form has no date
// and no mark. Epoch 2030-01-01 is day 21915 since 1970-01-01.
TEST(LaunchYears, TheChartMarksEachLaunchedTargetWithHowOftenItWasMet) {
  auto reps = two_replications();
  const double by_s = 546 * 86400.0; // 2030-01-01 + 546 days: midnight ending 2031-06-30
  for (std::size_t r = 0; r < reps.size(); ++r) {
    reps[r].epoch_days = 21915;
    reps[r].targets = {
        {"leo-four", models::TargetSpec::Form::launched_at_least, 4, by_s, 4, r == 0},
        {"quick", models::TargetSpec::Form::lead_time_p90_at_most, 86400, -1, 0, true},
    };
  }
  const auto c = launched_by_date_chart(reps);
  ASSERT_TRUE(c);
  ASSERT_EQ(c->spec["layer"].size(), 3u);
  const auto& marks = c->spec["layer"][2]["data"]["values"];
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0]["end"], "2031-07-01");
  EXPECT_EQ(marks[0]["bound"], 4);
  EXPECT_EQ(marks[0]["label"], "leo-four: 4 by 2031-06-30, met in 1 of 2");
  EXPECT_EQ(marks[0]["outcome"], "met in some");
  EXPECT_NE(c->caption.find("Each diamond is a target"), std::string::npos);
  // One replication (a run's page): met or not; the round trip through a child's record keeps them.
  models::Results r;
  r.first_year = 2030;
  r.epoch_days = 21915;
  r.class_names = {"leo", "geo"};
  r.launched_by_year = {{1, 0}, {3, 1}};
  r.targets = {reps[0].targets[0]};
  const auto back = launch_years(nlohmann::json::parse(launch_years_record(r).dump()));
  ASSERT_TRUE(back);
  const auto one = launched_by_date_chart({*back});
  ASSERT_TRUE(one);
  EXPECT_EQ(one->spec["layer"][2]["data"]["values"][0]["label"], "leo-four: 4 by 2031-06-30, met");
  EXPECT_EQ(one->spec["layer"][2]["data"]["values"][0]["outcome"], "met");
  // Without targets, no layer and no key in the record (children of other scenarios send what they did).
  EXPECT_EQ(launched_by_date_chart(two_replications())->spec["layer"].size(), 2u);
  r.targets.clear();
  EXPECT_FALSE(launch_years_record(r).contains("targets"));
}

} // namespace
} // namespace satflow::tools
