// --uncertain end to end on tiny deterministic scenarios (test/data/uncertain/): the known answers of
// issue 22 (a delay theta ~ U[1d, 3d] against a variant fixed at 2d; an additive a + b), common random
// numbers at both levels, set: and scale: in a variants file, byte-identical reruns and --jobs.
#include "test/tools/process_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace satflow::test {
namespace {

using ::testing::HasSubstr;

using Json = nlohmann::ordered_json;
constexpr double kDay = 86400;
constexpr const char* kTime = "time_in_system_mean_s";

Json run_json(std::vector<std::string> args) {
  args.insert(args.end(), {"--json", "-", "-q"});
  const ProcessResult r = run_satflow(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return Json::parse(r.out);
}

std::vector<std::string> delay_compare(const std::string& jobs) {
  return {"compare",     source_path("test/data/uncertain/delay.yaml").string(),
          "--variants",  source_path("test/data/uncertain/delay-variants.yaml").string(),
          "--uncertain", "--draws",
          "400",         "--replications",
          "2",           "--jobs",
          jobs};
}

TEST(Uncertain, ADelayAgainstItsMidpointSpreadsAsTheoryAndIsBetterHalfTheTime) {
  const Json j = run_json(delay_compare("2"));
  const Json& u = j["uncertainty"];
  EXPECT_EQ(u["draws"], 400);
  EXPECT_EQ(u["replications_per_draw"], 2);
  EXPECT_EQ(u["inputs"], Json::array({"process.wait.delay"}));
  // fixed - drawn = 2d - theta, theta ~ U[1d, 3d]: 5% and 95% quantiles -0.9d and +0.9d.
  const Json& d = u["kpis"][kTime]["fixed"]["difference"];
  EXPECT_NEAR(d["p05"].get<double>(), -0.9 * kDay, 0.06 * kDay);
  EXPECT_NEAR(d["p95"].get<double>(), 0.9 * kDay, 0.06 * kDay);
  EXPECT_NEAR(d["p50"].get<double>(), 0, 0.15 * kDay);
  EXPECT_NEAR(d["probability_better"]["value"].get<double>(), 0.5, 0.07);
  EXPECT_LT(d["probability_better"]["lower"].get<double>(), 0.5);
  EXPECT_GT(d["probability_better"]["upper"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(d["input_share"].get<double>(), 1); // no noise: every bit of variance is the input's
  EXPECT_GT(d["drivers"]["process.wait.delay"]["S1"]["value"].get<double>(), 0.95);
  EXPECT_EQ(j["variants"][1]["inputs"]["process.wait.delay"].get<std::string>().rfind("fixed by ", 0), 0u);
  // A variant identical to the baseline differs by exactly zero in every draw.
  const Json& same = u["kpis"][kTime]["same"]["difference"];
  for (const char* key : {"mean", "lower", "upper", "p05", "p50", "p95"})
    EXPECT_EQ(same[key].get<double>(), 0) << key;
  EXPECT_EQ(same["probability_better"]["value"].get<double>(), 0);
  // scale: 0.5 halves each draw: half - drawn = -theta / 2, between -1.5d and -0.5d.
  const Json& half = u["kpis"][kTime]["half"]["difference"];
  EXPECT_EQ(j["variants"][3]["inputs"]["process.wait.delay"], "scaled x0.5");
  EXPECT_NEAR(half["mean"].get<double>(), -1 * kDay, 0.05 * kDay);
  EXPECT_GE(half["p05"].get<double>(), -1.5 * kDay);
  EXPECT_LE(half["p95"].get<double>(), -0.5 * kDay);
  EXPECT_EQ(half["probability_better"]["value"].get<double>(), 1);
  // The baseline has no difference; every draw's inputs are listed once, for every variant.
  EXPECT_TRUE(u["kpis"][kTime]["drawn"]["difference"].is_null());
  ASSERT_EQ(j["input_draws"].size(), 400u);
  EXPECT_GE(j["input_draws"][0]["process.wait.delay"].get<double>(), 1 * kDay);
}

// A target's probability is over the draws: met in every run at the point value (theta = 1.5d), in half
// the draws over theta ~ U[1d, 3d] (met exactly when theta <= 2d; test/data/uncertain/target.yaml).
TEST(Uncertain, ATargetsProbabilityIsOverTheInputDraws) {
  const std::string scenario = source_path("test/data/uncertain/target.yaml").string();
  const Json point = run_json({"run", scenario, "--replications", "2"});
  EXPECT_EQ(point["variants"][0]["kpis"]["target.three-days"]["mean"], 1.0) << point.dump();
  const Json j = run_json({"run", scenario, "--replications", "2", "--uncertain", "--draws", "400"});
  const Json& p = j["uncertainty"]["kpis"]["target.three-days"]["uncertain-delay-target"];
  const double mean = p["mean"]["value"].get<double>();
  EXPECT_NEAR(mean, 0.5, 0.075) << p.dump(); // 3 binomial sd at M = 400
  EXPECT_LT(p["mean"]["lower"].get<double>(), 0.5);
  EXPECT_GT(p["mean"]["upper"].get<double>(), 0.5);
  EXPECT_LT(p["mean"]["upper"].get<double>(), 1.0);
  // Each draw meets it in both replications or in neither: the spread is the inputs' alone.
  EXPECT_EQ(p["over_inputs"]["p05"], 0.0);
  EXPECT_EQ(p["over_inputs"]["p95"], 1.0);
  EXPECT_EQ(p["input_share"], 1.0);
  const ProcessResult text = run_satflow({"run", scenario, "--replications", "2", "--uncertain", "--draws", "400"});
  EXPECT_THAT(text.out, HasSubstr("P(three-days met) (mean [95%]):\n  uncertain-delay-target: "));
}

TEST(Uncertain, RerunsAndJobsAreByteIdentical) {
  auto args = delay_compare("1");
  args[6] = "40"; // --draws 40
  args.insert(args.end(), {"--json", "-"});
  const ProcessResult one = run_satflow(args);
  args[10] = "2";
  const ProcessResult two = run_satflow(args);
  const ProcessResult again = run_satflow(args);
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, two.out);
  EXPECT_EQ(two.out, again.out);
}

TEST(Uncertain, TheDriversOfAnAdditiveKpiAreItsInputsVarianceShares) {
  const Json j = run_json({"run", source_path("test/data/uncertain/additive.yaml").string(), "--uncertain", "--draws",
                           "400", "--replications", "2"});
  const Json& drivers = j["uncertainty"]["kpis"][kTime]["uncertain-additive"]["drivers"];
  EXPECT_NEAR(drivers["process.a.delay"]["S1"]["value"].get<double>(), 0.2, 0.06);
  EXPECT_NEAR(drivers["process.b.delay"]["S1"]["value"].get<double>(), 0.8, 0.06);
  EXPECT_EQ(drivers.begin().key(), "process.b.delay"); // sorted, largest first
}

TEST(Uncertain, NoiseAndInputsShareTheVarianceAsInClosedForm) {
  // Between = within = 1/3 d^2 (test/data/uncertain/noisy.yaml): the inputs' share is 0.5.
  const Json j = run_json({"run", source_path("test/data/uncertain/noisy.yaml").string(), "--uncertain", "--draws",
                           "400", "--replications", "5"});
  EXPECT_NEAR(j["uncertainty"]["kpis"][kTime]["uncertain-noisy"]["input_share"].get<double>(), 0.5, 0.08);
}

TEST(Uncertain, TheTextLeadsWithASentenceABriefingCanQuote) {
  auto args = delay_compare("2");
  args[6] = "40";
  const ProcessResult r = run_satflow(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("fixed: time in system (mean) ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("on average ["), std::string::npos);
  EXPECT_NE(r.out.find("across the uncertain inputs from "), std::string::npos);
  EXPECT_NE(r.out.find("process.wait.delay drives "), std::string::npos);
  args.insert(args.end(), {"--markdown", "-"});
  const ProcessResult md = run_satflow(args);
  ASSERT_EQ(md.exit_code, 0) << md.err;
  EXPECT_EQ(md.out.rfind("### time in system (mean)\n\n- fixed: time in system (mean) ", 0), 0u) << md.out;
  EXPECT_NE(md.out.find("| drawn | "), std::string::npos);
  EXPECT_NE(md.out.find(" | baseline | | | |"), std::string::npos);
}

TEST(Uncertain, WithoutTheFlagTheSectionIsInertAndScaleUsesThePointValue) {
  const std::string scenario = source_path("test/data/uncertain/delay.yaml").string();
  const ProcessResult plain = run_satflow({"run", scenario});
  const ProcessResult set = run_satflow({"run", scenario, "--set", "uncertain={}"});
  EXPECT_EQ(plain.exit_code, 0);
  EXPECT_EQ(plain.out, set.out);
  // compare without --uncertain: half is the point value (2d) halved, so exactly -1d.
  const Json j = run_json({"compare", scenario, "--variants",
                           source_path("test/data/uncertain/delay-variants.yaml").string(), "--replications", "2"});
  EXPECT_THAT(j.dump(), HasSubstr("-86400"));
  // --uncertain needs an uncertain section and replications.
  EXPECT_EQ(run_satflow({"run", scenario, "--set", "uncertain={}", "--replications", "2", "--uncertain"}).exit_code, 2);
  EXPECT_EQ(run_satflow({"run", scenario, "--uncertain"}).exit_code, 2);
}

TEST(Uncertain, AScaleOfAValueThatIsNotUncertainIsRefusedAtItsLine) {
  const auto dir = fresh_dir("uncertain-scale");
  const auto file = dir / "variants.yaml";
  std::ofstream(file) << "variants:\n  - {name: a}\n  - {name: b, scale: {stations.bench.capacity: 2}}\n"
                         "  - {name: c, scale: {process.wait.delay: -1}}\n";
  const std::string scenario = source_path("test/data/uncertain/delay.yaml").string();
  for (const auto& extra : std::vector<std::string>{"--uncertain", "--replications"}) {
    std::vector<std::string> args{"compare", scenario, "--variants", file.string(), extra};
    if (extra == "--replications")
      args.push_back("2");
    SCOPED_TRACE(extra);
    const ProcessResult r = run_satflow(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.out, "") << r.err;
  }
  const ProcessResult r = run_satflow({"compare", scenario, "--variants", file.string(), "--uncertain"});
  EXPECT_THAT(r.err,
              HasSubstr("variants.yaml:4:43: variants.2.scale.process.wait.delay: expected a factor > 0, got -1"));
  std::ofstream(file) << "variants:\n  - {name: a}\n  - {name: b, scale: {stations.bench.capacity: 2}}\n";
  const ProcessResult unknown = run_satflow({"compare", scenario, "--variants", file.string(), "--uncertain"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err,
              HasSubstr("variants.yaml:3:48: scale.stations.bench.capacity: expected an uncertain input of the "
                        "scenario"));
}

TEST(Uncertain, ALayoutThatSetsAnUncertainCoordinationKeyFixesIt) {
  const auto dir = fresh_dir("uncertain-layout");
  std::ofstream(dir / "hubs.yaml") << "sites:\n  a: {lat: 36.4, lon: 127.4}\n  b: {lat: 35.1, lon: 128.1}\n"
                                      "functions: {design: a, manufacturing: b}\ncoordination: {step: 0.4d}\n"
                                      "process:\n  - {name: talk, coordinate: {with: [design, manufacturing]}}\n"
                                      "arrivals:\n  - {name: sats, schedule: [{name: S, at: 0d}]}\n"
                                      "uncertain:\n  coordination.step: {uniform: [0.1d, 0.5d]}\n";
  std::filesystem::create_directory(dir / "layouts");
  std::ofstream(dir / "layouts" / "near.yaml") << "functions: {design: b, manufacturing: b}\n"
                                                  "coordination: {step: 0.2d}\n";
  std::ofstream(dir / "layouts" / "far.yaml") << "functions: {design: a, manufacturing: b}\n";
  const Json j = run_json({"compare", (dir / "hubs.yaml").string(), "--layouts", "far", "near", "--uncertain",
                           "--draws", "8", "--replications", "2"});
  EXPECT_EQ(j["variants"][0]["inputs"]["coordination.step"], "drawn");
  EXPECT_EQ(j["variants"][1]["inputs"]["coordination.step"], "fixed by layout near");
}

} // namespace
} // namespace satflow::test
