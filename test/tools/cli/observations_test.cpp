// `satflow run --replications N --observations FILE` end to end: a scenario whose dates are known
// exactly (test/data/observed.yaml, every duration fixed) against observations at known distances
// from them; the shipped hindcast against its record; and the bad observations files of
// test/data/bad-observations/, each with its `# expect:` lines, refused with exit status 2. Over input
// draws (--uncertain), the predictive range of test/data/uncertain/observed.yaml widens from its point
// value's one date to the range theta ~ U[10d, 30d] gives.
#include "test/tools/process_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

namespace satflow::test {
namespace {

using ::testing::HasSubstr;

const std::string kScenario = source_path("test/data/observed.yaml").string();
const std::string kRecord = source_path("test/data/observed-record.yaml").string();

ProcessResult run_observed(const std::vector<std::string>& extra) {
  std::vector<std::string> args{"run", kScenario, "--replications", "3", "--jobs", "2", "--observations", kRecord};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_satflow(args);
}

TEST(Observations, KnownDatesGiveTheMedianTheRangeInsideAndTheErrorExactly) {
  const auto r = run_observed({"--json", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto& o = j.at("observations");
  ASSERT_EQ(o.size(), 11u);
  // Alpha ready on 2020-02-10 (day 40), recorded on it: inside, no error.
  EXPECT_EQ(o[0]["p05"], "2020-02-10");
  EXPECT_EQ(o[0]["p50"], "2020-02-10");
  EXPECT_EQ(o[0]["p95"], "2020-02-10");
  EXPECT_EQ(o[0]["inside"], true);
  EXPECT_EQ(o[0]["error_years"], 0.0);
  // Launched on 2020-04-10: a record a day after and a day before are both outside, by one day.
  EXPECT_EQ(o[1]["p50"], "2020-04-10");
  EXPECT_EQ(o[1]["inside"], false);
  EXPECT_DOUBLE_EQ(o[1]["error_years"].get<double>(), -1.0 / 365);
  EXPECT_EQ(o[4]["inside"], false);
  EXPECT_DOUBLE_EQ(o[4]["error_years"].get<double>(), 1.0 / 365);
  EXPECT_EQ(o[2]["inside"], true); // exit: the launch is the last stage
  // Beta ready on 2020-02-20, recorded 365 days later: exactly one (365-day) year early.
  EXPECT_EQ(o[3]["record"], "2021-02-19");
  EXPECT_EQ(o[3]["p50"], "2020-02-20");
  EXPECT_EQ(o[3]["error_years"], -1.0);
  // Bounds on the date are kept; a bound a day later is broken in every run.
  EXPECT_EQ(o[5]["inside"], true);
  EXPECT_EQ(o[5]["violations"], 0);
  EXPECT_EQ(o[6]["inside"], true);
  EXPECT_EQ(o[7]["not_before"], "2020-04-11");
  EXPECT_EQ(o[7]["inside"], false);
  EXPECT_EQ(o[7]["violations"], 3);
  // Delta never flies: its dates are after the run's end (null), which breaks not_after and keeps not_before.
  EXPECT_EQ(o[8]["p50"], "2020-08-28");
  EXPECT_EQ(o[9]["p50"], nullptr);
  EXPECT_EQ(o[9]["reached"], 0);
  EXPECT_EQ(o[9]["inside"], false);
  EXPECT_EQ(o[9]["violations"], 3);
  EXPECT_EQ(o[10]["inside"], true);
  EXPECT_EQ(o[10]["error_years"], nullptr);
  EXPECT_EQ(o[1]["source"], "a day after");
}

TEST(Observations, TheTableFollowsTheSummaryRowForRow) {
  const auto r = run_observed({});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto table = r.out.find("The record against the replications");
  ASSERT_NE(table, std::string::npos) << r.out;
  EXPECT_LT(r.out.find("items completed"), table); // after the usual summary
  for (const char* row :
       {"  Alpha        launched   2020-04-11     2020-04-10        2020-04-10 to 2020-04-10       no      -0.003 y\n",
        "  Beta         ready      2021-02-19     2020-02-20        2020-02-20 to 2020-02-20       no      -1.000 y\n",
        "  Gamma        launched   >= 2020-04-11  2020-04-10        2020-04-10 to 2020-04-10       no      3/3 runs "
        "break it\n",
        "  Delta        launched   <= 2020-06-01  after 2020-10-27  after 2020-10-27               no      3/3 runs "
        "break it\n",
        "  inside the 5-95% range: 3 of 6 dated records; bounds kept: 3 of 5\n"})
    EXPECT_NE(r.out.find(row), std::string::npos) << "missing:\n" << row << "in:\n" << r.out;
}

TEST(Observations, TheReplicationsSummaryIsTheSameWithAndWithoutTheRecord) {
  const auto with = run_observed({"--json", "-"});
  const auto without = run_satflow({"run", kScenario, "--replications", "3", "--jobs", "2", "--json", "-"});
  ASSERT_EQ(with.exit_code, 0) << with.err;
  ASSERT_EQ(without.exit_code, 0) << without.err;
  auto j = nlohmann::ordered_json::parse(with.out);
  j.erase("observations");
  j.erase("observations_file");
  EXPECT_EQ(j.dump(2) + "\n", without.out);
}

TEST(Observations, TheHindcastListsEveryObservedProgramme) {
  const auto r =
      run_satflow({"run", source_path("configs/hindcast/korea-1994-2025.yaml").string(), "--replications", "3",
                   "--jobs", "2", "--observations", source_path("configs/hindcast/record.yaml").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* programme : {"KOMPSAT-1", "STSAT-2A", "COMS", "GK-2B", "NEXTSat-1", "KOMPSAT-6", "CAS500-1",
                                "KOMPSAT-7", "NEXTSat-2", "CAS500-2", "CAS500-3", "NEONSAT-1"})
    for (const char* milestone : {" ready ", " launched "})
      EXPECT_NE(
          r.out.find("  " + std::string(programme) + std::string(12 - std::string(programme).size(), ' ') + milestone),
          std::string::npos)
          << programme << milestone << "\n"
          << r.out;
  EXPECT_THAT(r.out, HasSubstr(" of 38 dated records; bounds kept: "));
}

TEST(Observations, ObservationsNeedReplications) {
  const auto r = run_satflow({"run", kScenario, "--observations", kRecord});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("--observations sets the record against replications: add --replications N"));
}

TEST(Observations, EveryBadObservationsFileIsRefusedWithItsExpectedDiagnostics) {
  // Nothing runs: no output at all.
  expect_every_file_refused(
      {.folder = "test/data/bad-observations", .at_least = 6, .commands = [](const auto& file, const auto&) {
         return CommandLines{{"run", kScenario, "--replications", "2", "--observations", file.string()}};
       }});
}

const std::string kUncertain = source_path("test/data/uncertain/observed.yaml").string();
const std::string kUncertainRecord = source_path("test/data/uncertain/observed-record.yaml").string();

ProcessResult run_uncertain_record(const std::vector<std::string>& extra) {
  std::vector<std::string> args{"run",    kUncertain, "--replications", "2",
                                "--jobs", "2",        "--observations", kUncertainRecord};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_satflow(args);
}

// Exit at theta + 10d, no noise: at the point value (15d) day 25 in every run; over theta ~ U[10d, 30d]
// between days 20 and 40, 5-95% days 21 to 39. The record (day 35) is outside the one and inside the other.
TEST(Observations, OverInputDrawsThePredictiveRangeCarriesTheInputsUncertainty) {
  const auto point = run_uncertain_record({"--json", "-"});
  ASSERT_EQ(point.exit_code, 0) << point.err;
  const auto p = nlohmann::json::parse(point.out)["observations"][0];
  EXPECT_EQ(p["p05"], "2026-01-26");
  EXPECT_EQ(p["p95"], "2026-01-26");
  EXPECT_EQ(p["inside"], false);
  const auto drawn = run_uncertain_record({"--uncertain", "--draws", "100", "--json", "-"});
  ASSERT_EQ(drawn.exit_code, 0) << drawn.err;
  const auto j = nlohmann::json::parse(drawn.out);
  EXPECT_EQ(j["uncertainty"]["draws"], 100);
  EXPECT_EQ(j["uncertainty"]["replications_per_draw"], 2);
  EXPECT_EQ(j["input_draws"].size(), 100u);
  const auto& o = j["observations"][0];
  EXPECT_EQ(o["runs"], 200);
  EXPECT_EQ(o["p05"], "2026-01-22"); // day 21 of theory, to the day
  EXPECT_EQ(o["p95"], "2026-02-09"); // day 39
  EXPECT_EQ(o["inside"], true);
  const auto text = run_uncertain_record({"--uncertain", "--draws", "100"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out,
              HasSubstr("uncertain-observed: the record against 100 input draws (--uncertain) x 2 replications "
                        "(200 runs, 0 failed)\n"));
  EXPECT_THAT(text.out,
              HasSubstr("  SAT-1        exit       2026-02-05     2026-01-31        2026-01-22 to 2026-02-09       "
                        "yes     -0.012 y\n"));
  // Reruns are byte-identical.
  EXPECT_EQ(run_uncertain_record({"--uncertain", "--draws", "100", "--json", "-"}).out, drawn.out);
}

TEST(Observations, WithoutTheFlagsTheRecordCheckIsUnchanged) {
  const auto r = run_uncertain_record({});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "uncertain-observed: 2 replications (seed 3); 95% intervals\n\n"
                   "items completed\n"
                   "                      mean  95% CI\n"
                   "  uncertain-observed     1  [1, 1]\n\n"
                   "time in system (mean)\n"
                   "                       mean          95% CI\n"
                   "  uncertain-observed  3.57w  [3.57w, 3.57w]\n\n"
                   "queueing share\n"
                   "                      mean    95% CI\n"
                   "  uncertain-observed    0%  [0%, 0%]\n\n"
                   "The record against the replications (median and 5-95% of each milestone's date; error: median "
                   "minus record)\n"
                   "  item         milestone  record         model p50         model 5-95%                    inside  "
                   "error\n"
                   "  SAT-1        exit       2026-02-05     2026-01-26        2026-01-26 to 2026-01-26       no      "
                   "-0.027 y\n"
                   "  inside the 5-95% range: 0 of 1 dated records\n");
}

TEST(Observations, OverInputDrawsAPageOrADatabaseThatIsNotACalibrationIsRefused) {
  const auto html = run_uncertain_record({"--uncertain", "--html", "/dev/null"});
  EXPECT_EQ(html.exit_code, 2);
  EXPECT_THAT(html.err, HasSubstr("--html has no page for the record over input draws"));
  const auto posterior = run_uncertain_record({"--posterior", kUncertainRecord});
  EXPECT_EQ(posterior.exit_code, 2);
  EXPECT_THAT(posterior.err, HasSubstr("satflow: --posterior: "));
  EXPECT_EQ(posterior.out, "");
}

} // namespace
} // namespace satflow::test
