// sweep --uncertain end to end on test/data/uncertain/sweep.yaml, whose answers are exact: every point
// gets the same draws (a point that adds 1d to a run is worse by exactly 1d in every draw), the answer
// is in the text, JSON and CSV, --jobs and a resumed database give byte-identical results, and a
// database of other draws is refused as another sweep. A target's probability at each point is over the
// draws (test/data/uncertain/target-sweep.yaml).
#include "test/tools/experiments/sql_util.hpp"
#include "test/tools/process_util.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

namespace satflow::test {
namespace {

using Json = nlohmann::json;
constexpr double kDay = 86400;
const std::string kSpec = source_path("test/data/uncertain/sweep.yaml").string();

std::string sweep_and_read(const std::filesystem::path& db, const std::string& jobs, const std::string& format) {
  const auto r =
      run_satflow({"sweep", kSpec, "--db", db.string(), "--uncertain", "--draws", "40", "--jobs", jobs, "-q"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto out = run_satflow({"results", db.string(), format, "-"});
  EXPECT_EQ(out.exit_code, 0) << out.err;
  return out.out;
}

// Met when theta <= 2d with 1d of work (P = 0.5), when theta <= 2.5d with half a day (P = 0.75): the
// half-day point is better in exactly the draws with theta in (2d, 2.5d], a quarter of them.
TEST(SweepUncertainty, ATargetsProbabilityAtEachPointIsOverTheDraws) {
  const auto dir = fresh_dir("sweep-uncertain-target");
  const auto db = dir / "t.sqlite";
  const auto r = run_satflow({"sweep", source_path("test/data/uncertain/target-sweep.yaml").string(), "--db",
                              db.string(), "--uncertain", "--draws", "200", "--jobs", "2", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto out = run_satflow({"results", db.string(), "--json", "-"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const Json j = Json::parse(out.out);
  const Json& u = j["uncertainty"];
  const std::string reference = u["reference"], other = j["points"][1]["id"];
  ASSERT_NE(reference, other);
  const Json& p = u["kpis"]["target.three-days"];
  EXPECT_NEAR(p[reference]["mean"]["value"].get<double>(), 0.5, 0.11) << p.dump(); // 3 binomial sd at M = 200
  EXPECT_NEAR(p[other]["mean"]["value"].get<double>(), 0.75, 0.095) << p.dump();
  EXPECT_NEAR(p[other]["difference"]["mean"].get<double>(), 0.25, 0.095) << p.dump();
  EXPECT_EQ(p[other]["difference"]["probability_better"]["value"], p[other]["difference"]["mean"]);
  std::filesystem::remove_all(dir);
}

TEST(SweepUncertainty, EveryPointGetsTheSameDrawsAndCarriesTheUncertaintyAnswer) {
  const auto dir = fresh_dir("sweep-uncertain");
  const Json j = Json::parse(sweep_and_read(dir / "u.sqlite", "2", "--json"));
  const Json& u = j["uncertainty"];
  EXPECT_EQ(u["draws"], 40);
  EXPECT_EQ(u["replications_per_draw"], 2);
  EXPECT_EQ(u["source"], "uncertain");
  EXPECT_EQ(u["inputs"], Json::array({"process.wait.delay"}));
  ASSERT_EQ(j["input_draws"].size(), 40u);
  const Json& points = j["points"];
  ASSERT_EQ(points.size(), 3u);
  // The reference is the grid's first point, 0.5d; the others differ from it by exactly +0.5d and +1.5d in
  // every draw.
  const std::string reference = u["reference"].get<std::string>();
  const Json& kpi = u["kpis"]["time_in_system_mean_s"];
  ASSERT_TRUE(kpi.contains(reference)) << kpi.dump();
  EXPECT_TRUE(kpi[reference]["difference"].is_null());
  std::vector<double> differences;
  for (const auto& [id, s] : kpi.items()) {
    if (id == reference)
      continue;
    const Json& d = s["difference"];
    // The same inputs at every point: no spread in the difference (up to the quantiles' rounding).
    EXPECT_NEAR(d["p05"].get<double>(), d["p95"].get<double>(), 1e-6) << d.dump();
    EXPECT_NEAR(d["p05"].get<double>(), d["mean"].get<double>(), 1e-6) << d.dump();
    differences.push_back(d["mean"].get<double>() / kDay);
    EXPECT_EQ(d["probability_better"]["value"], d["mean"].get<double>() < 0 ? 1 : 0);
  }
  std::sort(differences.begin(), differences.end());
  ASSERT_EQ(differences.size(), 2u);
  EXPECT_NEAR(differences[0], 0.5, 1e-9);
  EXPECT_NEAR(differences[1], 1.5, 1e-9);
  // The KPI itself spreads over the inputs: theta + 1d with theta ~ U[1d, 3d], all of it the inputs'.
  EXPECT_GT(kpi[reference]["over_inputs"]["p95"].get<double>() - kpi[reference]["over_inputs"]["p05"].get<double>(),
            kDay);
  EXPECT_NEAR(kpi[reference]["input_share"].get<double>(), 1, 1e-9);
  const std::string text = run_satflow({"results", (dir / "u.sqlite").string()}).out;
  EXPECT_NE(text.find("Over the uncertain inputs (the scenario's uncertain: section)"), std::string::npos) << text;
  EXPECT_NE(text.find("process.work.duration=2d: time in system (mean) 1.5d on average"), std::string::npos) << text;
  EXPECT_NE(text.find("better in 0% of them"), std::string::npos) << text;
  EXPECT_NE(text.find("reference process.work.duration=0.5d; 1 uncertain inputs"), std::string::npos) << text;
  const std::string csv = run_satflow({"results", (dir / "u.sqlite").string(), "--csv", "-"}).out;
  EXPECT_EQ(csv.rfind("kpi,variant,of,statistic,value,lower,upper\n", 0), 0u) << csv;
  EXPECT_NE(csv.find(",difference,probability_better,0,"), std::string::npos) << csv;
  std::filesystem::remove_all(dir);
}

TEST(SweepUncertainty, JobsAndAResumedDatabaseGiveByteIdenticalResultsAndOtherDrawsAreAnotherSweep) {
  const auto dir = fresh_dir("sweep-uncertain-resume");
  const std::string one = sweep_and_read(dir / "one.sqlite", "1", "--json");
  EXPECT_EQ(sweep_and_read(dir / "two.sqlite", "2", "--json"), one);
  // Half the runs lost, as if it had been killed, then resumed: the same draws run again.
  std::filesystem::copy_file(dir / "one.sqlite", dir / "resumed.sqlite");
  execute_sql(dir / "resumed.sqlite", "DELETE FROM runs WHERE replication % 2 = 1 OR replication > 50");
  EXPECT_EQ(sweep_and_read(dir / "resumed.sqlite", "2", "--json"), one);
  // Other draws, or no draws, are another sweep's plan: refused, nothing run.
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{"--uncertain", "--draws", "41"}, std::vector<std::string>{}}) {
    std::vector<std::string> args{"sweep", kSpec, "--db", (dir / "one.sqlite").string(), "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_satflow(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("holds the results of a different sweep"), std::string::npos) << r.err;
  }
  std::filesystem::remove_all(dir);
}

} // namespace
} // namespace satflow::test
