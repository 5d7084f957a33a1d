// The HTML report: one self-contained page of Vega-Lite charts for a run, replications or a
// comparison. The page inlines the chart libraries (html_libraries.hpp) and each chart's spec with
// its data, so it opens offline by double-click and can be mailed as one file: it makes no network
// request. The chart builders (run_charts.hpp, compare_charts.hpp) fill an HtmlPage; this file
// writes it. After every chart is drawn the page sets data-charts-rendered="N" on <body> (or
// data-render-error="..." when one failed), which the browser tests read.
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace satflow::tools {

/// One chart: its Vega-Lite spec (data inline) and the same data as a table for the page.
struct HtmlChart {
  std::string title;
  std::string caption;         ///< one or two sentences on how to read it
  nlohmann::ordered_json spec; ///< a Vega-Lite spec without $schema; its data inline
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows; ///< cells as shown, one vector per row
};

struct HtmlPage {
  std::string title;
  std::vector<std::pair<std::string, std::string>> facts; ///< scenario, layout, seed, ... in order
  std::vector<std::string> summary;                       ///< the headline in a line or two
  std::vector<std::string> notes;                         ///< warnings shown above the charts (failed runs)
  /// Information shown above the charts, after the warnings, in the summary's neutral colours: what the
  /// page leaves out and why (a KPI no layout changes). Not a warning: nothing went wrong.
  std::vector<std::string> remarks;
  std::vector<HtmlChart> charts;
};

/// Writes the page. Text is HTML-escaped; specs are written as JSON in one <script type="application/json"
/// id="satflow-specs"> block, every '<' escaped, so no spec text can close the script.
void write_html_page(const HtmlPage& page, std::ostream& out);

/// The specs of the page's charts, as the page holds them (for golden files and tests).
nlohmann::ordered_json page_specs(const HtmlPage& page);

/// Today's date (UTC) as YYYY-MM-DD, for the page's header.
std::string today_utc();

} // namespace satflow::tools
