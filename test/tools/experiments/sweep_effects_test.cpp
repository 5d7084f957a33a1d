// `satflow results` effects through the real binary and real SQLite files: paired differences
// against the reference point (the same numbers as a `compare` of the two points), grid effects,
// tornado intervals, Sobol indices, KPIs that do not apply, --json, and specs refused before running.
#include "configs/sweep_spec.hpp"
#include "test/tools/process_util.hpp"
#include "tools/experiments/sweep_report.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace satflow::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using Json = nlohmann::json;

std::string spec(const std::string& name) { return source_path("test/data/sweeps/" + name + ".yaml").string(); }

/// Runs the sweep `name` into a fresh database and returns `results --json` (and the text in `text`,
/// and that of `results --points` in `points_text`).
Json sweep_results(const std::string& name, std::string* text = nullptr, std::string* points_text = nullptr) {
  const auto dir = fresh_dir("effects-" + name);
  const std::string db = (dir / "s.sqlite").string(), json = (dir / "s.json").string();
  const auto s = run_satflow({"sweep", spec(name), "--db", db, "-q"});
  EXPECT_EQ(s.exit_code, 0) << s.err;
  const auto r = run_satflow({"results", db, "--json", json});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  if (text)
    *text = r.out;
  if (points_text) {
    const auto listed = run_satflow({"results", db, "--points"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    *points_text = listed.out;
  }
  return Json::parse(read_file(json));
}

const Json& point_with(const Json& results, const std::vector<std::string>& overrides) {
  for (const auto& p : results["points"])
    if (p["overrides"] == overrides)
      return p;
  ADD_FAILURE() << "no point " << overrides.front();
  static const Json none;
  return none;
}

TEST(SweepEffects, PairedEffectsMatchACompareOfTheSameTwoPoints) {
  const Json sweep = sweep_results("small"); // 2 x 2 grid, 3 replications, seed from the scenario
  const auto dir = fresh_dir("effects-compare");
  const auto variants =
      write_file(dir / "v.yaml", "variants:\n"
                                 "  - {name: ref, set: {coordination.step: 0.4d, stations.design_team.capacity: 4}}\n"
                                 "  - {name: far, set: {coordination.step: 0.1d, stations.design_team.capacity: 2}}\n");
  const std::string out = (dir / "c.json").string();
  const auto c = run_satflow({"compare", source_path("test/data/three-hubs.yaml").string(), "--variants",
                              variants.string(), "--replications", "3", "--json", out, "-q"});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  const Json compare = Json::parse(read_file(out));
  // The reference is the scenario's own setting (three-hubs: step 0.4d, 4 design teams), which the grid
  // holds as its last point, not the grid's first corner.
  EXPECT_EQ(sweep["reference"], sweep["points"][3]["id"]);
  const Json& far = point_with(sweep, {"coordination.step=0.1d", "stations.design_team.capacity=2"});
  std::size_t compared = 0;
  for (const auto& [kpi, diff] : compare["variants"][1]["vs_baseline"].items()) {
    const Json& effect = far["vs_reference"][kpi];
    ASSERT_EQ(effect.is_null(), diff.is_null()) << kpi;
    if (diff.is_null())
      continue;
    ++compared;
    for (const char* field : {"n", "mean", "half_width", "lower", "upper", "relative_change", "significant"})
      EXPECT_EQ(effect[field], diff[field]) << kpi << " " << field;
  }
  EXPECT_GE(compared, 3u);
}

TEST(SweepEffects, JsonHasTheSchemaGridEffectsAndKpisThatApply) {
  std::string text;
  const Json j = sweep_results("small", &text);
  EXPECT_EQ(j["schema_version"], 1);
  EXPECT_EQ(j["design"], "grid");
  ASSERT_EQ(j["points"].size(), 4u);
  EXPECT_FALSE(j["points"][3].contains("vs_reference")); // the reference itself: the scenario's values
  EXPECT_TRUE(j["points"][0].contains("vs_reference"));
  EXPECT_THAT(text,
              HasSubstr("coordination.step=0.4d stations.design_team.capacity=4 (the scenario's own values, which "
                        "the grid holds;"));
  // three-hubs has no launch stage: no lead time, launches or launch wait, and the time in system
  // heads the headline KPIs in their place.
  EXPECT_EQ(j["not_applicable"], (Json{"lead_time_mean_s", "launches_per_year", "time_to_ready_mean_s",
                                       "launch_wait_share", "launcher_disruption_share", "parts_share"}));
  EXPECT_EQ(j["headline"], (Json{"time_in_system_mean_s", "coordination_share"}));
  EXPECT_TRUE(j["points"][1]["kpis"]["lead_time_mean_s"].is_null());
  EXPECT_THAT(text, Not(HasSubstr("lead time (mean)")));
  EXPECT_THAT(text, Not(HasSubstr("launches per year")));
  // Main effects of a two-level factor are opposite; the 2 x 2 interactions alternate in sign.
  const Json& step = j["main_effects"]["time_in_system_mean_s"]["parameters"]["coordination.step"];
  ASSERT_EQ(step.size(), 2u);
  EXPECT_EQ(step[0]["value"], "0.1d");
  EXPECT_NEAR(step[0]["mean"].get<double>(), -step[1]["mean"].get<double>(), 1e-6);
  EXPECT_EQ(j["main_effects"]["time_in_system_mean_s"]["replications"], 3);
  const Json& x = j["interactions"]["time_in_system_mean_s"];
  ASSERT_EQ(x.size(), 4u);
  EXPECT_NEAR(x[0]["mean"].get<double>(), -x[1]["mean"].get<double>(), 1e-6);
  EXPECT_EQ(x[0]["parameters"], (Json{"coordination.step", "stations.design_team.capacity"}));
  EXPECT_THAT(text, HasSubstr("main effects on time in system (mean)"));
  EXPECT_THAT(text, HasSubstr("vs reference"));
}

TEST(SweepEffects, ANamedReferenceIsTheBaseOfThePairedDifferences) {
  const Json j = sweep_results("reference"); // reference: step 9.6h (= 0.4d), capacity 4
  const Json& ref = point_with(j, {"coordination.step=0.4d", "stations.design_team.capacity=4"});
  EXPECT_EQ(j["reference"], ref["id"]);
  EXPECT_FALSE(ref.contains("vs_reference"));
  EXPECT_TRUE(j["points"][0]["vs_reference"]["time_in_system_mean_s"].is_object());
}

TEST(SweepEffects, TornadoSwingsAreSortedPairedDifferencesWithIntervals) {
  std::string text;
  const Json j = sweep_results("html-oat", &text); // one-at-a-time, 3 replications
  const Json& bars = j["tornado"]["time_in_system_mean_s"];
  ASSERT_EQ(bars.size(), 2u);
  for (const auto& bar : bars) {
    const Json& swing = bar["swing"];
    EXPECT_NEAR(swing["mean"].get<double>(), bar["high"]["mean"].get<double>() - bar["low"]["mean"].get<double>(),
                1e-6 * std::abs(swing["mean"].get<double>()) + 1e-9);
    EXPECT_GE(swing["mean"].get<double>(), 0);
    EXPECT_TRUE(swing["half_width"].is_number());
  }
  EXPECT_GE(bars[0]["swing"]["mean"].get<double>(), bars[1]["swing"]["mean"].get<double>());
  EXPECT_EQ(j["reference"], j["points"][0]["id"]); // the base
  EXPECT_THAT(text, HasSubstr("swing +"));
}

TEST(SweepEffects, ASobolSweepReportsFirstAndTotalIndicesPerParameter) {
  std::string text;
  const Json j = sweep_results("sobol", &text);
  EXPECT_EQ(j["design"], "sobol");
  EXPECT_EQ(j["points"].size(), 16u); // N (k + 2) = 4 x 4
  EXPECT_TRUE(j["reference"].is_null());
  const Json& s = j["sobol"]["coordination_share"];
  for (const char* p : {"coordination.step", "coordination.per_km"})
    for (const char* index : {"S1", "ST"}) {
      ASSERT_TRUE(s[p][index]["value"].is_number()) << p << " " << index;
      EXPECT_LE(s[p][index]["lower"].get<double>(), s[p][index]["upper"].get<double>());
    }
  EXPECT_EQ(j["sobol_outputs"]["coordination_share"]["rows"], 4);
  EXPECT_THAT(text, HasSubstr("Sobol indices of coordination share"));
  EXPECT_EQ(sweep_results("sobol"), j); // the bootstrap is seeded: the same sweep, the same intervals
}

TEST(SweepEffects, ASampledDesignsTextLeadsWithItsIndicesAndListsPointsOnlyWhenAsked) {
  std::string text, points_text;
  const Json j = sweep_results("sobol", &text, &points_text);
  const auto indices = text.find("Sobol indices of");
  ASSERT_NE(indices, std::string::npos) << text;
  EXPECT_THAT(text, HasSubstr("  coordination.per_km: S1 "));
  EXPECT_THAT(text, HasSubstr("16 points not listed (--points lists them"));
  ASSERT_EQ(j["points"].size(), 16u); // JSON keeps every point
  for (const auto& p : j["points"]) {
    const std::string id = p["id"];
    EXPECT_EQ(text.find(id), std::string::npos) << id << " listed without --points:\n" << text;
    // Listed by its values, read as a person reads them (no 16-digit seconds), never by its id.
    const std::string values = tools::readable_overrides(p["overrides"].get<std::vector<std::string>>());
    EXPECT_THAT(values, Not(HasSubstr("e+")));
    EXPECT_EQ(points_text.find(id), std::string::npos) << id << " listed:\n" << points_text;
    const auto listed = points_text.find("\n" + values + "\n");
    EXPECT_NE(listed, std::string::npos) << values << " missing with --points:\n" << points_text;
    EXPECT_GT(listed, points_text.find("Sobol indices of")) << "the points come after the analysis";
  }
  EXPECT_THAT(points_text, Not(HasSubstr("points not listed")));
}

TEST(SweepEffects, AScenarioWithoutLaunchOrCoordinationLeavesThoseKpisOut) {
  std::string text;
  const Json j = sweep_results("mm1-grid", &text);
  EXPECT_EQ(j["not_applicable"],
            (Json{"lead_time_mean_s", "launches_per_year", "coordination_share", "time_to_ready_mean_s",
                  "launch_wait_share", "launcher_disruption_share", "parts_share"}));
  EXPECT_EQ(j["headline"], (Json{"time_in_system_mean_s"}));
  EXPECT_THAT(text, Not(HasSubstr("coordination")));
  EXPECT_THAT(text, HasSubstr("items completed: 400 [400, 400]")); // a count, as a count
}

TEST(SweepEffects, OneAtATimeMovesFromTheScenariosOwnValuesAndSaysWhy) {
  // Read as the sweep reads the scenario: its set: (step 2d) wins over the file (0.4d); a parameter whose
  // own value is not swept gets it added to its values (in order) and moves from there, and the text says
  // which is which.
  const auto loaded = configs::load_sweep_spec(spec("oat-own"));
  ASSERT_TRUE(loaded.spec) << loaded.diagnostics.size();
  const auto& p = loaded.spec->parameters;
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].values[p[0].base], "2d");
  EXPECT_EQ(p[0].base_from, configs::BaseFrom::scenario);
  EXPECT_EQ(p[1].values[p[1].base], "4");
  EXPECT_EQ(p[1].base_from, configs::BaseFrom::scenario);
  EXPECT_EQ(p[2].values, (std::vector<std::string>{"0.5d", "1d", "2d", "3d"}));
  EXPECT_EQ(p[2].base, 0u);
  EXPECT_EQ(p[2].base_from, configs::BaseFrom::added);
  ASSERT_EQ(p[2].value_where.size(), 4u); // the added value is blamed on the path, the scenario wrote it
  EXPECT_EQ(p[2].value_where[0], p[2].path_where);
  std::string text;
  const Json j = sweep_results("oat-own", &text);
  ASSERT_EQ(j["points"].size(), 10u); // base + 4 + 2 + 3 moves: the added value is a point of its line, run
  EXPECT_EQ(j["reference"], j["points"][0]["id"]);
  EXPECT_EQ(j["points"][0]["overrides"],
            (Json{"coordination.step=2d", "stations.design_team.capacity=4", "sites.naro.intra_latency=0.5d"}));
  std::vector<std::string> naro;
  for (const auto& point : j["points"])
    if (point["overrides"][0] == "coordination.step=2d" && point["overrides"][1] == "stations.design_team.capacity=4")
      naro.push_back(point["overrides"][2]);
  EXPECT_EQ(naro, (std::vector<std::string>{"sites.naro.intra_latency=0.5d", "sites.naro.intra_latency=1d",
                                            "sites.naro.intra_latency=2d", "sites.naro.intra_latency=3d"}));
  EXPECT_THAT(text, HasSubstr("the paired difference from the reference point, coordination.step=2d "
                              "stations.design_team.capacity=4 sites.naro.intra_latency=0.5d (the base point: "
                              "coordination.step, stations.design_team.capacity at the scenario's own value; "
                              "sites.naro.intra_latency at the scenario's value 0.5d, added to the swept values;"));
  // Naro's latency is on no route of this scenario: a parameter that changes nothing is named so.
  EXPECT_THAT(
      text, HasSubstr("  sites.naro.intra_latency: changes nothing (the same time in system (mean) at every value, "));
  // A spec's base: is its own reason.
  std::string named;
  sweep_results("html-oat", &named);
  EXPECT_THAT(named, HasSubstr("(the base point, every parameter at the spec's base;"));
}

