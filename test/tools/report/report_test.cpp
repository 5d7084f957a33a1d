// The writers of tools/report on hand-made results (no simulation needed).
#include "tools/report/report.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <sstream>

namespace satflow::tools {
namespace {

models::Results sample_results() {
  models::Results r;
  r.scenario = "hand";
  r.seed = 3;
  r.end_s = 100;
  r.arrived = 3;
  r.completed = 2;
  r.class_names = {"microsat"};
  r.time_in_system_by_class.resize(1);
  for (double t : {10.0, 30.0}) {
    r.time_in_system.add(t);
    r.time_in_system_by_class[0].add(t);
  }
  r.time_totals_s = {20, 10, 5, 0, 0, 0, 5};
  r.launched_by_class = {0};
  r.lead_time_by_class.resize(1);
  r.on_time_by_class = {0};
  r.due_by_class_s = {std::numeric_limits<double>::infinity()};
  r.source_names = {"manifest"};
  r.item_names = {{"NEONSAT-2", "NEONSAT-3", "NEONSAT-4"}};
  models::ItemRecord a{0, 0, 0, 0.5, 10.5, -1, -1, -1, {5, 5, 0, 0, 0, 0, 0}};
  models::ItemRecord b{0, 2, 0, 1, -1, -1, -1, -1, {1, 2, 3, 0, 0, 0, 0.25}};
  r.items = {a, b};
  r.stations.push_back({"tvac", "sacheon", 1, 0.75, 0.5, 2, 4, 3});
  return r;
}

TEST(Report, JsonHoldsTheKpisWithShares) {
  const auto j = results_json(sample_results());
  EXPECT_EQ(j["schema_version"], kResultsSchemaVersion);
  EXPECT_EQ(j["items"]["in_progress"], 1);
  EXPECT_DOUBLE_EQ(j["time_in_system_s"]["mean"].get<double>(), 20);
  EXPECT_DOUBLE_EQ(j["time_in_system_s"]["p50"].get<double>(), 20);
  EXPECT_DOUBLE_EQ(j["time_in_system_s"]["p90"].get<double>(), 28); // type 7: 10 + 0.9 * 20
  EXPECT_DOUBLE_EQ(j["time_share"]["working"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(j["time_share"]["coordination"].get<double>(), 0.125);
  EXPECT_EQ(j["stations"][0]["name"], "tvac");
  EXPECT_DOUBLE_EQ(j["stations"][0]["utilization"].get<double>(), 0.75);
}

TEST(Report, JsonWritesNullForStatisticsOfNothing) {
  models::Results r;
  r.class_names = {"item"};
  r.time_in_system_by_class.resize(1);
  r.launched_by_class = {0};
  r.lead_time_by_class.resize(1);
  r.on_time_by_class = {0};
  r.due_by_class_s = {std::numeric_limits<double>::infinity()};
  const auto j = results_json(r);
  EXPECT_TRUE(j["time_in_system_s"]["mean"].is_null());
  EXPECT_EQ(j["time_in_system_s"]["count"], 0);
}

TEST(Report, ItemsCsvHasOneRowPerItemWithNamesAndShortestNumbers) {
  std::ostringstream out;
  write_items_csv(sample_results(), out);
  EXPECT_EQ(out.str(),
            "source,index,name,class,arrival_s,exit_s,time_in_system_s,ready_s,launched_s,flight,working_s,"
            "queueing_s,coordination_s,transport_s,launch_wait_s,scrub_s,delay_s,downtime_s,launcher_disruption_s\n"
            "manifest,0,NEONSAT-2,microsat,0.5,10.5,10,,,,5,5,0,0,0,0,0,0,0\n"
            "manifest,2,NEONSAT-4,microsat,1,,,,,,1,2,3,0,0,0,0.25,0,0\n");
}

TEST(Report, TableShowsTheHeadlines) {
  std::ostringstream out;
  write_table(sample_results(), out);
  const std::string t = out.str();
  EXPECT_NE(t.find("3 items arrived, 2 completed, 1 still in progress"), std::string::npos) << t;
  EXPECT_NE(t.find("working 50.0%"), std::string::npos) << t;
  EXPECT_NE(t.find("tvac"), std::string::npos);
  EXPECT_EQ(t.find(" \n"), std::string::npos); // no trailing blanks
}

} // namespace
} // namespace satflow::tools
