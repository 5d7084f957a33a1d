#include "tools/experiments/compare_report.hpp"

#include "simcore/intervals.hpp"
#include "simcore/units.hpp"
#include "tools/experiments/selection.hpp"
#include "tools/report/chart_units.hpp"
#include "tools/report/csv.hpp"
#include "tools/report/readable.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace satflow::tools {

using Json = nlohmann::ordered_json;

std::string table_number(double v) { return readable_number(v); }

std::string signed_percent(double relative) { return readable_change(relative); }

std::string kpi_text(const KpiDef& kpi, double v) { return readable_value(kpi.reading(), v); }

Json interval_json(const simcore::Interval& ci) {
  const bool finite = std::isfinite(ci.half_width);
  return {{"n", ci.n},
          {"mean", ci.mean},
          {"half_width", finite ? Json(ci.half_width) : Json(nullptr)},
          {"lower", finite ? Json(ci.lower()) : Json(nullptr)},
          {"upper", finite ? Json(ci.upper()) : Json(nullptr)}};
}

namespace {

using Difference = simcore::PairedDifference;

std::optional<Difference> difference_of(const CompareOptions& o, const CompareResult& r, std::size_t layout,
                                        std::size_t k) {
  const std::size_t comparisons = o.scenarios.size() > 1 ? o.scenarios.size() - 1 : 1;
  return simcore::present_difference(r.kpi[layout][k], r.kpi[o.baseline][k],
                                     simcore::bonferroni_alpha(o.alpha, comparisons));
}

/// Whether variant `l` gave the baseline's KPIs in every replication: with common random numbers, what a
/// variant that changes nothing in the scenario does. A person is told so rather than shown zeros.
bool identical_to_baseline(const CompareOptions& o, const CompareResult& r, std::size_t l) {
  if (l == o.baseline || r.kpi[l].empty())
    return false;
  for (std::size_t k = 0; k < r.kpi[l].size(); ++k) {
    const auto& a = r.kpi[l][k];
    const auto& b = r.kpi[o.baseline][k];
    if (a.size() != b.size() ||
        !std::equal(a.begin(), a.end(), b.begin(), [](double x, double y) { return x == y || (x != x && y != y); }))
      return false;
  }
  return true;
}

/// Layout l's replications that sent their launches (those that succeeded).
std::vector<LaunchYears> launches_of(const CompareResult& r, std::size_t l) {
  std::vector<LaunchYears> reps;
  if (l < r.launches.size())
    for (const auto& launches : r.launches[l])
      if (!launches.classes.empty())
        reps.push_back(launches);
  return reps;
}

/// The mean of the baseline's KPI k: what a difference is negligible beside.
double baseline_scale(const CompareOptions& o, const CompareResult& r, std::size_t k) {
  const auto ci = simcore::present_interval(r.kpi[o.baseline][k], o.alpha);
  return ci ? ci->mean : 0;
}

std::string difference_text(const KpiDef& kpi, const simcore::Interval& ci, double scale) {
  return readable_difference(kpi.reading(), ci.mean, ci.lower(), ci.upper(), scale);
}

/// One KPI's rows: per variant the mean and its interval and, against the baseline, the paired difference
/// with its interval (one cell, one unit), the relative change and its significance.
void write_kpi_table(const CompareOptions& o, const CompareResult& r, std::size_t k, std::ostream& out) {
  const KpiDef& kpi = r.kpis[k];
  const std::size_t layouts = o.scenarios.size();
  std::vector<std::vector<std::string>> rows{{layouts == 1 ? "" : o.noun, "mean", "95% CI"}};
  if (layouts > 1)
    rows[0].insert(rows[0].end(), {"vs baseline [CI of the difference]", "relative change", "significant"});
  for (std::size_t l = 0; l < layouts; ++l) {
    const auto ci = kpi_interval(kpi, r.kpi[l][k], o.alpha);
    std::vector<std::string> row{o.layout_names[l]};
    if (!ci) {
      rows.push_back({o.layout_names[l], "-"});
      continue;
    }
    row.push_back(kpi_text(kpi, ci->mean));
    row.push_back(std::isfinite(ci->half_width) ? readable_interval(kpi.reading(), ci->lower(), ci->upper()) : "-");
    if (l == o.baseline && layouts > 1)
      row.push_back("(baseline)");
    else if (identical_to_baseline(o, r, l))
      row.push_back("identical to the baseline");
    else if (const auto d = l == o.baseline ? std::nullopt : difference_of(o, r, l, k))
      row.insert(row.end(), {difference_text(kpi, d->ci, baseline_scale(o, r, k)), signed_percent(d->relative),
                             std::isfinite(d->ci.half_width) && d->ci.excludes_zero() ? "yes" : "no"});
    rows.push_back(row);
  }
  write_aligned(out, rows, {true, false, false, false, false, false});
}

std::string csv_number(double v) { return std::isfinite(v) ? simcore::format_number(v) : ""; }

Selection selection_of(const CompareOptions& o, const CompareResult& r) {
  std::vector<std::vector<double>> values;
  for (const auto& variant : r.kpi)
    values.push_back(variant[*o.select_kpi]);
  return screen_best(values, r.kpis[*o.select_kpi].larger_is_better, o.alpha, o.indifference);
}

void write_selection(const CompareOptions& o, const CompareResult& r, std::ostream& out) {
  const KpiDef& kpi = r.kpis[*o.select_kpi];
  const Selection s = selection_of(o, r);
  out << "\nselect the best on " << kpi.label << " (" << (kpi.larger_is_better ? "larger" : "smaller")
      << " is better): the subset that holds the best with " << table_number(100 * (1 - o.alpha)) << "% confidence";
  if (o.indifference > 0)
    out << " (or one within " << kpi_text(kpi, o.indifference) << " of it)";
  out << ", screening over " << s.replications << " paired replications\n  kept:";
  for (std::size_t i : s.kept)
    out << " " << o.layout_names[i];
  out << "\n  dropped:";
  for (std::size_t i : s.dropped)
    out << " " << o.layout_names[i];
  out << (s.dropped.empty() ? " none" : "") << "\n";
}

Json selection_json(const CompareOptions& o, const CompareResult& r) {
  const KpiDef& kpi = r.kpis[*o.select_kpi];
  const Selection s = selection_of(o, r);
  Json best = Json::array(), dropped = Json::array();
  for (std::size_t i : s.kept)
    best.push_back(o.layout_names[i]);
  for (std::size_t i : s.dropped)
    dropped.push_back(o.layout_names[i]);
  return {{"kpi", kpi.name},
          {"larger_is_better", kpi.larger_is_better},
          {"confidence", 1 - o.alpha},
          {"indifference", o.indifference},
          {"replications", s.replications},
          {"best", best},
          {"dropped", dropped}};
}

} // namespace

