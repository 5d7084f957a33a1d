#include "tools/experiments/uncertainty_report.hpp"

#include "simcore/units.hpp"
#include "tools/report/readable.hpp"

#include <cmath>
#include <limits>
#include <sstream>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;

Json number(double v) { return std::isnan(v) ? Json(nullptr) : Json(v); }
Json estimate_json(const Estimate& e) {
  return {{"value", number(e.value)}, {"lower", number(e.lower)}, {"upper", number(e.upper)}};
}
Json drivers_json(const std::vector<Driver>& drivers) {
  Json j = Json::object();
  for (const auto& d : drivers)
    j[d.path] = {{"S1", estimate_json(d.s1)}};
  return j;
}

/// A KPI's value as a person reads it: a signed duration, a percentage, or a number.
std::string readable(const KpiDef& kpi, double v) {
  if (kpi.is_duration())
    return readable_duration(v);
  return kpi.is_share() ? readable_percent(v) : readable_number(v);
}
std::string range(const KpiDef& kpi, double lo, double hi) {
  return "[" + readable(kpi, lo) + ", " + readable(kpi, hi) + "]";
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos)
    return s;
  std::string out = "\"";
  for (char c : s)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

/// One row of the table for a variant: level, then (unless baseline) the difference.
void write_row(const KpiDef& kpi, const std::string& name, const UncertainSummary& s, std::ostream& out) {
  out << "  " << name << ": " << readable(kpi, s.mean.value) << " " << range(kpi, s.mean.lower, s.mean.upper)
      << "; over the inputs " << readable(kpi, s.over_inputs.p05) << " / " << readable(kpi, s.over_inputs.p50) << " / "
      << readable(kpi, s.over_inputs.p95) << " (5/50/95%); inputs' share of the variance "
      << readable_percent(s.input_share) << "\n";
  if (!s.difference)
    return;
  const UncertainDifference& d = *s.difference;
  out << "    against the baseline: " << readable(kpi, d.mean.value) << " " << range(kpi, d.mean.lower, d.mean.upper)
      << "; over the inputs " << readable(kpi, d.over_inputs.p05) << " / " << readable(kpi, d.over_inputs.p50) << " / "
      << readable(kpi, d.over_inputs.p95) << "; better in " << readable_percent(d.probability_better.value) << " ["
      << readable_percent(d.probability_better.lower) << ", " << readable_percent(d.probability_better.upper)
      << "] of the draws; inputs' share " << readable_percent(d.input_share) << "\n    drivers of the difference:";
  std::size_t shown = 0;
  for (const auto& driver : d.drivers)
    if (!std::isnan(driver.s1.value) && shown++ < 4)
      out << " " << driver.path << " " << readable_percent(driver.s1.value) << " [" << readable_percent(driver.s1.lower)
          << ", " << readable_percent(driver.s1.upper) << "]";
  out << (shown == 0 ? " none (the difference does not vary)" : "") << "\n";
}

} // namespace

std::string briefing_sentence(const std::string& variant, const KpiDef& kpi, const UncertainSummary& s) {
  const UncertainDifference& d = *s.difference;
  std::ostringstream out;
  out << variant << ": " << kpi.label << " " << readable(kpi, d.mean.value) << " on average "
      << range(kpi, d.mean.lower, d.mean.upper) << "; across the uncertain inputs from "
      << readable(kpi, d.over_inputs.p05) << " to " << readable(kpi, d.over_inputs.p95) << " (90%); better in "
      << readable_percent(d.probability_better.value) << " of them";
  if (!d.drivers.empty() && !std::isnan(d.drivers.front().s1.value) && d.drivers.front().s1.value > 0)
    out << "; " << d.drivers.front().path << " drives " << readable_percent(d.drivers.front().s1.value)
        << " of the spread";
  return out.str();
}

