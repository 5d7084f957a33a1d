#include "tools/experiments/sweep_uncertainty.hpp"

#include "configs/sections.hpp"
#include "simcore/intervals.hpp"
#include "simcore/units.hpp"
#include "tools/experiments/results_store.hpp"
#include "tools/experiments/sweep_report.hpp"
#include "tools/experiments/uncertainty_page.hpp"
#include "tools/experiments/uncertainty_report.hpp"
#include "tools/report/csv.hpp"
#include "tools/report/sweep_charts.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace satflow::tools {
namespace {

using Json = nlohmann::json;

/// Why the plan's `uncertain` section cannot be read, or "".
std::string uncertain_damage(const Json& u, std::size_t replications) {
  if (!u.is_object() || !u.value("draws", Json()).is_number_unsigned() ||
      !u.value("replications_per_draw", Json()).is_number_unsigned() || !u.value("inputs", Json()).is_array() ||
      !u.value("input_draws", Json()).is_array())
    return "it is not {source, draws, replications_per_draw, inputs, input_draws}";
  const auto draws = u["draws"].get<std::size_t>(), k = u["replications_per_draw"].get<std::size_t>();
  if (draws == 0 || k == 0 || draws * k != replications || u["input_draws"].size() != draws)
    return "its draws x replications_per_draw are not the plan's replications";
  for (const auto& input : u["inputs"])
    if (!input.is_string())
      return "an input is not a key path";
  for (const auto& d : u["input_draws"])
    if (!d.is_array() || d.size() != u["inputs"].size() ||
        std::any_of(d.begin(), d.end(), [](const Json& v) { return !v.is_number(); }))
      return "a draw is not one number per input";
  return "";
}

UncertainOptions labelled(const SweepUncertainty& u) {
  UncertainOptions o = u.options;
  o.names = u.labels;
  return o;
}

} // namespace

configs::Diagnostics add_uncertainty(Sweep& sweep, const DrawSource& source, std::size_t draws,
                                     const std::string& source_name) {
  const configs::SweepSpec& spec = sweep.spec;
  Json inputs = Json::array(), values = Json::array();
  std::vector<std::vector<configs::Override>> draw_overrides;
  for (const auto& in : source.inputs())
    inputs.push_back(in.path);
  for (std::size_t m = 0; m < draws; ++m) {
    const std::vector<double> d = source.draw(m);
    values.push_back(d);
    draw_overrides.emplace_back();
    for (std::size_t i = 0; i < d.size(); ++i)
      draw_overrides.back().push_back(
          {source.inputs()[i].path + "=" + configs::uncertain_value_text(source.inputs()[i], d[i]),
           source.inputs()[i].declared_at});
  }
  sweep.draw_scenarios.assign(sweep.plan.points.size(), {});
  for (std::size_t p = 0; p < sweep.plan.points.size(); ++p) {
    const SweepPoint& point = sweep.plan.points[p];
    for (std::size_t m = 0; m < draws; ++m) {
      std::vector<configs::Override> overrides = draw_overrides[m];
      const auto own = configs::point_overrides(spec, point.overrides, point.levels);
      overrides.insert(overrides.end(), own.begin(), own.end());
      overrides.push_back({"uncertain={}", "--" + source_name});
      auto r = configs::load_experiment_point(spec.scenario, overrides, spec.layout);
      if (!r.scenario)
        return std::move(r.diagnostics);
      sweep.draw_scenarios[p].push_back(std::move(*r.scenario));
    }
  }
  nlohmann::ordered_json u = {{"source", source_name},
                              {"draws", draws},
                              {"replications_per_draw", spec.replications},
                              {"inputs", inputs},
                              {"input_draws", values}};
  set_uncertain(spec, sweep.plan, std::move(u), draws);
  return {};
}

std::optional<SweepUncertainty> sweep_uncertainty(const Json& plan, const SweepTable& table, const std::string& db) {
  if (!plan.contains("uncertain"))
    return std::nullopt;
  const Json& u = plan["uncertain"];
  if (const std::string damage = uncertain_damage(u, table.replications); !damage.empty())
    throw BadDatabase(db + ": the sweep plan's uncertain section is damaged: " + damage);
  SweepUncertainty out;
  out.source = u.value("source", "uncertain");
  UncertainOptions& o = out.options;
  o.noun = "sweep point";
  o.baseline_noun = "reference";
  o.replications = u["replications_per_draw"].get<std::size_t>();
  o.inputs = u["inputs"].get<std::vector<std::string>>();
  o.draws = u["input_draws"].get<std::vector<std::vector<double>>>();
  const bool paired = table.design == "grid" || table.design == "one_at_a_time";
  o.baseline = paired ? table.reference : std::numeric_limits<std::size_t>::max();
  for (const auto& p : table.points) {
    o.names.push_back(p.id);
    out.labels.push_back(readable_overrides(p.overrides));
    o.treatment.emplace_back(o.inputs.size());
  }
  out.runs.draws = o.draws.size();
  out.runs.replications = o.replications;
  o.kpis = table.kpis; // with the targets the runs report
  out.runs.kpi = table.kpi;
  out.summaries = summarise_uncertainty(o, out.runs, table.applies);
  return out;
}

