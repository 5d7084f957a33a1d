// The HTML page of an optimisation (`satflow results OPT.sqlite --html FILE`), drawn from the report
// that run_optimization() stores (tools/experiments/optimizer.hpp), so that the page and the text say
// the same: the chosen plan against the scenario (each decision's value beside the scenario's, and
// what it costs), each target's probability with its Wilson interval against the constraint's bound,
// the best feasible objective per generation, the runners-up, and for two objectives the Pareto front.
// When no plan meets the constraints, the page says so above the charts and names what binds.
#pragma once

#include "tools/report/html_report.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace satflow::tools {

/// The page of an optimisation report. Never throws for a report run_optimization() wrote.
HtmlPage optimize_page(const nlohmann::ordered_json& report, const std::string& version, const std::string& date);

} // namespace satflow::tools
