// The `uncertain:` section: what it reads (path, unit, point value, distribution), that it is inert
// in a load, and that a draw is checked by the value's own reader at the declaration.
#include "configs/scenario_loader.hpp"
#include "configs/sections.hpp"

#include "simcore/units.hpp"
#include "test/tools/process_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace satflow::configs {
namespace {

using ::testing::HasSubstr;

using simcore::kDay;

constexpr const char* kScenario = R"(
sites:
  lab: {lat: 36.4, lon: 127.4}
coordination: {step: 0.4d, bandwidth: 6/d}
stations:
  bench: {site: lab, capacity: 2}
process:
  - {name: wait, delay: 2d}
  - {name: test, station: bench, duration: 1d, failure: {p: 0.2, to: wait}}
arrivals:
  - {name: sats, schedule: [{name: SAT-1, at: 0d}]}
uncertain:
  process.wait.delay: {uniform: [1d, 3d]}
  process.test.failure.p: {triangular: [0.1, 0.2, 0.4]}
  coordination.bandwidth: {uniform: [3/d, 12/d]}
  stations.bench.capacity: {empirical: {values: [1, 2, 3], weights: [1, 2, 1]}}
)";

/// `text` with its first `from` replaced by `to`.
std::string replaced(std::string text, std::string_view from, std::string_view to) {
  return text.replace(text.find(from), from.size(), to);
}

/// kScenario with a failure probability range whose high end (1.25) the reader refuses.
std::string with_bad_failure_range() {
  return replaced(kScenario, "{triangular: [0.1, 0.2, 0.4]}", "{uniform: [0.5, 1.25]}");
}

/// The uncertain inputs of the scenario `text`, which must load (none and a failure otherwise).
std::vector<models::UncertainInput> uncertain_inputs(const std::string& text, const std::string& file) {
  const LoadResult r = load_scenario_text(text, file);
  if (!r.scenario) {
    ADD_FAILURE() << r.diagnostics.format();
    return {};
  }
  return r.scenario->uncertain;
}

/// The one diagnostic of a load that must refuse its scenario with exactly one ("" and a failure otherwise).
std::string sole_refusal(const LoadResult& r) {
  if (r.scenario || r.diagnostics.size() != 1) {
    ADD_FAILURE() << "expected one refusal, got " << (r.scenario ? "a scenario and " : "") << r.diagnostics.size()
                  << " diagnostics:\n"
                  << r.diagnostics.format();
    return "";
  }
  return r.diagnostics.items()[0].format();
}

TEST(UncertainSection, ReadsEachPathWithTheUnitAndPointValueWrittenThere) {
  const LoadResult r = load_scenario_text(kScenario, "u.yaml");
  ASSERT_TRUE(r.scenario) << r.diagnostics.format();
  const auto& in = r.scenario->uncertain;
  ASSERT_EQ(in.size(), 4u);
  EXPECT_EQ(in[0].path, "process.wait.delay");
  EXPECT_EQ(in[0].kind, models::ValueKind::duration);
  EXPECT_DOUBLE_EQ(in[0].point, 2 * kDay);
  EXPECT_DOUBLE_EQ(in[0].distribution.lower_bound(), 1 * kDay);
  EXPECT_DOUBLE_EQ(in[0].distribution.upper_bound(), 3 * kDay);
  EXPECT_EQ(in[0].declared_at, "u.yaml:13:23");
  EXPECT_EQ(in[1].kind, models::ValueKind::number);
  EXPECT_DOUBLE_EQ(in[1].distribution.mean(), 0.7 / 3);
  EXPECT_EQ(in[2].kind, models::ValueKind::rate);
  EXPECT_DOUBLE_EQ(in[2].point, 6 / kDay);
  EXPECT_DOUBLE_EQ(in[3].distribution.mean(), 2);
  EXPECT_EQ(uncertain_value_text(in[0], 86400), "86400s");
  EXPECT_EQ(uncertain_value_text(in[2], 0.5), "0.5/s");
  EXPECT_EQ(uncertain_value_text(in[3], 3), "3");
  // Inert: the point values are what a run uses.
  EXPECT_EQ(r.scenario->stations[0].capacity, 2);
}

