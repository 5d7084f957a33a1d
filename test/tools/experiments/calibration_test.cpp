// `satflow calibrate` end to end with real runs: a posterior known in closed form, known inputs
// recovered from a record the model made, results that do not depend on --jobs or on where a killed
// calibration resumed, a damaged database refused naming its row, and bad specs refused at their
// lines before anything runs.
#include "test/tools/experiments/sql_util.hpp"
#include "test/tools/process_util.hpp"
#include "test/tools/text_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <sstream>

namespace satflow::test {
namespace {

using ::testing::HasSubstr;

constexpr double kDay = 86400;

std::string calibrate_and_read(const std::string& spec, const std::filesystem::path& db, const std::string& jobs) {
  const auto r = run_satflow({"calibrate", source_path(spec).string(), "--db", db.string(), "--jobs", jobs, "-q"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto out = run_satflow({"results", db.string(), "--json", "-"});
  EXPECT_EQ(out.exit_code, 0) << out.err;
  return out.out;
}

TEST(Calibration, ANormalPriorWithNormalNoiseGivesTheClosedFormPosterior) {
  const auto dir = fresh_dir("calibration-closed-form");
  const auto json = nlohmann::json::parse(
      calibrate_and_read("test/data/calibration/closed-form-calibration.yaml", dir / "c.sqlite", "2"));
  const auto& p = json["calibration"]["posterior"]["process.design.delay.normal.mean"];
  // Prior N(100 d, 20 d), noise N(0, 10 d), record day 130: posterior N(124 d, sqrt(80) d).
  EXPECT_NEAR(p["mean"].get<double>() / kDay, 124, 12.4);
  EXPECT_NEAR(p["sd"].get<double>() / kDay, std::sqrt(80.0), 0.1 * std::sqrt(80.0));
  EXPECT_EQ(json["calibration"]["stop"], "max_generations");
  EXPECT_EQ(json["calibration"]["generations"].size(), 5u);
  EXPECT_LT(p["p95"].get<double>() - p["p05"].get<double>(),
            p["prior_p95"].get<double>() - p["prior_p05"].get<double>());
  ASSERT_EQ(json["calibration"]["holdout"].size(), 1u);
  EXPECT_EQ(json["calibration"]["holdout"][0]["item"], "Beta");
  EXPECT_EQ(json["calibration"]["holdout"][0]["record"], "2020-05-20");
  std::filesystem::remove_all(dir);
}

// The record's (item, milestone, date) triples: the lines of an observations file with a date.
std::vector<std::string> dated_observations(const std::string& text) {
  std::vector<std::string> out;
  const std::regex line(R"(\{item: (\w+), milestone: (\w+), date: ([0-9-]+),)");
  for (std::sregex_iterator m(text.begin(), text.end(), line), end; m != end; ++m)
    out.push_back((*m)[1].str() + " " + (*m)[2].str() + " " + (*m)[3].str());
  return out;
}

// The same triples from a run's items CSV.
std::vector<std::string> run_milestones(const std::string& csv) {
  std::vector<std::string> out;
  const CsvTable items = read_csv(csv);
  for (std::size_t i = 0; i < items.rows.size(); ++i)
    for (const auto& [milestone, column] :
         {std::pair{"ready", "ready_date"}, std::pair{"launched", "launched_date"}, std::pair{"exit", "exit_date"}})
      out.push_back(items.at(i, "name") + " " + milestone + " " + items.at(i, column));
  return out;
}

// A whole-valued parameter through a discrete prior (test/data/calibration/discrete.yaml): capacities
// 1 to 4 give S6's exit on days 180, 90, 60, 60 and the record is day 92, so the posterior is
// capacity 2 alone; every proposal ran (no value the scenario refuses).
TEST(Calibration, ADiscretePriorLearnsAWholeCapacity) {
  const auto dir = fresh_dir("calibration-discrete");
  const auto json = nlohmann::json::parse(
      calibrate_and_read("test/data/calibration/discrete-calibration.yaml", dir / "c.sqlite", "2"));
  const auto& p = json["calibration"]["posterior"]["stations.bench.capacity"];
  EXPECT_EQ(p["prior_p05"], 1.0);
  EXPECT_EQ(p["prior_p95"], 4.0);
  EXPECT_EQ(p["median"], 2.0);
  EXPECT_EQ(p["p05"], 2.0);
  EXPECT_EQ(p["p95"], 2.0);
  EXPECT_EQ(json["calibration"]["generations"].size(), 3u);
  for (const auto& g : json["calibration"]["generations"])
    EXPECT_EQ(g["failed"], 0) << g.dump();
  std::filesystem::remove_all(dir);
}

TEST(Calibration, RecoversTheKnownInputsOfARecordTheModelMade) {
  // The known inputs; the record must be exactly what the model makes at them, to the day.
  const std::vector<std::pair<std::string, double>> known{{"process.design.delay.normal.mean", 120},
                                                          {"launchers.nuri.integration.normal.mean", 20},
                                                          {"process.commissioning.delay.normal.mean", 60}};
  std::vector<std::string> run_args{"run", source_path("test/data/calibration/recovery.yaml").string(), "-q",
                                    "--items-csv", "-"};
  for (const auto& [path, days] : known)
    run_args.insert(run_args.end(), {"--set", path + "=" + std::to_string(static_cast<int>(days)) + "d"});
  const auto made = run_satflow(run_args);
  ASSERT_EQ(made.exit_code, 0) << made.err;
  auto from_run = run_milestones(made.out);
  auto record = dated_observations(read_file(source_path("test/data/calibration/recovery-record.yaml")));
  std::sort(from_run.begin(), from_run.end());
  std::sort(record.begin(), record.end());
  ASSERT_EQ(record.size(), 12u);
  EXPECT_EQ(record, from_run);

  const auto dir = fresh_dir("calibration-recovery");
  const auto json = nlohmann::json::parse(
      calibrate_and_read("test/data/calibration/recovery-calibration.yaml", dir / "c.sqlite", "2"));
  EXPECT_EQ(json["calibration"]["stop"], "max_generations");
  for (const auto& [path, days] : known) {
    SCOPED_TRACE(path);
    const auto& p = json["calibration"]["posterior"][path];
    EXPECT_LE(p["p05"].get<double>(), days * kDay);
    EXPECT_GE(p["p95"].get<double>(), days * kDay);
    EXPECT_LT(p["p95"].get<double>() - p["p05"].get<double>(),
              p["prior_p95"].get<double>() - p["prior_p05"].get<double>());
  }
  // Delta, held out, is predicted from the other three's fit.
  ASSERT_EQ(json["calibration"]["holdout"].size(), 3u);
  for (const auto& h : json["calibration"]["holdout"])
    EXPECT_TRUE(h["inside"].get<bool>()) << h.dump();
  std::filesystem::remove_all(dir);
}

TEST(Calibration, JobsAndAKilledAndResumedCalibrationGiveByteIdenticalResults) {
  const auto dir = fresh_dir("calibration-resume");
  const std::string spec = "test/data/calibration/small-calibration.yaml";
  const std::string one = calibrate_and_read(spec, dir / "one.sqlite", "1");
  EXPECT_EQ(calibrate_and_read(spec, dir / "two.sqlite", "2"), one);
  // Killed at a few moments, then run again to the end.
  const auto killed = dir / "killed.sqlite";
  for (const char* after : {"0.15", "0.4", "0.8"}) {
    const std::string command = "timeout -s KILL " + std::string(after) + " " + satflow_binary().string() +
                                " calibrate " + source_path(spec).string() + " --db " + killed.string() +
                                " --jobs 2 -q > /dev/null 2>&1";
    [[maybe_unused]] const int status = std::system(command.c_str());
  }
  EXPECT_EQ(calibrate_and_read(spec, killed, "2"), one);
  const auto text = run_satflow({"results", (dir / "one.sqlite").string()});
  EXPECT_THAT(text.out, HasSubstr("posterior predictive check"));
  EXPECT_NE(text.out.find("process.design.delay.normal.mean ~ process.design.delay.normal.sd"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(Calibration, ADamagedRowIsRefusedByItsGenerationAndIndex) {
  const auto dir = fresh_dir("calibration-damaged");
  const auto good = dir / "good.sqlite";
  const std::string spec = source_path("test/data/calibration/small-calibration.yaml").string();
  calibrate_and_read("test/data/calibration/small-calibration.yaml", good, "2");
  struct Damage {
    std::string sql, row, what;
  };
  const std::vector<Damage> damages{
      {"UPDATE proposals SET distance = 0.001 WHERE generation = 1 AND idx = 3", "(generation 1, index 3)",
       ": its distance 0.001000 is not the one its runs give"},
      {"UPDATE proposals SET theta = '[9000000.5,900000.5]' WHERE generation = 2 AND idx = 5",
       "(generation 2, index 5)",
       ": its parameters [9000000.5,900000.5] are not the ones this calibration draws there"},
      {"UPDATE proposals SET runs = '[{\"end_s\":1' WHERE generation = 0 AND idx = 7", "(generation 0, index 7)",
       ": runs is not a JSON array"},
      {"UPDATE proposals SET status = 'lost' WHERE generation = 1 AND idx = 0", "(generation 1, index 0)",
       ": status is 'lost', expected 'done' or 'failed'"}};
  for (const auto& d : damages) {
    SCOPED_TRACE(d.sql);
    const auto db = dir / "damaged.sqlite";
    std::filesystem::copy_file(good, db, std::filesystem::copy_options::overwrite_existing);
    execute_sql(db, d.sql);
    const auto json_file = dir / "c.json";
    // Text, JSON to standard output and to a file, CSV, and resuming: each refuses the row by name,
    // prints nothing on standard output and writes no file.
    for (const auto& args : {std::vector<std::string>{"results", db.string()},
                             std::vector<std::string>{"results", db.string(), "--json", "-"},
                             std::vector<std::string>{"results", db.string(), "--json", json_file.string()},
                             std::vector<std::string>{"results", db.string(), "--csv", "-"},
                             std::vector<std::string>{"calibrate", spec, "--db", db.string(), "-q"}}) {
      SCOPED_TRACE(args.at(0) + (args.size() > 2 ? " " + args.at(2) : std::string()));
      const auto r = run_satflow(args);
      EXPECT_EQ(r.exit_code, 2) << r.err;
      EXPECT_EQ(r.out, "");
      const std::string named = "satflow: " + db.string() + ": proposal " + d.row + d.what;
      const std::string closing =
          "\nsatflow: " + db.string() + " has damaged rows; it cannot be used: use another --db\n";
      EXPECT_EQ(r.err.rfind(named, 0), 0u) << r.err;
      EXPECT_TRUE(r.err.ends_with(closing)) << r.err;
      EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 2) << r.err;
      EXPECT_FALSE(std::filesystem::exists(json_file));
    }
  }
  std::filesystem::remove_all(dir);
}

TEST(Calibration, EveryBadSpecOfTheCorpusIsRefusedAtItsLinesBeforeAnythingRuns) {
  expect_every_file_refused(
      {.folder = "test/data/bad-specs/calibration", .at_least = 5, .commands = [](const auto& file, const auto& db) {
         return CommandLines{{"calibrate", file.string(), "--db", db.string()}};
       }});
}

} // namespace
} // namespace satflow::test
