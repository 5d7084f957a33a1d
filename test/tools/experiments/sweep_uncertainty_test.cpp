// sweep --uncertain end to end on test/data/uncertain/sweep.yaml, whose answers are exact: every point
// gets the same draws (a point that adds 1d to a run is worse by exactly 1d in every draw), the answer
// is in the text, JSON and CSV, --jobs and a resumed database give byte-identical results, and a
// database of other draws is refused as another sweep. A target's probability at each point is over the
// draws (test/data/uncertain/target-sweep.yaml).
#include "test/tools/experiments/sql_util.hpp"
#include "test/tools/process_util.hpp"
#include "test/tools/text_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <map>
#include <sstream>

namespace satflow::test {
namespace {

using ::testing::HasSubstr;

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
  // The reference is the scenario's own value, 1d, which the grid holds; the others differ from it by
  // exactly -0.5d and +1d in every draw.
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
  EXPECT_NEAR(differences[0], -0.5, 1e-9);
  EXPECT_NEAR(differences[1], 1, 1e-9);
  // The KPI itself spreads over the inputs: theta + 1d with theta ~ U[1d, 3d], all of it the inputs'.
  EXPECT_GT(kpi[reference]["over_inputs"]["p95"].get<double>() - kpi[reference]["over_inputs"]["p05"].get<double>(),
            kDay);
  EXPECT_NEAR(kpi[reference]["input_share"].get<double>(), 1, 1e-9);
  const std::string text = run_satflow({"results", (dir / "u.sqlite").string()}).out;
  EXPECT_THAT(text, HasSubstr("Over the uncertain inputs (the scenario's uncertain: section)"));
  EXPECT_THAT(text, HasSubstr("process.work.duration=2d: time in system (mean) 1d on average"));
  EXPECT_THAT(text, HasSubstr("process.work.duration=0.5d: time in system (mean) -12h on average"));
  EXPECT_THAT(text, HasSubstr("better in 0% of them"));
  EXPECT_THAT(text, HasSubstr("reference process.work.duration=1d; 1 uncertain inputs"));
  std::filesystem::remove_all(dir);
}

/// The CSV's rows by (the parameter's value, kpi), each a map of column to field.
std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> csv_rows(const CsvTable& csv) {
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> rows;
  for (const auto& f : csv.rows) {
    EXPECT_EQ(f.size(), csv.header.size()) << f.front();
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < f.size() && i < csv.header.size(); ++i)
      row[csv.header[i]] = f[i];
    rows[{row["process.work.duration"], row["kpi"]}] = row;
  }
  return rows;
}

