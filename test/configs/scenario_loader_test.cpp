#include "configs/scenario_loader.hpp"

#include "test/configs/scenario_texts.hpp"

#include "simcore/units.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace satflow::configs {
namespace {

using ::testing::HasSubstr;

using simcore::kDay;
using simcore::kHour;

using namespace testing;

TEST(ScenarioLoader, ReadsEverySection) {
  const LoadResult r = load(kGood);
  ASSERT_TRUE(r.scenario) << r.diagnostics.format();
  const models::Scenario& sc = *r.scenario;
  EXPECT_EQ(sc.name, "good");
  EXPECT_EQ(sc.seed, 7u);
  EXPECT_DOUBLE_EQ(sc.horizon_s, 730 * kDay);
  ASSERT_EQ(sc.sites.size(), 2u);
  EXPECT_EQ(sc.sites[0].name, "daejeon"); // file order is kept
  EXPECT_DOUBLE_EQ(sc.sites[0].intra_latency_s, 600);
  EXPECT_DOUBLE_EQ(sc.links[0].latency_s, 4 * kHour);
  EXPECT_DOUBLE_EQ(sc.links[0].bandwidth, 12 / kDay);
  EXPECT_EQ(sc.classes[0].priority, 2);
  EXPECT_EQ(sc.stations[0].capacity, 3);
  EXPECT_EQ(sc.stations[0].discipline, models::Discipline::priority);
  ASSERT_EQ(sc.stages.size(), 2u);
  EXPECT_DOUBLE_EQ(sc.stages[0].duration.all.mean(), 7 * kDay / 3);
  ASSERT_EQ(sc.stages[0].duration.by_class.size(), 1u);
  EXPECT_DOUBLE_EQ(sc.stages[0].duration.by_class[0].second.mean(), 12 * kHour);
  EXPECT_EQ(sc.stages[1].kind, models::StageKind::coordinate);
  EXPECT_EQ(sc.stages[1].partners, std::vector<std::string>{"sacheon"});
  EXPECT_DOUBLE_EQ(sc.stages[1].request_size, 2);
  EXPECT_DOUBLE_EQ(sc.stages[1].answer_size, 0.5);
  EXPECT_EQ(sc.stages[1].rounds, 3);
  ASSERT_EQ(sc.stages[1].next.size(), 2u);
  EXPECT_DOUBLE_EQ(sc.stages[1].next[0].probability, 0.2);
  EXPECT_DOUBLE_EQ(sc.arrivals[0].rate_per_s, 6 / (365 * kDay));
  EXPECT_EQ(sc.arrivals[1].kind, models::ArrivalKind::scheduled);
  EXPECT_EQ(sc.arrivals[1].item_names, (std::vector<std::string>{"NEONSAT-2", "NEONSAT-3"}));
  EXPECT_DOUBLE_EQ(sc.arrivals[1].times_s[1], 60 * kDay);
}

TEST(ScenarioLoader, PointsAtLineAndColumnWithTheKeyPath) {
  const std::string text = edited(kGood, "capacity: 3", "capacity: 0");
  EXPECT_EQ(only_error(load(text)), "s.yaml:13:35: stations.team.capacity: expected an integer >= 1, got 0");
}

TEST(ScenarioLoader, RejectsUnknownKeysWithASuggestion) {
  const std::string text = edited(kGood, "discipline:", "disciplin:");
  EXPECT_EQ(only_error(load(text)),
            "s.yaml:13:38: stations.team.disciplin: unknown key 'disciplin'; did you mean 'discipline'?");
}

TEST(ScenarioLoader, RequiresUnits) {
  const std::string text = edited(kGood, "latency: 4h", "latency: 4");
  EXPECT_EQ(only_error(load(text)), "s.yaml:8:44: links.0.latency: expected a duration with a unit (" +
                                        std::string(simcore::duration_units_help()) + "), got '4'");
}

TEST(ScenarioLoader, ReportsEveryProblemInOnePass) {
  std::string text = kGood;
  for (const auto& [from, to] : {std::pair{"capacity: 3", "capacity: 0"}, std::pair{"latency: 4h", "latency: 4"},
                                 std::pair{"station: team", "station: tem"}, std::pair{"p: 0.8", "p: 0.7"}})
    text = edited(text, from, to);
  const LoadResult r = load(text);
  EXPECT_FALSE(r.scenario);
  ASSERT_EQ(r.diagnostics.size(), 4u) << r.diagnostics.format();
  const std::string all = r.diagnostics.format();
  EXPECT_NE(all.find("stations.team.capacity"), std::string::npos);
  EXPECT_NE(all.find("links.0.latency"), std::string::npos);
  EXPECT_NE(all.find("process.design.station: unknown station 'tem'; did you mean 'team'?"), std::string::npos);
  EXPECT_NE(all.find("process.review.next: expected probabilities that sum to 1"), std::string::npos);
}

TEST(ScenarioLoader, ReportsSyntaxErrorsWithTheirPosition) {
  const LoadResult r = load("sites: {a: {lat: 1, lon: 2}\nprocess: [");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics.items()[0].where.rfind("s.yaml:", 0), 0u);
  EXPECT_NE(r.diagnostics.items()[0].message.find("YAML syntax error"), std::string::npos);
}

