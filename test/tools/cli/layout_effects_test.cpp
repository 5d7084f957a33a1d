// What distance, friction and co-location do to coordination, through the real binary on
// test/data/three-hubs.yaml (unbounded bandwidth: every exchange takes its route's latency).
#include "test/tools/process_util.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace satflow::test {
namespace {

constexpr double kDay = 86400;
constexpr double kMinute = 60;

nlohmann::json run(std::vector<std::string> sets) {
  std::vector<std::string> args{"run", source_path("test/data/three-hubs.yaml").string(), "--json", "-"};
  for (const auto& s : sets) {
    args.push_back("--set");
    args.push_back(s);
  }
  const auto r = run_satflow(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

/// Mean transfer time of the site pair "a -- b" (either order), or -1 if it carried nothing.
double pair_transfer(const nlohmann::json& j, const std::string& a, const std::string& b) {
  for (const auto& p : j["site_pairs"])
    if ((p["a"] == a && p["b"] == b) || (p["a"] == b && p["b"] == a))
      return p["mean_transfer_s"].get<double>();
  return -1;
}

TEST(LayoutEffects, ExchangesBetweenHubsTakeTheDistanceModelsLatency) {
  const auto j = run({});
  // DOMAIN-DATA 1.2: 155.5 km Daejeon-Sacheon, 216.3 km Daejeon-Naro.
  EXPECT_NEAR(pair_transfer(j, "daejeon", "sacheon"), 0.4 * kDay + 155.5 * 7 * kMinute, 120);
  EXPECT_NEAR(pair_transfer(j, "daejeon", "naro"), 0.4 * kDay + 216.3 * 7 * kMinute, 120);
}

TEST(LayoutEffects, FrictionOnOnePairRaisesOnlyThatPairsExchanges) {
  const auto base = run({});
  // x1.5 keeps the direct link shorter than the detour through Naro (which x2 would not: routes take
  // the shortest-latency path).
  const auto rubbed = run({"coordination.friction=[{between: [design, agency], factor: 1.5}]"});
  EXPECT_NEAR(pair_transfer(rubbed, "daejeon", "sacheon"), 1.5 * pair_transfer(base, "daejeon", "sacheon"), 1e-3);
  EXPECT_NEAR(pair_transfer(rubbed, "daejeon", "naro"), pair_transfer(base, "daejeon", "naro"), 1e-6);
  EXPECT_GT(rubbed["headline"]["coordination_share"].get<double>(),
            base["headline"]["coordination_share"].get<double>());
}

TEST(LayoutEffects, CoLocatingEveryFunctionLeavesOnlyTheIntraSiteLatency) {
  const auto base = run({});
  const auto together = run({"functions={design: daejeon, agency: daejeon, manufacturing: daejeon, ait: daejeon, "
                             "launch: daejeon}",
                             "coordination.friction=[{between: [design, agency], factor: 3}]"});
  ASSERT_EQ(together["site_pairs"].size(), 1u);
  EXPECT_EQ(together["site_pairs"][0]["a"], "daejeon");
  EXPECT_EQ(together["site_pairs"][0]["b"], "daejeon");
  EXPECT_NEAR(together["site_pairs"][0]["mean_transfer_s"].get<double>(), 0.5 * kDay, 1e-6);
  // Same items, same draws: only coordination changed, and it shrank.
  const double base_coord = base["time_breakdown_s"]["coordination"].get<double>();
  const double together_coord = together["time_breakdown_s"]["coordination"].get<double>();
  EXPECT_LT(together_coord, base_coord / 2);
  EXPECT_DOUBLE_EQ(together["time_breakdown_s"]["working"].get<double>(),
                   base["time_breakdown_s"]["working"].get<double>());
}

} // namespace
} // namespace satflow::test
