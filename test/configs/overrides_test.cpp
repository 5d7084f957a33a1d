// Layout files and --set overrides, applied to the document before it is read.
#include "configs/scenario_loader.hpp"

#include "simcore/units.hpp"
#include "test/configs/scenario_texts.hpp"
#include "test/tools/process_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace satflow::configs {
namespace {

using ::testing::HasSubstr;

using namespace testing;
using simcore::kDay;

TEST(Overrides, AppliesOverridesByKeyPathAndByElementName) {
  const LoadResult r = load(
      kGood, {"stations.team.capacity=5", "process.review.coordinate.rounds=1", "arrivals.0.rate=12/y", "horizon=3y"});
  ASSERT_TRUE(r.scenario) << r.diagnostics.format();
  EXPECT_EQ(r.scenario->stations[0].capacity, 5);
  EXPECT_EQ(r.scenario->stages[1].rounds, 1);
  EXPECT_DOUBLE_EQ(r.scenario->arrivals[0].rate_per_s, 12 / (365 * kDay));
  EXPECT_DOUBLE_EQ(r.scenario->horizon_s, 3 * 365 * kDay);
}

TEST(Overrides, BlamesTheOverrideForAnOverriddenValue) {
  EXPECT_EQ(only_error(load(kGood, {"stations.team.capacity=0"})),
            "--set stations.team.capacity=0: stations.team.capacity: expected an integer >= 1, got 0");
  EXPECT_EQ(only_error(load(kGood, {"stations.teem.capacity=2"})),
            "--set stations.teem.capacity=2: stations.teem.capacity: no key 'teem' under 'stations'; did you mean "
            "'team'?");
  EXPECT_EQ(only_error(load(kGood, {"horizon"})), "--set horizon: expected key.path=value");
}

TEST(Overrides, SwapsTheLayoutThroughTheFunctions) {
  const LoadResult r = load_scenario_text(kSatellite, "sat.yaml", {"functions.design=sacheon"});
  ASSERT_TRUE(r.scenario) << r.diagnostics.format();
  EXPECT_EQ(r.scenario->stations[0].site, "sacheon");
  EXPECT_TRUE(r.scenario->coordination->friction.empty()); // co-located now: nothing to rub
}

/// Writes `text` as dir/layouts/NAME.yaml beside a scenario at dir/sat.yaml; returns the scenario's path.
std::filesystem::path with_layout(const std::string& name, const std::string& text) {
  const auto dir = test::fresh_dir("overrides");
  test::write_file(dir / "layouts" / (name + ".yaml"), text);
  return dir / "sat.yaml";
}

TEST(Overrides, ALayoutFileReplacesTheFunctionsAndOverridesCoordinationKeys) {
  const auto scenario = with_layout("all-in-sacheon", "name: all in Sacheon\nfunctions: {design: sacheon, agency: "
                                                      "sacheon, manufacturing: sacheon, ait: sacheon, launch: naro}\n"
                                                      "coordination: {step: 1h}\n");
  const LoadResult r = load_scenario_text(kSatellite, scenario.string(), std::vector<std::string>{}, "all-in-sacheon");
  ASSERT_TRUE(r.scenario) << r.diagnostics.format();
  EXPECT_EQ(r.scenario->layout, "all in Sacheon");
  EXPECT_EQ(r.scenario->stations[0].site, "sacheon");
  EXPECT_DOUBLE_EQ(r.scenario->coordination->step_s, 3600);
}

TEST(Overrides, ALayoutPlacesTheFunctionsForTheWholeRunAndDropsTheScenariosRelocations) {
  const std::string moving = std::string(kSatellite) + "relocations: [{function: ait, to: daejeon, on: 2027-01-01}]\n";
  const LoadResult own = load_scenario_text(moving, "sat.yaml");
  ASSERT_TRUE(own.scenario) << own.diagnostics.format();
  ASSERT_EQ(own.scenario->relocations.size(), 1u);
  EXPECT_EQ(own.scenario->stations[2].site_function, "ait"); // tvac follows the move
  const auto scenario = with_layout("all-in-sacheon-2", "functions: {design: sacheon, agency: sacheon, "
                                                        "manufacturing: sacheon, ait: sacheon, launch: naro}\n");
  const LoadResult r = load_scenario_text(moving, scenario.string(), std::vector<std::string>{}, "all-in-sacheon-2");
  ASSERT_TRUE(r.scenario) << r.diagnostics.format();
  EXPECT_TRUE(r.scenario->relocations.empty());
}

TEST(Overrides, ABadLayoutIsReportedInItsOwnFileAndAValueItSetIsBlamedOnIt) {
  const auto scenario = with_layout("typo", "functions: {design: sachon}\ncoordination: {stepp: 1h}\n");
  const LoadResult r = load_scenario_text(kSatellite, scenario.string(), std::vector<std::string>{}, "typo");
  const std::string all = r.diagnostics.format();
  EXPECT_THAT(all, HasSubstr("layouts/typo.yaml: coordination.stepp: unknown key 'stepp'; did you mean 'step'?"));
  EXPECT_NE(all.find("layouts/typo.yaml: functions.design: unknown site 'sachon'; did you mean 'sacheon'?"),
            std::string::npos);
  const std::string missing =
      load_scenario_text(kSatellite, scenario.string(), std::vector<std::string>{}, "missing").diagnostics.format();
  EXPECT_THAT(missing, HasSubstr("layouts/missing.yaml: cannot open the layout file"));
}

} // namespace
} // namespace satflow::configs
