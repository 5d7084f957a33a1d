// The satflow command line, run as a real child process.
#include "test/tools/process_util.hpp"
#include "test/tools/text_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

namespace satflow::test {
namespace {

using ::testing::HasSubstr;

const std::string kMinimal = source_path("configs/minimal.yaml").string();
const std::string kTandem = source_path("configs/tandem.yaml").string();

/// The items CSVs of `satflow run A...` and of `satflow run B...`; each run must succeed with `items`
/// rows (a failure is reported here: the caller checks HasFailure()).
std::pair<CsvTable, CsvTable> paired_items(std::vector<std::string> a, std::vector<std::string> b, std::size_t items) {
  std::pair<CsvTable, CsvTable> out;
  for (auto [args, csv] : {std::pair{&a, &out.first}, std::pair{&b, &out.second}}) {
    args->insert(args->begin(), "run");
    args->insert(args->end(), {"--items-csv", "-", "-q"});
    const auto r = run_satflow(*args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    *csv = read_csv(r.out);
    EXPECT_EQ(csv->rows.size(), items);
  }
  return out;
}

/// How the items of two paired runs (common random numbers: a change that must not alter any item's
/// draws) compare, by column of the items CSV.
struct PairedColumns {
  std::vector<std::string> same; ///< drawn alike: equal as written
  std::vector<std::string> near; ///< sums of (end - start) clock differences of equal draws: equal to rounding
  std::string added;             ///< the time the change adds in run b ("" for none): zero in run a
  std::string moved;             ///< what the change moves: the items whose value differs are counted
};

struct PairedDifference {
  double added_s = 0; ///< the column `added` summed over run b's items
  int moved = 0;      ///< the items whose column `moved` differs
};

/// Checks each item of `a` against the same item of `b` (a failure names the column and the item).
PairedDifference compare_paired_items(const CsvTable& a, const CsvTable& b, const PairedColumns& c) {
  PairedDifference d;
  for (std::size_t i = 0; i < a.rows.size() && i < b.rows.size(); ++i) {
    for (const auto& column : c.same)
      EXPECT_EQ(a.at(i, column), b.at(i, column)) << column << " of item " << i;
    for (const auto& column : c.near) {
      const double x = std::stod(a.at(i, column));
      EXPECT_NEAR(x, std::stod(b.at(i, column)), 1e-9 * (1 + std::abs(x))) << column << " of item " << i;
    }
    if (!c.added.empty()) {
      EXPECT_EQ(a.at(i, c.added), "0") << c.added << " of item " << i;
      d.added_s += std::stod(b.at(i, c.added));
    }
    d.moved += a.at(i, c.moved) != b.at(i, c.moved);
  }
  return d;
}

TEST(Cli, RunPrintsTheKpiTable) {
  const auto r = run_satflow({"run", kMinimal});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("time in system"), std::string::npos);
  EXPECT_NE(r.out.find("design_team"), std::string::npos);
  EXPECT_NE(r.out.find("daejeon -- sacheon"), std::string::npos);
  EXPECT_NE(r.out.find("(one run: --replications N gives 95% intervals)"), std::string::npos);
  EXPECT_EQ(r.err, "");
}

TEST(Cli, ValidateAcceptsEveryShippedScenario) {
  for (const char* name : {"minimal", "mm1", "tandem", "korea-three-hub"}) {
    const auto r = run_satflow({"validate", source_path(std::string("configs/") + name + ".yaml").string()});
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
    EXPECT_NE(r.out.find(": ok"), std::string::npos);
  }
}

TEST(Cli, TheSameSeedGivesByteIdenticalJsonAndCsv) {
  const auto dir = fresh_dir("identical");
  for (const char* run : {"a", "b"}) {
    const auto r = run_satflow({"run", kMinimal, "--seed", "42", "-q", "--json", (dir / run).string() + ".json",
                                "--items-csv", (dir / run).string() + ".csv"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, ""); // -q
  }
  const std::string json = read_file(dir / "a.json");
  EXPECT_GT(json.size(), 500u);
  EXPECT_EQ(json, read_file(dir / "b.json"));
  EXPECT_EQ(read_file(dir / "a.csv"), read_file(dir / "b.csv"));
  const auto other = run_satflow({"run", kMinimal, "--seed", "43", "--json", "-"});
  EXPECT_NE(other.out, json); // a different seed is a different run
}

TEST(Cli, JsonCarriesASchemaVersionAndEveryKpi) {
  const auto r = run_satflow({"run", kMinimal, "--json", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["schema_version"], 1);
  EXPECT_EQ(j["scenario"], "minimal");
  EXPECT_EQ(j["items"]["arrived"].get<int>(),
            j["items"]["completed"].get<int>() + j["items"]["in_progress"].get<int>());
  for (const char* key : {"time_in_system_s", "time_breakdown_s", "time_share", "stations", "site_pairs"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["stations"][0]["name"], "design_team");
  EXPECT_GT(j["site_pairs"][0]["messages"].get<int>(), 0);
}

// Common random numbers: an item's service times are its own, whatever else changes. Giving the
// last station a fourth server changes every queue downstream but no item's work.
TEST(Cli, AnItemDrawsTheSameDurationsWhenAnUnrelatedStationChanges) {
  const auto [a, b] =
      paired_items({kTandem, "--set", "arrivals.items.count=3000"},
                   {kTandem, "--set", "arrivals.items.count=3000", "--set", "stations.s5.capacity=4"}, 3000);
  ASSERT_FALSE(HasFailure());
  const auto d = compare_paired_items(a, b, {.same = {"arrival_s"}, .near = {"working_s"}, .moved = "queueing_s"});
  EXPECT_GT(d.moved, 100); // the change did matter to the queues
}

// Common random numbers through a launcher disruption: every satellite builds, travels and is
// integrated for exactly as long, and queues the same, with and without a stand-down and a
// withdrawal with a drawn rebooking delay, while launches move.
TEST(Cli, ASatelliteDrawsTheSameDurationsWithAndWithoutALauncherDisruption) {
  const std::string scenario = source_path("test/data/launch-disruption.yaml").string();
  const auto [a, b] = paired_items({scenario},
                                   {scenario, "--set", "launchers.nuri.unavailable=[{from: 450d, to: 750d}]", "--set",
                                    "launchers.nuri.withdrawn={from: 1150d}", "--set",
                                    "launchers.nuri.rebook={to: falcon, delay: {uniform: [20d, 200d]}}"},
                                   30);
  ASSERT_FALSE(HasFailure());
  const auto d = compare_paired_items(a, b,
                                      {.same = {"arrival_s", "ready_s"},
                                       .near = {"working_s", "queueing_s", "transport_s"},
                                       .added = "launcher_disruption_s",
                                       .moved = "launched_s"});
  EXPECT_GT(d.added_s, 0);
  EXPECT_GT(d.moved, 0); // the disruption moved launches: the comparison checks something
}

// Common random numbers through the supply chain: with and without the two parts, every programme
// arrives and draws the same design, review, avionics and payload work, while the parts move its dates.
TEST(Cli, AProgrammeDrawsTheSameWorkWithAndWithoutLongLeadParts) {
  const std::string scenario = source_path("test/data/supply-chain.yaml").string();
  const auto [a, b] = paired_items(
      {scenario, "--set", "process.avionics.parts=[]", "--set", "process.payload.parts=[]"}, {scenario}, 25);
  ASSERT_FALSE(HasFailure());
  // The review is the delay stage: drawn alike too.
  const auto d = compare_paired_items(
      a, b, {.same = {"arrival_s", "delay_s"}, .near = {"working_s"}, .added = "parts_s", .moved = "exit_s"});
  EXPECT_GT(d.added_s, 0);
  EXPECT_GT(d.moved, 20); // the parts did move the programmes: the comparison checks something
}

// Localising the star tracker as the config reference shows it: the part moves to the domestic maker,
// which takes every order, and no order waits for a licence any more.
TEST(Cli, ASetMovesAPartToAnotherSupplier) {
  const auto r = run_satflow({"run", source_path("configs/korea-three-hub.yaml").string(), "--json", "-", "--set",
                              "process.subsystems.parallel.1.avionics_ai.parts.star_tracker.supplier=star_tracker_kr"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["parts"][0]["name"], "star_tracker");
  EXPECT_EQ(j["parts"][0]["supplier"], "star_tracker_kr");
  EXPECT_GT(j["parts"][0]["orders"].get<int>(), 50);
  EXPECT_EQ(j["parts"][0]["licence_holds"], 0);
  std::map<std::string, nlohmann::json> suppliers;
  for (const auto& s : j["suppliers"])
    suppliers[s["name"].get<std::string>()] = s;
  EXPECT_EQ(suppliers["star_tracker_fr"]["orders"], 0);
  EXPECT_EQ(suppliers["star_tracker_kr"]["orders"], j["parts"][0]["orders"]);
  EXPECT_EQ(suppliers["star_tracker_kr"]["country"], "domestic");
  EXPECT_EQ(suppliers["star_tracker_kr"]["capacity"], 6);
}

// A station's breakdowns come from its own stream: changing the workload or another station leaves
// its breakdown dates, and so its availability, exactly as they were.
TEST(Cli, BreakdownsDoNotDependOnTheWorkload) {
  const std::string scenario = source_path("test/data/downtime.yaml").string();
  const auto base = run_satflow({"run", scenario, "--json", "-"});
  const auto changed = run_satflow(
      {"run", scenario, "--set", "stations.design.capacity=4", "--set", "arrivals.sats.rate=30/y", "--json", "-"});
  ASSERT_EQ(base.exit_code, 0) << base.err;
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  const auto a = nlohmann::json::parse(base.out), b = nlohmann::json::parse(changed.out);
  for (std::size_t s = 0; s < 2; ++s) {
    EXPECT_GT(a["stations"][s]["breakdowns"].get<int>(), 5);
    EXPECT_EQ(a["stations"][s]["breakdowns"], b["stations"][s]["breakdowns"]);
    EXPECT_EQ(a["stations"][s]["availability"], b["stations"][s]["availability"]);
    EXPECT_LT(a["stations"][s]["availability"].get<double>(), 1.0);
  }
  EXPECT_GT(a["time_breakdown_s"]["downtime"].get<double>(), 0);
  EXPECT_NE(a["time_in_system_s"]["mean"], b["time_in_system_s"]["mean"]); // the change did matter
}

TEST(Cli, BadUsageAndBadInputExitWithStatus2) {
  EXPECT_EQ(run_satflow({}).exit_code, 2);
  EXPECT_EQ(run_satflow({"run"}).exit_code, 2);
  EXPECT_EQ(run_satflow({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(run_satflow({"run", kMinimal, "--seed", "abc"}).exit_code, 2);
  // CLI11 would read these as 2^64 - 1 without the check.
  EXPECT_EQ(run_satflow({"run", kMinimal, "--seed", "-1"}).exit_code, 2);
  EXPECT_EQ(run_satflow({"run", kMinimal, "--seed", "99999999999999999999999"}).exit_code, 2);
  EXPECT_EQ(run_satflow({"run", kMinimal, "--replication", "-1"}).exit_code, 2);
  const auto missing = run_satflow({"run", "/nonexistent.yaml"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("/nonexistent.yaml: cannot open the file"), std::string::npos);
  const auto bad_set = run_satflow({"run", kMinimal, "--set", "stations.cleanroom.capacity=0"});
  EXPECT_EQ(bad_set.exit_code, 2);
  EXPECT_NE(bad_set.err.find("stations.cleanroom.capacity: expected an integer >= 1, got 0"), std::string::npos);
  EXPECT_EQ(bad_set.out, "");
}

// A file that is not a database is bad input, and it is left exactly as it was.
TEST(Cli, AResultsDatabaseThatIsAnotherFileIsRefusedUntouched) {
  const auto dir = fresh_dir("not-a-database");
  const auto file = dir / "notes.db";
  {
    std::ofstream out(file);
    out << "not a database\n";
  }
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"results", file.string()},
        {"merge", file.string(), file.string()},
        {"sweep", source_path("configs/sweeps/capacity.yaml").string(), "--db", file.string(), "-q"}}) {
    const auto r = run_satflow(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("is not a satflow results database"));
  }
  EXPECT_EQ(read_file(file), "not a database\n");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()), 1);
}

TEST(Cli, AnUnwritableOutputIsBadInput) {
  const auto r = run_satflow({"run", kMinimal, "-q", "--json", "/nonexistent-dir/x.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot write /nonexistent-dir/x.json"), std::string::npos);
  // Found before anything runs: a long comparison is not lost to a mistyped output path.
  EXPECT_THAT(r.err, HasSubstr("nothing was run"));
  const auto c = run_satflow({"compare", source_path("configs/korea-three-hub.yaml").string(), "--layouts",
                              "korea-three-hub", "--csv", "/nonexistent-dir/x.csv"});
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_THAT(c.err, HasSubstr("cannot write /nonexistent-dir/x.csv"));
  EXPECT_EQ(c.out, "");
}

TEST(Cli, TheHorizonOptionOverridesTheScenario) {
  const auto r = run_satflow({"run", kMinimal, "--horizon", "1y", "--json", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_DOUBLE_EQ(nlohmann::json::parse(r.out)["end_s"].get<double>(), 365 * 86400.0);
}

const std::string kKorea = source_path("configs/korea-three-hub.yaml").string();

TEST(CliLayouts, EveryShippedLayoutValidatesWithTheKoreaBaseline) {
  for (const char* layout :
       {"korea-three-hub", "co-located", "rd-in-sacheon", "agency-in-daejeon", "agency-hub", "ait-in-daejeon"}) {
    const auto r = run_satflow({"validate", kKorea, "--layout", layout});
    EXPECT_EQ(r.exit_code, 0) << layout << ": " << r.err;
  }
  const auto moved = run_satflow({"run", kKorea, "--layout", "co-located", "--json", "-"});
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  const auto j = nlohmann::json::parse(moved.out);
  EXPECT_EQ(j["layout"], "co-located");
  for (const auto& s : j["stations"])
    EXPECT_EQ(s["site"], "daejeon") << s["name"];
}

TEST(CliLayouts, AnUnknownLayoutIsBadInput) {
  const auto r = run_satflow({"run", kKorea, "--layout", "atlantis"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("--layout atlantis: no such layout; shipped layouts: agency-hub, ", 0), 0u) << r.err;
}

TEST(CliCompare, OneAndTwoJobsWriteByteIdenticalJson) {
  const auto dir = fresh_dir("compare");
  for (const char* jobs : {"1", "2"}) {
    const auto r = run_satflow({"compare", kKorea, "--layouts", "korea-three-hub", "co-located", "--replications", "4",
                                "--jobs", jobs, "--json", (dir / jobs).string() + ".json", "-q"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const std::string one = read_file(dir / "1.json");
  EXPECT_GT(one.size(), 1000u);
  EXPECT_EQ(one, read_file(dir / "2.json"));
  const auto j = nlohmann::json::parse(one);
  EXPECT_EQ(j["replications"], 4);
  EXPECT_EQ(j["baseline"], "korea-three-hub");
  EXPECT_TRUE(j["variants"][1]["vs_baseline"].contains("lead_time_mean_s"));
}

TEST(CliCompare, RefusesABaselineThatIsNotCompared) {
  const auto r =
      run_satflow({"compare", kKorea, "--layouts", "korea-three-hub", "co-located", "--baseline", "agency-hub"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--baseline agency-hub is not one of the --layouts"), std::string::npos);
}

TEST(CliCompare, PrintsATableWithTheHeadlineKpisFirst) {
  const auto r =
      run_satflow({"compare", kKorea, "--layouts", "korea-three-hub", "rd-in-sacheon", "--replications", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lead = r.out.find("lead time (mean)");
  const auto launches = r.out.find("launches per year");
  const auto coordination = r.out.find("coordination share of lead time");
  ASSERT_NE(lead, std::string::npos);
  EXPECT_LT(lead, launches);
  EXPECT_LT(launches, coordination);
  EXPECT_NE(r.out.find("rd-in-sacheon"), std::string::npos);
}

TEST(CliLogging, VerboseShowsModelEventsStampedWithSimulatedTime) {
  const auto quiet = run_satflow({"run", source_path("configs/korea-three-hub.yaml").string(), "-q"});
  EXPECT_EQ(quiet.err, "");
  const auto verbose = run_satflow({"run", source_path("configs/korea-three-hub.yaml").string(), "-q", "-v"});
  ASSERT_EQ(verbose.exit_code, 0);
  EXPECT_THAT(verbose.err, HasSubstr("[t=2.81y] [models] Nuri-5 launched with 9 satellites"));
  EXPECT_NE(verbose.err.find("[xbt_cfg/INFO]"), std::string::npos); // SimGrid's own lines come back with -v
}

TEST(CliReplications, ReportTheMeanOfTheSingleRunsWithItsInterval) {
  const std::string minimal = source_path("configs/minimal.yaml").string();
  const auto r = run_satflow({"run", minimal, "--replications", "5", "--jobs", "2", "--json", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["replications"], 5);
  EXPECT_TRUE(j["variants"][0]["kpis"]["lead_time_mean_s"].is_null()); // no launch stage: no lead time to launch
  EXPECT_EQ(
      j["not_applicable"],
      nlohmann::json::parse(
          R"(["lead_time_mean_s", "launches_per_year", "time_to_ready_mean_s", "launch_wait_share", "launcher_disruption_share", "parts_share"])"));
  const auto& lead = j["variants"][0]["kpis"]["time_in_system_mean_s"];
  double sum = 0;
  for (int k = 0; k < 5; ++k) { // the same runs one by one: replication k of the scenario's seed
    const auto one = run_satflow({"run", minimal, "--replication", std::to_string(k), "--json", "-"});
    sum += nlohmann::json::parse(one.out)["time_in_system_s"]["mean"].get<double>();
  }
  EXPECT_NEAR(lead["mean"].get<double>(), sum / 5, 1e-9 * sum);
  EXPECT_GT(lead["half_width"].get<double>(), 0);
  EXPECT_EQ(run_satflow({"run", minimal, "--replications", "3", "--items-csv", "-"}).exit_code, 2);
}

TEST(CliReplications, JsonHasLaunchesPerYearAndClassWithTheirIntervalAndCumulativeBand) {
  const std::string korea = source_path("configs/korea-three-hub.yaml").string();
  const auto r = run_satflow({"run", korea, "--replications", "3", "--jobs", "2", "--json", "-", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = nlohmann::json::parse(r.out)["variants"][0]["launches_by_year"];
  ASSERT_TRUE(rows.is_array()) << r.out.substr(0, 2000);
  // The same runs one by one: replication k's launches per year and class.
  std::vector<nlohmann::json> runs;
  for (int k = 0; k < 3; ++k)
    runs.push_back(nlohmann::json::parse(
        run_satflow({"run", korea, "--replication", std::to_string(k), "--json", "-"}).out)["launches"]["by_year"]);
  ASSERT_EQ(rows.size(), 2 * runs[0].size()); // medium and microsat, each year of the horizon
  EXPECT_EQ(rows[0]["year"], 2024);
  std::map<std::string, std::vector<double>> cumulative;
  for (const auto& row : rows) {
    const std::size_t y = static_cast<std::size_t>(row["year"].get<int>() - 2024);
    const std::string cls = row["class"].get<std::string>();
    double sum = 0, lowest = 1e9, highest = -1;
    auto& so_far = cumulative[cls];
    so_far.resize(3, 0);
    for (std::size_t k = 0; k < 3; ++k) {
      const double n = runs[k][y][cls].get<double>();
      sum += n;
      so_far[k] += n;
      lowest = std::min(lowest, so_far[k]);
      highest = std::max(highest, so_far[k]);
    }
    EXPECT_NEAR(row["mean"].get<double>(), sum / 3, 1e-12) << row;
    EXPECT_EQ(row["replications"], 3);
    EXPECT_LE(row["lower"].get<double>(), row["mean"].get<double>()) << row;
    EXPECT_GE(row["upper"].get<double>(), row["mean"].get<double>()) << row;
    EXPECT_DOUBLE_EQ(row["cumulative_lowest"].get<double>(), lowest) << row;
    EXPECT_DOUBLE_EQ(row["cumulative_highest"].get<double>(), highest) << row;
  }
  // A scenario that launches nothing has none.
  const auto minimal =
      run_satflow({"run", source_path("configs/minimal.yaml").string(), "--replications", "2", "--json", "-", "-q"});
  EXPECT_FALSE(nlohmann::json::parse(minimal.out)["variants"][0].contains("launches_by_year"));
}

} // namespace
} // namespace satflow::test
