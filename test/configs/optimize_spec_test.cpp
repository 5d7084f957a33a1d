// Optimisation specs: decisions read against the scenario's own values, and plan costs relative to them.
#include "configs/optimize_spec.hpp"

#include <gtest/gtest.h>

namespace satflow::configs {
namespace {

const std::vector<std::string> kKpis{"lead_time_mean_s", "time_in_system_mean_s"};

std::filesystem::path source(const std::string& relative) {
  return std::filesystem::path(SATFLOW_SOURCE_DIR) / relative;
}

TEST(OptimizeSpec, ARangeCostsPerUnitAboveTheScenariosValue) {
  const auto loaded = load_optimize_spec(source("test/data/optimise/step-capacity.yaml"), kKpis);
  ASSERT_TRUE(loaded.spec) << loaded.diagnostics.format();
  const auto& spec = *loaded.spec;
  ASSERT_EQ(spec.decisions.size(), 1u);
  EXPECT_EQ(spec.decisions[0].baseline, "1");
  EXPECT_EQ(spec.decisions[0].from, 1);
  EXPECT_EQ(spec.decisions[0].to, 6);
  EXPECT_EQ(plan_cost(spec, {1}), 0);
  EXPECT_EQ(plan_cost(spec, {4}), 30);
  EXPECT_EQ(candidate_overrides(spec, {4}), std::vector<std::string>{"stations.bench.capacity=4"});
  ASSERT_EQ(spec.constraints.size(), 1u);
  EXPECT_EQ(spec.constraints[0].at_least, 0.9);
  EXPECT_EQ(spec.select_top, 3u);
}

TEST(OptimizeSpec, ACategoricalCostsItsValueLessTheScenariosValue) {
  const auto loaded = load_optimize_spec(source("configs/optimise/roadmap-2031.yaml"), kKpis);
  ASSERT_TRUE(loaded.spec) << loaded.diagnostics.format();
  const auto& d = loaded.spec->decisions;
  ASSERT_GE(d.size(), 2u);
  EXPECT_TRUE(d[0].categorical);
  EXPECT_EQ(d[0].baseline, "8/y"); // found by the arrival source's name
  EXPECT_EQ(d[0].base_index, 0);
  EXPECT_EQ(decision_cost(d[0], 3), 960);
  EXPECT_EQ(decision_cost(d[0], 0), 0);
  EXPECT_EQ(decision_value(d[0], 2), "16/y");
  EXPECT_EQ(decision_cost(d[1], 8), 6); // design teams: 2 above the scenario's 6, at 3 each
}

} // namespace
} // namespace satflow::configs
