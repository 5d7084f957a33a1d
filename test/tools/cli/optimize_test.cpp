// `satflow optimize` end to end on known answers: a target on deterministic work (a step function of
// a capacity), M/M/c staffing against Erlang C, and the database's promises (no run twice, reruns,
// --jobs and a kill-and-resume give the identical report); under --uncertain, a target's probability over
// the input draws.
#include "test/tools/process_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <string>

namespace satflow::test {
namespace {

using ::testing::HasSubstr;

using nlohmann::json;

std::string spec(const std::string& name) { return source_path("test/data/optimise/" + name).string(); }

json optimize(const std::string& name, const std::filesystem::path& db, const std::string& jobs = "1") {
  const auto r = run_satflow({"optimize", spec(name), "--db", db.string(), "--jobs", jobs, "--json", "-"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out, nullptr, false);
}

/// The first decision's value in a plan of the report.
std::string value_of(const json& candidate) { return candidate["plan"][0]["value"].get<std::string>(); }

TEST(Targets, LaunchedByADateIsTheKnownStepFunctionOfTheCapacity) {
  for (int c : {1, 2, 3, 4, 5}) {
    SCOPED_TRACE(c);
    const auto r =
        run_satflow({"run", spec("step.yaml"), "--set", "stations.bench.capacity=" + std::to_string(c), "--json", "-"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto t = json::parse(r.out)["targets"];
    EXPECT_EQ(t[0]["name"], "ten-by-mid-june");
    EXPECT_EQ(t[0]["value"].get<double>(), std::min(5 * c, 20)); // batches at days 30, ..., 150 fly by day 166
    EXPECT_EQ(t[0]["met"].get<bool>(), c >= 2);
  }
}

TEST(Targets, ReplicationsReportTheProbabilityWithItsWilsonInterval) {
  const auto r = run_satflow({"run", spec("step.yaml"), "--replications", "3", "--json", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  const auto& p = j["variants"][0]["kpis"]["target.ten-by-mid-june"];
  EXPECT_EQ(p["mean"].get<double>(), 0); // one bench: missed in every replication
  EXPECT_EQ(p["lower"].get<double>(), 0);
  EXPECT_NEAR(p["upper"].get<double>(), 0.561497, 1e-6); // Wilson, 0 of 3
}

TEST(Optimize, ChanceConstraintFindsTheCheapestFeasibleCapacity) {
  const auto dir = fresh_dir("optimize-step");
  const auto report = optimize("step-capacity.yaml", dir / "opt.sqlite");
  EXPECT_EQ(report["algorithm"], "enumerated");
  EXPECT_EQ(value_of(report["chosen"]), "2");
  EXPECT_EQ(report["chosen"]["plan_cost"].get<double>(), 10);
  // Capacity 1 is reported as such: infeasible, last of the ranking.
  EXPECT_EQ(value_of(report["ranked"].back()), "1");
  EXPECT_FALSE(report["ranked"].back()["feasible"].get<bool>());
  // Six candidates x 3 replications, then 3 x 3 fresh ones for the selection: each run once.
  EXPECT_EQ(report["stored"]["runs"].get<int>(), 6 * 3 + 3 * 3);
  const auto again = optimize("step-capacity.yaml", dir / "opt.sqlite");
  EXPECT_EQ(again.dump(), report.dump());
  std::filesystem::remove_all(dir);
}

TEST(Optimize, NothingFeasibleReportsTheClosestPlanAndWhatBinds) {
  const auto dir = fresh_dir("optimize-infeasible");
  const auto report = optimize("step-infeasible.yaml", dir / "opt.sqlite");
  EXPECT_FALSE(report.contains("chosen"));
  ASSERT_TRUE(report.contains("infeasible"));
  const std::string binds = report["infeasible"]["binds"].dump();
  EXPECT_THAT(binds, HasSubstr("target ten-by-mid-june"));
  EXPECT_THAT(binds, HasSubstr("stations.bench.capacity at the top of its range (1)"));
  const auto text = run_satflow({"results", (dir / "opt.sqlite").string()});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("no plan within the bounds meets the constraints"));
  std::filesystem::remove_all(dir);
}

/// Erlang C: probability that an arrival waits, for c servers and offered load a.
double erlang_c(int c, double a) {
  double sum = 0, term = 1;
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double top = term / (1 - a / c);
  return top / (sum + top);
}

TEST(Optimize, MMcStaffingFindsTheServersErlangCSaysAreCheapest) {
  const double lambda = 4, cost_server = 1, cost_hour = 1; // per hour; service mean 1 h (mmc.yaml)
  int best = 0;
  double best_cost = 1e300;
  for (int c = 5; c <= 10; ++c) {
    const double w = 1 + erlang_c(c, lambda) / (c - lambda);
    if (const double cost = cost_server * c + cost_hour * lambda * w; cost < best_cost) {
      best = c;
      best_cost = cost;
    }
  }
  ASSERT_EQ(best, 6);
  const auto dir = fresh_dir("optimize-mmc");
  const auto report = optimize("mmc-staffing.yaml", dir / "a.sqlite", "2");
  EXPECT_EQ(value_of(report["chosen"]), std::to_string(best));
  EXPECT_EQ(report["stored"]["runs"].get<int>(), 10 * 4);
  // --jobs 1 gives the identical report.
  EXPECT_EQ(optimize("mmc-staffing.yaml", dir / "b.sqlite", "1").dump(), report.dump());
  std::filesystem::remove_all(dir);
}

TEST(Optimize, GacoRerunsAndAKillAndResumeGiveTheIdenticalAnswer) {
  const auto dir = fresh_dir("optimize-gaco");
  const auto whole = optimize("mmc-gaco.yaml", dir / "whole.sqlite", "2");
  EXPECT_EQ(whole["algorithm"], "gaco");
  EXPECT_EQ(value_of(whole["chosen"]), "6");
  // No candidate twice: as many runs as distinct candidates x replications.
  EXPECT_EQ(whole["stored"]["runs"].get<int>(), whole["stored"]["candidates"].get<int>() * 4);
  // Killed part way, then resumed: the same report.
  // Killed at 0.3 s: part way on a loaded machine; on a quiet one it may have finished, and the
  // resume must give the same report either way.
  const std::string killed = "timeout -s KILL 0.3 " + satflow_binary().string() + " optimize " + spec("mmc-gaco.yaml") +
                             " --db " + (dir / "resumed.sqlite").string() + " --jobs 1 > /dev/null 2>&1";
  (void)std::system(killed.c_str());
  EXPECT_EQ(optimize("mmc-gaco.yaml", dir / "resumed.sqlite", "1").dump(), whole.dump());
  EXPECT_EQ(optimize("mmc-gaco.yaml", dir / "whole.sqlite", "1").dump(), whole.dump());
  std::filesystem::remove_all(dir);
}

// test/data/uncertain/target-optimize.yaml: met in every replication at the point value (P = 1, the
// cheapest plan chosen), in about half the input draws with --uncertain (theta <= 2d of U[1d, 3d]),
// where no plan meets P >= 0.9.
TEST(Optimize, UnderUncertainInputsATargetsProbabilityIsOverTheDraws) {
  const auto dir = fresh_dir("optimize-uncertain");
  const std::string target = source_path("test/data/uncertain/target-optimize.yaml").string();
  auto run = [&](const std::string& db, std::vector<std::string> more) {
    std::vector<std::string> args{"optimize", target, "--db", (dir / db).string(), "--jobs", "2", "--json", "-"};
    args.insert(args.end(), more.begin(), more.end());
    return run_satflow(args);
  };
  const auto point = run("point.sqlite", {});
  ASSERT_EQ(point.exit_code, 0) << point.err;
  const json p = json::parse(point.out);
  EXPECT_FALSE(p.contains("inputs"));
  EXPECT_EQ(p["chosen"]["kpis"]["target.three-days"]["mean"], 1.0) << p.dump();
  const auto drawn = run("drawn.sqlite", {"--uncertain"});
  ASSERT_EQ(drawn.exit_code, 0) << drawn.err;
  const json d = json::parse(drawn.out);
  EXPECT_EQ(d["inputs"], "--uncertain");
  EXPECT_FALSE(d.contains("chosen")) << d.dump();
  const json& closest = d["infeasible"]["closest"][0];
  EXPECT_EQ(value_of(closest), "1");
  const double met = closest["kpis"]["target.three-days"]["mean"].get<double>();
  EXPECT_NEAR(met, 0.5, 0.15) << closest.dump(); // 3 binomial sd at 100 draws
  EXPECT_NEAR(closest["shortfall"][0].get<double>(), 0.9 - met, 1e-12);
  // Both plans ran the same draws: capacity changes nothing, so their figures are the same.
  EXPECT_EQ(d["infeasible"]["closest"][1]["kpis"], closest["kpis"]);
  // The draws decide the runs: a database of the point runs is another optimisation.
  const auto mixed = run("point.sqlite", {"--uncertain"});
  EXPECT_EQ(mixed.exit_code, 2);
  EXPECT_THAT(mixed.err, HasSubstr("the database holds another optimisation"));
  const auto rerun = run("drawn.sqlite", {"--uncertain"});
  EXPECT_EQ(rerun.out, drawn.out);
  std::filesystem::remove_all(dir);
}

} // namespace
} // namespace satflow::test
