#include "tools/experiments/sweep_report.hpp"

#include "simcore/units.hpp"
#include "tools/experiments/compare.hpp"
#include "tools/experiments/compare_report.hpp"
#include "tools/report/chart_units.hpp"
#include "tools/report/csv.hpp"
#include "tools/report/readable.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>
#include <string>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;

std::string joined(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const auto& p : parts)
    out += (out.empty() ? "" : separator) + p;
  return out;
}

/// The reference point's mean of KPI k: what a difference is negligible beside (0 without one).
double reference_scale(const SweepTable& t, std::size_t k) {
  const auto ci = simcore::present_interval(t.kpi[t.reference][k]);
  return ci ? ci->mean : 0;
}

/// "+2.1w [+1.5w, +2.7w]": a signed value with its interval (none when n < 2), in one unit.
std::string signed_interval(const SweepTable& t, const KpiDef& kpi, const simcore::Interval& ci) {
  const std::size_t k = static_cast<std::size_t>(&kpi - t.kpis.data());
  return readable_difference(kpi.reading(), ci.mean, ci.lower(), ci.upper(), reference_scale(t, k));
}

/// A spread below 1% of the mean: an index or a swing of it measures noise more than the parameters (a
/// Sobol S1 of 1.07 on launches per year whose points differ by 0.4%).
bool negligible_spread(double sd, double mean) { return std::isfinite(sd) && sd <= 1e-2 * std::fabs(mean); }

Json difference_json(const simcore::PairedDifference& d) {
  Json j = interval_json(d.ci);
  j["relative_change"] = std::isnan(d.relative) ? Json(nullptr) : Json(d.relative);
  j["significant"] = std::isfinite(d.ci.half_width) && d.ci.excludes_zero();
  return j;
}

Json estimate_json(const SobolEstimate& e) {
  auto number = [](double v) { return std::isnan(v) ? Json(nullptr) : Json(v); };
  return {{"value", number(e.value)}, {"lower", number(e.lower)}, {"upper", number(e.upper)}};
}

std::string estimate_text(const SobolEstimate& e) { return index_text(e.value, e.lower, e.upper); }

void write_points(const SweepTable& t, const SweepAnalysis& a, std::ostream& out) {
  const auto& kpis = t.kpis;
  for (std::size_t p = 0; p < t.points.size(); ++p) {
    // A person reads a point by its values; its id is for machines (--json, --csv).
    out << "\n" << readable_overrides(t.points[p].overrides);
    if (p == t.reference && !sampled_design(t))
      out << "  (reference)";
    out << "\n";
    for (std::size_t k = 0; k < kpis.size(); ++k) {
      if (!t.applies[k])
        continue;
      const auto ci = kpi_interval(kpis[k], t.kpi[p][k], 0.05); // a target's: Wilson's
      if (!ci) {
        out << "  " << kpis[k].label << ": no runs\n";
        continue;
      }
      out << "  " << kpis[k].label << ": " << kpi_text(kpis[k], ci->mean);
      if (std::isfinite(ci->half_width))
        out << " " << readable_interval(kpis[k].reading(), ci->lower(), ci->upper());
      out << " (n " << ci->n << ")";
      if (const auto& d = a.vs_reference[p][k])
        out << "; vs reference " << signed_interval(t, kpis[k], d->ci);
      out << "\n";
    }
  }
}