TEST(UncertainSection, AnEmptySectionAndNoSectionLoadTheSameScenario) {
  const LoadResult with = load_scenario_text(kScenario, "u.yaml", std::vector<std::string>{"uncertain={}"});
  ASSERT_TRUE(with.scenario) << with.diagnostics.format();
  EXPECT_TRUE(with.scenario->uncertain.empty());
}

TEST(UncertainSection, ADrawTheValueRefusesIsReportedAtTheDeclaration) {
  EXPECT_EQ(sole_refusal(load_scenario_text(with_bad_failure_range(), "u.yaml")),
            "u.yaml:14:27: process.test.failure.p: a draw of its uncertain range would be refused: expected a number "
            "in [0, 1], got 1.25");
}

TEST(UncertainSection, RangesAreReadByTheScenariosDistributionGrammarInTheValuesUnit) {
  std::string text(kScenario);
  text.replace(text.find("{uniform: [1d, 3d]}"), 19, "{uniform: [3d, 1d]}");
  text.replace(text.find("{triangular: [0.1, 0.2, 0.4]}"), 29, "{mixture: [{p: 1, of: 0.2}]}");
  text.replace(text.find("{uniform: [3/d, 12/d]}"), 22, "{lognormal: {mean: 0/d, sd: 1/d}}");
  const LoadResult bad = load_scenario_text(text, "u.yaml");
  ASSERT_FALSE(bad.scenario);
  // The words of the scenario's own durations; a kind the section does not take is unknown there.
  EXPECT_EQ(bad.diagnostics.format(),
            "u.yaml:13:33: uncertain.process.wait.delay.uniform: expected min <= max\n"
            "u.yaml:14:28: uncertain.process.test.failure.p.mixture: unknown distribution 'mixture'\n"
            "u.yaml:15:46: uncertain.coordination.bandwidth.lognormal.mean: expected a positive rate with a unit, such "
            "as 12/y or 0.9/h, got '0/d'\n");
}

constexpr const char* kRelocating = R"(
epoch: 2024-01-01
sites:
  daejeon: {lat: 36.372, lon: 127.363}
  sacheon: {lat: 35.100, lon: 128.080}
functions: {design: daejeon, agency: daejeon}
relocations:
  - {function: agency, to: sacheon, on: 2024-05-27, transition: {period: 4mo, slowdown: 1.5}}
coordination: {step: 0.2d}
process:
  - {name: review, coordinate: {with: agency}}
arrivals:
  - {name: sats, site: design, schedule: [0d]}
uncertain:
  relocations.0.transition.period: {uniform: [3mo, 6mo]}
  relocations.0.transition.slowdown: {uniform: [1.2, 2.7]}
)";

TEST(UncertainSection, ARelocationsTransitionIsAnUncertainInputAndItsDrawsAreChecked) {
  const auto in = uncertain_inputs(kRelocating, "r.yaml");
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[0].kind, models::ValueKind::duration);
  EXPECT_EQ(in[1].kind, models::ValueKind::number);
  EXPECT_DOUBLE_EQ(in[1].point, 1.5);
  // A slowdown below 1 would speed exchanges up.
  const std::string refusal =
      sole_refusal(load_scenario_text(replaced(kRelocating, "[1.2, 2.7]", "[0.5, 2.7]"), "r.yaml"));
  EXPECT_THAT(refusal,
              HasSubstr("relocations.0.transition.slowdown: a draw of its uncertain range would be refused: expected "
                        "a number in [1, 1e+06], got 0.5"));
}

