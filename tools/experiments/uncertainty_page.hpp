// The HTML page of a second-order Monte Carlo (uncertainty.hpp), on the page writer of
// tools/report/html_report.hpp: the briefing sentences as its summary, then per headline KPI the
// difference of each variant against the baseline over the input draws (each draw's mean difference
// a dot, the 5-95% spread a line, the mean's 95% interval a bar) and the drivers of that difference
// (each input's first-order index with its bootstrap interval, per variant).
#pragma once

#include "tools/experiments/uncertainty.hpp"
#include "tools/report/html_report.hpp"

#include <string>
#include <vector>

namespace satflow::tools {

/// The page. `scenario` names the scenario file in the header.
HtmlPage uncertainty_page(const UncertainOptions& options, const UncertainRuns& runs,
                          const std::vector<std::vector<UncertainSummary>>& summaries, const std::string& scenario,
                          const std::string& version, const std::string& date);

/// Per headline KPI, for a page with a summary of its own (a sweep's): every variant's value over the
/// uncertain inputs (each draw's mean a dot, the 5-95% spread a line, the mean's 95% interval a bar)
/// and, where there is a baseline (options.baseline < names.size()), the difference chart of the page
/// above and each variant's probability of being better with its Wilson interval. Variants are named by
/// options.names.
std::vector<HtmlChart> uncertainty_charts(const UncertainOptions& options, const UncertainRuns& runs,
                                          const std::vector<std::vector<UncertainSummary>>& summaries);

} // namespace satflow::tools