TEST(ScenarioLoader, ReportsAMissingFile) {
  const LoadResult r = load_scenario_file("/nonexistent/x.yaml");
  EXPECT_EQ(only_error(r), "/nonexistent/x.yaml: cannot open the file");
}

} // namespace
} // namespace satflow::configs

namespace satflow::configs {
namespace {

using namespace testing;

TEST(ScenarioLoader, ReadsTheSatelliteMechanisms) {
  const LoadResult r = load_scenario_text(kSatellite, "sat.yaml");
  ASSERT_TRUE(r.scenario) << r.diagnostics.format();
  const models::Scenario& sc = *r.scenario;
  EXPECT_DOUBLE_EQ(sc.horizon_s, 1461 * kDay); // 2026..2029 includes 2028-02-29
  EXPECT_EQ(sc.stations[0].site, "daejeon");   // through the design function
  EXPECT_EQ(sc.stations[2].site, "sacheon");
  ASSERT_TRUE(sc.coordination);
  EXPECT_DOUBLE_EQ(sc.coordination->per_km_s, 420);
  ASSERT_EQ(sc.coordination->friction.size(), 1u);
  EXPECT_EQ(sc.coordination->friction[0].a, "daejeon");
  EXPECT_EQ(sc.coordination->friction[0].b, "sacheon");
  EXPECT_DOUBLE_EQ(sc.classes[0].mass_kg, 100);
  EXPECT_DOUBLE_EQ(sc.classes[1].mass_kg, 500);
  EXPECT_DOUBLE_EQ(sc.classes[0].due_s, 3 * 365 * kDay);
  EXPECT_DOUBLE_EQ(sc.learning[0].failure_rate, 0.8);
  const models::LauncherSpec& nuri = sc.launchers[0];
  ASSERT_EQ(nuri.flights.size(), 4u); // Nuri-5 plus 2027, 2028, 2029 (until the horizon)
  EXPECT_DOUBLE_EQ(nuri.flights[0].date_s, 257 * kDay);
  EXPECT_DOUBLE_EQ(nuri.flights[0].mass_kg, 1500);
  EXPECT_EQ(nuri.flights[0].slots, 13);
  EXPECT_DOUBLE_EQ(nuri.scrub_delay.mean(), 0.7 * 3.5 * kDay + 0.3 * 45 * kDay);
  EXPECT_EQ(sc.launchers[1].flights.size(), 4u); // 6, 12, 18, 24 months
  const models::StageSpec& design = sc.stages[0];
  ASSERT_TRUE(design.periodic);
  EXPECT_EQ(design.periodic->to, "sacheon");
  EXPECT_DOUBLE_EQ(design.periodic->interval_s, 7 * kDay);
  EXPECT_EQ(design.learning, "bus");
  ASSERT_EQ(sc.stages[1].branches.size(), 2u);
  EXPECT_EQ(sc.stages[1].branches[1][1].name, "burn_in");
  ASSERT_TRUE(sc.stages[2].failure);
  EXPECT_EQ(sc.stages[2].failure->to, "anomaly");
  EXPECT_DOUBLE_EQ(sc.stages[2].retest_factor, 0.5);
  EXPECT_EQ(sc.stages[3].partners, (std::vector<std::string>{"daejeon", "sacheon"}));
  EXPECT_EQ(sc.stages[4].launcher_by_class.size(), 2u);
  EXPECT_DOUBLE_EQ(sc.arrivals[0].times_s[0], 59 * kDay);
}

TEST(ScenarioLoader, ReadsLauncherDisruptionsSlipsAndBookings) {
  std::string text = edited(kSatellite, "    recurring: {first: 2027-09-15, every: 1y}\n",
                            "    recurring: {first: 2027-09-15, every: 1y}\n"
                            "    slip: {uniform: [0d, 60d]}\n"
                            "    unavailable: [{from: 2027-01-01, to: 2027-07-01, reason: stand-down}]\n"
                            "    withdrawn: {from: 2029-01-01, reason: retired}\n"
                            "    rebook: {to: foreign, delay: 4.5mo}\n");
  text = edited(text, "slots: 13, mass: 1.5t}", "slots: 13, mass: 1.5t, slip: 30d}");
  text = edited(text, "site: design, schedule:", "site: design, launcher: foreign, schedule:");
  const LoadResult r = load_scenario_text(text, "sat.yaml");
  ASSERT_TRUE(r.scenario) << r.diagnostics.format();
  const models::LauncherSpec& nuri = r.scenario->launchers[0];
  ASSERT_TRUE(nuri.slip);
  EXPECT_DOUBLE_EQ(nuri.slip->mean(), 30 * kDay);
  ASSERT_TRUE(nuri.flights[0].slip);
  EXPECT_DOUBLE_EQ(nuri.flights[0].slip->mean(), 30 * kDay);
  EXPECT_FALSE(nuri.flights[1].slip); // the recurring ones take the launcher's
  ASSERT_EQ(nuri.outages.size(), 2u);
  EXPECT_DOUBLE_EQ(nuri.outages[0].from_s, 365 * kDay);
  EXPECT_DOUBLE_EQ(nuri.outages[0].to_s, (365 + 181) * kDay);
  EXPECT_EQ(nuri.outages[0].reason, "stand-down");
  EXPECT_DOUBLE_EQ(nuri.outages[1].from_s, (365 * 3 + 1) * kDay); // 2028 is a leap year
  EXPECT_TRUE(std::isinf(nuri.outages[1].to_s));
  EXPECT_EQ(nuri.rebook_to, "foreign");
  EXPECT_DOUBLE_EQ(nuri.rebook_delay.mean(), 135 * kDay);
  EXPECT_EQ(r.scenario->arrivals[0].launcher, "foreign");
}

TEST(ScenarioLoader, ReadsSuppliersAndTheirParts) {
  std::string text = edited(kGood, "process:\n",
                            "learning:\n"
                            "  local: {rate: 0.5, prior_units: 2}\n"
                            "suppliers:\n"
                            "  sodern: {country: France, capacity: 3, export_licence: {uniform: [15d, 60d]},\n"
                            "           hold: {p: 0.1, delay: 90d}}\n"
                            "  satreci: {country: domestic, lead: 20w, qualification: {delay: 18mo, learning: local}}\n"
                            "process:\n");
  text = edited(text, "    by_class: {cubesat: 12h}\n",
                "    by_class: {cubesat: 12h}\n"
                "    parts:\n"
                "      - {name: star_tracker, supplier: sodern, lead: 26w, class: microsat, programme: manifest}\n"
                "      - {name: gyro, supplier: satreci, order_at: design}\n");
  const LoadResult r = load_scenario_text(text, "parts.yaml");
  ASSERT_TRUE(r.scenario) << r.diagnostics.format();
  const models::Scenario& sc = *r.scenario;
  ASSERT_EQ(sc.suppliers.size(), 2u);
  const models::SupplierSpec& sodern = sc.suppliers[0];
  EXPECT_EQ(sodern.country, "France");
  EXPECT_FALSE(sodern.domestic());
  EXPECT_EQ(sodern.capacity, 3);
  ASSERT_TRUE(sodern.export_licence);
  EXPECT_DOUBLE_EQ(sodern.export_licence->mean(), 37.5 * kDay);
  EXPECT_DOUBLE_EQ(sodern.hold_p, 0.1);
  EXPECT_DOUBLE_EQ(sodern.hold_delay.mean(), 90 * kDay);
  const models::SupplierSpec& satreci = sc.suppliers[1];
  EXPECT_TRUE(satreci.domestic());
  EXPECT_EQ(satreci.capacity, 0); // unbounded
  ASSERT_TRUE(satreci.lead && satreci.qualification);
  EXPECT_DOUBLE_EQ(satreci.lead->mean(), 140 * kDay);
  EXPECT_DOUBLE_EQ(satreci.qualification->mean(), 540 * kDay);
  EXPECT_EQ(satreci.qualification_learning, "local");
  const auto& parts = sc.stages[0].parts;
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "star_tracker");
  EXPECT_EQ(parts[0].supplier, "sodern");
  EXPECT_DOUBLE_EQ(parts[0].lead.mean(), 182 * kDay);
  EXPECT_EQ(parts[0].order_at, ""); // when needed
  EXPECT_EQ(parts[0].classes, std::vector<std::string>{"microsat"});
  EXPECT_EQ(parts[0].sources, std::vector<std::string>{"manifest"});
  EXPECT_EQ(parts[1].order_at, "design"); // its own stage
  EXPECT_TRUE(parts[1].classes.empty());
  // An unknown programme is refused once the arrivals are read.
  const LoadResult bad = load_scenario_text(edited(text, "programme: manifest", "programme: manifesto"), "parts.yaml");
  ASSERT_FALSE(bad.scenario);
  EXPECT_THAT(bad.diagnostics.format(), HasSubstr("process.design.parts.star_tracker.programme: unknown arrival source "
                                                  "'manifesto'; did you mean 'manifest'?"));
}

// Found by the fuzzer: yaml-cpp throws when a key that is a map or a list is read as a string.
TEST(ScenarioLoader, RefusesKeysThatAreNotNames) {
  const std::string text = edited(kGood, "discipline:", "{a: 1}:");
  LoadResult r;
  ASSERT_NO_THROW(r = load(text));
  EXPECT_EQ(only_error(r), "s.yaml:13:38: stations.team: expected a key that is a name, not a map or a list");
}

TEST(ScenarioLoader, RefusesTextThatIsNotUtf8) {
  const std::string text = edited(kGood, "name: flow", "name: fl\xffow");
  EXPECT_EQ(only_error(load(text)),
            "s.yaml:23:12: arrivals.0.name: expected a string in UTF-8 (the file has bytes that are not UTF-8 here)");
}

// Found by the fuzzer: apply_override lists the keys of the map where an override's path ends for its
// "did you mean", and reading a key that is a map or a list as a string threw.
TEST(ScenarioLoader, AnOverrideIntoAMapWithAKeyThatIsNotANameIsADiagnostic) {
  const std::string text = "name: t\nsites: {{a: 1}: 2}\n";
  LoadResult r;
  ASSERT_NO_THROW(r = load(text, {"sites.nosuch.x=1"}));
  EXPECT_THAT(r.diagnostics.format(), HasSubstr("no key 'nosuch' under 'sites'"));
}

} // namespace
} // namespace satflow::configs