// A load that fixes an input (a draw, a calibration proposal, a sweep point) does not probe its
// range: the load without it did. So a range the plain load refuses does not stop a load that sets
// the value, and a load that fixes every input reads the scenario once.
TEST(UncertainSection, ALoadThatFixesAnInputDoesNotProbeItsRange) {
  const std::string text = with_bad_failure_range();
  EXPECT_FALSE(load_scenario_text(text, "u.yaml").scenario);
  const LoadResult fixed = load_scenario_text(text, "u.yaml", std::vector<std::string>{"process.test.failure.p=0.6"});
  ASSERT_TRUE(fixed.scenario) << fixed.diagnostics.format();
  ASSERT_TRUE(fixed.scenario->stages[1].failure);
  EXPECT_DOUBLE_EQ(fixed.scenario->stages[1].failure->probability, 0.6);
  // A value outside what the reader accepts is still refused, at the --set that wrote it.
  const LoadResult bad = load_scenario_text(text, "u.yaml", std::vector<std::string>{"process.test.failure.p=1.5"});
  ASSERT_FALSE(bad.scenario);
  EXPECT_THAT(bad.diagnostics.format(), HasSubstr("--set process.test.failure.p=1.5"));
}

// A point of an experiment (sweep point, candidate, proposal) of a scenario the experiment loaded
// whole: its load trusts the `uncertain:` ranges the whole load checked, so the scenario is read once.
TEST(UncertainSection, AnExperimentsPointIsLoadedWithoutProbingTheRangesAgain) {
  const auto file = test::write_file(test::fresh_dir("uncertain-point") / "u.yaml", with_bad_failure_range());
  const std::vector<Override> point = command_line_overrides({"stations.bench.capacity=3"});
  EXPECT_FALSE(load_scenario_file(file, point, "").scenario);
  const LoadResult loaded = load_experiment_point(file, point, "");
  ASSERT_TRUE(loaded.scenario) << loaded.diagnostics.format();
  EXPECT_EQ(loaded.scenario->stations[0].capacity, 3);
  std::filesystem::remove_all(file.parent_path());
}

// A bound of a distribution written in the scenario is an uncertain input by its index (the Korea
// baseline's longest export licence and payload-parts lead): its unit and point are the bound's,
// a draw moves that bound only, and a draw that would cross the other bound is refused.
constexpr const char* kBound = R"(
sites:
  lab: {lat: 36.4, lon: 127.4}
process:
  - {name: wait, delay: {uniform: [1d, 3d]}}
arrivals:
  - {name: sats, schedule: [{name: SAT-1, at: 0d}]}
uncertain:
  process.wait.delay.uniform.1: {uniform: [2d, 5d]}
)";

TEST(UncertainSection, ABoundOfAWrittenDistributionIsAnUncertainInputByItsIndex) {
  const auto in = uncertain_inputs(kBound, "b.yaml");
  ASSERT_EQ(in.size(), 1u);
  EXPECT_EQ(in[0].kind, models::ValueKind::duration);
  EXPECT_DOUBLE_EQ(in[0].point, 3 * kDay);
  const LoadResult drawn =
      load_scenario_text(kBound, "b.yaml", std::vector<std::string>{"process.wait.delay.uniform.1=4d"});
  ASSERT_TRUE(drawn.scenario) << drawn.diagnostics.format();
  const simcore::Distribution& delay = drawn.scenario->stages[0].duration.all;
  EXPECT_DOUBLE_EQ(delay.lower_bound(), 1 * kDay);
  EXPECT_DOUBLE_EQ(delay.upper_bound(), 4 * kDay);
  // An upper bound below the lower one.
  const std::string refusal = sole_refusal(load_scenario_text(replaced(kBound, "[2d, 5d]", "[0.5d, 5d]"), "b.yaml"));
  EXPECT_THAT(refusal, HasSubstr("b.yaml:9:"));
  EXPECT_THAT(refusal, HasSubstr("a draw of its uncertain range would be refused"));
}

} // namespace
} // namespace satflow::configs
