// The KPI list of tools/report/kpis.cpp is the only place that says which KPIs exist and in what
// order: a comparison's JSON, CSV and Markdown, and a sweep's JSON and CSV must carry exactly the
// declared KPIs that apply, in the declared order. A KPI added to the list therefore reaches every
// output without another edit, and one that an output spells on its own would fail here.
#include "configs/scenario_loader.hpp"
#include "test/tools/process_util.hpp"
#include "test/tools/text_util.hpp"
#include "tools/report/kpis.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

namespace satflow::test {
namespace {

using Json = nlohmann::ordered_json;

/// The declared KPIs that apply to the scenario, in the list's order.
std::vector<std::string> declared(const std::string& scenario) {
  const auto loaded = configs::load_scenario_file(source_path(scenario));
  EXPECT_TRUE(loaded.scenario) << loaded.diagnostics.format();
  const std::vector<bool> applies = tools::applicable_kpis({*loaded.scenario});
  const auto kpis = tools::scenario_kpis({*loaded.scenario});
  std::vector<std::string> out;
  for (std::size_t k = 0; k < applies.size(); ++k)
    if (applies[k])
      out.push_back(kpis[k].name);
  return out;
}

/// The second column of a CSV's rows whose first column is `first`, in file order.
std::vector<std::string> csv_kpis(const std::string& text, const std::string& first) {
  std::vector<std::string> out;
  for (const auto& record : csv_records(text))
    if (record.size() > 1 && record[0] == first)
      out.push_back(record[1]);
  return out;
}

TEST(KpiList, EveryDeclaredKpiReachesEveryOutputOfAComparisonInOrder) {
  const std::string scenario = "configs/korea-three-hub.yaml";
  const auto expected = declared(scenario);
  ASSERT_GE(expected.size(), 8u);
  const auto dir = fresh_dir("kpi-list");
  const auto r = run_satflow({"compare", source_path(scenario).string(), "--layouts", "korea-three-hub", "co-located",
                              "--replications", "2", "--json", (dir / "c.json").string(), "--csv",
                              (dir / "c.csv").string(), "--markdown", (dir / "c.md").string(), "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // JSON: every declared KPI, in order (null where it does not apply); CSV: those that apply.
  std::vector<std::string> all;
  for (const auto& kpi : tools::scenario_kpis({*configs::load_scenario_file(source_path(scenario)).scenario}))
    all.push_back(kpi.name);
  const Json j = Json::parse(read_file(dir / "c.json"));
  for (const auto& variant : j["variants"]) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : variant["kpis"].items())
      keys.push_back(key);
    EXPECT_EQ(keys, all) << variant["name"];
  }
  EXPECT_EQ(csv_kpis(read_file(dir / "c.csv"), "co-located"), expected);
  // Markdown: a table per headline KPI, headed by its declared label.
  const std::string md = read_file(dir / "c.md");
  for (const auto& kpi : tools::compare_kpis()) {
    if (kpi.headline_role == tools::KpiDef::Headline::yes) {
      EXPECT_NE(md.find("**" + kpi.label + "**"), std::string::npos) << kpi.name;
    }
  }
}

TEST(KpiList, EveryDeclaredKpiThatASweepHasReachesItsResults) {
  const auto dir = fresh_dir("kpi-list-sweep");
  const auto db = (dir / "s.sqlite").string();
  ASSERT_EQ(run_satflow({"sweep", source_path("test/data/sweeps/small.yaml").string(), "--db", db, "-q"}).exit_code, 0);
  const auto r = run_satflow({"results", db, "--json", (dir / "s.json").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json j = Json::parse(read_file(dir / "s.json"));
  const auto expected = declared("test/data/three-hubs.yaml");
  std::vector<std::string> keys, all, not_applicable;
  for (const auto& [key, value] : j["points"][0]["kpis"].items())
    keys.push_back(key);
  for (const auto& kpi : tools::compare_kpis()) {
    all.push_back(kpi.name);
    if (std::find(expected.begin(), expected.end(), kpi.name) == expected.end())
      not_applicable.push_back(kpi.name);
  }
  EXPECT_EQ(keys, all) << "every declared KPI, in order, null where it does not apply";
  EXPECT_EQ(j["not_applicable"].get<std::vector<std::string>>(), not_applicable);
}

} // namespace
} // namespace satflow::test