void write_comparison_table(const CompareOptions& o, const CompareResult& r, std::ostream& out) {
  const std::size_t layouts = o.scenarios.size();
  if (layouts == 1)
    out << o.scenarios[0].name << ": " << r.replications << " replications (seed " << o.scenarios[0].seed << "); "
        << table_number(100 * (1 - o.alpha)) << "% intervals";
  else
    out << "compare " << o.scenarios[o.baseline].name << ": " << layouts << " " << o.noun << "s x " << r.replications
        << " replications (seed " << o.scenarios[o.baseline].seed << ", common random numbers)\n"
        << "baseline " << o.layout_names[o.baseline] << "; " << table_number(100 * (1 - o.alpha)) << "% intervals";
  if (layouts > 2)
    out << ", differences Bonferroni-adjusted for " << layouts - 1 << " comparisons";
  out << "\n";
  if (o.precision)
    out << "precision: relative half-width <= " << table_number(*o.precision) << " on headline KPIs "
        << (r.precision_reached ? "reached" : "NOT reached (replication cap)") << " with " << r.replications
        << " replications\n";
  for (std::size_t l = 0; l < layouts; ++l)
    if (identical_to_baseline(o, r, l))
      out << o.layout_names[l] << " is identical to the baseline: the same results in every replication (it changes "
          << "nothing in this scenario)\n";
  const std::vector<bool> applies = applicable_kpis(o.scenarios);
  for (std::size_t k = 0; k < r.kpis.size(); ++k) {
    const KpiDef& kpi = r.kpis[k];
    if (!applies[k])
      continue;
    out << "\n" << kpi.label << (kpi.is_share() && layouts > 1 ? " (differences in percentage points)" : "") << "\n";
    write_kpi_table(o, r, k, out);
  }
  if (layouts == 1)
    write_launch_years(launches_of(r, 0), o.alpha, out);
  if (o.select_kpi)
    write_selection(o, r, out);
  if (!r.failures.empty()) {
    out << "\nfailed runs (" << r.failures.size() << "; the statistics use the runs that succeeded):\n";
    for (const auto& f : r.failures) {
      out << "  " << o.layout_names[f.layout] << " replication " << f.replication << ": " << f.what << "\n";
      if (!f.stderr_tail.empty())
        out << "    " << f.stderr_tail.substr(f.stderr_tail.rfind('\n', f.stderr_tail.size() - 2) + 1);
    }
  }
}

