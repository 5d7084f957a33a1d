// Sweep designs expanded from specs: grid, one-at-a-time, Latin hypercube, Morris, Sobol (Saltelli).
#include "tools/experiments/sweep_plan.hpp"

#include <gtest/gtest.h>

#include <set>

namespace satflow::tools {
namespace {

configs::SweepParameter discrete(const std::string& path, std::vector<std::string> values, std::size_t base = 0) {
  configs::SweepParameter p;
  p.path = path;
  p.values = std::move(values);
  p.base = base;
  return p;
}

configs::SweepParameter continuous(const std::string& path, double lo, double hi) {
  configs::SweepParameter p;
  p.path = path;
  p.distribution = simcore::Distribution::uniform(lo, hi);
  return p;
}

/// A Morris design over `parameters` with four levels (delta = 2/3).
configs::SweepSpec morris(std::size_t trajectories, std::vector<configs::SweepParameter> parameters) {
  configs::SweepSpec spec;
  spec.name = "m";
  spec.design = configs::SweepDesign::morris;
  spec.trajectories = trajectories;
  spec.levels = 4;
  spec.parameters = std::move(parameters);
  return spec;
}

TEST(SweepPlan, AGridIsTheFullFactorialWithTheLastParameterFastest) {
  configs::SweepSpec spec;
  spec.name = "g";
  spec.replications = 2;
  spec.parameters = {discrete("a", {"1", "2", "3"}), discrete("b", {"x", "y"})};
  const SweepPlan plan = plan_sweep(spec, 1, "scenario");
  ASSERT_EQ(plan.points.size(), 6u);
  EXPECT_EQ(plan.points[0].overrides, (std::vector<std::string>{"a=1", "b=x"}));
  EXPECT_EQ(plan.points[1].overrides, (std::vector<std::string>{"a=1", "b=y"}));
  EXPECT_EQ(plan.points[5].overrides, (std::vector<std::string>{"a=3", "b=y"}));
  EXPECT_EQ(plan.task_count(), 12u);
  // Replication-major: tasks 0-5 are replication 0 of every point.
  EXPECT_EQ(plan.replication_of(5), 0u);
  EXPECT_EQ(plan.replication_of(6), 1u);
  EXPECT_EQ(plan.point_of(7), 1u);
  std::set<std::string> ids;
  for (const auto& p : plan.points)
    ids.insert(p.id);
  EXPECT_EQ(ids.size(), 6u);
}

TEST(SweepPlan, TheHashChangesWithTheScenarioAndTheDesign) {
  configs::SweepSpec spec;
  spec.name = "g";
  spec.parameters = {discrete("a", {"1", "2"})};
  const auto h = plan_sweep(spec, 1, "scenario").hash;
  EXPECT_EQ(plan_sweep(spec, 1, "scenario").hash, h);
  EXPECT_NE(plan_sweep(spec, 1, "scenario edited").hash, h);
  EXPECT_NE(plan_sweep(spec, 2, "scenario").hash, h);
  spec.replications = 3;
  EXPECT_NE(plan_sweep(spec, 1, "scenario").hash, h);
}

TEST(SweepPlan, OneAtATimeMovesEachParameterAloneFromTheBase) {
  configs::SweepSpec spec;
  spec.name = "o";
  spec.design = configs::SweepDesign::one_at_a_time;
  spec.parameters = {discrete("a", {"1", "2", "3"}, 1), discrete("b", {"x", "y"}, 0)};
  const SweepPlan plan = plan_sweep(spec, 1, "s");
  ASSERT_EQ(plan.points.size(), 1u + 2u + 1u);
  EXPECT_EQ(plan.points[0].overrides, (std::vector<std::string>{"a=2", "b=x"}));
  EXPECT_EQ(plan.points[1].overrides, (std::vector<std::string>{"a=1", "b=x"}));
  EXPECT_EQ(plan.points[2].overrides, (std::vector<std::string>{"a=3", "b=x"}));
  EXPECT_EQ(plan.points[3].overrides, (std::vector<std::string>{"a=2", "b=y"}));
}

TEST(SweepPlan, ALatinHypercubePutsOneSampleInEveryStratumOfEveryParameter) {
  configs::SweepSpec spec;
  spec.name = "l";
  spec.design = configs::SweepDesign::latin_hypercube;
  spec.samples = 20;
  spec.parameters = {continuous("x", 0, 10), continuous("y", 100, 200)};
  const SweepPlan plan = plan_sweep(spec, 7, "s");
  ASSERT_EQ(plan.points.size(), 20u);
  for (std::size_t j = 0; j < 2; ++j) {
    std::set<int> strata;
    for (const auto& p : plan.points)
      strata.insert(static_cast<int>(p.coordinates[j] * 20));
    EXPECT_EQ(strata.size(), 20u) << "parameter " << j;
  }
  EXPECT_EQ(plan_sweep(spec, 7, "s").points[3].overrides, plan.points[3].overrides); // reproducible
  EXPECT_NE(plan_sweep(spec, 8, "s").points[3].overrides, plan.points[3].overrides);
}

TEST(SweepPlan, MorrisStepsMoveOneParameterByDelta) {
  const configs::SweepSpec spec =
      morris(6, {continuous("x", 0, 1), continuous("y", 0, 1), discrete("z", {"a", "b", "c", "d"})});
  const SweepPlan plan = plan_sweep(spec, 3, "s");
  ASSERT_EQ(plan.morris.size(), 6u * 3u);
  for (const auto& step : plan.morris) {
    const auto& from = plan.points[step.from];
    const auto& to = plan.points[step.to];
    for (std::size_t j = 0; j < 3; ++j) {
      if (j == step.parameter)
        EXPECT_NEAR(to.coordinates[j] - from.coordinates[j], 2.0 / 3, 1e-12); // delta = p / (2 (p - 1))
      else
        EXPECT_EQ(to.coordinates[j], from.coordinates[j]);
    }
    EXPECT_DOUBLE_EQ(step.delta, 2.0 / 3);
  }
}

TEST(SweepPlan, AStoredPlanIsSoundWhenItParsesMatchesItsHashAndHasTheShapeResultsReadsIn) {
  const configs::SweepSpec spec = morris(2, {continuous("x", 0, 1), discrete("z", {"a", "b", "c", "d"})});
  const SweepPlan plan = plan_sweep(spec, 3, "s");
  const nlohmann::ordered_json json = plan_json(spec, plan);
  EXPECT_EQ(plan_damage({plan.hash, json.dump(), plan.scenario_hash}), "");
  EXPECT_EQ(plan_damage({plan.hash, json.dump(), ""}), ""); // a database from before the scenario's hash was kept
  const std::string damaged = "the sweep plan is damaged: ";
  EXPECT_EQ(plan_damage({plan.hash, "{not json", plan.scenario_hash}), damaged + "it is not JSON");
  auto edited = json;
  edited["replications"] = 2;
  EXPECT_EQ(plan_damage({plan.hash, edited.dump(), plan.scenario_hash}),
            damaged + "it does not match its hash " + plan.hash);
  EXPECT_EQ(plan_damage({plan.hash, json.dump(), "0123456789abcdef"}),
            damaged + "it does not match its hash " + plan.hash);
  EXPECT_EQ(plan_damage({plan.hash, json.dump(), "not hex"}), damaged + "it does not match its hash " + plan.hash);
  // Without the scenario's hash only the shape can be checked: what `results` would index out of range.
  auto shape = [&](auto edit) {
    auto j = json;
    edit(j);
    return plan_damage({plan.hash, j.dump(), ""});
  };
  EXPECT_EQ(shape([](auto& j) { j = nlohmann::ordered_json::array({1, 2}); }), damaged + "it is not a JSON object");
  EXPECT_EQ(shape([](auto& j) { j["name"] = 5; }), damaged + "its name or design is not a string");
  EXPECT_EQ(shape([](auto& j) { j["replications"] = 0; }), damaged + "its replications are not a whole number >= 1");
  EXPECT_EQ(shape([](auto& j) { j["parameters"][1] = 7; }), damaged + "its parameters are not a list of names");
  EXPECT_EQ(shape([](auto& j) { j["points"] = nlohmann::ordered_json::array(); }),
            damaged + "its points are not a non-empty list");
  EXPECT_EQ(shape([](auto& j) { j["points"][1]["overrides"].erase(0); }),
            damaged + "a point is not {id, overrides} with one override per parameter");
  EXPECT_EQ(shape([](auto& j) { j["morris"] = "none"; }), damaged + "its Morris steps are not a list");
  const std::string step = damaged + "a Morris step is not [from point, to point, parameter, non-zero delta]";
  EXPECT_EQ(shape([&](auto& j) { j["morris"][0][1] = plan.points.size(); }), step);
  EXPECT_EQ(shape([](auto& j) { j["morris"][0][2] = 2; }), step);
  EXPECT_EQ(shape([](auto& j) { j["morris"][0][3] = 0.0; }), step);
}

TEST(SweepPlan, AGridRefusesAContinuousRange) {
  configs::SweepSpec spec;
  spec.name = "bad";
  spec.parameters = {continuous("x", 0, 1)};
  EXPECT_THROW(plan_sweep(spec, 1, "s"), std::invalid_argument);
}

} // namespace
} // namespace satflow::tools

