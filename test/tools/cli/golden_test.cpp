// Each shipped scenario, run with its own seed, must reproduce its checked-in JSON byte for byte.
// A model change that moves a number updates test/data/golden/ in the same commit
// (tools/update-golden.sh), so the diff shows what moved.
#include "test/tools/process_util.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace satflow::test {
namespace {

class Golden : public ::testing::TestWithParam<const char*> {};

TEST_P(Golden, ScenarioReproducesItsCheckedInResults) {
  const std::string name = GetParam();
  const auto r = run_satflow({"run", source_path("configs/" + name + ".yaml").string(), "--json", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string expected = read_file(source_path("test/data/golden/" + name + ".json"));
  ASSERT_FALSE(expected.empty()) << "no golden file for " << name;
  EXPECT_EQ(r.out, expected) << "results of configs/" << name
                             << ".yaml moved; if the change is intended, run tools/update-golden.sh";
}

INSTANTIATE_TEST_SUITE_P(ShippedScenarios, Golden, ::testing::Values("minimal", "mm1", "tandem", "korea-three-hub"));

// The charts of the --html page: every Vega-Lite spec with its data, compared as JSON values.
class GoldenCharts : public ::testing::TestWithParam<const char*> {};

TEST_P(GoldenCharts, RunPageSpecsMatchTheirCheckedInFile) {
  const std::string name = GetParam();
  const auto r = run_satflow({"run", source_path("configs/" + name + ".yaml").string(), "--html", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string open = "<script type=\"application/json\" id=\"satflow-specs\">";
  const auto from = r.out.find(open);
  ASSERT_NE(from, std::string::npos);
  const auto to = r.out.find("</script>", from);
  const auto specs = nlohmann::json::parse(r.out.substr(from + open.size(), to - from - open.size()));
  const std::string expected = read_file(source_path("test/data/golden/" + name + ".charts.json"));
  ASSERT_FALSE(expected.empty()) << "no golden chart file for " << name;
  EXPECT_TRUE(specs == nlohmann::json::parse(expected))
      << "the --html charts of configs/" << name
      << ".yaml moved; if the change is intended, run tools/update-golden.sh";
}

INSTANTIATE_TEST_SUITE_P(ShippedScenarios, GoldenCharts, ::testing::Values("minimal", "korea-three-hub"));

} // namespace
} // namespace satflow::test
