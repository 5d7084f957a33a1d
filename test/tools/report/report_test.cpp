// The writers of tools/report on hand-made results (no simulation needed).
#include "tools/report/report.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <sstream>

namespace satflow::tools {
namespace {

using ::testing::HasSubstr;

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
  r.time_to_ready_by_class.resize(1);
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
  r.time_to_ready_by_class.resize(1);
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
            "source,index,name,class,arrival_s,arrival_date,exit_s,exit_date,time_in_system_s,ready_s,ready_date,"
            "launched_s,launched_date,flight,working_s,queueing_s,coordination_s,transport_s,launch_wait_s,scrub_s,"
            "delay_s,downtime_s,launcher_disruption_s,parts_s\n"
            // No epoch: no dates.
            "manifest,0,NEONSAT-2,microsat,0.5,,10.5,,10,,,,,,5,5,0,0,0,0,0,0,0,0\n"
            "manifest,2,NEONSAT-4,microsat,1,,,,,,,,,,1,2,3,0,0,0,0.25,0,0,0\n");
}

TEST(Report, ItemsCsvDatesEachEventThatHappenedFromTheEpoch) {
  models::Results r = sample_results();
  r.first_year = 2024;
  r.epoch_days = 19783; // 2024-03-01, the day after a leap day
  r.items[0] = {0, 0, 0, 0.5, 3 * 86400.0 - 1, 86400.0 * 2, -1, -1, {5, 5, 0, 0, 0, 0, 0}};
  r.items[1].arrival_s = -86400; // the day before the epoch
  std::ostringstream out;
  write_items_csv(r, out);
  const std::string csv = out.str();
  // Exit one second before the end of 2024-03-03 is on that day; never launched: no launch date.
  EXPECT_THAT(
      csv,
      HasSubstr("\nmanifest,0,NEONSAT-2,microsat,0.5,2024-03-01,259199,2024-03-03,259198.5,172800,2024-03-03,,,,"));
  EXPECT_THAT(csv, HasSubstr("\nmanifest,2,NEONSAT-4,microsat,-86400,2024-02-29,,,,,,,,,"));
}

TEST(Report, ItemsCsvQuotesNamesThatHoldACommaOrAQuote) {
  models::Results r = sample_results();
  r.source_names = {"c,1"};
  r.item_names = {{"\"Arirang\" 7", "NEONSAT-3", "NEONSAT-4"}};
  std::ostringstream out;
  write_items_csv(r, out);
  const std::string csv = out.str();
  EXPECT_THAT(csv, HasSubstr("\n\"c,1\",0,\"\"\"Arirang\"\" 7\",microsat,0.5,"));
  EXPECT_THAT(csv, HasSubstr("\n\"c,1\",2,NEONSAT-4,microsat,1,"));
}

/// sample_results() with a foreign star tracker: NEONSAT-2's came late and held, NEONSAT-4 still waits.
models::Results with_parts() {
  models::Results r = sample_results();
  r.parts.push_back({"star_tracker", "sodern", "France", "avionics", 2, 1, 1, 6, 2, 2, 2.5});
  r.suppliers.push_back({"sodern", "France", 1, 2, 1, 1, 0.5, 2.5});
  r.part_orders.push_back({0, 0, 0.5, 3, true, 3, 6.5, 4});
  r.part_orders.push_back({1, 0, 1, 1.5, false, -1, -1, 98});
  return r;
}

TEST(Report, PartsCsvHasOneRowPerOrderWithItsDatesAndWait) {
  std::ostringstream out;
  write_parts_csv(with_parts(), out);
  EXPECT_EQ(out.str(), "source,index,name,class,part,supplier,country,stage,ordered_s,licence_granted_s,licence_held,"
                       "production_start_s,delivered_s,needed_s,wait_s\n"
                       "manifest,0,NEONSAT-2,microsat,star_tracker,sodern,France,avionics,0.5,3,1,3,6.5,4,2.5\n"
                       // Not delivered by the end (100 s): its wait so far.
                       "manifest,2,NEONSAT-4,microsat,star_tracker,sodern,France,avionics,1,1.5,0,,,98,2\n");
}

TEST(Report, TableAndJsonListThePartsAndTheirSuppliers) {
  std::ostringstream out;
  write_table(with_parts(), out);
  // Columns as wide as their widest cell; names left-aligned, numbers right-aligned under their header.
  EXPECT_THAT(out.str(),
              HasSubstr("parts           supplier  country  needed at  orders  delivered  holds  order to in  late"
                        "  mean wait\n"
                        "  star_tracker  sodern    France   avionics        2          1      1           6s  2/2 "
                        "       2.5s\n"));
  EXPECT_THAT(out.str(), HasSubstr("suppliers  country  capacity  orders  delivered  holds  mean queue  mean wait\n"
                                   "  sodern   France          1       2          1      1        0.5s       2.5s\n"));
  std::ostringstream plain;
  write_table(sample_results(), plain);
  EXPECT_EQ(plain.str().find("suppliers"), std::string::npos); // no parts, no tables
  const auto j = results_json(with_parts());
  EXPECT_EQ(j["parts"][0]["late"], 2);
  EXPECT_EQ(j["parts"][0]["licence_holds"], 1);
  EXPECT_EQ(j["parts"][0]["mean_wait_s"], 2.5);
  EXPECT_EQ(j["suppliers"][0]["capacity"], 1);
  EXPECT_EQ(j["suppliers"][0]["mean_queue_s"], 0.5);
}

TEST(Report, TableShowsTheHeadlines) {
  std::ostringstream out;
  write_table(sample_results(), out);
  const std::string t = out.str();
  EXPECT_THAT(t, HasSubstr("3 items arrived, 2 completed, 1 still in progress"));
  EXPECT_THAT(t, HasSubstr("working 50.0%"));
  EXPECT_NE(t.find("tvac"), std::string::npos);
  EXPECT_EQ(t.find(" \n"), std::string::npos); // no trailing blanks
}

} // namespace
} // namespace satflow::tools
