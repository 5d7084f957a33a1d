// `satflow compare --variants` end to end, through the real binary.
#include "test/tools/process_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

namespace satflow::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kKorea = std::string(SATFLOW_SOURCE_DIR) + "/configs/korea-three-hub.yaml";
const std::string kMm1 = std::string(SATFLOW_SOURCE_DIR) + "/configs/mm1.yaml";

/// A fresh folder for the test `tag` with a variants file `text` in it: (folder, file).
std::pair<std::filesystem::path, std::string> with_variants(const std::string& tag, const std::string& text) {
  const auto dir = fresh_dir(tag);
  return {dir, write_file(dir / "v.yaml", text).string()};
}

nlohmann::json compare_json(std::vector<std::string> args, const std::filesystem::path& dir) {
  const std::string out = (dir / "cmp.json").string();
  args.insert(args.end(), {"--json", out, "-q"});
  const auto r = run_satflow(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(read_file(out));
}

TEST(CompareVariants, AVariantComparedWithItselfDiffersByExactlyZero) {
  const auto [dir, file] = with_variants("variants-self", "variants:\n  - {name: a, set: {stations.tvac.capacity: 2}}\n"
                                                          "  - {name: b, set: {stations.tvac.capacity: 2}}\n");
  const auto j = compare_json({"compare", kKorea, "--variants", file, "--replications", "3"}, dir);
  ASSERT_EQ(j["variants"].size(), 2u);
  EXPECT_EQ(j["variants"][1]["name"], "b");
  for (const auto& [kpi, diff] : j["variants"][1]["vs_baseline"].items()) {
    if (diff.is_null())
      continue;
    EXPECT_EQ(diff["mean"].get<double>(), 0) << kpi;
    EXPECT_EQ(diff["half_width"].get<double>(), 0) << kpi;
  }
}

TEST(CompareVariants, OneVariantPerLayoutGivesTheSameNumbersAsLayouts) {
  const auto [dir, file] =
      with_variants("variants-layouts", "variants:\n  - {name: korea-three-hub, layout: korea-three-hub}\n"
                                        "  - {name: co-located, layout: co-located}\n");
  const auto by_variants = compare_json({"compare", kKorea, "--variants", file, "--replications", "3"}, dir);
  const auto by_layouts =
      compare_json({"compare", kKorea, "--layouts", "korea-three-hub", "co-located", "--replications", "3"}, dir);
  EXPECT_EQ(by_variants["variants"], by_layouts["variants"]);
}

TEST(CompareVariants, SelectTheBestKeepsThreeServersAndDropsOne) {
  const auto [dir, file] =
      with_variants("variants-select", "variants:\n  - {name: c1}\n  - {name: c2, set: {stations.server.capacity: 2}}\n"
                                       "  - {name: c3, set: {stations.server.capacity: 3}}\n");
  const auto j = compare_json({"compare", kMm1, "--variants", file, "--replications", "10", "--set",
                               "arrivals.customers.count=20000", "--select-best", "time_in_system_mean_s"},
                              dir);
  const auto& best = j["selection"]["best"];
  EXPECT_EQ(j["selection"]["kpi"], "time_in_system_mean_s");
  EXPECT_NE(std::find(best.begin(), best.end(), "c3"), best.end());
  const auto& dropped = j["selection"]["dropped"];
  EXPECT_NE(std::find(dropped.begin(), dropped.end(), "c1"), dropped.end());
}

TEST(CompareVariants, EveryBadVariantIsReportedAtItsLineBeforeAnythingRuns) {
  const auto [dir, file] = with_variants("variants-bad", "variants:\n  - {name: a, set: {stations.tvac.capacty: 2}}\n"
                                                         "  - {name: b, set: {stations.tvac.capacity: 0}}\n");
  const auto r = run_satflow({"compare", kKorea, "--variants", file, "--replications", "2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr(file + ":2:44: stations.tvac.capacty: unknown key 'capacty'; did you mean 'capacity'?"));
  EXPECT_THAT(r.err, HasSubstr(file + ":3:45: stations.tvac.capacity: expected an integer >= 1, got 0"));
  EXPECT_EQ(r.out, ""); // nothing ran
}

TEST(CompareVariants, RefusesAnUnknownKpiToSelectOn) {
  const auto r =
      run_satflow({"compare", kKorea, "--layouts", "korea-three-hub", "co-located", "--select-best", "speed"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--select-best speed: unknown KPI"));
}

TEST(CompareTables, CountsPrintAsCountsAndKpisThatDoNotApplyAreLeftOut) {
  const auto r = run_satflow({"run", kMm1, "--replications", "3", "--set", "arrivals.customers.count=20000"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("mm1  20000  [20000, 20000]"));
  EXPECT_THAT(r.out, Not(HasSubstr("e+0")));
  // No launch stage and no coordination in an M/M/1: no lead time to launch, launches or shares of them.
  for (const char* absent : {"lead time", "launches per year", "coordination share", "waiting-for-launch"})
    EXPECT_EQ(r.out.find(absent), std::string::npos) << absent;
  EXPECT_NE(r.out.find("time in system (mean)"), std::string::npos);
}

/// The Korea baseline compared, 5 replications, with the shipped variants file configs/variants/NAME.yaml;
/// every run must succeed.
nlohmann::json shipped_variants(const std::string& name) {
  const auto j =
      compare_json({"compare", kKorea, "--variants",
                    std::string(SATFLOW_SOURCE_DIR) + "/configs/variants/" + name + ".yaml", "--replications", "5"},
                   fresh_dir(name));
  EXPECT_TRUE(j["failed_runs"].empty());
  return j;
}

// The shipped launch-risk what-ifs on the Korea baseline: every variant runs; a Nuri stand-down makes the
// mean lead time longer by more than a month with an interval of the paired difference above zero, and
// so, on average, do slipping Nuri flights (whose drawn slips vary more between replications).
TEST(CompareVariants, TheLaunchRisksDelayTheKoreaBaseline) {
  const auto j = shipped_variants("launch-risks");
  ASSERT_EQ(j["variants"].size(), 5u);
  for (const auto& v : j["variants"]) {
    if (v["name"] != "nuri-stand-down" && v["name"] != "nuri-slips")
      continue;
    const auto& diff = v["vs_baseline"]["lead_time_mean_s"];
    EXPECT_GT(diff["mean"].get<double>(), 30 * 86400.0) << v["name"]; // more than a month
    if (v["name"] == "nuri-stand-down") {
      EXPECT_GT(diff["lower"].get<double>(), 0);
      // The stand-down's cost is the launcher disruption share: zero in the baseline, above it here.
      EXPECT_GT(v["vs_baseline"]["launcher_disruption_share"]["lower"].get<double>(), 0);
    }
  }
}

// The shipped localisation what-ifs: every variant runs; the baseline imports lose time to parts, and
// doubling the export licences makes that share larger, paired, with an interval above zero.
TEST(CompareVariants, DoubledExportLicencesRaiseTheKoreaPartsShare) {
  const auto j = shipped_variants("localisation");
  ASSERT_EQ(j["variants"].size(), 5u);
  EXPECT_GT(j["variants"][0]["kpis"]["parts_share"]["mean"].get<double>(), 0.05);
  for (const auto& v : j["variants"])
    if (v["name"] == "licences-doubled") {
      EXPECT_GT(v["vs_baseline"]["parts_share"]["lower"].get<double>(), 0);
    }
}

// The shipped supply-chain sweep: ordering the rad-hard processors late (at CDR, so that their 26-56
// weeks of lead are no longer hidden by the design phase) lengthens the lead time, and ordering them
// at the programme's start shortens it, each main effect with its interval clear of zero; a licence
// held more often lengthens it too.
TEST(CompareVariants, TheSupplyChainSweepShowsTheCostOfOrderingLongLeadPartsLate) {
  const auto dir = fresh_dir("supply-chain-sweep");
  const std::string db = (dir / "supply.sqlite").string(), json = (dir / "supply.json").string();
  ASSERT_EQ(run_satflow({"sweep", std::string(SATFLOW_SOURCE_DIR) + "/configs/sweeps/supply-chain.yaml", "--db", db,
                         "--jobs", "2", "-q"})
                .exit_code,
            0);
  ASSERT_EQ(run_satflow({"results", db, "--json", json}).exit_code, 0) << json;
  std::ifstream in(json);
  const auto j = nlohmann::json::parse(in);
  const auto& effects = j["main_effects"]["lead_time_mean_s"]["parameters"];
  auto level = [&](const std::string& parameter, const std::string& value) {
    for (const auto& l : effects[parameter])
      if (l["value"] == value)
        return l;
    ADD_FAILURE() << parameter << " has no level " << value;
    return nlohmann::json::object();
  };
  const std::string order = "process.subsystems.parallel.1.avionics_ai.parts.rad_hard_processor.order_at";
  EXPECT_GT(level(order, "cdr")["lower"].get<double>(), 0);
  EXPECT_LT(level(order, "preliminary_design")["upper"].get<double>(), 0);
  EXPECT_GT(level("suppliers.processor_us.hold.p", "0.3")["lower"].get<double>(), 0);
}

} // namespace
} // namespace satflow::test
