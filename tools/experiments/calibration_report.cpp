#include "tools/experiments/calibration_report.hpp"

#include "simcore/units.hpp"
#include "tools/experiments/results_store.hpp"
#include "tools/report/csv.hpp"
#include "tools/report/readable.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;

double weighted_correlation(const std::vector<Particle>& pop, std::size_t a, std::size_t b) {
  double ma = 0, mb = 0;
  for (const auto& p : pop) {
    ma += p.weight * p.theta[a];
    mb += p.weight * p.theta[b];
  }
  double sab = 0, saa = 0, sbb = 0;
  for (const auto& p : pop) {
    sab += p.weight * (p.theta[a] - ma) * (p.theta[b] - mb);
    saa += p.weight * (p.theta[a] - ma) * (p.theta[a] - ma);
    sbb += p.weight * (p.theta[b] - mb) * (p.theta[b] - mb);
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0;
}

std::string value_text(double v, const std::string& unit) {
  return unit == "s" ? readable_duration(v) : readable_number(v);
}

/// "YYYY-MM-DD"; nothing for a date after the run's end (infinite) or no run (NaN).
std::optional<std::string> date_text(double seconds, const std::string& epoch) {
  const auto days = simcore::parse_date_days(epoch);
  if (!days || !std::isfinite(seconds))
    return std::nullopt;
  return simcore::format_date(*days + std::floor(seconds / simcore::kDay));
}

std::string record_text(const models::Observation& o, const std::string& epoch) {
  if (o.date_s)
    return date_text(*o.date_s, epoch).value_or("-");
  std::string out;
  if (o.not_before_s)
    out += "not before " + date_text(*o.not_before_s, epoch).value_or("-");
  if (o.not_after_s)
    out += std::string(out.empty() ? "" : ", ") + "not after " + date_text(*o.not_after_s, epoch).value_or("-");
  return out;
}

Json check_list(const CalibrationSummary& s, bool fitted) {
  Json list = Json::array();
  for (std::size_t i = 0; i < s.plan.observations.size(); ++i) {
    if (s.plan.fitted[i] != fitted || i >= s.checks.size())
      continue;
    const auto& o = s.plan.observations[i];
    const auto& c = s.checks[i];
    auto date = [&](double v) {
      return date_text(v, s.plan.epoch) ? Json(*date_text(v, s.plan.epoch)) : Json(nullptr);
    };
    list.push_back({{"item", o.item},
                    {"milestone", models::kMilestoneNames[static_cast<std::size_t>(o.milestone)]},
                    {"record", record_text(o, s.plan.epoch)},
                    {"p05", date(c.p05_s)},
                    {"p50", date(c.p50_s)},
                    {"p95", date(c.p95_s)},
                    {"inside", c.inside}});
  }
  return list;
}

void write_check_table(const CalibrationSummary& s, bool fitted, std::ostream& out) {
  std::size_t n = 0, inside = 0;
  for (std::size_t i = 0; i < s.checks.size(); ++i)
    if (s.plan.fitted[i] == fitted) {
      ++n;
      inside += s.checks[i].inside;
    }
  out << "\n"
      << (fitted ? "posterior predictive check" : "held-out check (not fitted)") << ": " << inside << " of " << n
      << " records inside the predictive 5-95%\n";
  if (n == 0)
    return;
  out << std::left << std::setw(16) << "item" << std::setw(10) << "milestone" << std::setw(36) << "record"
      << std::setw(12) << "p05" << std::setw(12) << "p50" << std::setw(12) << "p95"
      << "inside\n";
  for (std::size_t i = 0; i < s.checks.size(); ++i) {
    if (s.plan.fitted[i] != fitted)
      continue;
    const auto& o = s.plan.observations[i];
    const auto& c = s.checks[i];
    auto date = [&](double v) { return date_text(v, s.plan.epoch).value_or(std::isinf(v) ? "after end" : "-"); };
    out << std::setw(16) << o.item << std::setw(10) << models::kMilestoneNames[static_cast<std::size_t>(o.milestone)]
        << std::setw(36) << record_text(o, s.plan.epoch) << std::setw(12) << date(c.p05_s) << std::setw(12)
        << date(c.p50_s) << std::setw(12) << date(c.p95_s) << (c.inside ? "yes" : "no") << "\n";
  }
}

} // namespace

double weighted_quantile(std::vector<std::pair<double, double>> vw, double q) {
  std::sort(vw.begin(), vw.end());
  double total = 0;
  for (const auto& [v, w] : vw)
    total += w;
  double cumulative = 0;
  for (const auto& [v, w] : vw)
    if ((cumulative += w) >= q * total)
      return v;
  return vw.empty() ? std::numeric_limits<double>::quiet_NaN() : vw.back().first;
}