void write_grid(const SweepTable& t, const KpiDef& kpi, const GridEffects& g, std::ostream& out) {
  out << "\nmain effects on " << kpi.label << " (level mean - grand mean, over " << g.replications
      << " complete replications):\n";
  for (std::size_t j = 0; j < g.levels.size(); ++j) {
    out << "  " << t.parameters[j] << ":";
    for (std::size_t l = 0; l < g.levels[j].size(); ++l)
      out << (l ? ";" : "") << " " << g.levels[j][l] << " " << signed_interval(t, kpi, g.main[j][l]);
    out << "\n";
  }
  if (g.interactions.empty())
    return;
  out << "two-way interactions on " << kpi.label << " (cell mean - grand mean - both main effects):\n";
  for (std::size_t i = 0; i < g.interactions.size(); ++i) {
    const auto& x = g.interactions[i];
    const bool first_of_pair = i == 0 || g.interactions[i - 1].p != x.p || g.interactions[i - 1].q != x.q;
    if (first_of_pair)
      out << (i ? "\n" : "") << "  " << t.parameters[x.p] << " x " << t.parameters[x.q] << ":";
    out << (first_of_pair ? "" : ";") << " " << g.levels[x.p][x.level_p] << "," << g.levels[x.q][x.level_q] << " "
        << signed_interval(t, kpi, x.ci);
  }
  out << "\n";
}

void write_tornado(const SweepTable& t, std::size_t k, const std::vector<TornadoBar>& bars, std::ostream& out) {
  const KpiDef& kpi = t.kpis[k];
  out << "\ntornado of " << kpi.label
      << " (one parameter at a time from the base point; swing: the paired difference highest - lowest mean):\n";
  auto end = [&](std::size_t p, std::size_t j) {
    return kpi_text(kpi, simcore::present_interval(t.kpi[p][k])->mean) + " (" + t.points[p].values[j] + ")";
  };
  const double scale = reference_scale(t, k);
  if (std::all_of(bars.begin(), bars.end(), [&](const TornadoBar& b) {
        return !b.swing || negligible_spread(std::fabs(b.swing->ci.mean), scale);
      })) {
    out << "  none worth drawing: no parameter moves it by more than 1% of " << kpi_text(kpi, scale) << "\n";
    return;
  }
  for (const auto& bar : bars)
    if (bar.swing && bar.swing->ci.mean == 0 && bar.swing->ci.half_width == 0) // exactly zero in every replication
      out << "  " << t.parameters[bar.parameter] << ": changes nothing (the same " << kpi.label << " at every value, "
          << kpi_text(kpi, simcore::present_interval(t.kpi[bar.low][k])->mean) << ")\n";
    else
      out << "  " << t.parameters[bar.parameter] << ": " << end(bar.low, bar.parameter) << " .. "
          << end(bar.high, bar.parameter) << ", swing " << (bar.swing ? signed_interval(t, kpi, bar.swing->ci) : "-")
          << "\n";
}

} // namespace

std::string readable_overrides(const std::vector<std::string>& overrides) {
  std::vector<std::string> out;
  for (const auto& o : overrides) {
    const auto eq = o.find('=');
    std::string value = eq == std::string::npos ? "" : o.substr(eq + 1);
    const bool seconds = !value.empty() && value.back() == 's';
    const std::string digits = seconds ? value.substr(0, value.size() - 1) : value;
    double v = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    // Only long sampled numbers are rewritten: "1w" or "3" read well as the spec wrote them.
    if (error == std::errc{} && end == digits.data() + digits.size() && digits.size() > 6)
      value = seconds ? readable_duration(v) : readable_number(v);
    out.push_back(eq == std::string::npos ? o : o.substr(0, eq + 1) + value);
  }
  return joined(out, " ");
}

bool negligible_sobol_spread(const SweepTable& t, std::size_t k, const SobolIndices& s) {
  return negligible_spread(std::sqrt(s.variance), reference_scale(t, k));
}

bool sampled_design(const SweepTable& t) { return t.design != "grid" && t.design != "one_at_a_time"; }

