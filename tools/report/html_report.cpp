#include "tools/report/html_report.hpp"

#include "tools/report/html_libraries.hpp"

#include <ctime>

namespace satflow::tools {
namespace {

std::string escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

constexpr const char* kStyle = R"css(
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 2rem auto;
       max-width: 1000px; color: #222; line-height: 1.4; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.3rem; }
h2 { font-size: 1.2rem; margin: 2.2rem 0 0.3rem; border-top: 1px solid #ddd; padding-top: 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; margin: 0.6rem 0; }
dl.facts dt { color: #666; } dl.facts dd { margin: 0; }
.summary, .remark { background: #f4f6f8; border-left: 4px solid #4c78a8; padding: 0.6rem 1rem; }
.summary { font-size: 1.05rem; }
.note { background: #fff3f0; border-left: 4px solid #d62728; padding: 0.6rem 1rem; }
.caption { color: #444; margin: 0.2rem 0 0.6rem; }
details { margin-top: 0.4rem; } summary { cursor: pointer; color: #4c78a8; }
table { border-collapse: collapse; font-size: 0.85rem; margin-top: 0.4rem; }
th, td { border: 1px solid #ddd; padding: 0.15rem 0.5rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
)css";

// Draws every chart, then marks <body>; console.error on failure so browser tests see it.
constexpr const char* kRenderScript = R"js(
(function () {
  var specs = JSON.parse(document.getElementById('satflow-specs').textContent);
  var options = {mode: 'vega-lite', actions: {export: true, source: false, compiled: false, editor: false}};
  Promise.all(specs.map(function (spec, i) { return vegaEmbed('#chart-view-' + i, spec, options); }))
    .then(function (results) {
      // What the page fetched beyond its own file and inline data (none: it works offline), for tests.
      var remote = performance.getEntriesByType('resource').filter(function (e) { return !/^(file|data|blob):/.test(e.name); });
      document.body.setAttribute('data-remote-requests', String(remote.length));
      document.body.setAttribute('data-charts-rendered', String(results.length));
    })
    .catch(function (error) {
      document.body.setAttribute('data-render-error', String(error && error.message ? error.message : error));
      console.error(error);
    });
})();
)js";

} // namespace

nlohmann::ordered_json page_specs(const HtmlPage& page) {
  nlohmann::ordered_json specs = nlohmann::ordered_json::array();
  for (const auto& chart : page.charts)
    specs.push_back(chart.spec);
  return specs;
}

std::string today_utc() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

void write_html_page(const HtmlPage& page, std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << escape(page.title) << "</title>\n<style>" << kStyle << "</style>\n"
      << "<script>" << kVegaJs << "</script>\n<script>" << kVegaLiteJs << "</script>\n<script>" << kVegaEmbedJs
      << "</script>\n</head>\n<body data-charts-expected=\"" << page.charts.size() << "\">\n<header>\n<h1>"
      << escape(page.title) << "</h1>\n<dl class=\"facts\">\n";
  for (const auto& [key, value] : page.facts)
    out << "<dt>" << escape(key) << "</dt><dd>" << escape(value) << "</dd>\n";
  out << "</dl>\n<p class=\"summary\">";
  for (std::size_t i = 0; i < page.summary.size(); ++i)
    out << (i ? "<br>\n" : "") << escape(page.summary[i]);
  out << "</p>\n</header>\n";
  for (const auto& note : page.notes)
    out << "<p class=\"note\">" << escape(note) << "</p>\n";
  for (const auto& remark : page.remarks)
    out << "<p class=\"remark\">" << escape(remark) << "</p>\n";
  for (std::size_t i = 0; i < page.charts.size(); ++i) {
    const auto& c = page.charts[i];
    out << "<section class=\"chart\" id=\"chart-" << i << "\">\n<h2>" << escape(c.title)
        << "</h2>\n<p class=\"caption\">" << escape(c.caption) << "</p>\n<div class=\"view\" id=\"chart-view-" << i
        << "\"></div>\n"
        << "<details><summary>Data (" << c.rows.size() << " row" << (c.rows.size() == 1 ? "" : "s")
        << ")</summary>\n<table>\n<tr>";
    // HTML lets a cell's and a row's end tags be left out; a Gantt's table has thousands of rows.
    for (const auto& col : c.columns)
      out << "<th>" << escape(col);
    out << "\n";
    for (const auto& row : c.rows) {
      out << "<tr>";
      for (const auto& cell : row)
        out << "<td>" << escape(cell);
      out << "\n";
    }
    out << "</table>\n</details>\n</section>\n";
  }
  std::string specs = page_specs(page).dump();
  std::string safe;
  safe.reserve(specs.size());
  for (char ch : specs)
    safe += ch == '<' ? std::string("\\u003c") : std::string(1, ch);
  out << "<script type=\"application/json\" id=\"satflow-specs\">" << safe << "</script>\n<script>" << kRenderScript
      << "</script>\n</body>\n</html>\n";
}

} // namespace satflow::tools
