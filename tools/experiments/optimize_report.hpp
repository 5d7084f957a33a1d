// What `satflow optimize` and `satflow results OPT.sqlite` show, from the report that
// run_optimization() stores: the chosen plan against the scenario, its KPIs and targets' probabilities
// (from the fresh replications of the selection when there was one), the runners-up and the subset
// kept, the Pareto front for two objectives, the best feasible objective per generation, and, when no
// plan meets the constraints, the closest plans and what binds. Text for a person, CSV for a machine
// (JSON is the report itself).
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>

namespace satflow::tools {

void write_optimize_text(const nlohmann::ordered_json& report, std::ostream& out);
/// One row per plan shown: section (ranked, selection, pareto, closest), rank, each decision's value,
/// plan cost, objective(s), feasible, kept, and each target's probability.
void write_optimize_csv(const nlohmann::ordered_json& report, std::ostream& out);

} // namespace satflow::tools