std::string reference_reason(const SweepTable& t) {
  if (t.scenario_reference)
    return "the scenario's own values, which the grid holds";
  if (t.named_reference)
    return "named by the spec's reference";
  if (t.design == "grid")
    return "the grid's first point: the spec names none, and the scenario's own values are not all swept";
  if (t.base_from.size() != t.parameters.size())
    return "the base point, every parameter at its base value";
  // Parameters grouped by why their base is what it is, in the order a reader checks them.
  static const std::pair<const char*, const char*> kWhy[] = {
      {"scenario", "the scenario's own value"},
      {"spec", "the spec's base"},
      {"middle", "the middle of its values, since the scenario does not set it (a model default)"}};
  std::string out = "the base point: ";
  bool first = true;
  for (const auto& [from, why] : kWhy) {
    std::vector<std::string> named;
    for (std::size_t j = 0; j < t.parameters.size(); ++j)
      if (t.base_from[j] == from)
        named.push_back(t.parameters[j]);
    if (named.empty())
      continue;
    if (named.size() == t.parameters.size())
      return "the base point, every parameter at " + std::string(why);
    out += (first ? "" : "; ") + joined(named, ", ") + " at " + why;
    first = false;
  }
  // A value the scenario has and the spec did not sweep was added to the values (and run): say which.
  for (std::size_t j = 0; j < t.parameters.size(); ++j)
    if (t.base_from[j] == "scenario_added") {
      const auto& values = t.points[t.reference].values;
      out += (first ? "" : "; ") + t.parameters[j] + " at the scenario's value " +
             (j < values.size() ? values[j] : "") + ", added to the swept values";
      first = false;
    }
  return out;
}

void write_sweep_text(const SweepTable& t, const SweepAnalysis& a, std::ostream& out, bool list_points) {
  const auto& kpis = t.kpis;
  out << "sweep " << t.name << ": " << t.points.size() << " points x " << t.replications << " replications; "
      << t.failed_runs << " failed runs\n";
  if (!t.fixed.empty())
    out << "fixed at every point: " << joined(t.fixed, " ") << "\n";
  for (std::size_t h = 0; h < a.headline.size(); ++h) {
    const KpiDef& kpi = kpis[a.headline[h]];
    if (a.grid[h])
      write_grid(t, kpi, *a.grid[h], out);
    if (!a.tornado[h].empty())
      write_tornado(t, a.headline[h], a.tornado[h], out);
  }
  if (!a.morris.empty()) {
    const KpiDef& kpi = kpis[a.headline[0]];
    out << "\nMorris screening of " << kpi.label << " (elementary effects per unit of each parameter's range):\n";
    for (std::size_t j = 0; j < a.morris.size(); ++j)
      out << "  " << t.parameters[j] << ": mu* " << kpi_text(kpi, a.morris[j].mu_star) << ", sigma "
          << kpi_text(kpi, a.morris[j].sigma) << " (" << a.morris[j].effects << " effects)\n";
  }
  for (std::size_t h = 0; h < a.headline.size(); ++h) {
    if (!a.sobol[h])
      continue;
    const SobolIndices& s = *a.sobol[h];
    out << "\nSobol indices of " << kpis[a.headline[h]].label << " (" << s.rows << " rows of " << t.sobol.size()
        << ", bootstrap 95% intervals; a row's output is its point's mean over " << t.replications
        << " replications, whose noise counts in the variance):\n";
    if (std::all_of(s.total.begin(), s.total.end(), [](const SobolEstimate& e) { return std::isnan(e.value); })) {
      out << "  none: it does not vary over these ranges\n";
      continue;
    }
    const KpiDef& kpi = kpis[a.headline[h]];
    const double mean = reference_scale(t, a.headline[h]);
    if (negligible_sobol_spread(t, a.headline[h], s)) {
      out << "  none: its spread over these ranges is negligible (standard deviation "
          << readable_value(kpi.reading(), std::sqrt(s.variance)) << ", under 1% of " << kpi_text(kpi, mean)
          << "), so indices would measure noise\n";
      continue;
    }
    for (std::size_t j = 0; j < t.parameters.size(); ++j)
      out << "  " << t.parameters[j] << ": S1 " << estimate_text(s.first[j]) << ", ST " << estimate_text(s.total[j])
          << "\n";
  }
  // The analysis comes first: a sampled design's hundreds of points bury it, and are the CSV's job.
  if (!sampled_design(t))
    out << "\nper point; vs reference: the paired difference from the reference point, "
        << readable_overrides(t.points[t.reference].overrides) << " (" << reference_reason(t)
        << "; replication r of every point shares its random numbers); 95% intervals, each for itself\n";
  if (list_points || !sampled_design(t))
    write_points(t, a, out);
  else
    out << "\n" << t.points.size() << " points not listed (--points lists them; --csv and --json keep every one)\n";
}