namespace satflow::tools {
namespace {

TEST(SweepPlan, SaltellisSchemeHasNTimesKPlusTwoPointsEachABiMovingOneColumnOfA) {
  configs::SweepSpec spec;
  spec.name = "s";
  spec.design = configs::SweepDesign::sobol;
  spec.samples = 8;
  spec.parameters = {continuous("x", 0, 1), continuous("y", 10, 20), continuous("z", -1, 1)};
  const SweepPlan plan = plan_sweep(spec, 7, "scenario");
  EXPECT_EQ(plan.points.size(), 8u * (3 + 2));
  ASSERT_EQ(plan.sobol.size(), 8u);
  for (const auto& row : plan.sobol) {
    ASSERT_EQ(row.size(), 5u);
    const auto& a = plan.points[row[0]].overrides;
    const auto& b = plan.points[row[1]].overrides;
    for (std::size_t i = 0; i < 3; ++i) {
      const auto& ab = plan.points[row[2 + i]].overrides;
      for (std::size_t j = 0; j < 3; ++j)
        EXPECT_EQ(ab[j], j == i ? b[j] : a[j]) << "A_B^" << i << " column " << j;
    }
  }
  const nlohmann::ordered_json json = plan_json(spec, plan);
  EXPECT_EQ(plan_damage({plan.hash, json.dump(), plan.scenario_hash}), "");
  auto row_damaged = json;
  row_damaged["sobol"]["rows"][0].erase(4);
  EXPECT_EQ(plan_damage({plan.hash, row_damaged.dump(), ""}),
            "the sweep plan is damaged: a Sobol row is not [A point, B point, one A_B point per parameter]");
  spec.parameters.push_back(discrete("w", {"1", "2"}));
  EXPECT_THROW(plan_sweep(spec, 7, "scenario"), std::invalid_argument);
}

TEST(SweepPlan, ANamedReferenceIsRecordedAndOnlyThenEntersThePlan) {
  configs::SweepSpec spec;
  spec.name = "g";
  spec.parameters = {discrete("a", {"1", "2", "3"}), discrete("b", {"x", "y"})};
  const SweepPlan plain = plan_sweep(spec, 1, "s");
  EXPECT_EQ(plain.reference, 0u);
  EXPECT_FALSE(plan_json(spec, plain).contains("reference")); // older plans keep their hashes
  spec.reference = {2, 0};
  const SweepPlan named = plan_sweep(spec, 1, "s");
  EXPECT_EQ(named.points[named.reference].overrides, (std::vector<std::string>{"a=3", "b=x"}));
  EXPECT_EQ(plan_json(spec, named)["reference"], named.reference);
  EXPECT_NE(named.hash, plain.hash);
  auto json = plan_json(spec, named);
  json["reference"] = named.points.size();
  EXPECT_EQ(plan_damage({named.hash, json.dump(), ""}),
            "the sweep plan is damaged: its reference is not the index of a point");
}

} // namespace
} // namespace satflow::tools