Json comparison_json(const CompareOptions& o, const CompareResult& r) {
  Json j;
  j["schema_version"] = 2; // 2: "variants" (was "layouts"), a failure's "variant" (was "layout")
  j["scenario"] = o.scenarios[o.baseline].name;
  j["seed"] = o.scenarios[o.baseline].seed;
  j["replications"] = r.replications;
  j["alpha"] = o.alpha;
  j["baseline"] = o.layout_names[o.baseline];
  j["comparisons"] = o.scenarios.size() - 1;
  if (o.precision)
    j["precision"] = {{"target", *o.precision}, {"reached", r.precision_reached}, {"cap", o.max_replications}};
  const std::vector<bool> applies = applicable_kpis(o.scenarios);
  Json not_applicable = Json::array();
  for (std::size_t k = 0; k < r.kpis.size(); ++k)
    if (!applies[k])
      not_applicable.push_back(r.kpis[k].name);
  j["not_applicable"] = not_applicable; // their KPIs are null: the scenario has no launch, or no coordination
  Json layouts = Json::array();
  for (std::size_t l = 0; l < o.scenarios.size(); ++l) {
    Json layout;
    layout["name"] = o.layout_names[l];
    Json kpis = Json::object();
    Json diffs = Json::object();
    for (std::size_t k = 0; k < r.kpis.size(); ++k) {
      const auto& name = r.kpis[k].name;
      const auto ci = applies[k] ? kpi_interval(r.kpis[k], r.kpi[l][k], o.alpha) : std::nullopt;
      kpis[name] = ci ? interval_json(*ci) : Json(nullptr);
      if (l == o.baseline)
        continue;
      if (!applies[k]) {
        diffs[name] = nullptr;
        continue;
      }
      if (const auto d = difference_of(o, r, l, k)) {
        Json diff = interval_json(d->ci);
        diff["relative_change"] = std::isnan(d->relative) ? Json(nullptr) : Json(d->relative);
        diff["significant"] = std::isfinite(d->ci.half_width) && d->ci.excludes_zero();
        diffs[name] = diff;
      } else {
        diffs[name] = nullptr;
      }
    }
    layout["kpis"] = kpis;
    if (l != o.baseline)
      layout["vs_baseline"] = diffs;
    // The roadmap per year and class, as the text's two tables have it (absent when nothing launched).
    if (const auto rows = launch_year_rows(launches_of(r, l), o.alpha); !rows.empty())
      layout["launches_by_year"] = section_json(std::span<const LaunchYearRow>(rows), launch_year_fields());
    layouts.push_back(layout);
  }
  j["variants"] = layouts;
  if (o.select_kpi)
    j["selection"] = selection_json(o, r);
  Json failures = Json::array();
  for (const auto& f : r.failures)
    failures.push_back({{"variant", o.layout_names[f.layout]},
                        {"replication", f.replication},
                        {"what", f.what},
                        {"stderr_tail", f.stderr_tail}});
  j["failed_runs"] = failures;
  return j;
}

