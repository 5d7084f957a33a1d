// Names that users write survive every output intact: test/data/odd-names.yaml names its sources,
// items, classes, stations, stages, parts, suppliers and launcher with commas, double quotes, a line
// break, letters outside ASCII and the look of trace steps ("x (queued)", "review: on the pad", a
// stage called "launched"). Its CSVs are read back by an independent reader, Python's csv module;
// its run page's Gantt and its Perfetto trace must draw every slice by its step, not by its name.
#include "test/tools/process_util.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sys/wait.h>

namespace satflow::test {
namespace {

using Rows = std::vector<std::vector<std::string>>;

const std::string kOddNames = source_path("test/data/odd-names.yaml").string();

bool python_installed() { return std::system("command -v python3 >/dev/null 2>&1") == 0; }

/// The rows of the CSV file `path` as Python's csv module reads them (strict: a malformed field is an
/// error). Reports a failure and returns no rows if Python cannot read it.
Rows python_csv_rows(const std::string& path) {
  const std::string script = "import csv, json, sys\n"
                             "with open(sys.argv[1], newline=\"\", encoding=\"utf-8\") as f:\n"
                             "    print(json.dumps(list(csv.reader(f, strict=True))))\n";
  FILE* pipe = popen(("python3 -c '" + script + "' '" + path + "'").c_str(), "r");
  if (!pipe) {
    ADD_FAILURE() << "cannot run python3";
    return {};
  }
  std::string out;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;)
    out.append(buf, n);
  const int status = pclose(pipe);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    ADD_FAILURE() << "python3 could not read " << path;
    return {};
  }
  return nlohmann::json::parse(out).get<Rows>();
}

/// Every row as wide as the header (a name that shifted the columns would make one wider).
void expect_rectangular(const Rows& rows, const std::string& what) {
  ASSERT_FALSE(rows.empty()) << what;
  for (std::size_t i = 1; i < rows.size(); ++i)
    EXPECT_EQ(rows[i].size(), rows[0].size()) << what << " row " << i;
}

/// The values of the column called `name` below the header.
std::vector<std::string> column(const Rows& rows, const std::string& name) {
  std::vector<std::string> values;
  const auto it = std::find(rows.at(0).begin(), rows.at(0).end(), name);
  EXPECT_NE(it, rows[0].end()) << name;
  if (it == rows[0].end())
    return values;
  const auto c = static_cast<std::size_t>(it - rows[0].begin());
  for (std::size_t i = 1; i < rows.size(); ++i)
    values.push_back(rows[i].size() > c ? rows[i][c] : "<missing>");
  return values;
}

std::set<std::string> distinct(const std::vector<std::string>& values) { return {values.begin(), values.end()}; }

