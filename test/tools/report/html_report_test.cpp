// The HTML report end to end through the satflow binary: the page's header, its charts, that it
// needs no network, and --html's handling of "-" and unwritable paths.
#include "models/results.hpp"
#include "test/tools/process_util.hpp"
#include "test/tools/text_util.hpp"
#include "tools/report/compare_charts.hpp"
#include "tools/report/sweep_charts.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <sstream>
#include <tuple>

namespace satflow::test {
namespace {

using ::testing::HasSubstr;

const std::string kKorea = source_path("configs/korea-three-hub.yaml").string();

/// The number in `attribute="N"` on the page's <body>, or -1.
int body_count(const std::string& page, const std::string& attribute) {
  std::smatch m;
  if (!std::regex_search(page, m, std::regex("<body[^>]*" + attribute + "=\"([0-9]+)\"")))
    return -1;
  return std::stoi(m[1]);
}

TEST(HtmlReport, RunPageHasTheHeaderTheChartsAndNoNetworkReference) {
  const auto dir = fresh_dir("html-run");
  const auto file = (dir / "korea.html").string();
  const auto r = run_satflow({"run", kKorea, "-q", "--html", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string page = read_file(file);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  // Lead time, breakdown, utilization, mean queue, queue over time, parts, flights, launches per year, launched
  // by date (the scenario has a `launched` target, marked there: the golden run's 37 miss its 100), links, Gantt.
  EXPECT_EQ(body_count(page, "data-charts-expected"), 11);
  for (const char* text :
       {"<dt>scenario</dt><dd>korea-three-hub</dd>", "<dt>seed</dt><dd>2026</dd>", "<dt>satflow</dt>",
        "<dt>horizon</dt><dd>10y (2024-01-01 to 2034-01-01)</dd>", "Launched 58 satellites", "coordination share 6.8%",
        "Lead time to launch per class", "Satellites over calendar time", "Waiting for long-lead parts",
        "<details><summary>Data", "editor: false", "data-charts-rendered", "roadmap-2031: 100 by 2031-12-31, not met"})
    EXPECT_NE(page.find(text), std::string::npos) << text;
  // The flights' planned dates are labelled by year (Vega's own ticks named months and no year).
  EXPECT_NE(
      page.find("\"title\":\"planned launch date\",\"axis\":{\"format\":\"%Y\",\"tickCount\":{\"interval\":\"year\""),
      std::string::npos);
  // Offline: no source or link on the web, and no external script or stylesheet at all.
  EXPECT_FALSE(std::regex_search(page, std::regex(R"((src|href)\s*=\s*["']?\s*(https?:)?//)", std::regex::icase)));
  EXPECT_FALSE(std::regex_search(page, std::regex(R"(<script[^>]+src=)", std::regex::icase)));
  EXPECT_FALSE(std::regex_search(page, std::regex(R"(<link[^>]+stylesheet)", std::regex::icase)));
}

TEST(HtmlReport, TheGanttDrawsParallelBranchesAsStripsInTheirItemsRow) {
  // test/data/fork-join.yaml: 10 d of design, then propulsion (3 d) and avionics (5 d) side by side.
  const auto r = run_satflow({"run", source_path("test/data/fork-join.yaml").string(), "-q", "--html", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The table keeps every bar, each branch named by its stage.
  for (const char* row : {"<tr><td>SAT-1 (item)<td>build<td>working<td>+1.43w<td>+2.14w<td>5d\n",
                          "<tr><td>SAT-1 (item) / propulsion<td>propulsion<td>working<td>+1.43w<td>+1.86w<td>3d\n",
                          "<tr><td>SAT-1 (item) / avionics<td>avionics<td>working<td>+1.43w<td>+2.14w<td>5d\n",
                          "The thin strips beneath a item&#39;s bar are the parallel branches of its forks"})
    EXPECT_NE(r.out.find(row), std::string::npos) << row;
  // In the chart, one row per item: the branches share SAT-1's row (row 0) beneath its own bar, one strip
  // each, and the chart is a row's height per item, not per lane.
  const auto chart = r.out.find("\"title\":\"Satellites over calendar time\"");
  ASSERT_NE(chart, std::string::npos);
  const std::string spec = r.out.substr(chart, r.out.find("\"title\":\"Satellites over", chart + 1) - chart);
  EXPECT_NE(spec.find("\"i\":\"SAT-1 (item)\",\"s\":\"design\",\"k\":\"working\""), std::string::npos);
  EXPECT_NE(spec.find("\"i\":\"SAT-1 (item) / propulsion\",\"s\":\"propulsion\""), std::string::npos);
  EXPECT_NE(spec.find("\"t\":0.04,\"u\":0.54"), std::string::npos) << "the item's bar, top of row 0";
  EXPECT_NE(spec.find("\"t\":0.58"), std::string::npos) << "the first branch's strip, beneath it";
  EXPECT_NE(spec.find("\"t\":0.78"), std::string::npos) << "the second branch's strip, beneath that";
}

TEST(HtmlReport, DashWritesThePageToStdoutWithoutTheTable) {
  const auto r = run_satflow({"run", source_path("configs/minimal.yaml").string(), "--html", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(r.out.find("where the time went (every item"), std::string::npos);
  EXPECT_NE(r.out.find("</html>"), std::string::npos);
}

TEST(HtmlReport, AnUnwritablePathIsRefusedBeforeAnythingRuns) {
  const auto r = run_satflow({"run", kKorea, "-q", "--html", "/nonexistent-dir/x.html"});
  EXPECT_EQ(r.exit_code, 2); // as --json: a path that cannot be written is bad input
  EXPECT_THAT(r.err, HasSubstr("cannot write /nonexistent-dir/x.html"));
  EXPECT_THAT(r.err, HasSubstr("nothing was run"));
}

TEST(HtmlReport, ReplicationsPageShowsEveryHeadlineKpiAndWhereTheTimeWent) {
  const auto file = (fresh_dir("html-reps") / "reps.html").string();
  const auto r = run_satflow({"run", kKorea, "-q", "--replications", "3", "--jobs", "2", "--html", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string page = read_file(file);
  // Three headline KPIs, the breakdown and the launches by date with the replications' band.
  EXPECT_EQ(body_count(page, "data-charts-expected"), 5);
  for (const char* text : {"satflow replications: korea-three-hub", "lead time (mean) over the replications",
                           "Mean over the replications (95% interval)", "<dt>replications</dt><dd>3</dd>",
                           "Launched by date", "Where the time went", "roadmap-2031: 100 by 2031-12-31, met in 0 of 3"})
    EXPECT_NE(page.find(text), std::string::npos) << text;
  EXPECT_EQ(page.find("per layout"), std::string::npos); // one layout: nothing is compared
}

TEST(HtmlReport, ComparePageHasIntervalsDifferencesAndBreakdown) {
  const auto file = (fresh_dir("html-compare") / "compare.html").string();
  const auto r = run_satflow({"compare", kKorea, "-q", "--layouts", "korea-three-hub", "co-located", "--replications",
                              "3", "--jobs", "2", "--html", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string page = read_file(file);
  // 3 KPIs, 2 differences (co-located launches exactly as many: said in a note, not drawn), the breakdown.
  EXPECT_EQ(body_count(page, "data-charts-expected"), 6);
  // Information, not a warning: in the neutral remark style, not the red note's.
  EXPECT_NE(page.find("<p class=\"remark\">No other layout changes launches per year: every replication gave the "
                      "baseline&#39;s value"),
            std::string::npos);
  EXPECT_EQ(page.find("<p class=\"note\">"), std::string::npos);
  EXPECT_EQ(page.find("launches per year: difference against"), std::string::npos);
  for (const char* text :
       {"korea-three-hub (baseline), co-located", "lead time (mean): difference against korea-three-hub", "Bonferroni",
        "Where the time went per layout"})
    EXPECT_NE(page.find(text), std::string::npos) << text;
  // The paired differences are what the comparison means: they come before the per-layout clouds.
  EXPECT_LT(page.find("lead time (mean): difference against"), page.find("lead time (mean) per layout"));
  // A difference of shares and its interval are both in percentage points, beside a relative change in %.
  EXPECT_TRUE(std::regex_search(
      page, std::regex(R"(<tr><td>co-located<td>-[0-9.]+ pp<td>\[-[0-9.]+ pp, -[0-9.]+ pp\]<td>-[0-9.]+%<td>yes)")));
  const auto refused = run_satflow(
      {"compare", kKorea, "-q", "--layouts", "korea-three-hub", "co-located", "--html", "/nonexistent-dir/c.html"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("nothing was run"));
}

TEST(HtmlReport, SweepPagesShowTheChartOfTheirDesign) {
  const auto dir = fresh_dir("html-sweep");
  // sweep spec, charts: a line and main effects per headline KPI, a heatmap and main effects per
  // headline KPI, a tornado per headline KPI, Morris, S1/ST per headline KPI (no per-point chart of a Sobol design).
  // The test scenario has no launch stage: the time in system stands in for the lead time, and the
  // headline KPIs are it and the coordination share.
  for (const auto& [spec, charts, title] : std::vector<std::tuple<std::string, int, std::string>>{
           {"html-one", 4, "time in system (mean) against coordination.step"},
           {"small", 4, "time in system (mean) over coordination.step and stations.design_team.capacity"},
           {"html-oat", 2, "Tornado: time in system (mean)"}, // one per headline KPI
           {"html-morris", 1, "Morris screening: mu* against sigma"},
           {"sobol", 2, "Sobol indices of time in system (mean)"}}) {
    const auto db = (dir / (spec + ".sqlite")).string(), file = (dir / (spec + ".html")).string();
    const auto swept = run_satflow(
        {"sweep", source_path("test/data/sweeps/" + spec + ".yaml").string(), "--db", db, "--jobs", "2", "-q"});
    ASSERT_EQ(swept.exit_code, 0) << swept.err;
    const auto r = run_satflow({"results", db, "--html", file});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string page = read_file(file);
    EXPECT_EQ(body_count(page, "data-charts-expected"), charts) << spec;
    EXPECT_NE(page.find(title), std::string::npos) << spec << ": " << title;
  }
  // The tornado's swings carry the interval of their paired difference, in the tooltip and the table.
  const std::string tornado = read_file(dir / "html-oat.html");
  EXPECT_NE(tornado.find("\"swing_interval\":\""), std::string::npos);
  EXPECT_NE(tornado.find("swing 95% interval"), std::string::npos);
  // A share's swing is a difference: in percentage points.
  EXPECT_TRUE(std::regex_search(tornado, std::regex(R"("swing":"\+[0-9.]+ pp","swing_interval":"\[)")));
  // The page says which point is the reference and why, above the charts and in the tornado's caption.
  EXPECT_NE(tornado.find("Reference point: step 0.4d, capacity 2 (the base point, every parameter at the spec&#39;s "
                         "base)."),
            std::string::npos);
  EXPECT_EQ(count_of(tornado, "Reference: step 0.4d, capacity 2 (the base point, every parameter at the "
                              "spec&#39;s base)."),
            2); // one tornado per headline KPI
  // A grid's main effects: one chart per headline KPI, a row per parameter level (2 x 2 levels here)
  // with its interval, in the spec and in the table beneath.
  const std::string grid = read_file(dir / "small.html");
  EXPECT_NE(grid.find("Reference point: step 0.4d, capacity 4 (the scenario&#39;s own values, which the grid holds)."),
            std::string::npos);
  for (const char* kpi : {"time in system (mean)", "coordination share of lead time"}) {
    EXPECT_EQ(count_of(grid, std::string("\"title\":\"Main effects on ") + kpi + "\""), 1) << kpi;
  }
  EXPECT_EQ(count_of(grid, "\"level\":\"step = 0.1d\""), 2); // one per headline KPI, by short name
  EXPECT_EQ(count_of(grid, "\"level\":\"capacity = 4\""), 2);
  EXPECT_EQ(count_of(grid, "<th>main effect<th>"), 2);
  // Main effects are differences: of the coordination share, in percentage points (axis, table and
  // tooltips), never in %; the heatmap's legend reads the share itself in %, not as a fraction.
  EXPECT_GT(count_of(grid, "main effect on coordination share of lead time (percentage points)"), 0);
  EXPECT_TRUE(std::regex_search(grid, std::regex(R"(<tr><td>coordination.step<td>0.1d<td>[-+][0-9.]+ pp<td>\[)")));
  EXPECT_EQ(
      count_of(grid, "\"legend\":{\"orient\":\"bottom\",\"titleLimit\":520,\"gradientLength\":360,\"format\":\".0%\"}"),
      1); // the share's heatmap only
  // A Sobol design: S1 and ST per parameter with their bootstrap intervals and the caption's reading.
  const std::string sobol = read_file(dir / "sobol.html");
  for (const char* kpi : {"time in system (mean)", "coordination share of lead time"})
    EXPECT_EQ(count_of(sobol, std::string("\"title\":\"Sobol indices of ") + kpi + "\""), 1) << kpi;
  EXPECT_EQ(count_of(sobol, "\"index\":\"S1\""), 4); // 2 parameters x 2 headline KPIs
  EXPECT_EQ(count_of(sobol, "\"index\":\"ST\""), 4);
  EXPECT_EQ(count_of(sobol, "<th>ST - S1\n"), 2);
  EXPECT_NE(sobol.find("ST - S1 is the part that comes through interactions"), std::string::npos);
  EXPECT_EQ(sobol.find(" per point\""), std::string::npos); // no chart of 16 sampled points
  const auto refused = run_satflow({"results", (dir / "small.sqlite").string(), "--html", "/nonexistent-dir/s.html"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("nothing was run"));
}

TEST(HtmlReport, AComparisonWithAFailedRunStillGivesAPageThatSaysSo) {
  tools::ComparisonData d;
  d.scenario = "hand";
  d.layouts = {"split", "broken"};
  d.replications = 3;
  d.kpis = {{tools::compare_kpis()[0], true}};
  d.values = {{{86400.0 * 30, 86400.0 * 32, 86400.0 * 31}}, {{std::nan(""), std::nan(""), std::nan("")}}};
  d.failures = {"broken, replication 0: exit status 1 (unknown station 'no-such-bay')"};
  std::ostringstream out;
  tools::write_html_page(tools::comparison_page(d, "test", "2026-01-01"), out);
  const std::string page = out.str();
  EXPECT_NE(page.find("<p class=\"note\">1 run failed; the charts use the runs that succeeded.</p>"),
            std::string::npos);
  EXPECT_NE(page.find("unknown station &#39;no-such-bay&#39;"), std::string::npos) << "said on the page, escaped";
  EXPECT_EQ(body_count(page, "data-charts-expected"), 1); // the interval chart; no difference without paired runs
}

TEST(HtmlReport, WhatASweepPageLeavesOutIsARemarkAndFailedRunsAWarning) {
  tools::SweepData d;
  d.name = "hand";
  d.design = "sobol";
  d.parameters = {"coordination.step"};
  d.failed_runs = 1;
  d.kpis = {{tools::target_kpi("quick"), false}};
  d.remarks = {"No Sobol indices of time in system (mean): its spread over these ranges is under 1% of its mean."};
  std::ostringstream out;
  tools::write_html_page(tools::sweep_page(d, "test", "2026-01-01"), out);
  const std::string page = out.str();
  EXPECT_THAT(page, HasSubstr("<p class=\"note\">1 runs failed;"));
  EXPECT_NE(page.find("<p class=\"remark\">No Sobol indices of time in system (mean)"), std::string::npos);
  EXPECT_NE(page.find("<p class=\"remark\">No chart of P(quick met) per point"), std::string::npos);
  EXPECT_EQ(count_of(page, "<p class=\"note\">"), 1);
}

TEST(HtmlReport, WhereTheTimeWentPerLayoutShowsTheMeanShareOfEveryBucket) {
  tools::ComparisonData d;
  d.scenario = "hand";
  d.layouts = {"split", "together"};
  d.replications = 2;
  d.time_shares.assign(2, std::vector<std::vector<double>>(models::kTimeKinds, {0.0, 0.0}));
  d.time_shares[0][0] = {0.5, 0.7}; // split: work 60%, coordination 40%
  d.time_shares[0][2] = {0.5, 0.3};
  d.time_shares[1][0] = {0.9, std::nan("")}; // together: a failed run leaves its shares out
  d.time_shares[1][1] = {0.1, std::nan("")};
  const tools::HtmlPage page = tools::comparison_page(d, "test", "2026-01-01");
  ASSERT_EQ(page.charts.size(), 1u);
  const tools::HtmlChart& c = page.charts[0];
  EXPECT_EQ(c.title, "Where the time went per layout");
  ASSERT_EQ(c.rows.size(), 2 * models::kTimeKinds);
  EXPECT_EQ(c.rows[0], (std::vector<std::string>{"split", models::kTimeKindNames[0], "60.0%"}));
  EXPECT_EQ(c.rows[2], (std::vector<std::string>{"split", models::kTimeKindNames[2], "40.0%"}));
  EXPECT_EQ(c.rows[models::kTimeKinds], (std::vector<std::string>{"together", models::kTimeKindNames[0], "90.0%"}));
  EXPECT_EQ(c.rows[models::kTimeKinds + 1][2], "10.0%");
  EXPECT_EQ(c.rows[models::kTimeKinds + 3][2], "0%"); // an exact zero reads 0
  const auto& domain = c.spec["encoding"]["color"]["scale"]["domain"];
  EXPECT_EQ(domain.size(), models::kTimeKinds); // the run page's colours, one per bucket
}

} // namespace
} // namespace satflow::test