ComparisonData comparison_data(const CompareOptions& o, const CompareResult& r) {
  ComparisonData d;
  const models::Scenario& base = o.scenarios[o.baseline];
  d.scenario = base.name;
  d.seed = base.seed;
  d.horizon = std::isinf(base.horizon_s) ? "until every item has left" : simcore::format_duration(base.horizon_s);
  d.layouts = o.layout_names;
  d.baseline = o.baseline;
  d.alpha = o.alpha;
  d.replications = r.replications;
  for (const auto& k : r.kpis)
    d.kpis.push_back({k, k.headline_role == KpiDef::Headline::yes});
  d.values = r.kpi;
  d.time_shares = r.time_shares;
  if (o.scenarios.size() == 1)
    d.launches = launches_of(r, 0);
  for (const auto& f : r.failures)
    d.failures.push_back(o.layout_names[f.layout] + ", replication " + std::to_string(f.replication) + ": " + f.what +
                         (f.stderr_tail.empty() ? "" : " (" + f.stderr_tail.substr(0, 300) + ")"));
  return d;
}

void write_comparison_csv(const CompareOptions& o, const CompareResult& r, std::ostream& out) {
  write_csv_row(out, {o.noun, "kpi", "n", "mean", "lower", "upper", "diff_mean", "diff_lower", "diff_upper",
                      "relative_change", "significant"});
  const std::vector<bool> applies = applicable_kpis(o.scenarios);
  for (std::size_t l = 0; l < o.scenarios.size(); ++l)
    for (std::size_t k = 0; k < r.kpis.size(); ++k) {
      if (!applies[k])
        continue;
      const auto ci = kpi_interval(r.kpis[k], r.kpi[l][k], o.alpha);
      std::vector<std::string> row{o.layout_names[l],
                                   r.kpis[k].name,
                                   std::to_string(ci ? ci->n : 0),
                                   ci ? csv_number(ci->mean) : "",
                                   ci ? csv_number(ci->lower()) : "",
                                   ci ? csv_number(ci->upper()) : ""};
      const auto d = l == o.baseline ? std::nullopt : difference_of(o, r, l, k);
      if (d)
        row.insert(row.end(),
                   {csv_number(d->ci.mean), csv_number(d->ci.lower()), csv_number(d->ci.upper()),
                    csv_number(d->relative), std::isfinite(d->ci.half_width) && d->ci.excludes_zero() ? "yes" : "no"});
      else
        row.resize(row.size() + 5);
      write_csv_row(out, row);
    }
}

void write_comparison_markdown(const CompareOptions& o, const CompareResult& r, std::ostream& out) {
  out << r.replications << " replications per " << o.noun << ", baseline `" << o.layout_names[o.baseline] << "`, "
      << table_number(100 * (1 - o.alpha)) << "% intervals";
  if (o.scenarios.size() > 2)
    out << ", differences Bonferroni-adjusted for " << o.scenarios.size() - 1 << " comparisons";
  out << ".\n";
  const std::vector<bool> applies = applicable_kpis(o.scenarios);
  for (std::size_t k = 0; k < r.kpis.size(); ++k) {
    const KpiDef& kpi = r.kpis[k];
    if (kpi.headline_role != KpiDef::Headline::yes || !applies[k])
      continue;
    out << "\n**" << kpi.label << "**" << (kpi.is_share() ? " (differences in percentage points)" : "") << "\n\n| "
        << o.noun << " | mean | 95% CI | vs baseline [CI of the difference] | relative change | significant |\n"
        << "|---|---|---|---|---|---|\n";
    for (std::size_t l = 0; l < o.scenarios.size(); ++l) {
      const auto ci = kpi_interval(r.kpis[k], r.kpi[l][k], o.alpha);
      out << "| " << o.layout_names[l] << " | " << (ci ? kpi_text(kpi, ci->mean) : "-") << " | "
          << (ci && std::isfinite(ci->half_width) ? readable_interval(kpi.reading(), ci->lower(), ci->upper()) : "-")
          << " | ";
      const auto d = l == o.baseline ? std::nullopt : difference_of(o, r, l, k);
      if (identical_to_baseline(o, r, l))
        out << "identical to the baseline | | |\n";
      else if (d && std::isfinite(d->ci.half_width))
        out << difference_text(kpi, d->ci, baseline_scale(o, r, k)) << " | " << signed_percent(d->relative) << " | "
            << (d->ci.excludes_zero() ? "yes" : "no") << " |\n";
      else
        out << " | | |\n";
    }
  }
  if (!r.failures.empty())
    out << "\n" << r.failures.size() << " runs failed; the statistics use the runs that succeeded.\n";
}

} // namespace satflow::tools
