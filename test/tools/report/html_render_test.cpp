// The HTML pages drawn for real: every spec compiled by vega-lite and rendered by vega under Node
// (render_specs.mjs), and a run's, a comparison's, a sweep's and a calibration's page opened from
// file:// in headless Chromium, which must draw every chart, fetch nothing and print nothing on the
// console; the Korea page leaves a screenshot in the build folder for a person.
// Each skips (with the reason) only when node or chromium is not installed; CI installs both.
#include "test/tools/process_util.hpp"
#include "test/tools/text_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <sstream>

namespace satflow::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Command {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs a shell command line, capturing stdout and stderr.
Command run_shell(const std::string& line) {
  const auto err_file = fresh_dir("html-render-cmd") / "stderr";
  Command c;
  FILE* pipe = popen((line + " 2>" + err_file.string()).c_str(), "r");
  if (!pipe)
    return c;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;)
    c.out.append(buf, n);
  const int status = pclose(pipe);
  c.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  c.err = read_file(err_file);
  return c;
}

bool installed(const std::string& program) { return run_shell("command -v " + program).exit_code == 0; }

/// Writes the page of `satflow ARGS... --html FILE` and returns FILE.
std::string page_of(const std::string& name, std::vector<std::string> args) {
  const auto file = (fresh_dir("html-render-" + name) / (name + ".html")).string();
  args.insert(args.end(), {"-q", "--html", file});
  const auto r = run_satflow(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return file;
}

std::string scenario(const std::string& name) { return source_path("configs/" + name + ".yaml").string(); }

/// The page of the calibration test/data/calibration/SPEC.yaml, calibrated in a fresh folder: its file.
std::string calibration_page(const std::string& tag, const std::string& spec) {
  const auto dir = fresh_dir(tag);
  const auto db = (dir / "calibration.sqlite").string(), file = (dir / "calibration.html").string();
  EXPECT_EQ(run_satflow({"calibrate", source_path("test/data/calibration/" + spec + ".yaml").string(), "--db", db,
                         "--jobs", "2", "-q"})
                .exit_code,
            0);
  EXPECT_EQ(run_satflow({"results", db, "--html", file}).exit_code, 0);
  return file;
}

/// An optimisation's page from `results OPT.sqlite --html`, written in a fresh folder after `optimize SPEC`.
std::string optimisation_page(const std::string& spec) {
  const auto dir = fresh_dir("html-render-optimize-" + spec);
  const auto db = (dir / "opt.sqlite").string(), file = (dir / (spec + ".html")).string();
  EXPECT_EQ(
      run_satflow({"optimize", source_path("test/data/optimise/" + spec + ".yaml").string(), "--db", db, "--jobs", "2"})
          .exit_code,
      0);
  EXPECT_EQ(run_satflow({"results", db, "--html", file}).exit_code, 0);
  return file;
}

/// Headless Chromium on a page from file://, with a fresh profile and no background traffic.
Command chromium(const std::string& page, const std::string& action) {
  const auto profile = fresh_dir("html-render-profile");
  return run_shell("chromium --headless --no-sandbox --disable-gpu --disable-background-networking "
                   "--disable-component-update --no-first-run --user-data-dir=" +
                   profile.string() + " --virtual-time-budget=10000 --enable-logging=stderr --hide-scrollbars " +
                   action + " file://" + page);
}

TEST(HtmlRender, NodeCompilesAndRendersEverySpecWithoutAWarning) {
  if (!installed("node"))
    GTEST_SKIP() << "node is not installed (tools/install-deps.sh installs it)";
  std::vector<std::string> pages{
      page_of("korea", {"run", scenario("korea-three-hub")}),
      page_of("minimal", {"run", scenario("minimal")}),
      // Names with commas, quotes, a line break and letters outside ASCII in every label and tooltip.
      page_of("odd-names", {"run", source_path("test/data/odd-names.yaml").string()}),
      page_of("reps", {"run", scenario("korea-three-hub"), "--replications", "3", "--jobs", "2"}),
      page_of("compare", {"compare", scenario("korea-three-hub"), "--layouts", "korea-three-hub", "co-located",
                          "ait-in-daejeon", "--replications", "3", "--jobs", "2"}),
      page_of("uncertain", {"compare", source_path("test/data/uncertain/delay.yaml").string(), "--variants",
                            source_path("test/data/uncertain/delay-variants.yaml").string(), "--uncertain", "--draws",
                            "20", "--replications", "2", "--jobs", "2"}),
  };
  for (const std::string spec : {"html-one", "small", "html-oat", "html-morris", "sobol", "step-targets"}) {
    const auto dir = fresh_dir("html-render-sweep-" + spec);
    const auto db = (dir / "sweep.sqlite").string(), file = (dir / (spec + ".html")).string();
    ASSERT_EQ(run_satflow({"sweep", source_path("test/data/sweeps/" + spec + ".yaml").string(), "--db", db, "--jobs",
                           "2", "-q"})
                  .exit_code,
              0);
    ASSERT_EQ(run_satflow({"results", db, "--html", file}).exit_code, 0);
    pages.push_back(file);
  }
  pages.push_back(calibration_page("html-render-calibration", "small-calibration"));
  for (const std::string spec : {"step-capacity", "mmc-gaco", "mmc-pareto", "step-infeasible"})
    pages.push_back(optimisation_page(spec));
  std::string line = "node " + source_path("test/tools/report/render_specs.mjs").string();
  for (const auto& p : pages)
    line += " " + p;
  const auto r = run_shell(line);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr(" passed, 0 failed"));
  EXPECT_THAT(r.out, Not(HasSubstr("FAIL")));
}

