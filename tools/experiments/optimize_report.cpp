#include "tools/experiments/optimize_report.hpp"

#include "tools/report/csv.hpp"
#include "tools/report/readable.hpp"

#include <string>
#include <vector>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;

std::string num(const Json& v) { return v.is_number() ? readable_number(v.get<double>()) : "-"; }

/// "P 0.9 [0.6, 0.98]" for a target's KPI interval.
std::string probability(const Json& ci) {
  if (!ci.is_object())
    return "-";
  return readable_number(ci["mean"].get<double>()) + " [" + num(ci["lower"]) + ", " + num(ci["upper"]) + "]";
}

std::string plan_text(const Json& plan) {
  std::string s;
  for (const auto& d : plan)
    s += (s.empty() ? "" : ", ") + d["path"].get<std::string>() + "=" + d["value"].get<std::string>();
  return s;
}

void write_plan(const Json& report, const Json& c, std::ostream& out) {
  out << "  decision                                  value        scenario     cost\n";
  for (const auto& d : c["plan"]) {
    std::string path = d["path"].get<std::string>();
    path.resize(std::max<std::size_t>(path.size(), 40), ' ');
    std::string value = d["value"].get<std::string>(), base = d["scenario"].get<std::string>();
    value.resize(std::max<std::size_t>(value.size(), 12), ' ');
    base.resize(std::max<std::size_t>(base.size(), 12), ' ');
    out << "  " << path << "  " << value << " " << base << " " << num(d["cost"]) << "\n";
  }
  out << "  plan cost " << num(c["plan_cost"]);
  for (std::size_t o = 0; o < report["objectives"].size(); ++o)
    out << "; " << report["objectives"][o]["sense"].get<std::string>() << " "
        << report["objectives"][o]["kpi"].get<std::string>() << ": " << num(c["objective"][o]);
  out << "\n";
  for (const auto& [name, ci] : c["kpis"].items())
    if (name.rfind("target.", 0) == 0)
      out << "  P(" << name.substr(7) << " met) " << probability(ci) << " (Wilson 95%)\n";
  for (const std::string name : {"launches_per_year", "lead_time_mean_s", "time_in_system_mean_s"}) {
    if (!c["kpis"].contains(name) || !c["kpis"][name].is_object())
      continue;
    // Seconds are read as durations ("5.2y"), the rest as numbers.
    const bool duration = name.ends_with("_s");
    auto text = [&](const Json& v) { return v.is_number() && duration ? readable_duration(v.get<double>()) : num(v); };
    const auto& ci = c["kpis"][name];
    out << "  " << name << " " << text(ci["mean"]) << " [" << text(ci["lower"]) << ", " << text(ci["upper"]) << "]\n";
  }
}

} // namespace

void write_optimize_text(const Json& report, std::ostream& out) {
  out << "optimize " << report["name"].get<std::string>() << " on " << report["scenario"].get<std::string>() << ": "
      << report["evaluated"] << (report["evaluated"] == 1 ? " plan" : " plans") << " of " << num(report["space_size"])
      << " evaluated ("
      << (report["algorithm"] == "enumerated" ? std::string("the whole space, enumerated")
                                              : "search: " + report["algorithm"].get<std::string>())
      << "), " << report["replications"] << " replications each (common random numbers, seed " << report["seed"]
      << ")\n";
  if (report.contains("inputs"))
    out << "inputs drawn (" << report["inputs"].get<std::string>()
        << "): replication j of every plan runs input draw j, so each probability is over the inputs too\n";
  out << "stored: " << report["stored"]["candidates"] << " candidates, " << report["stored"]["runs"]
      << " runs (each run once)\n";
  for (const auto& c : report["constraints"])
    out << "constraint: P(" << c["target"].get<std::string>() << " met) >= " << num(c["at_least"]) << "\n";
  if (report.contains("chosen")) {
    const bool fresh = report.contains("selection");
    out << "\nchosen plan"
        << (fresh ? " (figures from " + std::to_string(report["selection"]["replications"].get<std::size_t>()) +
                        " fresh replications)"
                  : "")
        << ":\n";
    write_plan(report, report["chosen"], out);
  }
  if (report.contains("selection")) {
    out << "\nselection on fresh seeds (subset holding the best with 95% confidence):\n";
    for (const auto& c : report["selection"]["candidates"])
      out << "  " << (c["kept"].get<bool>() ? "kept    " : "dropped ") << plan_text(c["plan"]) << "  objective "
          << num(c["objective"][0]) << (c["feasible"].get<bool>() ? "" : "  (misses a constraint)") << "\n";
  }
  if (report.contains("pareto")) {
    out << "\nPareto front (" << report["pareto"].size() << " plans):\n";
    for (const auto& c : report["pareto"])
      out << "  " << plan_text(c["plan"]) << "  " << num(c["objective"][0]) << "  " << num(c["objective"][1]) << "\n";
  }
  if (report.contains("infeasible")) {
    out << "\nno plan within the bounds meets the constraints; the closest:\n";
    for (const auto& c : report["infeasible"]["closest"])
      out << "  " << plan_text(c["plan"]) << "  plan cost " << num(c["plan_cost"]) << "\n";
    out << "what binds:\n";
    for (const auto& b : report["infeasible"]["binds"])
      out << "  " << b.get<std::string>() << "\n";
  }
  out << "\nranked (search replications):\n";
  for (const auto& c : report["ranked"])
    out << "  " << plan_text(c["plan"]) << "  objective " << num(c["objective"][0])
        << (c["feasible"].get<bool>() ? "" : "  infeasible") << "\n";
  out << "\nbest feasible objective per generation:\n";
  for (const auto& g : report["generations"])
    out << "  " << g["generation"] << "  " << g["evaluated"] << " evaluated  " << num(g["best_feasible"]) << "\n";
}

void write_optimize_csv(const Json& report, std::ostream& out) {
  std::vector<std::string> header{"section", "rank", "plan", "plan_cost", "objective", "feasible", "kept"};
  for (const auto& c : report["constraints"])
    header.push_back("target." + c["target"].get<std::string>());
  write_csv_row(out, header);
  auto rows = [&](const char* section, const Json& list) {
    std::size_t rank = 0;
    for (const auto& c : list) {
      std::vector<std::string> row{section,
                                   std::to_string(++rank),
                                   plan_text(c["plan"]),
                                   c["plan_cost"].dump(),
                                   c["objective"][0].dump(),
                                   c["feasible"].get<bool>() ? "true" : "false",
                                   c.contains("kept") ? (c["kept"].get<bool>() ? "true" : "false") : ""};
      for (const auto& k : report["constraints"]) {
        const auto& ci = c["kpis"]["target." + k["target"].get<std::string>()];
        row.push_back(ci.is_object() ? ci["mean"].dump() : "");
      }
      write_csv_row(out, row);
    }
  };
  rows("ranked", report["ranked"]);
  if (report.contains("selection"))
    rows("selection", report["selection"]["candidates"]);
  if (report.contains("pareto"))
    rows("pareto", report["pareto"]);
  if (report.contains("infeasible"))
    rows("closest", report["infeasible"]["closest"]);
}

} // namespace satflow::tools
