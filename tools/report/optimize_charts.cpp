#include "tools/report/optimize_charts.hpp"

#include "tools/report/chart_units.hpp"
#include "tools/report/kpis.hpp"
#include "tools/report/readable.hpp"

#include <algorithm>
#include <cmath>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;

double number(const Json& v) { return v.is_number() ? v.get<double>() : NAN; }

/// How an objective reads: cost as a number, a KPI as its kind says (durations as durations).
struct Objective {
  std::string key, sense;
  Reading reading = Reading::number;
  std::string label() const { return sense + " " + name(); }
  std::string name() const { return key == "cost" ? "cost" : kpi_label(); }
  std::string kpi_label() const {
    for (const auto& k : compare_kpis())
      if (k.name == key)
        return k.label;
    return key.rfind("target.", 0) == 0 ? "P(" + key.substr(7) + " met)" : key;
  }
  std::string text(double v) const { return std::isnan(v) ? "-" : readable_value(reading, v); }
};

std::vector<Objective> objectives_of(const Json& report) {
  std::vector<Objective> out;
  for (const auto& o : report["objectives"]) {
    Objective obj{o["kpi"].get<std::string>(), o["sense"].get<std::string>(), Reading::number};
    for (const auto& k : compare_kpis())
      if (k.name == obj.key)
        obj.reading = k.reading();
    if (obj.key.rfind("target.", 0) == 0)
      obj.reading = Reading::share;
    out.push_back(obj);
  }
  return out;
}

/// "design_team.capacity 8 -> 12, payload_lab.capacity 2" : a plan as a person names it, the decisions
/// it changes first with the scenario's value.
std::string plan_label(const Json& plan) {
  std::string changed, same;
  for (const auto& d : plan) {
    const std::string value = d["value"].get<std::string>(), base = d["scenario"].get<std::string>();
    std::string& to = value == base ? same : changed;
    to +=
        (to.empty() ? "" : ", ") + d["path"].get<std::string>() + " " + (value == base ? value : base + " -> " + value);
  }
  return changed.empty() ? "the scenario's own plan (" + same + ")" : changed;
}

/// The chosen plan's decisions: a bar per decision of what it costs, labelled with the scenario's value
/// and the plan's.
HtmlChart plan_chart(const Json& chosen) {
  HtmlChart c{.title = "The chosen plan against the scenario",
              .caption =
                  "One bar per decision: what moving it from the scenario's value to the plan's costs (the plan's cost "
                  "is their sum). The label gives both values; a decision left as the scenario has it costs nothing.",
              .columns = {"decision", "scenario", "plan", "cost"}};
  Json values = Json::array();
  for (const auto& d : chosen["plan"]) {
    const std::string path = d["path"].get<std::string>(), value = d["value"].get<std::string>(),
                      base = d["scenario"].get<std::string>();
    const double cost = number(d["cost"]);
    values.push_back({{"decision", path},
                      {"cost", std::isnan(cost) ? 0.0 : cost},
                      {"change", value == base ? value + " (unchanged)" : base + " -> " + value},
                      {"cost_text", readable_number(cost)}});
    c.rows.push_back({path, base, value, readable_number(cost)});
  }
  const Json y = {{"field", "decision"},
                  {"type", "nominal"},
                  {"title", nullptr},
                  {"sort", nullptr},
                  {"axis", {{"labelLimit", 360}}}};
  const Json x = {{"field", "cost"}, {"type", "quantitative"}, {"title", "cost (the spec's unit)"}};
  const Json tips = {tooltip_field("decision", "decision"), tooltip_field("change", "scenario -> plan"),
                     tooltip_field("cost_text", "cost")};
  c.spec = {{"title", c.title},
            {"width", 560},
            {"height", {{"step", 34}}},
            {"data", {{"values", values}}},
            {"encoding", {{"y", y}}},
            {"layer",
             {{{"mark", {{"type", "bar"}, {"color", "#4c78a8"}}}, {"encoding", {{"x", x}, {"tooltip", tips}}}},
              {{"mark", {{"type", "text"}, {"align", "left"}, {"dx", 6}}},
               {"encoding", {{"x", x}, {"text", {{"field", "change"}}}, {"tooltip", tips}}}}}}};
  return c;
}

