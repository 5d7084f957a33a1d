// --posterior calib.sqlite end to end: the small calibration of test/data/calibration/ is run once,
// then `run --replications`, `compare` and `sweep` draw their inputs from its posterior: the draws' mean is the
// posterior's weighted mean, every variant gets the same draws (a variant identical to the baseline
// differs by exactly 0), reruns and --jobs are byte-identical, and a database that is not a finished
// calibration of the scenario's paths is refused with exit status 2.
#include "test/tools/process_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <cmath>
#include <fstream>

namespace satflow::test {
namespace {

using ::testing::HasSubstr;

using Json = nlohmann::json;
constexpr const char* kPath = "process.design.delay.normal.mean";

class Posterior : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    dir_ = fresh_dir("posterior");
    const auto r = run_satflow({"calibrate", source_path("test/data/calibration/small-calibration.yaml").string(),
                                "--db", db().string(), "--jobs", "2", "-q"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }
  static std::filesystem::path db() { return dir_ / "calib.sqlite"; }
  static std::string scenario() { return source_path("test/data/calibration/closed-form.yaml").string(); }
  static std::vector<std::string> compare(const std::string& jobs) {
    return {"compare",
            scenario(),
            "--variants",
            source_path("test/data/calibration/closed-form-variants.yaml").string(),
            "--posterior",
            db().string(),
            "--draws",
            "50",
            "--replications",
            "2",
            "--jobs",
            jobs,
            "--json",
            "-",
            "-q"};
  }
  static std::filesystem::path dir_;
};
std::filesystem::path Posterior::dir_;

TEST_F(Posterior, TheDrawsMeanIsThePosteriorsWeightedMean) {
  const auto results = run_satflow({"results", db().string(), "--json", "-"});
  ASSERT_EQ(results.exit_code, 0) << results.err;
  const Json calibration = Json::parse(results.out);
  const Json& p = calibration["calibration"]["posterior"][kPath];
  const auto r = run_satflow(
      {"run", scenario(), "--replications", "2", "--posterior", db().string(), "--draws", "400", "--json", "-", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json j = Json::parse(r.out);
  EXPECT_EQ(j["uncertainty"]["inputs"], Json::array({kPath, "process.design.delay.normal.sd"}));
  const Json& draws = j["input_draws"];
  ASSERT_EQ(draws.size(), 400u);
  double sum = 0;
  for (const auto& d : draws)
    sum += d[kPath].get<double>();
  // Within 4 standard errors of the weighted mean (the population's sd / sqrt(400)).
  const double mean = p["mean"].get<double>(), sd = p["sd"].get<double>();
  EXPECT_NEAR(sum / 400, mean, 4 * sd / 20) << "posterior " << mean << " sd " << sd;
  // Every draw lies inside the posterior's support, far inside the prior's [50d, 150d].
  for (const auto& d : draws)
    EXPECT_TRUE(d[kPath].get<double>() >= 50 * 86400 && d[kPath].get<double>() <= 150 * 86400) << d.dump();
}

TEST_F(Posterior, EveryVariantGetsTheSameDrawsAndRerunsAndJobsAreByteIdentical) {
  const auto one = run_satflow(compare("1"));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const Json j = Json::parse(one.out);
  const Json& kpis = j["uncertainty"]["kpis"];
  ASSERT_TRUE(kpis.contains("time_to_ready_mean_s")) << kpis.dump();
  const Json& same = kpis["time_to_ready_mean_s"]["same"]["difference"];
  for (const char* q : {"p05", "p50", "p95", "mean"})
    EXPECT_EQ(same[q].get<double>(), 0) << same.dump();
  // Half the drawn design mean is ready sooner in every draw.
  EXPECT_EQ(kpis["time_to_ready_mean_s"]["quicker"]["difference"]["probability_better"]["value"], 1);
  EXPECT_EQ(j["variants"][2]["inputs"][kPath], "scaled x0.5");
  const auto again = run_satflow(compare("1"));
  const auto two = run_satflow(compare("2"));
  EXPECT_EQ(again.out, one.out);
  EXPECT_EQ(two.out, one.out);
}

TEST_F(Posterior, ASweepDrawsTheSameInputsAsRunWithTheSameSeed) {
  const auto run = run_satflow(
      {"run", scenario(), "--replications", "2", "--posterior", db().string(), "--draws", "20", "--json", "-", "-q"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto results = dir_ / "sweep.sqlite";
  const auto sweep = run_satflow({"sweep", source_path("test/data/calibration/closed-form-sweep.yaml").string(), "--db",
                                  results.string(), "--posterior", db().string(), "--draws", "20", "-q"});
  ASSERT_EQ(sweep.exit_code, 0) << sweep.err;
  const auto read = run_satflow({"results", results.string(), "--json", "-"});
  ASSERT_EQ(read.exit_code, 0) << read.err;
  const Json j = Json::parse(read.out);
  EXPECT_EQ(j["uncertainty"]["source"], "posterior");
  EXPECT_EQ(j["input_draws"], Json::parse(run.out)["input_draws"]);
  EXPECT_EQ(j["uncertainty"]["kpis"]["time_to_ready_mean_s"].size(), 2u);
}

void execute(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
  sqlite3_close(handle);
}

TEST_F(Posterior, ADatabaseThatIsNotAFinishedCalibrationOfTheScenarioIsRefused) {
  auto refused = [](const std::string& scenario_file, const std::filesystem::path& file, const std::string& why) {
    const auto r = run_satflow({"run", scenario_file, "--replications", "2", "--posterior", file.string(), "-q"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, HasSubstr(why));
  };
  std::ofstream(dir_ / "text.sqlite") << "not a database\n";
  refused(scenario(), dir_ / "text.sqlite", "text.sqlite is not a satflow calibration database");
  refused(scenario(), dir_ / "missing.sqlite", "missing.sqlite is not a satflow calibration database");
  // An unfinished calibration: the last generation's proposals gone, as if it had been killed.
  const auto unfinished = dir_ / "unfinished.sqlite";
  std::filesystem::copy_file(db(), unfinished);
  execute(unfinished, "DELETE FROM proposals WHERE generation >= 2");
  refused(scenario(), unfinished, "unfinished.sqlite holds a calibration that has not finished (2 complete");
  const auto sweep = run_satflow({"sweep", source_path("test/data/calibration/closed-form-sweep.yaml").string(), "--db",
                                  (dir_ / "s.sqlite").string(), "--posterior", unfinished.string(), "-q"});
  EXPECT_EQ(sweep.exit_code, 2) << sweep.err;
  EXPECT_THAT(sweep.err, HasSubstr("has not finished"));
  // A scenario without the calibration's paths.
  refused(source_path("test/data/uncertain/delay.yaml").string(), db(),
          "the calibration's parameters must be values of");
  refused(source_path("test/data/uncertain/delay.yaml").string(), db(), "the posterior of process.design");
}

} // namespace
} // namespace satflow::test