void write_uncertainty_text(const UncertainOptions& o, const UncertainRuns& r,
                            const std::vector<std::vector<UncertainSummary>>& summaries, std::ostream& out) {
  const auto& kpis = o.kpis;
  std::vector<bool> applies;
  for (const auto& per_kpi : summaries)
    applies.push_back(per_kpi.front().applies);
  const std::vector<bool> headline = headline_kpis(applies);
  for (std::size_t k = 0; k < kpis.size(); ++k)
    if (headline[k]) {
      for (std::size_t v = 0; v < o.names.size(); ++v)
        if (summaries[k][v].difference)
          out << briefing_sentence(o.names[v], kpis[k], summaries[k][v]) << ".\n";
      break;
    }
  out << "\n"
      << o.names.size() << " " << o.noun << "s x " << r.draws << " input draws x " << r.replications
      << " replications (" << o.names.size() * r.draws * r.replications << " runs, " << r.failures.size()
      << " failed); " << o.baseline_noun << " " << (o.baseline < o.names.size() ? o.names[o.baseline] : "none") << "; "
      << o.inputs.size() << " uncertain inputs\n";
  for (std::size_t v = 0; v < o.names.size(); ++v)
    for (std::size_t i = 0; i < o.inputs.size(); ++i)
      if (!o.treatment[v][i].empty())
        out << "  " << o.names[v] << ": " << o.inputs[i] << " " << o.treatment[v][i] << "\n";
  out << "Intervals are 95% over the draws' means; the 5/50/95% spread over the inputs includes the noise of "
         "K replications (within-draw variance / K), which the inputs' share separates out.\n";
  for (std::size_t k = 0; k < kpis.size(); ++k) {
    // A target's probability (never a headline) is what a plan is judged by: always shown.
    if (!headline[k] && !(kpis[k].proportion && applies[k]))
      continue;
    out << "\n" << kpis[k].label << " (mean [95%]):\n";
    for (std::size_t v = 0; v < o.names.size(); ++v)
      write_row(kpis[k], o.names[v], summaries[k][v], out);
  }
}

void write_uncertainty_markdown(const UncertainOptions& o, const std::vector<std::vector<UncertainSummary>>& summaries,
                                std::ostream& out) {
  std::vector<bool> applies;
  for (const auto& per_kpi : summaries)
    applies.push_back(per_kpi.front().applies);
  const std::vector<bool> headline = headline_kpis(applies);
  for (std::size_t k = 0; k < headline.size(); ++k) {
    if (!headline[k])
      continue;
    const KpiDef& kpi = o.kpis[k];
    out << "### " << kpi.label << "\n\n";
    for (std::size_t v = 0; v < o.names.size(); ++v)
      if (summaries[k][v].difference)
        out << "- " << briefing_sentence(o.names[v], kpi, summaries[k][v]) << "\n";
    out << "\n| " << o.noun << " | mean [95%] | 5% / 50% / 95% over the inputs | difference [95%] | 5% / 95% | "
        << "better in | top driver |\n|---|---|---|---|---|---|---|\n";
    for (std::size_t v = 0; v < o.names.size(); ++v) {
      const UncertainSummary& s = summaries[k][v];
      out << "| " << o.names[v] << " | " << readable(kpi, s.mean.value) << " " << range(kpi, s.mean.lower, s.mean.upper)
          << " | " << readable(kpi, s.over_inputs.p05) << " / " << readable(kpi, s.over_inputs.p50) << " / "
          << readable(kpi, s.over_inputs.p95) << " | ";
      if (const auto& d = s.difference) {
        const bool driven = !d->drivers.empty() && !std::isnan(d->drivers.front().s1.value);
        out << readable(kpi, d->mean.value) << " " << range(kpi, d->mean.lower, d->mean.upper) << " | "
            << readable(kpi, d->over_inputs.p05) << " / " << readable(kpi, d->over_inputs.p95) << " | "
            << readable_percent(d->probability_better.value) << " | "
            << (driven ? d->drivers.front().path + " " + readable_percent(d->drivers.front().s1.value) : "-") << " |\n";
      } else {
        out << "baseline | | | |\n";
      }
    }
    out << "\n";
  }
}