namespace {

/// Every point with its KPIs' intervals and, for a paired design, its differences from the reference.
Json points_json(const SweepTable& t, const SweepAnalysis& a) {
  const auto& kpis = t.kpis;
  const bool paired = !sampled_design(t);
  Json points = Json::array();
  for (std::size_t p = 0; p < t.points.size(); ++p) {
    Json point = {{"id", t.points[p].id}, {"overrides", t.points[p].overrides}};
    Json values = Json::object(), diffs = Json::object();
    for (std::size_t k = 0; k < kpis.size(); ++k) {
      const auto ci = t.applies[k] ? kpi_interval(kpis[k], t.kpi[p][k], 0.05) : std::nullopt;
      values[kpis[k].name] = ci ? interval_json(*ci) : Json(nullptr);
      const auto& d = a.vs_reference[p][k];
      diffs[kpis[k].name] = d ? difference_json(*d) : Json(nullptr);
    }
    point["kpis"] = values;
    if (paired && p != t.reference)
      point["vs_reference"] = diffs;
    points.push_back(point);
  }
  return points;
}

Json main_effects_json(const SweepTable& t, const GridEffects& g) {
  Json per = Json::object();
  for (std::size_t q = 0; q < g.levels.size(); ++q) {
    Json levels = Json::array();
    for (std::size_t l = 0; l < g.levels[q].size(); ++l) {
      Json e = interval_json(g.main[q][l]);
      e["value"] = g.levels[q][l];
      levels.push_back(e);
    }
    per[t.parameters[q]] = levels;
  }
  return {{"replications", g.replications}, {"parameters", per}};
}

Json interactions_json(const SweepTable& t, const GridEffects& g) {
  Json list = Json::array();
  for (const auto& x : g.interactions) {
    Json e = interval_json(x.ci);
    e["parameters"] = {t.parameters[x.p], t.parameters[x.q]};
    e["values"] = {g.levels[x.p][x.level_p], g.levels[x.q][x.level_q]};
    list.push_back(e);
  }
  return list;
}

/// The tornado bars of headline KPI h: each parameter's low and high points and the swing between them.
Json tornado_json(const SweepTable& t, const SweepAnalysis& a, std::size_t h) {
  Json bars = Json::array();
  for (const auto& bar : a.tornado[h]) {
    auto end = [&](std::size_t p) {
      const auto ci = simcore::present_interval(t.kpi[p][a.headline[h]]);
      return Json{{"point", t.points[p].id}, {"value", t.points[p].values[bar.parameter]}, {"mean", ci->mean}};
    };
    bars.push_back({{"parameter", t.parameters[bar.parameter]},
                    {"low", end(bar.low)},
                    {"high", end(bar.high)},
                    {"swing", bar.swing ? difference_json(*bar.swing) : Json(nullptr)}});
  }
  return bars;
}

} // namespace

