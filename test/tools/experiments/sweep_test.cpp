// satflow sweep / results / merge through the real binary and real SQLite files.
#include "test/tools/process_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace satflow::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kSmall = source_path("test/data/sweeps/small.yaml").string();

/// `satflow results DB --csv` rows: every point's KPI means and intervals.
std::string results_csv(const std::filesystem::path& db) {
  const auto csv = db.string() + ".csv";
  const auto r = run_satflow({"results", db.string(), "--csv", csv});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return read_file(csv);
}

// "-" is standard output, as for every other command: the file's content there, no summary, and no
// file named "-" left in the working directory.
TEST(Sweep, ResultsWriteToStandardOutputForADash) {
  const auto dir = fresh_dir("sweep-dash");
  const auto db = dir / "small.sqlite";
  ASSERT_EQ(run_satflow({"sweep", kSmall, "--db", db.string(), "-q"}).exit_code, 0);
  std::filesystem::remove("-");
  const auto json = run_satflow({"results", db.string(), "--json", "-"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["schema_version"], 1);
  const auto csv = run_satflow({"results", db.string(), "--csv", "-"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out, results_csv(db));
  EXPECT_FALSE(std::filesystem::exists("-"));
}

TEST(Sweep, OneTwoJobsAndMergedShardsGiveTheSameResults) {
  const auto dir = fresh_dir("sweep-same");
  const auto one = dir / "one.sqlite", two = dir / "two.sqlite", merged = dir / "merged.sqlite";
  ASSERT_EQ(run_satflow({"sweep", kSmall, "--db", one.string(), "--jobs", "1", "-q"}).exit_code, 0);
  ASSERT_EQ(run_satflow({"sweep", kSmall, "--db", two.string(), "--jobs", "2", "-q"}).exit_code, 0);
  for (const char* shard : {"0/2", "1/2"}) {
    const auto r = run_satflow({"sweep", kSmall, "--db", (dir / (std::string("shard") + shard[0])).string() + ".sqlite",
                                "--shard", shard, "-q"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const auto m =
      run_satflow({"merge", merged.string(), (dir / "shard0.sqlite").string(), (dir / "shard1.sqlite").string()});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  const std::string reference = results_csv(one);
  EXPECT_THAT(reference, HasSubstr(",time_in_system_mean_s,3,")); // 3 replications a point
  EXPECT_EQ(results_csv(two), reference);
  EXPECT_EQ(results_csv(merged), reference);
  // Merging again changes nothing.
  ASSERT_EQ(run_satflow({"merge", merged.string(), (dir / "shard0.sqlite").string()}).exit_code, 0);
  EXPECT_EQ(results_csv(merged), reference);
}

/// The runs committed to a sweep's database so far, read while the sweep writes (WAL); -1 until the
/// table exists.
int committed_runs(const std::filesystem::path& db) {
  sqlite3* handle = nullptr;
  int count = -1;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(handle, "SELECT count(*) FROM runs", -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW)
      count = sqlite3_column_int(statement, 0);
    sqlite3_finalize(statement);
  }
  sqlite3_close(handle);
  return count;
}

TEST(Sweep, AKilledSweepResumesWithEveryTaskDoneExactlyOnce) {
  const auto dir = fresh_dir("sweep-kill");
  const auto spec = source_path("test/data/sweeps/slow.yaml").string();
  const auto full = dir / "full.sqlite", killed = dir / "killed.sqlite";
  ASSERT_EQ(run_satflow({"sweep", spec, "--db", full.string(), "--jobs", "2", "-q"}).exit_code, 0);
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string db = killed.string();
    execl(SATFLOW_BINARY, "satflow", "sweep", spec.c_str(), "--db", db.c_str(), "--jobs", "1", "-q",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill it once some runs are committed, whatever the machine's load: a fixed wait killed it before its
  // first commit on a busy machine.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (committed_runs(killed) < 1 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status))
      << "the sweep finished before it could be killed; make test/data/sweeps/slow.yaml longer";
  const auto resumed = run_satflow({"sweep", spec, "--db", killed.string(), "--jobs", "2"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_THAT(resumed.out, Not(HasSubstr(" 0 already in"))); // some runs were kept
  EXPECT_EQ(results_csv(killed), results_csv(full));
  const auto again = run_satflow({"sweep", spec, "--db", killed.string()});
  EXPECT_THAT(again.out, HasSubstr("this run: 0 done, 0 failed, 240 already in"));
}

TEST(Sweep, TimedOutRunsAreRecordedAsFailedAndRetriedOnRequest) {
  const auto dir = fresh_dir("sweep-timeout");
  const auto db = dir / "t.sqlite";
  const auto r = run_satflow({"sweep", kSmall, "--db", db.string(), "--timeout", "0.000001s"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("0 done, 12 failed"));
  const auto skipped = run_satflow({"sweep", kSmall, "--db", db.string()});
  EXPECT_THAT(skipped.out, HasSubstr("0 done, 0 failed, 12 already in"));
  const auto retried = run_satflow({"sweep", kSmall, "--db", db.string(), "--retry-failed"});
  EXPECT_THAT(retried.out, HasSubstr("12 done, 0 failed"));
}

TEST(Sweep, RefusesBadSpecsAndAnotherSweepsDatabaseBeforeRunning) {
  const auto dir = fresh_dir("sweep-bad");
  const auto bad =
      run_satflow({"sweep", source_path("test/data/sweeps/bad.yaml").string(), "--db", (dir / "b.sqlite").string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("replications: expected an integer in [1, 100000], got 0"));
  EXPECT_THAT(bad.err, HasSubstr("parameters.0.range.to: expected 'to' >= 'from'"));
  EXPECT_THAT(bad.err, HasSubstr("parameters.1.values: expected at least one value"));
  EXPECT_FALSE(std::filesystem::exists(dir / "b.sqlite"));
  const auto big = run_satflow(
      {"sweep", source_path("test/data/sweeps/too-big.yaml").string(), "--db", (dir / "big.sqlite").string()});
  EXPECT_EQ(big.exit_code, 2);
  EXPECT_THAT(big.err, HasSubstr("design: this design makes 1000000000 points; at most 100000"));
  EXPECT_FALSE(std::filesystem::exists(dir / "big.sqlite"));
  const auto path = run_satflow(
      {"sweep", source_path("test/data/sweeps/unknown-path.yaml").string(), "--db", (dir / "p.sqlite").string()});
  EXPECT_EQ(path.exit_code, 2);
  EXPECT_THAT(path.err, HasSubstr("no key 'design_tem' under 'stations'; did you mean 'design_team'?"));
  const auto db = dir / "small.sqlite";
  ASSERT_EQ(run_satflow({"sweep", kSmall, "--db", db.string(), "-q"}).exit_code, 0);
  const auto other = run_satflow({"sweep", source_path("test/data/sweeps/slow.yaml").string(), "--db", db.string()});
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_THAT(other.err, HasSubstr("holds the results of a different sweep"));
  EXPECT_EQ(run_satflow({"sweep", kSmall, "--db", db.string(), "--shard", "2/2"}).exit_code, 2);
}

// A spec's `set:` fixes values at every point without sweeping them: the same runs as the old workaround
// of one-value parameters, without their rows of zero differences, and named in the text.
TEST(Sweep, FixedValuesRunAsOneValueParametersWould) {
  const auto dir = fresh_dir("sweep-fixed");
  const auto fixed = dir / "fixed.sqlite", swept = dir / "swept.sqlite";
  ASSERT_EQ(run_satflow({"sweep", source_path("test/data/sweeps/fixed.yaml").string(), "--db", fixed.string(), "-q"})
                .exit_code,
            0);
  std::ofstream(dir / "swept.yaml") << "name: fixed\nscenario: " << source_path("test/data/three-hubs.yaml").string()
                                    << "\nreplications: 2\ndesign: grid\nparameters:\n"
                                       "  - {path: horizon, values: [3y]}\n"
                                       "  - {path: coordination.step, values: [0.3d]}\n"
                                       "  - {path: stations.design_team.capacity, values: [2, 4]}\n";
  ASSERT_EQ(run_satflow({"sweep", (dir / "swept.yaml").string(), "--db", swept.string(), "-q"}).exit_code, 0);
  auto means = [](const std::filesystem::path& db) {
    const auto j = nlohmann::json::parse(run_satflow({"results", db.string(), "--json", "-"}).out);
    std::vector<double> out;
    for (const auto& p : j["points"])
      for (const auto& [name, kpi] : p["kpis"].items())
        out.push_back(kpi.is_null() ? -1 : kpi["mean"].get<double>());
    return out;
  };
  const auto a = means(fixed), b = means(swept);
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a, b);
  const auto text = run_satflow({"results", fixed.string()}).out;
  EXPECT_THAT(text, HasSubstr("fixed at every point: horizon=3y coordination.step=0.3d"));
  // Without set: the earlier horizon (the scenario's) gives other results.
  std::ofstream(dir / "plain.yaml") << "name: fixed\nscenario: " << source_path("test/data/three-hubs.yaml").string()
                                    << "\nreplications: 2\ndesign: grid\nparameters:\n"
                                       "  - {path: stations.design_team.capacity, values: [2, 4]}\n";
  ASSERT_EQ(
      run_satflow({"sweep", (dir / "plain.yaml").string(), "--db", (dir / "plain.sqlite").string(), "-q"}).exit_code,
      0);
  EXPECT_NE(means(dir / "plain.sqlite"), a);
}

// The CSV is read by parameter: a column per parameter named by its path, and per KPI the paired
// difference against the reference with its interval, every number at full precision.
TEST(Sweep, CsvHasAColumnPerParameterAndThePairedDifferenceAgainstTheReference) {
  const auto dir = fresh_dir("sweep-csv");
  const auto db = dir / "small.sqlite";
  ASSERT_EQ(run_satflow({"sweep", kSmall, "--db", db.string(), "-q"}).exit_code, 0);
  const std::string csv = results_csv(db);
  const std::string header = csv.substr(0, csv.find('\n'));
  EXPECT_EQ(header, "point,coordination.step,stations.design_team.capacity,kpi,n,mean,lower,upper,diff_mean,"
                    "diff_lower,diff_upper,relative_change,significant");
  EXPECT_THAT(csv, Not(HasSubstr("e+")));
  // The others have a difference per KPI; the reference (the scenario's own values, the last point) none.
  std::istringstream rows(csv);
  std::string row;
  std::getline(rows, row);
  std::getline(rows, row);
  EXPECT_THAT(row, HasSubstr(",0.1d,2,coordination_share,3,"));
  EXPECT_TRUE(row.ends_with(",yes") || row.ends_with(",no")) << row;
  for (std::size_t i = 0; i < 12; ++i)
    std::getline(rows, row); // to the reference's first KPI
  EXPECT_THAT(row, HasSubstr(",0.4d,4,coordination_share,3,"));
  EXPECT_EQ(row.substr(row.size() - 5), ",,,,,") << row;
}

// Targets in a sweep, on deterministic work with a known answer (test/data/sweeps/step-targets.yaml):
// ten-by-mid-june is met at no replication with one bench and at all three with two or three; `quick`
// never. Each point's probability carries Wilson's interval (0 of 3: [0, 0.5615]; 3 of 3: [0.4385, 1]),
// in the text, the JSON, the CSV and the page.
TEST(Sweep, EveryPointReportsEachTargetsProbabilityWithItsWilsonInterval) {
  const auto dir = fresh_dir("sweep-targets");
  const auto db = dir / "step.sqlite";
  ASSERT_EQ(
      run_satflow({"sweep", source_path("test/data/sweeps/step-targets.yaml").string(), "--db", db.string(), "-q"})
          .exit_code,
      0);
  const std::string text = run_satflow({"results", db.string()}).out;
  for (const char* line :
       {"stations.bench.capacity=1  (reference)\n", "  P(ten-by-mid-june met): 0% [0%, 56.1%] (n 3)\n",
        "  P(ten-by-mid-june met): 100.0% [43.9%, 100.0%] (n 3); vs reference +100 pp [+100 pp, "
        "+100 pp]\n",
        "  P(quick met): 0% [0%, 56.1%] (n 3); vs reference 0 pp [0 pp, 0 pp]\n"})
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  const auto j = nlohmann::json::parse(run_satflow({"results", db.string(), "--json", "-"}).out);
  ASSERT_EQ(j["points"].size(), 3u);
  for (std::size_t p = 0; p < 3; ++p) {
    const auto& met = j["points"][p]["kpis"]["target.ten-by-mid-june"];
    EXPECT_EQ(met["n"], 3);
    EXPECT_EQ(met["mean"].get<double>(), p == 0 ? 0.0 : 1.0);
    EXPECT_NEAR(met["lower"].get<double>(), p == 0 ? 0.0 : 0.43850296824495455, 1e-12);
    EXPECT_NEAR(met["upper"].get<double>(), p == 0 ? 0.5614970317550455 : 1.0, 1e-12);
    EXPECT_EQ(j["points"][p]["kpis"]["target.quick"]["mean"].get<double>(), 0.0);
  }
  const std::string csv = results_csv(db);
  EXPECT_THAT(csv, HasSubstr(",1,target.ten-by-mid-june,3,0,0,0.5614970317550455,,,,,\n"));
  EXPECT_THAT(csv, HasSubstr(",2,target.ten-by-mid-june,3,1,0.43850296824495455,1,1,1,1,,yes\n"));
  EXPECT_THAT(csv, HasSubstr(",3,target.quick,3,0,0,0.5614970317550455,0,0,0,,no\n"));
  const auto page = (dir / "step.html").string();
  ASSERT_EQ(run_satflow({"results", db.string(), "--html", page}).exit_code, 0);
  const std::string html = read_file(page);
  for (const char* title : {"P(ten-by-mid-june met) against stations.bench.capacity",
                            "P(quick met) against stations.bench.capacity", "its interval is Wilson"})
    EXPECT_NE(html.find(title), std::string::npos) << title;
}

} // namespace
} // namespace satflow::test