/// An objective's values as drawn: durations in one unit for all of them, the rest as they are.
struct Axis {
  double scale = 1;
  std::string title;
};

Axis axis_of(const Objective& o, double typical) {
  if (o.reading != Reading::duration)
    return {1, o.name()};
  const DurationUnit u = duration_unit_for(typical);
  return {u.seconds, o.name() + " (" + u.name + ")"};
}

/// Each target's probability on the chosen plan's replications, Wilson's interval as the bar, and the
/// constraint's bound as a red tick where the spec has one.
std::optional<HtmlChart> targets_chart(const Json& report, const Json& chosen) {
  const bool fresh = report.contains("selection");
  HtmlChart c{.title = "Targets: the chosen plan's probability of meeting each",
              .caption =
                  std::string("The dot is the share of the plan's ") +
                  (fresh ? "fresh replications (the selection's, not the search's)" : "replications") +
                  " that meet the target, the bar its 95% Wilson interval; a red tick is the constraint's bound.",
              .columns = {"target", "P(met)", "95% interval", "constraint"}};
  Json values = Json::array();
  for (const auto& [name, ci] : chosen["kpis"].items()) {
    if (name.rfind("target.", 0) != 0 || !ci.is_object())
      continue;
    const std::string target = name.substr(7);
    double bound = NAN;
    for (const auto& k : report["constraints"])
      if (k["target"] == target)
        bound = number(k["at_least"]);
    const double p = number(ci["mean"]), lo = number(ci["lower"]), hi = number(ci["upper"]);
    const std::string interval = readable_interval(Reading::share, lo, hi);
    const std::string constraint = std::isnan(bound) ? "-" : ">= " + readable_percent(bound);
    values.push_back({{"target", target},
                      {"p", p},
                      {"lower", lo},
                      {"upper", hi},
                      {"bound", std::isnan(bound) ? Json(nullptr) : Json(bound)},
                      {"p_text", readable_percent(p)},
                      {"interval", interval},
                      {"constraint", constraint}});
    c.rows.push_back({target, readable_percent(p), interval, constraint});
  }
  if (values.empty())
    return std::nullopt;
  const Json y = {{"field", "target"}, {"type", "nominal"}, {"title", nullptr}, {"sort", nullptr}};
  const Json x = {{"field", "p"},
                  {"type", "quantitative"},
                  {"title", "P(target met)"},
                  {"scale", {{"domain", {0, 1}}}},
                  {"axis", {{"format", ".0%"}}}};
  const Json tips = {tooltip_field("target", "target"), tooltip_field("p_text", "P(met)"),
                     tooltip_field("interval", "95% interval"), tooltip_field("constraint", "constraint")};
  c.spec = {
      {"title", c.title},
      {"width", 560},
      {"height", {{"step", 40}}},
      {"data", {{"values", values}}},
      {"encoding", {{"y", y}}},
      {"layer",
       {{{"mark", {{"type", "rule"}, {"strokeWidth", 2}}},
         {"encoding", {{"x", {{"field", "lower"}, {"type", "quantitative"}}}, {"x2", {{"field", "upper"}}}}}},
        {{"mark", {{"type", "point"}, {"filled", true}, {"size", 90}}}, {"encoding", {{"x", x}, {"tooltip", tips}}}},
        {{"transform", {{{"filter", "isValid(datum.bound)"}}}},
         {"mark", {{"type", "tick"}, {"color", "#d62728"}, {"thickness", 3}, {"size", 28}}},
         {"encoding", {{"x", {{"field", "bound"}, {"type", "quantitative"}}}, {"tooltip", tips}}}}}}};
  return c;
}