Json uncertainty_json(const UncertainOptions& o, const UncertainRuns& r,
                      const std::vector<std::vector<UncertainSummary>>& summaries) {
  Json kpis = Json::object();
  for (std::size_t k = 0; k < o.kpis.size(); ++k) {
    if (!summaries[k].front().applies)
      continue;
    Json per_variant = Json::object();
    for (std::size_t v = 0; v < o.names.size(); ++v) {
      const UncertainSummary& s = summaries[k][v];
      Json j = {{"mean", estimate_json(s.mean)},
                {"over_inputs",
                 {{"p05", number(s.over_inputs.p05)},
                  {"p50", number(s.over_inputs.p50)},
                  {"p95", number(s.over_inputs.p95)}}},
                {"input_share", number(s.input_share)},
                {"difference", nullptr},
                {"drivers", drivers_json(s.drivers)}};
      if (const auto& d = s.difference)
        j["difference"] = {{"mean", number(d->mean.value)},
                           {"lower", number(d->mean.lower)},
                           {"upper", number(d->mean.upper)},
                           {"p05", number(d->over_inputs.p05)},
                           {"p50", number(d->over_inputs.p50)},
                           {"p95", number(d->over_inputs.p95)},
                           {"probability_better", estimate_json(d->probability_better)},
                           {"input_share", number(d->input_share)},
                           {"drivers", drivers_json(d->drivers)}};
      per_variant[o.names[v]] = std::move(j);
    }
    kpis[o.kpis[k].name] = std::move(per_variant);
  }
  Json variants = Json::array();
  for (std::size_t v = 0; v < o.names.size(); ++v) {
    Json treatment = Json::object();
    for (std::size_t i = 0; i < o.inputs.size(); ++i)
      treatment[o.inputs[i]] = o.treatment[v][i].empty() ? "drawn" : o.treatment[v][i];
    variants.push_back({{"name", o.names[v]}, {"baseline", v == o.baseline}, {"inputs", std::move(treatment)}});
  }
  Json draws = Json::array();
  for (const auto& values : o.draws) {
    Json d = Json::object();
    for (std::size_t i = 0; i < o.inputs.size(); ++i)
      d[o.inputs[i]] = values[i];
    draws.push_back(std::move(d));
  }
  Json failures = Json::array();
  for (const auto& f : r.failures)
    failures.push_back({{"variant", o.names[f.layout]},
                        {"draw", f.replication / r.replications},
                        {"replication", f.replication % r.replications},
                        {"what", f.what},
                        {"stderr_tail", f.stderr_tail}});
  return {{"schema_version", 1},
          {"variants", std::move(variants)},
          {"uncertainty",
           {{"draws", r.draws}, {"replications_per_draw", r.replications}, {"inputs", o.inputs}, {"kpis", kpis}}},
          {"input_draws", std::move(draws)},
          {"failures", std::move(failures)}};
}

void write_uncertainty_csv(const UncertainOptions& o, const std::vector<std::vector<UncertainSummary>>& summaries,
                           std::ostream& out) {
  out << "kpi,variant,of,statistic,value,lower,upper\n";
  auto row = [&](const std::string& kpi, const std::string& variant, const char* of, const std::string& statistic,
                 double value, double lower, double upper) {
    auto n = [](double v) { return std::isnan(v) ? std::string() : simcore::format_number(v); };
    out << kpi << "," << csv_field(variant) << "," << of << "," << csv_field(statistic) << "," << n(value) << ","
        << n(lower) << "," << n(upper) << "\n";
  };
  constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t k = 0; k < o.kpis.size(); ++k)
    for (std::size_t v = 0; v < o.names.size(); ++v) {
      const UncertainSummary& s = summaries[k][v];
      if (!s.applies)
        continue;
      const std::string& key = o.kpis[k].name;
      row(key, o.names[v], "kpi", "mean", s.mean.value, s.mean.lower, s.mean.upper);
      row(key, o.names[v], "kpi", "over_inputs", s.over_inputs.p50, s.over_inputs.p05, s.over_inputs.p95);
      row(key, o.names[v], "kpi", "input_share", s.input_share, kNone, kNone);
      for (const auto& d : s.drivers)
        row(key, o.names[v], "kpi", "S1 " + d.path, d.s1.value, d.s1.lower, d.s1.upper);
      if (!s.difference)
        continue;
      const UncertainDifference& d = *s.difference;
      row(key, o.names[v], "difference", "mean", d.mean.value, d.mean.lower, d.mean.upper);
      row(key, o.names[v], "difference", "over_inputs", d.over_inputs.p50, d.over_inputs.p05, d.over_inputs.p95);
      row(key, o.names[v], "difference", "probability_better", d.probability_better.value, d.probability_better.lower,
          d.probability_better.upper);
      row(key, o.names[v], "difference", "input_share", d.input_share, kNone, kNone);
      for (const auto& driver : d.drivers)
        row(key, o.names[v], "difference", "S1 " + driver.path, driver.s1.value, driver.s1.lower, driver.s1.upper);
    }
}

} // namespace satflow::tools