CalibrationSummary summarise_calibration(const CalibrationPlan& plan, CalibrationState state) {
  CalibrationSummary s{plan, std::move(state), {}, {}, {}};
  const auto& pop = s.state.posterior;
  const std::size_t d = plan.paths.size();
  for (std::size_t j = 0; j < d && !pop.empty(); ++j) {
    std::vector<std::pair<double, double>> vw;
    for (const auto& p : pop)
      vw.emplace_back(p.theta[j], p.weight);
    ParameterSummary ps{plan.paths[j],
                        plan.units[j],
                        weighted_quantile(vw, 0.5),
                        weighted_quantile(vw, 0.05),
                        weighted_quantile(vw, 0.95),
                        0,
                        0,
                        prior_quantile(plan.priors[j], 0.05),
                        prior_quantile(plan.priors[j], 0.95),
                        0};
    for (const auto& p : pop)
      ps.mean += p.weight * p.theta[j];
    for (const auto& p : pop)
      ps.sd += p.weight * (p.theta[j] - ps.mean) * (p.theta[j] - ps.mean);
    ps.sd = std::sqrt(ps.sd);
    const double prior_width = ps.prior_p95 - ps.prior_p05;
    ps.narrowed = prior_width > 0 ? 1 - (ps.p95 - ps.p05) / prior_width : 0;
    s.parameters.push_back(ps);
  }
  for (std::size_t a = 0; a < d && !pop.empty(); ++a)
    for (std::size_t b = 0; b < d; ++b)
      s.correlations.push_back(a == b ? 1.0 : weighted_correlation(pop, a, b));
  std::vector<ObservedRun> runs;
  for (const auto& draw : s.state.predictive)
    runs.insert(runs.end(), draw.begin(), draw.end());
  if (!runs.empty())
    s.checks = check_observations(plan.observations, runs);
  return s;
}

CalibrationSummary read_calibration_summary(const std::string& db) {
  CalibrationStore store(db, CalibrationStore::Access::read);
  const auto stored = store.plan();
  if (!stored)
    throw BadDatabase(db + " holds no calibration plan (a calibration that never started)");
  const CalibrationPlan plan = plan_from_json(stored->second, db);
  return summarise_calibration(plan, read_calibration(store, db, plan));
}

void write_calibration_text(const CalibrationSummary& s, std::ostream& out) {
  std::size_t runs = 0;
  for (const auto& g : s.state.generations)
    runs += g.proposals;
  out << "calibration " << s.plan.name << ": " << s.state.generations.size() << " generations of "
      << s.plan.settings.particles << " particles from " << runs
      << " proposals; stopped: " << stop_reason_name(s.state.stop) << "\n";
  if (!s.plan.milestones.empty()) {
    out << "the distance fits only the milestones";
    for (const auto m : s.plan.milestones)
      out << " " << models::kMilestoneNames[static_cast<std::size_t>(m)];
    out << " (the other observations are predicted, not fitted)\n";
  }
  out << "\n";
  out << std::left << std::setw(12) << "generation" << std::setw(12) << "threshold" << std::setw(12) << "acceptance"
      << std::setw(10) << "ESS"
      << "runs\n";
  for (const auto& g : s.state.generations)
    out << std::setw(12) << g.generation << std::setw(12)
        << (std::isinf(g.threshold) ? "-" : readable_number(g.threshold)) << std::setw(12)
        << readable_percent(g.acceptance) << std::setw(10) << readable_number(g.ess) << g.proposals << "\n";
  out << "\n"
      << std::setw(40) << "parameter" << std::setw(26) << "prior 90%" << std::setw(12) << "median" << std::setw(26)
      << "posterior 90%"
      << "narrowed\n";
  for (const auto& p : s.parameters)
    out << std::setw(40) << p.path << std::setw(26)
        << value_text(p.prior_p05, p.unit) + " to " + value_text(p.prior_p95, p.unit) << std::setw(12)
        << value_text(p.median, p.unit) << std::setw(26)
        << value_text(p.p05, p.unit) + " to " + value_text(p.p95, p.unit) << readable_percent(p.narrowed) << "\n";
  const std::size_t d = s.parameters.size();
  if (d > 1) {
    out << "\nposterior correlations\n";
    for (std::size_t a = 0; a < d; ++a)
      for (std::size_t b = a + 1; b < d; ++b)
        out << "  " << s.parameters[a].path << " ~ " << s.parameters[b].path << ": "
            << readable_number(s.correlations[a * d + b]) << "\n";
  }
  write_check_table(s, true, out);
  write_check_table(s, false, out);
}

