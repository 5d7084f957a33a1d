#include "tools/experiments/compare_report.hpp"

#include "simcore/intervals.hpp"
#include "simcore/units.hpp"
#include "tools/experiments/selection.hpp"
#include "tools/report/chart_units.hpp"
#include "tools/report/csv.hpp"

#include <cmath>
#include <limits>

namespace satflow::tools {

using Json = nlohmann::ordered_json;

/// Four significant digits, but never an exponent for a count: 20000, not 2e+04.
std::string table_number(double v) { return printed(std::abs(v) >= 1e4 && std::abs(v) < 1e15 ? "%.0f" : "%.4g", v); }

/// A relative change as a signed percentage with three significant digits ("-" when undefined).
std::string signed_percent(double relative) { return relative == 0 ? "0%" : printed("%+.3g%%", 100 * relative); }

std::string kpi_text(const KpiDef& kpi, double v) {
  if (std::isnan(v))
    return "-";
  if (!kpi.is_duration())
    return table_number(v);
  return (v < 0 ? "-" : "") + simcore::format_duration(std::abs(v));
}

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

std::string pad(const std::string& s, std::size_t width, bool left) {
  if (s.size() >= width)
    return s;
  return left ? s + std::string(width - s.size(), ' ') : std::string(width - s.size(), ' ') + s;
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
  const std::vector<bool> applies = applicable_kpis(o.scenarios);
  for (std::size_t k = 0; k < r.kpis.size(); ++k) {
    const KpiDef& kpi = r.kpis[k];
    if (!applies[k])
      continue;
    out << "\n" << kpi.label << "\n";
    out << "  " << pad(layouts == 1 ? "" : o.noun, 22, true) << pad("mean", 10, false) << pad("95% CI", 24, false);
    if (layouts > 1)
      out << pad("vs baseline", 13, false) << pad("CI of the difference", 26, false) << pad("change", 10, false)
          << pad("significant", 13, false);
    out << "\n";
    for (std::size_t l = 0; l < layouts; ++l) {
      const auto ci = kpi_interval(r.kpis[k], r.kpi[l][k], o.alpha);
      std::string line = "  " + pad(o.layout_names[l], 22, true);
      if (!ci) {
        out << line << pad("-", 10, false) << "\n";
        continue;
      }
      line += pad(kpi_text(kpi, ci->mean), 10, false);
      line +=
          pad(std::isfinite(ci->half_width) ? "[" + kpi_text(kpi, ci->lower()) + ", " + kpi_text(kpi, ci->upper()) + "]"
                                            : "-",
              24, false);
      if (l != o.baseline) {
        if (const auto d = difference_of(o, r, l, k)) {
          const bool finite = std::isfinite(d->ci.half_width);
          line += pad((d->ci.mean > 0 ? "+" : "") + kpi_text(kpi, d->ci.mean), 13, false);
          line += pad(finite ? "[" + kpi_text(kpi, d->ci.lower()) + ", " + kpi_text(kpi, d->ci.upper()) + "]" : "-", 26,
                      false);
          line += pad(signed_percent(d->relative), 10, false);
          line += pad(finite && d->ci.excludes_zero() ? "yes" : "no", 13, false);
        }
      }
      out << line << "\n";
    }
  }
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
    out << "\n**" << kpi.label << "**\n\n| " << o.noun
        << " | mean | 95% CI | vs baseline | CI of the difference | change | significant |\n"
        << "|---|---|---|---|---|---|---|\n";
    for (std::size_t l = 0; l < o.scenarios.size(); ++l) {
      const auto ci = kpi_interval(r.kpis[k], r.kpi[l][k], o.alpha);
      out << "| " << o.layout_names[l] << " | " << (ci ? kpi_text(kpi, ci->mean) : "-") << " | "
          << (ci && std::isfinite(ci->half_width)
                  ? "[" + kpi_text(kpi, ci->lower()) + ", " + kpi_text(kpi, ci->upper()) + "]"
                  : "-")
          << " | ";
      const auto d = l == o.baseline ? std::nullopt : difference_of(o, r, l, k);
      if (d && std::isfinite(d->ci.half_width))
        out << (d->ci.mean > 0 ? "+" : "") << kpi_text(kpi, d->ci.mean) << " | [" << kpi_text(kpi, d->ci.lower())
            << ", " << kpi_text(kpi, d->ci.upper()) << "] | " << signed_percent(d->relative) << " | "
            << (d->ci.excludes_zero() ? "yes" : "no") << " |\n";
      else
        out << " | | | |\n";
    }
  }
  if (!r.failures.empty())
    out << "\n" << r.failures.size() << " runs failed; the statistics use the runs that succeeded.\n";
}

} // namespace satflow::tools