/// The best feasible objective after each generation (one point for an enumeration).
HtmlChart convergence_chart(const Json& report, const Objective& o) {
  HtmlChart c{.title = "Convergence: the best feasible " + (o.key == "cost" ? std::string("cost") : o.kpi_label()) +
                       " per generation",
              .caption =
                  "After each generation of the search, the best objective among the feasible plans evaluated so "
                  "far; a generation with none feasible yet has no point. A flat tail says further generations "
                  "found nothing better.",
              .columns = {"generation", "plans evaluated", "best feasible"}};
  double typical = NAN;
  for (const auto& g : report["generations"])
    if (g["best_feasible"].is_number())
      typical = number(g["best_feasible"]);
  const Axis a = axis_of(o, std::fabs(typical));
  Json values = Json::array();
  for (const auto& g : report["generations"]) {
    const double best = number(g["best_feasible"]);
    c.rows.push_back({std::to_string(g["generation"].get<std::size_t>()),
                      std::to_string(g["evaluated"].get<std::size_t>()), o.text(best)});
    if (!std::isnan(best))
      values.push_back({{"generation", g["generation"]},
                        {"best", best / a.scale},
                        {"best_text", o.text(best)},
                        {"evaluated", g["evaluated"]}});
  }
  c.spec = {
      {"title", c.title},
      {"width", 560},
      {"height", 240},
      {"data", {{"values", values}}},
      {"mark", {{"type", "line"}, {"point", true}, {"interpolate", "step-after"}}},
      {"encoding",
       {{"x",
         {{"field", "generation"}, {"type", "quantitative"}, {"title", "generation"}, {"axis", {{"tickMinStep", 1}}}}},
        {"y", {{"field", "best"}, {"type", "quantitative"}, {"title", a.title}, {"scale", {{"zero", false}}}}},
        {"tooltip",
         {tooltip_field("generation", "generation"), tooltip_field("evaluated", "plans evaluated"),
          tooltip_field("best_text", "best feasible")}}}}};
  return c;
}

/// The ranked plans (search replications), best first: feasible ones by objective, then the others;
/// with a selection, whether the fresh replications kept each in the subset that holds the best.
HtmlChart runners_up_chart(const Json& report, const Objective& o) {
  std::vector<std::string> kept;
  if (report.contains("selection"))
    for (const auto& s : report["selection"]["candidates"])
      if (s["kept"].get<bool>())
        kept.push_back(plan_label(s["plan"]));
  HtmlChart c{.title = "Runners-up: the best plans found",
              .caption = "Each dot is a plan, best first, at its " + o.name() +
                         " on the search's replications; hollow where it misses a constraint. A plan's name lists the "
                         "decisions it changes from the scenario's values.",
              .columns = {"rank", "plan", "plan cost", o.name(), "feasible", "kept by the selection"}};
  // Plans far worse than the best (an unstable queue's thousands of hours) would squash the rest into a
  // point: beyond ten times the best's distance from zero they are in the table only.
  const double best = std::fabs(number(report["ranked"][0]["objective"][0]));
  const double limit = std::isfinite(best) && best > 0 ? 10 * best : INFINITY;
  const std::string chosen = report.contains("chosen") ? plan_label(report["chosen"]["plan"]) : "";
  const Axis a = axis_of(o, best);
  Json values = Json::array();
  std::size_t rank = 0, left_out = 0;
  for (const auto& r : report["ranked"]) {
    std::string label = plan_label(r["plan"]);
    const std::string in_subset = std::find(kept.begin(), kept.end(), label) != kept.end() ? "yes" : "-";
    if (label == chosen)
      label += " (chosen)";
    if (!r["feasible"].get<bool>())
      label += " (misses a constraint)";
    const double v = number(r["objective"][0]);
    const bool feasible = r["feasible"].get<bool>();
    c.rows.push_back({std::to_string(++rank), label, readable_number(number(r["plan_cost"])), o.text(v),
                      feasible ? "yes" : "no", in_subset});
    left_out += !std::isnan(v) && std::fabs(v) > limit;
    if (!std::isnan(v) && std::fabs(v) <= limit)
      values.push_back({{"plan", std::to_string(rank) + ". " + label},
                        {"value", v / a.scale},
                        {"value_text", o.text(v)},
                        {"feasible", feasible ? "meets the constraints" : "misses a constraint"},
                        {"kept", in_subset}});
  }
  if (left_out)
    c.caption += " " + std::to_string(left_out) + (left_out == 1 ? " plan" : " plans") +
                 " more than ten times the best's value: in the table only.";
  c.spec = {
      {"title", c.title},
      {"width", 520},
      {"height", {{"step", 22}}},
      {"data", {{"values", values}}},
      {"mark", {{"type", "point"}, {"size", 80}, {"strokeWidth", 2}}},
      {"encoding",
       {{"y",
         {{"field", "plan"},
          {"type", "nominal"},
          {"title", nullptr},
          {"sort", nullptr},
          {"axis", {{"labelLimit", 480}}}}},
        {"x", {{"field", "value"}, {"type", "quantitative"}, {"title", a.title}, {"scale", {{"zero", best == 0}}}}},
        {"fill",
         {{"condition", {{"test", "datum.feasible === 'meets the constraints'"}, {"value", "#4c78a8"}}},
          {"value", "white"}}},
        {"color", {{"value", "#4c78a8"}}},
        {"tooltip",
         {tooltip_field("plan", "plan"), tooltip_field("value_text", o.name().c_str()),
          tooltip_field("feasible", "constraints"), tooltip_field("kept", "kept by the selection")}}}}};
  return c;
}