void write_sweep_uncertainty_text(const SweepUncertainty& u, std::ostream& out) {
  out << "\nOver the uncertain inputs ("
      << (u.source == "posterior" ? "drawn from a calibration's posterior" : "the scenario's uncertain: section")
      << "), every point with the same draws:\n";
  write_uncertainty_text(labelled(u), u.runs, u.summaries, out);
}

nlohmann::ordered_json sweep_uncertainty_json(const SweepUncertainty& u) {
  nlohmann::ordered_json j = uncertainty_json(u.options, u.runs, u.summaries);
  nlohmann::ordered_json section = j["uncertainty"];
  section["source"] = u.source;
  section["reference"] =
      u.options.baseline < u.options.names.size() ? Json(u.options.names[u.options.baseline]) : Json();
  return {{"uncertainty", std::move(section)}, {"input_draws", j["input_draws"]}};
}

void add_sweep_uncertainty(const SweepUncertainty& u, const SweepTable& t, HtmlPage& page) {
  const UncertainOptions& o = u.options;
  std::string inputs;
  for (const auto& path : o.inputs)
    inputs += (inputs.empty() ? "" : ", ") + path;
  // Beside the sweep's own facts, before the version and date that close them.
  const auto at =
      std::find_if(page.facts.begin(), page.facts.end(), [](const auto& f) { return f.first == "satflow"; });
  page.facts.insert(at, {{"input draws", std::to_string(u.runs.draws) + " (" + u.source + ")"},
                         {"replications per draw", std::to_string(u.runs.replications)},
                         {"uncertain inputs", inputs}});
  page.summary.push_back("Over the uncertain inputs: the same " + std::to_string(u.runs.draws) + " input draws at " +
                         "every point, " + std::to_string(u.runs.replications) + " replications each.");
  if (o.baseline >= o.names.size()) {
    page.remarks.push_back("No chart of each point over the uncertain inputs: this design's points are samples; the "
                           "text, --json and --csv give each point's spread over the inputs.");
    return;
  }
  UncertainOptions named = o;
  const auto labels = parameter_labels(t.parameters);
  for (std::size_t p = 0; p < t.points.size() && p < named.names.size(); ++p)
    named.names[p] = point_label(labels, t.points[p].values);
  for (auto& chart : uncertainty_charts(named, u.runs, u.summaries))
    page.charts.push_back(std::move(chart));
}

void write_sweep_uncertainty_csv(const SweepUncertainty& u, const SweepTable& t, std::ostream& out) {
  std::vector<std::string> header{"point"};
  header.insert(header.end(), t.parameters.begin(), t.parameters.end());
  header.insert(header.end(), {"kpi", "n", "mean", "lower", "upper", "p05", "p50", "p95", "input_share", "diff_mean",
                               "diff_lower", "diff_upper", "diff_p05", "diff_p50", "diff_p95", "probability_better",
                               "probability_better_lower", "probability_better_upper"});
  write_csv_row(out, header);
  auto number = [](double v) { return std::isfinite(v) ? simcore::format_number(v) : std::string(); };
  const auto& kpis = u.options.kpis; // the summaries' KPIs, the targets' probabilities among them
  for (std::size_t p = 0; p < t.points.size(); ++p)
    for (std::size_t k = 0; k < kpis.size(); ++k) {
      const UncertainSummary& s = u.summaries[k][p];
      if (!s.applies)
        continue;
      std::vector<std::string> row{t.points[p].id};
      for (std::size_t j = 0; j < t.parameters.size(); ++j)
        row.push_back(j < t.points[p].values.size() ? t.points[p].values[j] : "");
      row.insert(row.end(),
                 {kpis[k].name, std::to_string(simcore::present_values(t.kpi[p][k]).size()), number(s.mean.value),
                  number(s.mean.lower), number(s.mean.upper), number(s.over_inputs.p05), number(s.over_inputs.p50),
                  number(s.over_inputs.p95), number(s.input_share)});
      if (const auto& d = s.difference)
        row.insert(row.end(),
                   {number(d->mean.value), number(d->mean.lower), number(d->mean.upper), number(d->over_inputs.p05),
                    number(d->over_inputs.p50), number(d->over_inputs.p95), number(d->probability_better.value),
                    number(d->probability_better.lower), number(d->probability_better.upper)});
      else
        row.resize(row.size() + 9);
      write_csv_row(out, row);
    }
}

} // namespace satflow::tools