Json calibration_json(const CalibrationSummary& s) {
  Json generations = Json::array();
  for (const auto& g : s.state.generations)
    generations.push_back({{"generation", g.generation},
                           {"threshold", std::isinf(g.threshold) ? Json(nullptr) : Json(g.threshold)},
                           {"accepted", g.accepted},
                           {"runs", g.proposals},
                           {"failed", g.failed},
                           {"acceptance", g.acceptance},
                           {"ess", g.ess}});
  Json posterior = Json::object();
  for (const auto& p : s.parameters)
    posterior[p.path] = {{"median", p.median},
                         {"p05", p.p05},
                         {"p95", p.p95},
                         {"mean", p.mean},
                         {"sd", p.sd},
                         {"prior_p05", p.prior_p05},
                         {"prior_p95", p.prior_p95},
                         {"narrowed", p.narrowed}};
  Json correlations = Json::array();
  const std::size_t d = s.parameters.size();
  for (std::size_t a = 0; a < d; ++a)
    for (std::size_t b = a + 1; b < d; ++b)
      correlations.push_back(
          {{"a", s.parameters[a].path}, {"b", s.parameters[b].path}, {"r", s.correlations[a * d + b]}});
  return {{"schema_version", 1},
          {"calibration",
           {{"name", s.plan.name},
            {"stop", stop_reason_name(s.state.stop)},
            {"generations", generations},
            {"posterior", posterior},
            {"correlations", correlations},
            {"predictive", check_list(s, true)},
            {"holdout", check_list(s, false)}}}};
}

void write_calibration_csv(const CalibrationSummary& s, std::ostream& out) {
  write_csv_row(
      out, {"kind", "name", "milestone", "record", "median_or_p50", "p05", "p95", "prior_p05", "prior_p95", "inside"});
  for (const auto& p : s.parameters)
    write_csv_row(out, {"parameter", p.path, "", "", simcore::format_number(p.median), simcore::format_number(p.p05),
                        simcore::format_number(p.p95), simcore::format_number(p.prior_p05),
                        simcore::format_number(p.prior_p95), ""});
  for (const bool fitted : {true, false})
    for (const auto& row : check_list(s, fitted)) {
      auto text = [&](const char* key) { return row[key].is_null() ? std::string() : row[key].get<std::string>(); };
      write_csv_row(out, {fitted ? "predictive" : "holdout", text("item"), text("milestone"), text("record"),
                          text("p50"), text("p05"), text("p95"), "", "", row["inside"].get<bool>() ? "yes" : "no"});
    }
}

} // namespace satflow::tools

namespace satflow::tools {

CalibrationData calibration_chart_data(const CalibrationSummary& s) {
  constexpr std::size_t kBins = 40;
  CalibrationData d{s.plan.name, stop_reason_name(s.state.stop),
                    s.plan.seed, s.plan.settings.particles,
                    {},          {},
                    {},          s.correlations,
                    {},          {}};
  for (std::size_t j = 0; j < s.parameters.size(); ++j) {
    const auto& p = s.parameters[j];
    const auto& prior = s.plan.priors[j];
    CalibrationData::Parameter c{p.path,
                                 p.unit == "s",
                                 prior_quantile(prior, 0.005),
                                 prior_quantile(prior, 0.995),
                                 {},
                                 p.prior_p05,
                                 p.prior_p95,
                                 p.median,
                                 p.p05,
                                 p.p95};
    const double width = (c.upper - c.lower) / kBins;
    // The density at the bin's centre times its width: the bins are narrow next to any prior's spread.
    for (std::size_t b = 0; b < kBins; ++b)
      c.prior_share.push_back(prior_density(prior, c.lower + width * (static_cast<double>(b) + 0.5)) * width);
    d.parameters.push_back(std::move(c));
  }
  for (const auto& particle : s.state.posterior) {
    d.particles_theta.push_back(particle.theta);
    d.weights.push_back(particle.weight);
  }
  for (const auto& g : s.state.generations)
    d.generations.push_back({g.generation, g.threshold, g.acceptance, g.ess, g.proposals});
  const double epoch_ms = simcore::parse_date_days(s.plan.epoch).value_or(0) * simcore::kDay * 1000;
  auto ms = [&](double t_s) -> std::optional<double> {
    if (!std::isfinite(t_s))
      return std::nullopt;
    return epoch_ms + t_s * 1000;
  };
  for (std::size_t i = 0; i < s.checks.size() && i < s.plan.observations.size(); ++i) {
    const auto& o = s.plan.observations[i];
    const auto& k = s.checks[i];
    const double record_s = o.date_s.value_or(o.not_before_s.value_or(o.not_after_s.value_or(NAN)));
    d.checks.push_back({o.item, models::kMilestoneNames[static_cast<std::size_t>(o.milestone)],
                        record_text(o, s.plan.epoch), ms(record_s), o.censored(), ms(k.p05_s), ms(k.p50_s), ms(k.p95_s),
                        k.inside, s.plan.fitted[i]});
  }
  return d;
}

} // namespace satflow::tools