Json sweep_json(const SweepTable& t, const SweepAnalysis& a) {
  const auto& kpis = t.kpis;
  Json j;
  j["schema_version"] = 1;
  j["sweep"] = t.name;
  j["design"] = t.design;
  j["layout"] = t.layout;
  j["seed"] = t.seed;
  j["replications"] = t.replications;
  j["alpha"] = 0.05;
  j["parameters"] = t.parameters;
  j["failed_runs"] = t.failed_runs;
  Json not_applicable = Json::array(), headline = Json::array();
  for (std::size_t k = 0; k < kpis.size(); ++k)
    if (!t.applies[k])
      not_applicable.push_back(kpis[k].name);
  for (std::size_t k : a.headline)
    headline.push_back(kpis[k].name);
  j["not_applicable"] = not_applicable; // no run has them: null below
  j["headline"] = headline;
  const bool paired = !sampled_design(t);
  j["reference"] = paired ? Json(t.points[t.reference].id) : Json(nullptr);
  j["points"] = points_json(t, a);
  Json main = Json::object(), interactions = Json::object(), tornado = Json::object(), sobol = Json::object(),
       sobol_rows = Json::object();
  for (std::size_t h = 0; h < a.headline.size(); ++h) {
    const std::string& name = kpis[a.headline[h]].name;
    if (const auto& g = a.grid[h]) {
      main[name] = main_effects_json(t, *g);
      interactions[name] = interactions_json(t, *g);
    }
    if (!a.tornado[h].empty())
      tornado[name] = tornado_json(t, a, h);
    if (const auto& s = a.sobol[h]) {
      Json per = Json::object();
      for (std::size_t q = 0; q < t.parameters.size(); ++q)
        per[t.parameters[q]] = {{"S1", estimate_json(s->first[q])}, {"ST", estimate_json(s->total[q])}};
      sobol[name] = per;
      sobol_rows[name] = {{"rows", s->rows}, {"variance", std::isnan(s->variance) ? Json(nullptr) : Json(s->variance)}};
    }
  }
  if (t.design == "grid") {
    j["main_effects"] = main;
    j["interactions"] = interactions;
  }
  if (t.design == "one_at_a_time")
    j["tornado"] = tornado;
  if (!a.morris.empty()) {
    Json per = Json::object();
    for (std::size_t q = 0; q < a.morris.size(); ++q)
      per[t.parameters[q]] = {
          {"mu_star", a.morris[q].mu_star}, {"sigma", a.morris[q].sigma}, {"effects", a.morris[q].effects}};
    j["morris"] = {{"kpi", kpis[a.headline[0]].name}, {"parameters", per}};
  }
  if (!t.sobol.empty()) {
    j["sobol"] = sobol;
    j["sobol_outputs"] = sobol_rows; // rows used and the variance V the indices divide
  }
  return j;
}

void write_sweep_csv(const SweepTable& t, const SweepAnalysis& a, std::ostream& out) {
  const auto& kpis = t.kpis;
  // One column per parameter, named by its path, so that a spreadsheet filters and plots by value; the
  // point's id stays for machines. Every number at full precision.
  std::vector<std::string> header{"point"};
  header.insert(header.end(), t.parameters.begin(), t.parameters.end());
  header.insert(header.end(), {"kpi", "n", "mean", "lower", "upper", "diff_mean", "diff_lower", "diff_upper",
                               "relative_change", "significant"});
  write_csv_row(out, header);
  auto number = [](double v) { return std::isfinite(v) ? simcore::format_number(v) : ""; };
  for (std::size_t p = 0; p < t.points.size(); ++p)
    for (std::size_t k = 0; k < kpis.size(); ++k) {
      if (!t.applies[k])
        continue;
      std::vector<std::string> row{t.points[p].id};
      for (std::size_t j = 0; j < t.parameters.size(); ++j)
        row.push_back(j < t.points[p].values.size() ? t.points[p].values[j] : "");
      row.push_back(kpis[k].name);
      const auto ci = kpi_interval(kpis[k], t.kpi[p][k], 0.05);
      const bool finite = ci && std::isfinite(ci->half_width);
      row.insert(row.end(), {std::to_string(ci ? ci->n : 0), ci ? number(ci->mean) : "",
                             finite ? number(ci->lower()) : "", finite ? number(ci->upper()) : ""});
      // Against the reference (paired designs): the difference with its interval, as compare's CSV has it.
      if (const auto& d = a.vs_reference[p][k])
        row.insert(row.end(), {number(d->ci.mean), number(d->ci.lower()), number(d->ci.upper()), number(d->relative),
                               std::isfinite(d->ci.half_width) && d->ci.excludes_zero() ? "yes" : "no"});
      else
        row.resize(row.size() + 5);
      write_csv_row(out, row);
    }
}

} // namespace satflow::tools
