// The observations file read against a scenario: dates relative to its epoch, items resolved to their
// source and index, and every kind of bad input reported at its line and column.
#include "configs/observations_file.hpp"

#include "configs/scenario_loader.hpp"
#include "simcore/units.hpp"
#include "test/tools/process_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace satflow::configs {
namespace {

using ::testing::HasSubstr;

using simcore::kDay;

models::Scenario two_programmes() {
  models::Scenario sc;
  sc.epoch = "2020-01-01";
  models::ArrivalSpec poisson;
  poisson.name = "background";
  models::ArrivalSpec a;
  a.name = "programmes";
  a.kind = models::ArrivalKind::scheduled;
  a.times_s = {0, 0};
  a.item_names = {"Alpha-1", "Beta-2"};
  sc.arrivals = {poisson, a};
  return sc;
}

std::pair<std::string, ObservationsLoad> load_text(const std::string& name, const std::string& text,
                                                   const models::Scenario& sc = two_programmes()) {
  const auto file = test::write_file(test::fresh_dir("observations") / name, text);
  return {file.string(), load_observations_file(file, sc)};
}

TEST(ObservationsFile, ReadsDatesBoundsAndSourcesAgainstTheEpoch) {
  const auto [file, r] = load_text("good.yaml", R"(observations:
  - {item: Beta-2, milestone: ready, date: 2020-01-31, sd: 2w, source: "row 3"}
  - {item: Alpha-1, milestone: launched, not_before: 2021-01-01}
  - {item: Alpha-1, milestone: ready, not_after: 18mo, sd: 1d}
)");
  ASSERT_TRUE(r.observations) << r.diagnostics.format();
  const auto& o = *r.observations;
  ASSERT_EQ(o.size(), 3u);
  EXPECT_EQ(o[0].item, "Beta-2");
  EXPECT_EQ(o[0].source, 1u);
  EXPECT_EQ(o[0].index, 1u);
  EXPECT_EQ(o[0].milestone, models::Milestone::ready);
  EXPECT_EQ(o[0].date_s, 30 * kDay);
  EXPECT_EQ(o[0].sd_s, 14 * kDay);
  EXPECT_EQ(o[0].source_text, "row 3");
  EXPECT_FALSE(o[0].censored());
  EXPECT_TRUE(o[1].censored());
  EXPECT_EQ(o[1].index, 0u);
  EXPECT_EQ(o[1].not_before_s, 366 * kDay); // 2020 is a leap year
  EXPECT_FALSE(o[1].not_after_s);
  EXPECT_EQ(o[2].not_after_s, 540 * kDay);
  EXPECT_EQ(o[2].sd_s, kDay);
}

TEST(ObservationsFile, ReportsEveryProblemAtItsLineAndColumn) {
  const auto [file, r] = load_text("bad.yaml", R"(observations:
  - {item: Alpha1, milestone: ready, date: 2020-02-01, sd: 1d}
  - {item: Beta-2, milestone: shipped, date: 2020-02-01, sd: 1d}
  - {item: Beta-2, milestone: ready, date: 2019-12-31, sd: 1d}
  - {item: Beta-2, milestone: launched, date: 2020-03-01}
  - {item: Beta-2, milestone: exit, date: 2020-03-01, sd: 1d, not_before: 2020-01-01}
  - {item: Alpha-1, milestone: exit, date: 2020-03-01, sd: 3 days}
  - {item: Alpha-1, milestone: launched}
  - {item: Alpha-1, milestone: ready, not_before: 1y, not_after: 6mo}
  - {item: Beta-2, milestone: ready, date: 1y, sd: 1d}
  - {item: Beta-2, milestone: ready, not_after: 2y}
)");
  EXPECT_FALSE(r.observations);
  const std::string all = r.diagnostics.format();
  for (const std::string& expected :
       {file + ":2:12: observations.0.item: unknown item 'Alpha1'; did you mean 'Alpha-1'?",
        file + ":3:31: observations.1.milestone: unknown milestone 'shipped'",
        std::string("(the model keeps no shipment date: a shipment is an upper bound on ready, not_after)"),
        file + ":4:44: observations.2.date: expected a date on or after the epoch, got 2019-12-31",
        file + ":5:5: observations.3.sd: missing required key",
        file + ":6:75: observations.4.not_before: expected either a date (with sd) or a censoring bound",
        file + ":7:60: observations.5.sd: expected a duration",
        file + ":8:5: observations.6: expected a date (with sd) or a censoring bound (not_before, not_after)",
        file + ":9:66: observations.7.not_after: expected not_after on or after not_before",
        file + ":11:31: observations.9.milestone: a second observation of Beta-2 ready"})
    EXPECT_NE(all.find(expected), std::string::npos) << "missing: " << expected << "\n" << all;
  EXPECT_EQ(r.diagnostics.size(), 9u) << all;
}

TEST(ObservationsFile, NeedsTheScenariosEpochAndAList) {
  models::Scenario no_epoch = two_programmes();
  no_epoch.epoch.clear();
  const auto [file, r] =
      load_text("e.yaml", "observations: [{item: Alpha-1, milestone: ready, date: 1y, sd: 1d}]\n", no_epoch);
  EXPECT_FALSE(r.observations);
  EXPECT_THAT(r.diagnostics.format(), HasSubstr("the scenario has no 'epoch'"));
  const auto [file2, r2] = load_text("l.yaml", "observations: []\nnotes: x\n");
  EXPECT_FALSE(r2.observations);
  const std::string all = r2.diagnostics.format();
  EXPECT_THAT(all, HasSubstr("unknown key 'notes'"));
}

// The shipped record: every programme of the hindcast observed at launch (a date, or censored when it
// had not flown by 2026), and at AIT complete (or a shipment bounding it) wherever the record has it,
// each citing its row of HISTORY-DATA ("HD").
TEST(ObservationsFile, TheShippedRecordObservesEveryProgrammeOfTheHindcast) {
  const std::filesystem::path dir = std::filesystem::path(SATFLOW_SOURCE_DIR) / "configs/hindcast";
  const auto scenario = load_scenario_file(dir / "korea-1994-2025.yaml");
  ASSERT_TRUE(scenario.scenario) << scenario.diagnostics.format();
  const auto r = load_observations_file(dir / "record.yaml", *scenario.scenario);
  ASSERT_TRUE(r.observations) << r.diagnostics.format();
  ASSERT_EQ(r.observations->size(), 59u);
  for (const auto& a : scenario.scenario->arrivals)
    for (const auto& name : a.item_names)
      EXPECT_EQ(std::count_if(r.observations->begin(), r.observations->end(),
                              [&](const models::Observation& o) {
                                return o.item == name && o.milestone == models::Milestone::launched;
                              }),
                1)
          << name;
  for (const auto& o : *r.observations)
    EXPECT_EQ(o.source_text.rfind("HD ", 0), 0u) << o.source_text;
  // KOMPSAT-1 flew on 21 Dec 1999: 2180 days after the epoch, 1 Jan 1994.
  EXPECT_EQ(r.observations->at(1).item, "KOMPSAT-1");
  EXPECT_EQ(r.observations->at(1).date_s, 2180 * kDay);
  EXPECT_EQ(r.observations->at(1).sd_s, kDay);
}

} // namespace
} // namespace satflow::configs