/// Two objectives: every plan of the front (none better on both), joined in order of the first.
HtmlChart pareto_chart(const Json& report, const std::vector<Objective>& o) {
  HtmlChart c{
      .title = "Pareto front: " + o[0].name() + " against " + o[1].name(),
      .caption = "Each dot is a plan that no other plan evaluated beats on both objectives, labelled with its "
                 "decisions' values; the line joins them in order. Moving along it trades one objective for the other: "
                 "choose where the trade stops paying.",
      .columns = {"plan", o[0].name(), o[1].name()}};
  double t0 = 0, t1 = 0;
  for (const auto& p : report["pareto"]) {
    t0 = std::max(t0, std::fabs(number(p["objective"][0])));
    t1 = std::max(t1, std::fabs(number(p["objective"][1])));
  }
  const Axis a0 = axis_of(o[0], t0), a1 = axis_of(o[1], t1);
  Json values = Json::array();
  for (const auto& p : report["pareto"]) {
    const double v0 = number(p["objective"][0]), v1 = number(p["objective"][1]);
    const std::string label = plan_label(p["plan"]);
    c.rows.push_back({label, o[0].text(v0), o[1].text(v1)});
    values.push_back({{"plan", label},
                      {"x", v0 / a0.scale},
                      {"y", v1 / a1.scale},
                      {"x_text", o[0].text(v0)},
                      {"y_text", o[1].text(v1)}});
  }
  const Json tips = {tooltip_field("plan", "plan"), tooltip_field("x_text", o[0].name().c_str()),
                     tooltip_field("y_text", o[1].name().c_str())};
  const Json x = {{"field", "x"}, {"type", "quantitative"}, {"title", a0.title}, {"scale", {{"zero", false}}}};
  const Json y = {{"field", "y"}, {"type", "quantitative"}, {"title", a1.title}, {"scale", {{"zero", false}}}};
  c.spec = {{"title", c.title},
            {"width", 560},
            {"height", 360},
            {"data", {{"values", values}}},
            {"encoding", {{"x", x}, {"y", y}}},
            {"layer",
             {{{"mark", {{"type", "line"}, {"color", "#999"}}}, {"encoding", {{"order", {{"field", "x"}}}}}},
              {{"mark", {{"type", "point"}, {"filled", true}, {"size", 90}}}, {"encoding", {{"tooltip", tips}}}},
              {{"mark", {{"type", "text"}, {"align", "left"}, {"dx", 8}, {"dy", -8}}},
               {"encoding", {{"text", {{"field", "short"}}}}}}}}};
  return c;
}