TEST(SweepUncertainty, ItsCsvIsTheSweepsByParameterWithTheUncertainAnswer) {
  const auto dir = fresh_dir("sweep-uncertain-csv");
  const std::string text = sweep_and_read(dir / "u.sqlite", "2", "--csv");
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "point,process.work.duration,kpi,n,mean,lower,upper,p05,p50,p95,input_share,diff_mean,diff_lower,"
            "diff_upper,diff_p05,diff_p50,diff_p95,probability_better,probability_better_lower,"
            "probability_better_upper");
  const auto rows = csv_rows(read_csv(text));
  const std::string kpi = "time_in_system_mean_s";
  ASSERT_TRUE(rows.count({"0.5d", kpi}) && rows.count({"1d", kpi}) && rows.count({"2d", kpi}));
  const auto& reference = rows.at({"1d", kpi}); // the scenario's own value
  auto number = [](const std::map<std::string, std::string>& row, const std::string& column) {
    return std::stod(row.at(column));
  };
  EXPECT_EQ(reference.at("n"), "80");       // 40 draws x 2 replications
  EXPECT_EQ(reference.at("diff_mean"), ""); // the reference has no difference with itself
  EXPECT_EQ(reference.at("probability_better"), "");
  EXPECT_EQ(number(reference, "input_share"), 1); // no noise: all of the variance is the inputs'
  // theta + 1d, theta ~ U[1d, 3d]: the quantiles over the draws lie inside [2d, 4d], 5% and 95% apart.
  EXPECT_GT(number(reference, "p05"), 2 * kDay);
  EXPECT_LT(number(reference, "p95"), 4 * kDay);
  EXPECT_GT(number(reference, "p95") - number(reference, "p05"), kDay);
  EXPECT_LT(number(reference, "lower"), number(reference, "mean"));
  // The same draws at every point: 2d of work is worse by exactly 1d in every draw, so the mean, its
  // interval and every quantile of the difference are 1d, and it is better in none of the 40 draws
  // (Wilson's interval of 0 in 40: [0, 8.76%]); 0.5d is better by 0.5d in all of them ([91.24%, 100%]).
  const auto& two = rows.at({"2d", kpi});
  for (const char* column : {"diff_mean", "diff_lower", "diff_upper", "diff_p05", "diff_p50", "diff_p95"})
    EXPECT_NEAR(number(two, column), kDay, 1e-6) << column;
  EXPECT_NEAR(number(two, "mean") - number(reference, "mean"), kDay, 1e-6);
  EXPECT_NEAR(number(two, "p50") - number(reference, "p50"), kDay, 1e-6);
  EXPECT_EQ(number(two, "probability_better"), 0);
  EXPECT_NEAR(number(two, "probability_better_lower"), 0, 1e-12);
  EXPECT_NEAR(number(two, "probability_better_upper"), 0.0876216, 1e-6);
  const auto& half = rows.at({"0.5d", kpi});
  EXPECT_NEAR(number(half, "diff_p50"), -0.5 * kDay, 1e-6);
  EXPECT_EQ(number(half, "probability_better"), 1);
  EXPECT_NEAR(number(half, "probability_better_lower"), 0.9123784, 1e-6);
  std::filesystem::remove_all(dir);
}

TEST(SweepUncertainty, ItsPageShowsEachPointsSpreadDifferenceAndProbabilityOfBeingBetter) {
  const auto dir = fresh_dir("sweep-uncertain-page");
  const auto file = (dir / "u.html").string();
  sweep_and_read(dir / "u.sqlite", "2", "--json");
  ASSERT_EQ(run_satflow({"results", (dir / "u.sqlite").string(), "--html", file}).exit_code, 0);
  const std::string page = read_file(file);
  // The sweep's own charts (the KPI against its one parameter, its main effects), then per headline KPI
  // (time in system alone: no launch, no coordination) the three charts of the uncertainty.
  EXPECT_NE(page.find("data-charts-expected=\"5\""), std::string::npos);
  for (const char* title : {"\"title\":\"time in system (mean) per sweep point over the uncertain inputs\"",
                            "\"title\":\"time in system (mean): difference against duration 1d over the uncertain "
                            "inputs\"",
                            "\"title\":\"time in system (mean): probability of being better than duration 1d\""})
    EXPECT_EQ(count_of(page, title), 1) << title;
  EXPECT_NE(page.find("<dt>input draws</dt><dd>40 (uncertain)</dd>"), std::string::npos);
  EXPECT_NE(page.find("<dt>uncertain inputs</dt><dd>process.wait.delay</dd>"), std::string::npos);
  // Points by their values, the reference marked; the same draws at every point, so 2d of work is worse
  // by 1d in every draw: its difference's spread is one value and it is better in none of them.
  EXPECT_NE(page.find("\"variant\":\"duration 1d (reference)\""), std::string::npos);
  EXPECT_EQ(count_of(page, "<tr><td>duration 2d<td>1d [1d, 1d]<td>1d<td>1d<td>1d<td>0%\n"), 1);
  EXPECT_EQ(count_of(page, "<tr><td>duration 0.5d<td>100.0%<td>91.2% to 100.0%\n"), 1);
  EXPECT_EQ(count_of(page, "<tr><td>duration 2d<td>0%<td>0% to 8.8%\n"), 1);
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
    EXPECT_THAT(r.err, HasSubstr("holds the results of a different sweep"));
  }
  std::filesystem::remove_all(dir);
}

} // namespace
} // namespace satflow::test
