// The optimisation page from a report as run_optimization() writes it: which charts, in which order, what
// their tables say, and what the page says when nothing is feasible.
#include "tools/report/optimize_charts.hpp"

#include <gtest/gtest.h>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;

Json plan(int value) {
  return Json::array({{{"path", "stations.bench.capacity"},
                       {"value", std::to_string(value)},
                       {"scenario", "1"},
                       {"cost", 10.0 * (value - 1)}}});
}

Json figures(int value, bool feasible, double p) {
  return {
      {"plan", plan(value)},
      {"plan_cost", 10.0 * (value - 1)},
      {"loaded", true},
      {"objective", {10.0 * (value - 1)}},
      {"feasible", feasible},
      {"kpis", {{"target.ten", {{"mean", p}, {"lower", p == 1 ? 0.4385 : 0.0}, {"upper", p == 1 ? 1.0 : 0.5615}}}}}};
}

Json report() {
  Json r = {{"name", "step"},
            {"scenario", "step"},
            {"seed", 1},
            {"replications", 3},
            {"algorithm", "gaco"},
            {"space_size", 6},
            {"objectives", Json::array({{{"kpi", "cost"}, {"sense", "minimise"}}})},
            {"constraints", Json::array({{{"target", "ten"}, {"at_least", 0.9}}})},
            {"generations", Json::array({{{"generation", 1}, {"evaluated", 3}, {"best_feasible", nullptr}},
                                         {{"generation", 2}, {"evaluated", 6}, {"best_feasible", 10.0}}})},
            {"evaluated", 6}};
  r["ranked"] = Json::array({figures(2, true, 1), figures(3, true, 1), figures(1, false, 0)});
  r["chosen"] = figures(2, true, 1);
  return r;
}

TEST(OptimizeCharts, APlanPageHasThePlanItsTargetsTheConvergenceAndTheRunnersUp) {
  const HtmlPage page = optimize_page(report(), "0", "2026-01-01");
  ASSERT_EQ(page.charts.size(), 4u);
  EXPECT_EQ(page.charts[0].title, "The chosen plan against the scenario");
  EXPECT_EQ(page.charts[0].rows[0], (std::vector<std::string>{"stations.bench.capacity", "1", "2", "10"}));
  EXPECT_EQ(page.charts[1].rows[0], (std::vector<std::string>{"ten", "100.0%", "[43.9%, 100.0%]", ">= 90.0%"}));
  EXPECT_EQ(page.charts[2].title, "Convergence: the best feasible cost per generation");
  EXPECT_EQ(page.charts[2].spec["data"]["values"].size(), 1u); // generation 1 had nothing feasible
  EXPECT_EQ(page.charts[3].rows[0][1], "stations.bench.capacity 1 -> 2 (chosen)");
  EXPECT_EQ(page.charts[3].rows[2][4], "no");
  EXPECT_EQ(page.charts[3].spec["data"]["values"][0]["plan"], "1. stations.bench.capacity 1 -> 2 (chosen)");
  ASSERT_EQ(page.summary.size(), 1u);
  EXPECT_EQ(page.summary[0],
            "Chosen plan: stations.bench.capacity 1 -> 2; plan cost 10. P(ten met) 100.0% [43.9%, 100.0%].");
}

TEST(OptimizeCharts, NothingFeasibleSaysSoAndWhatBindsWithoutAPlanChart) {
  Json r = report();
  r.erase("chosen");
  r["generations"] = Json::array({{{"generation", 1}, {"evaluated", 6}, {"best_feasible", nullptr}}});
  r["infeasible"] = {{"closest", Json::array()}, {"binds", Json::array({"stations.bench.capacity at the top"})}};
  const HtmlPage page = optimize_page(r, "0", "2026-01-01");
  ASSERT_EQ(page.charts.size(), 1u); // the runners-up: no plan, no targets, no convergence without a point
  EXPECT_NE(page.summary[0].find("No plan within the decisions' bounds meets the constraints"), std::string::npos);
  EXPECT_EQ(page.notes, (std::vector<std::string>{"What binds: stations.bench.capacity at the top."}));
}

} // namespace
} // namespace satflow::tools