/// The headline: the chosen plan and its targets, or that nothing within the bounds is feasible.
void summarise(const Json& report, const std::vector<Objective>& o, HtmlPage& page) {
  if (report.contains("chosen")) {
    const Json& chosen = report["chosen"];
    const double plan_cost = number(chosen["plan_cost"]), objective = number(chosen["objective"][0]);
    std::string line = "Chosen plan: " + plan_label(chosen["plan"]) + "; plan cost " + readable_number(plan_cost);
    if (o[0].key != "cost")
      line += ", " + o[0].name() + " " + o[0].text(objective);
    else if (readable_number(objective) != readable_number(plan_cost))
      line += ", objective " + readable_number(objective) + " (the plan's cost plus its KPI costs)";
    line += ".";
    for (const auto& [name, ci] : chosen["kpis"].items())
      if (name.rfind("target.", 0) == 0 && ci.is_object())
        line += " P(" + name.substr(7) + " met) " + readable_percent(number(ci["mean"])) + " " +
                readable_interval(Reading::share, number(ci["lower"]), number(ci["upper"])) + ".";
    if (report.contains("selection"))
      line += " Figures from " + std::to_string(report["selection"]["replications"].get<std::size_t>()) +
              " fresh replications, not the search's.";
    page.summary.push_back(line);
  } else if (report.contains("pareto")) {
    page.summary.push_back(std::to_string(report["pareto"].size()) + " plans on the Pareto front of " + o[0].label() +
                           " and " + o[1].label() + ".");
  }
  if (report.contains("infeasible")) {
    page.summary.push_back("No plan within the decisions' bounds meets the constraints. The runners-up are the "
                           "closest, smallest shortfall first; below, what binds.");
    for (const auto& b : report["infeasible"]["binds"])
      page.notes.push_back("What binds: " + b.get<std::string>() + ".");
  }
}

} // namespace

HtmlPage optimize_page(const Json& report, const std::string& version, const std::string& date) {
  HtmlPage page;
  const std::vector<Objective> o = objectives_of(report);
  page.title = "satflow optimize: " + report["name"].get<std::string>();
  std::string constraints;
  for (const auto& c : report["constraints"])
    constraints += (constraints.empty() ? "" : "; ") + ("P(" + c["target"].get<std::string>() + " met) >= ") +
                   readable_number(number(c["at_least"]));
  const bool enumerated = report["algorithm"] == "enumerated";
  page.facts = {{"optimisation", report["name"].get<std::string>()},
                {"scenario", report["scenario"].get<std::string>()},
                {"seed", std::to_string(report["seed"].get<std::uint64_t>())},
                {"objective", o.size() == 2 ? o[0].label() + " and " + o[1].label() : o[0].label()},
                {"constraints", constraints.empty() ? "none" : constraints},
                {"search", enumerated ? "enumerated: every plan of the space"
                                      : report["algorithm"].get<std::string>() + " (pagmo2)"},
                {"plans", std::to_string(report["evaluated"].get<std::size_t>()) + " evaluated of " +
                              readable_number(number(report["space_size"]))},
                {"replications", std::to_string(report["replications"].get<std::size_t>()) +
                                     " per plan, the same seeds for every plan"},
                {"satflow", version},
                {"date", date}};
  summarise(report, o, page);
  if (o.size() == 2 && report.contains("pareto") && !report["pareto"].empty())
    page.charts.push_back(pareto_chart(report, o));
  if (report.contains("chosen")) {
    page.charts.push_back(plan_chart(report["chosen"]));
    if (auto c = targets_chart(report, report["chosen"]))
      page.charts.push_back(std::move(*c));
  }
  // An enumeration has no convergence to show, and a search that never found a feasible plan no point.
  const auto& g = report["generations"];
  if (!enumerated && std::any_of(g.begin(), g.end(), [](const Json& x) { return x["best_feasible"].is_number(); }))
    page.charts.push_back(convergence_chart(report, o[0]));
  if (!report["ranked"].empty())
    page.charts.push_back(runners_up_chart(report, o[0]));
  return page;
}

} // namespace satflow::tools