TEST(OddNames, ItemsAndPartsCsvReadBackWithEveryNameIntact) {
  if (!python_installed())
    GTEST_SKIP() << "python3 is not installed";
  const auto dir = fresh_dir("odd-names-run");
  const std::string items = (dir / "items.csv").string(), parts = (dir / "parts.csv").string();
  const auto r = run_satflow({"run", kOddNames, "--items-csv", items, "--parts-csv", parts, "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const Rows item_rows = python_csv_rows(items);
  expect_rectangular(item_rows, "items CSV");
  ASSERT_EQ(item_rows.size(), 11u); // the header, 4 scheduled items and 6 from the rate
  EXPECT_EQ(item_rows[0].size(), 24u);
  const std::vector<std::string> sources = column(item_rows, "source"), names = column(item_rows, "name");
  std::multiset<std::pair<std::string, std::string>> named;
  for (std::size_t i = 0; i < sources.size(); ++i)
    named.insert({sources[i], names[i]});
  const std::string quoted_source = "\"quoted\" source";
  EXPECT_EQ(named, (std::multiset<std::pair<std::string, std::string>>{{"c,1", "NEONSAT, \"α\""},
                                                                       {"c,1", "Ārirang-7, \"b\""},
                                                                       {"c,1", "천리안 3"},
                                                                       {"c,1", "two\nlines"},
                                                                       {quoted_source, ""},
                                                                       {quoted_source, ""},
                                                                       {quoted_source, ""},
                                                                       {quoted_source, ""},
                                                                       {quoted_source, ""},
                                                                       {quoted_source, ""}}));
  EXPECT_EQ(distinct(column(item_rows, "class")), std::set<std::string>{"micro, \"sat\""});
  for (const auto& flight : column(item_rows, "flight"))
    EXPECT_EQ(flight.rfind("Nuri, \"block 2\"", 0), 0u) << flight;
  EXPECT_EQ(column(item_rows, "arrival_date")[0], "2025-03-01"); // the epoch
  for (const auto& date : column(item_rows, "launched_date"))
    EXPECT_EQ(date.size(), 10u) << date; // every one flew: an ISO 8601 day each

  const Rows part_rows = python_csv_rows(parts);
  expect_rectangular(part_rows, "parts CSV");
  ASSERT_EQ(part_rows.size(), 11u); // one order per item
  EXPECT_EQ(distinct(column(part_rows, "part")), std::set<std::string>{"star tracker, \"ST-1\""});
  EXPECT_EQ(distinct(column(part_rows, "supplier")), std::set<std::string>{"Sodern, \"S.A.\""});
  EXPECT_EQ(distinct(column(part_rows, "country")), std::set<std::string>{"France, EU"});
  EXPECT_EQ(distinct(column(part_rows, "stage")), std::set<std::string>{"x (queued)"});
  EXPECT_EQ(distinct(column(part_rows, "name")), distinct(names));
}

TEST(OddNames, ComparisonCsvReadsBackWithTheVariantNames) {
  if (!python_installed())
    GTEST_SKIP() << "python3 is not installed";
  const auto dir = fresh_dir("odd-names-compare");
  const auto variants = write_file(dir / "variants.yaml",
                                   "variants:\n"
                                   "  - {name: \"one bay, \\\"slow\\\"\"}\n"
                                   "  - {name: \"two bays, 천리안\", set: {\"stations.bay (queued).capacity\": 2}}\n");
  const std::string csv = (dir / "compare.csv").string();
  const auto r =
      run_satflow({"compare", kOddNames, "--variants", variants.string(), "--replications", "2", "--csv", csv, "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Rows rows = python_csv_rows(csv);
  expect_rectangular(rows, "comparison CSV");
  EXPECT_EQ(rows.at(0).size(), 11u);
  EXPECT_EQ(distinct(column(rows, "variant")), (std::set<std::string>{"one bay, \"slow\"", "two bays, 천리안"}));
}

TEST(OddNames, SweepResultsCsvReadsBackWithAColumnPerParameter) {
  if (!python_installed())
    GTEST_SKIP() << "python3 is not installed";
  const auto dir = fresh_dir("odd-names-sweep");
  const std::string db = (dir / "sweep.db").string(), csv = (dir / "results.csv").string();
  const auto sweep = run_satflow({"sweep", source_path("test/data/sweeps/odd-names.yaml").string(), "--db", db, "-q"});
  ASSERT_EQ(sweep.exit_code, 0) << sweep.err;
  const auto results = run_satflow({"results", db, "--csv", csv});
  ASSERT_EQ(results.exit_code, 0) << results.err;
  const Rows rows = python_csv_rows(csv);
  expect_rectangular(rows, "sweep CSV");
  // A column per parameter, named by its path, whatever the path holds (spaces, a comma, quotes, Hangul).
  EXPECT_EQ(rows.at(0).size(), 13u); // point, two parameters, kpi and nine figures
  EXPECT_EQ(distinct(column(rows, "stations.bay (queued).capacity")), (std::set<std::string>{"1", "2"}));
  EXPECT_EQ(distinct(column(rows, "process.설계, \"A\".duration")),
            (std::set<std::string>{"{uniform: [20d, 40d]}", "{uniform: [10d, 20d]}"}));
}

/// The bars of the run page's Gantt: (stage label, kind) -> how many.
std::map<std::pair<std::string, std::string>, int> gantt_bars(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"satflow-specs\">";
  const auto from = page.find(open);
  const auto to = page.find("</script>", from);
  EXPECT_NE(from, std::string::npos);
  std::map<std::pair<std::string, std::string>, int> bars;
  if (from == std::string::npos || to == std::string::npos)
    return bars;
  for (const auto& spec : nlohmann::json::parse(page.substr(from + open.size(), to - from - open.size())))
    if (spec.value("title", "") == "Satellites over calendar time")
      for (const auto& bar : spec["layer"][0]["data"]["values"])
        ++bars[{bar["s"].get<std::string>(), bar["k"].get<std::string>()}];
  return bars;
}

// The charts used to read a slice's kind out of its name: "x (queued)" working was drawn as queueing,
// "review: on the pad" (a delay) as launch_wait, and the stage "launched" vanished as the instant.
TEST(OddNames, TheGanttAndTheTraceDrawEachSliceByItsStepNotItsName) {
  const auto page = run_satflow({"run", kOddNames, "--html", "-", "-q"});
  ASSERT_EQ(page.exit_code, 0) << page.err;
  auto bars = gantt_bars(page.out);
  const std::map<std::string, std::string> kind_of = {{"설계, \"A\"", "working"},
                                                      {"설계, \"A\" (queued)", "queueing"},
                                                      {"review: on the pad", "working"},
                                                      {"launched", "working"},
                                                      {"x (queued)", "working"},
                                                      {"x (queued) (queued)", "queueing"},
                                                      {"x (queued) (waiting for parts)", "parts"},
                                                      {"to orbit, \"soon\": ready to ship", "launch_wait"},
                                                      {"to orbit, \"soon\": transport", "transport"},
                                                      {"to orbit, \"soon\": integration", "working"},
                                                      {"to orbit, \"soon\": on the pad", "launch_wait"}};
  std::set<std::string> drawn;
  for (const auto& [bar, count] : bars) {
    const auto& [label, kind] = bar;
    drawn.insert(label);
    ASSERT_TRUE(kind_of.count(label)) << label;
    EXPECT_EQ(kind, kind_of.at(label)) << label;
  }
  for (const auto& [label, kind] : kind_of)
    EXPECT_TRUE(drawn.count(label)) << "no bar for " << label;
  EXPECT_EQ((bars[{"launched", "working"}]), 10); // every item's delay stage of that name

  const auto trace = run_satflow({"run", kOddNames, "--trace", "-", "-q"});
  ASSERT_EQ(trace.exit_code, 0) << trace.err;
  std::map<std::pair<std::string, std::string>, int> events; // (name, phase)
  const auto doc = nlohmann::json::parse(trace.out);
  for (const auto& e : doc["traceEvents"])
    if (e["ph"] != "M")
      ++events[{e["name"].get<std::string>(), e["ph"].get<std::string>()}];
  EXPECT_EQ((events[{"launched", "X"}]), 10); // the stage, a slice per item
  EXPECT_EQ((events[{"launched", "i"}]), 10); // the launch, an instant per item
  EXPECT_EQ((events[{"x (queued)", "X"}]), 10);
}

} // namespace
} // namespace satflow::test