TEST(HtmlRender, TheCalibrationsPredictiveChartLabelsEveryYearOfItsDates) {
  if (!installed("node"))
    GTEST_SKIP() << "node is not installed (tools/install-deps.sh installs it)";
  // The hindcast's record runs from 1999 to 2026: thinned labels read as if it stopped at 2020-12.
  const std::string file = calibration_page("html-render-calibration-years", "hindcast-dates");
  ASSERT_FALSE(HasFailure());
  const auto r = run_shell("node " + source_path("test/tools/report/render_specs.mjs").string() + " --texts " + file);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto chart = r.out.find("(Record against the predictive 5-95% per programme)");
  ASSERT_NE(chart, std::string::npos) << r.out;
  const auto from = r.out.find("  texts: ", chart) + 9;
  const std::string texts = "|" + r.out.substr(from, r.out.find('\n', from) - from) + "|";
  for (int year = 2000; year <= 2025; ++year)
    EXPECT_NE(texts.find("|" + std::to_string(year) + "|"), std::string::npos) << year << " in " << texts;
}

/// A run's, a comparison's, a sweep's and a calibration's page, each drawn by Chromium from file:// with every chart it
/// expects, no console line and no request beyond the file and its inline data.
TEST(HtmlRender, ChromiumDrawsEveryChartOfEachKindOfPageOfflineAndSilently) {
  if (!installed("chromium"))
    GTEST_SKIP() << "chromium is not installed (tools/install-deps.sh installs it)";
  const auto dir = fresh_dir("html-render-chromium-sweep");
  const auto db = (dir / "sweep.sqlite").string(), results = (dir / "results.html").string();
  ASSERT_EQ(run_satflow({"sweep", source_path("test/data/sweeps/small.yaml").string(), "--db", db, "--jobs", "2", "-q"})
                .exit_code,
            0);
  ASSERT_EQ(run_satflow({"results", db, "--html", results}).exit_code, 0);
  // page, charts: the run's eleven (launched by date: its target); 3 KPIs, 3 differences and the breakdown; a heatmap
  // and main effects per headline KPI that applies (the sweep's scenario has no launch stage: the time in system and
  // the coordination share); a calibration's two marginals, its pair, its generations and its checks.
  for (const auto& [page, charts] : std::vector<std::pair<std::string, int>>{
           {page_of("korea", {"run", scenario("korea-three-hub")}), 11},
           {page_of("compare", {"compare", scenario("korea-three-hub"), "--layouts", "korea-three-hub", "co-located",
                                "ait-in-daejeon", "--replications", "3", "--jobs", "2"}),
            6}, // no chart of launches per year's differences: neither layout changes it (a note says so)
           {results, 4},
           {calibration_page("html-render-chromium-calibration", "small-calibration"), 5}}) {
    const auto r = chromium(page, "--dump-dom");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::smatch body;
    ASSERT_TRUE(std::regex_search(r.out, body, std::regex("<body [^>]*data-charts-expected[^>]*>")))
        << r.out.substr(0, 2000);
    const std::string tag = body[0], n = std::to_string(charts);
    EXPECT_NE(tag.find("data-charts-expected=\"" + n + "\""), std::string::npos) << page << ": " << tag;
    EXPECT_NE(tag.find("data-charts-rendered=\"" + n + "\""), std::string::npos) << page << ": " << tag;
    EXPECT_NE(tag.find("data-remote-requests=\"0\""), std::string::npos) << page << ": " << tag;
    EXPECT_EQ(tag.find("data-render-error"), std::string::npos) << page << ": " << tag;
    // The page logs nothing when it works: any console line (Chromium logs every level as CONSOLE) fails.
    std::istringstream lines(r.err);
    for (std::string l; std::getline(lines, l);)
      EXPECT_EQ(l.find(":CONSOLE"), std::string::npos) << page << ": " << l;
    // Statically, on the page as the browser built it: no source or link on the web.
    EXPECT_FALSE(std::regex_search(r.out, std::regex(R"((src|href)\s*=\s*["']?\s*(https?:)?//)", std::regex::icase)));
  }
}

/// Sweep pages as Chromium draws them: a one-at-a-time page has a tornado per headline KPI, each bar's
/// ends labelled with the parameter's value there; a grid page names its points by their parameters'
/// values, never by the 16-hex-digit ids that only machine outputs carry.
TEST(HtmlRender, ChromiumDrawsATornadoPerHeadlineKpiAndNamesGridPointsByTheirValues) {
  if (!installed("chromium"))
    GTEST_SKIP() << "chromium is not installed (tools/install-deps.sh installs it)";
  const auto dir = fresh_dir("html-render-chromium-sweeps");
  auto page = [&](const std::string& spec) {
    const auto db = (dir / (spec + ".sqlite")).string(), file = (dir / (spec + ".html")).string();
    EXPECT_EQ(
        run_satflow({"sweep", source_path("test/data/sweeps/" + spec + ".yaml").string(), "--db", db, "-q"}).exit_code,
        0);
    EXPECT_EQ(run_satflow({"results", db, "--html", file}).exit_code, 0);
    const auto r = chromium(file, "--dump-dom");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  // html-oat's scenario has no launch stage: its headline KPIs are the time in system and the
  // coordination share, each with its tornado, all drawn.
  const std::string oat = page("html-oat");
  EXPECT_NE(oat.find("data-charts-rendered=\"2\""), std::string::npos) << oat.substr(0, 2000);
  for (const char* title :
       {"<h2>Tornado: time in system (mean)</h2>", "<h2>Tornado: coordination share of lead time</h2>"})
    EXPECT_NE(oat.find(title), std::string::npos) << title;
  EXPECT_NE(oat.find(" at 0.1d\""), std::string::npos); // an end's label: the mean at the parameter's value
  // A three-parameter grid: each point drawn by its values ("step 0.1d, capacity 2, rate 12/y").
  const std::string grid = page("html-grid3");
  std::smatch body;
  ASSERT_TRUE(std::regex_search(grid, body, std::regex("<body [^>]*data-charts-expected=\"([0-9]+)\"[^>]*>")));
  EXPECT_NE(body[0].str().find("data-charts-rendered=\"" + body[1].str() + "\""), std::string::npos) << body[0];
  // What a person reads: the text outside the chart libraries' scripts and the charts' specs.
  std::string read;
  for (std::size_t at = 0; at < grid.size();) {
    const std::size_t script = grid.find("<script", at);
    read += grid.substr(at, script == std::string::npos ? std::string::npos : script - at);
    if (script == std::string::npos)
      break;
    const std::size_t end = grid.find("</script>", script);
    if (grid.compare(script, 45, "<script type=\"application/json\" id=\"satflow-specs\"") == 0)
      read += grid.substr(script, end - script); // the specs: every label and tooltip
    at = end == std::string::npos ? grid.size() : end + 9;
  }
  std::smatch id;
  EXPECT_FALSE(std::regex_search(read, id, std::regex("[^0-9A-Za-z_.][0-9a-f]{16}[^0-9A-Za-z_]"))) << id[0];
  EXPECT_NE(read.find("step 0.1d, capacity 2, rate 12/y"), std::string::npos);
}

/// An optimisation's page as Chromium draws it, marks checked by their accessible labels: the step
/// scenario's chosen bench (1 -> 2, cost 10), its targets against the constraint's 90% with Wilson's
/// interval on 3 fresh replications, and the six plans ranked (capacity 1 missing the constraint); the
/// M/M/c search's convergence; and the Pareto front of cost against time in system, 5 to 9 servers.
TEST(HtmlRender, ChromiumDrawsAnOptimisationsPlanTargetsConvergenceAndParetoFront) {
  if (!installed("chromium"))
    GTEST_SKIP() << "chromium is not installed (tools/install-deps.sh installs it)";
  auto drawn = [](const std::string& page, int charts) {
    const auto r = chromium(page, "--dump-dom");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const std::string n = std::to_string(charts);
    EXPECT_NE(
        r.out.find("data-charts-expected=\"" + n + "\" data-remote-requests=\"0\" data-charts-rendered=\"" + n + "\""),
        std::string::npos)
        << page << ": " << r.out.substr(0, 2000);
    std::istringstream lines(r.err);
    for (std::string l; std::getline(lines, l);)
      EXPECT_EQ(l.find(":CONSOLE"), std::string::npos) << page << ": " << l;
    return r.out;
  };
  const std::string step = drawn(optimisation_page("step-capacity"), 3); // an enumeration: no convergence
  for (const char* mark :
       {"decision: stations.bench.capacity; change: 1 -&gt; 2; scenario -&gt; plan: 1 -&gt; 2; cost: 10",
        "target: ten-by-mid-june; P(met): 100.0%; 95% interval: [43.9%, 100.0%]; constraint: &gt;= 90.0%",
        "bound: 0.9; target: ten-by-mid-june", "target: quick; P(met): 0%; 95% interval: [0%, 56.1%]",
        "1. stations.bench.capacity 1 -&gt; 2 (chosen)",
        "6. the scenario's own plan (stations.bench.capacity 1) (misses a constraint)"})
    EXPECT_NE(step.find(mark), std::string::npos) << mark;
  EXPECT_EQ(count_of(step, "aria-roledescription=\"point\""), 2 + 6); // two targets, six plans
  EXPECT_EQ(count_of(step, "aria-roledescription=\"tick\""), 1);      // one constraint
  const std::string gaco = drawn(optimisation_page("mmc-gaco"), 3);
  EXPECT_NE(gaco.find("<h2>Convergence: the best feasible cost per generation</h2>"), std::string::npos);
  EXPECT_NE(gaco.find("1. stations.server.capacity 1 -&gt; 6 (chosen)"), std::string::npos);
  const std::string pareto = drawn(optimisation_page("mmc-pareto"), 2);
  EXPECT_NE(pareto.find("<h2>Pareto front: cost against time in system (mean)</h2>"), std::string::npos);
  for (int servers = 5; servers <= 9; ++servers) // a dot per staffing: its cost (servers - 1), then its plan
    EXPECT_TRUE(std::regex_search(pareto, std::regex("aria-label=\"cost: " + std::to_string(servers - 1) +
                                                     "; time in system \\(mean\\) \\(h\\): 1\\.[0-9]+; plan: "
                                                     "stations.server.capacity 1 -&gt; " +
                                                     std::to_string(servers) + ";")))
        << servers;
}

TEST(HtmlRender, ChromiumScreenshotOfTheKoreaPage) {
  if (!installed("chromium"))
    GTEST_SKIP() << "chromium is not installed (tools/install-deps.sh installs it)";
  const std::string page = page_of("korea", {"run", scenario("korea-three-hub")});
  const std::string png = std::string(SATFLOW_BUILD_DIR) + "/html-report-korea-three-hub.png";
  std::remove(png.c_str());
  const auto r = chromium(page, "--screenshot=" + png + " --window-size=1400,4000");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string bytes = read_file(png);
  ASSERT_GT(bytes.size(), 50000u) << "no screenshot at " << png << "\n" << r.err;
  EXPECT_EQ(bytes.substr(1, 3), "PNG");
}

} // namespace
} // namespace satflow::test