TEST(SweepEffects, BadReferencesAndSobolOverListsAreRefusedWithTheirPlace) {
  const auto dir = fresh_dir("effects-bad");
  auto refused = [&](const std::string& name) {
    const auto r = run_satflow({"sweep", spec(name), "--db", (dir / (name + ".sqlite")).string()});
    EXPECT_EQ(r.exit_code, 2) << name;
    EXPECT_FALSE(std::filesystem::exists(dir / (name + ".sqlite"))) << name;
    return r.err;
  };
  const std::string reference = refused("bad-reference");
  EXPECT_THAT(reference,
              HasSubstr("bad-reference.yaml:9:22: reference.coordination.step: expected one of the parameter's "
                        "values, got '2d'"));
  EXPECT_THAT(reference, HasSubstr("bad-reference.yaml:10:3: reference.stations.design_tem.capacity: "
                                   "'stations.design_tem.capacity' is not a swept parameter"));
  const std::string oat = refused("bad-reference-oat");
  EXPECT_THAT(oat,
              HasSubstr("bad-reference-oat.yaml:8:12: reference: a one_at_a_time design has no point that moves 2"));
  const std::string sobol = refused("bad-sobol");
  EXPECT_THAT(sobol, HasSubstr("bad-sobol.yaml:6:39: parameters.0.values: a sobol design samples continuous ranges"));
  EXPECT_THAT(sobol,
              HasSubstr("bad-sobol.yaml:7:69: parameters.1.range.step: a sobol design samples continuous ranges"));
}

} // namespace
} // namespace satflow::test
