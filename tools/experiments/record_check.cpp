#include "tools/experiments/record_check.hpp"

#include "models/pipeline.hpp"
#include "simcore/units.hpp"
#include "tools/experiments/process_pool.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <limits>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;
constexpr double kInf = std::numeric_limits<double>::infinity();

/// Type 7 (R's default) over sorted values, where +infinity (after the end) is larger than every date:
/// interpolating towards it gives it, never infinity minus infinity.
double quantile7(const std::vector<double>& sorted, double p) {
  if (sorted.empty())
    return std::numeric_limits<double>::quiet_NaN();
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double frac = h - static_cast<double>(lo);
  if (frac == 0 || sorted[lo] == sorted[hi])
    return sorted[lo];
  if (std::isinf(sorted[hi]))
    return kInf;
  return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

ObservationCheck check_one(const models::Observation& o, std::size_t index, const std::vector<ObservedRun>& runs) {
  ObservationCheck c;
  c.end_s = kInf;
  std::vector<double> dates;
  for (const ObservedRun& run : runs) {
    const std::optional<double> date = run.dates_s.at(index);
    dates.push_back(date.value_or(kInf));
    c.reached += date.has_value();
    c.end_s = std::min(c.end_s, run.end_s);
    if (o.censored())
      c.violations += models::violates_bound(o, date, run.end_s);
  }
  c.runs = runs.size();
  std::sort(dates.begin(), dates.end());
  c.p05_s = quantile7(dates, 0.05);
  c.p50_s = quantile7(dates, 0.5);
  c.p95_s = quantile7(dates, 0.95);
  if (c.runs == 0)
    return c;
  if (o.censored()) {
    // A bound is kept as a date is inside: when the predictive 5-95% range meets the record's side of
    // it (the 5% before a `not_after`, the 95% after a `not_before`). An unreached 5% is after the end.
    const bool early = !o.not_after_s || (std::isinf(c.p05_s) ? c.end_s < *o.not_after_s : c.p05_s <= *o.not_after_s);
    const bool late = !o.not_before_s || c.p95_s >= *o.not_before_s;
    c.inside = early && late;
  } else {
    c.inside = c.p05_s <= *o.date_s && *o.date_s <= c.p95_s;
    if (!std::isinf(c.p50_s))
      c.error_years = (c.p50_s - *o.date_s) / simcore::kYear;
  }
  return c;
}

std::string date_text(double seconds, double epoch_days) {
  return simcore::format_date(epoch_days + std::floor(seconds / simcore::kDay));
}

/// A model date: "YYYY-MM-DD", "after YYYY-MM-DD" (the run's end) or "-" (no run).
std::string model_date(double seconds, const ObservationCheck& c, double epoch_days) {
  if (std::isnan(seconds))
    return "-";
  return std::isinf(seconds) ? "after " + date_text(c.end_s, epoch_days) : date_text(seconds, epoch_days);
}

/// "p05 to p95", or "after END" when the whole range is.
std::string model_range(const ObservationCheck& c, double epoch_days) {
  if (std::isinf(c.p05_s))
    return model_date(c.p05_s, c, epoch_days);
  return model_date(c.p05_s, c, epoch_days) + " to " + model_date(c.p95_s, c, epoch_days);
}

std::string record_text(const models::Observation& o, double epoch_days) {
  if (!o.censored())
    return date_text(*o.date_s, epoch_days);
  std::string text;
  if (o.not_before_s)
    text = ">= " + date_text(*o.not_before_s, epoch_days);
  if (o.not_after_s)
    text += (text.empty() ? "<= " : ", <= ") + date_text(*o.not_after_s, epoch_days);
  return text;
}

/// Years to the day: 0.003 y is a day.
std::string fixed3(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%+.3f", v);
  return buffer;
}

void cells(std::ostream& out, const std::vector<std::string>& texts) {
  static const std::vector<int> widths{12, 10, 14, 17, 30, 7};
  out << " ";
  for (std::size_t i = 0; i < texts.size(); ++i)
    out << " " << (i < widths.size() ? std::setw(widths[i]) : std::setw(0)) << std::left << texts[i];
  out << "\n";
}

} // namespace

std::vector<ObservedRun> observe_draws(const std::vector<models::Scenario>& draws, std::size_t replications,
                                       const std::vector<models::Observation>& observations, unsigned jobs,
                                       std::size_t& failed) {
  std::vector<std::optional<ObservedRun>> by_run(draws.size() * replications);
  run_in_children(
      by_run.size(), {jobs, 0},
      [&](std::size_t run, int out_fd) {
        const models::Scenario& scenario = draws[run / replications];
        models::RunOptions options;
        options.seed = scenario.seed;
        options.replication = run; // m K + k
        return write_all(out_fd, observed_run_json(models::run_scenario(scenario, options), observations).dump()) ? 0
                                                                                                                  : 1;
      },
      [&](std::size_t run, ChildOutcome outcome) {
        if (outcome.ok())
          by_run[run] = observed_run_from_json(Json::parse(outcome.output, nullptr, false), observations.size());
      });
  std::vector<ObservedRun> out;
  failed = 0;
  for (auto& r : by_run)
    if (r)
      out.push_back(std::move(*r));
    else
      ++failed;
  return out;
}

Json observed_run_json(const models::Results& r, const std::vector<models::Observation>& observations) {
  Json dates = Json::array();
  for (const auto& o : observations) {
    const auto date = models::observed_date_s(r, o);
    dates.push_back(date ? Json(*date) : Json(nullptr));
  }
  return {{"end_s", r.end_s}, {"dates_s", std::move(dates)}};
}

std::optional<ObservedRun> observed_run_from_json(const Json& j, std::size_t count) {
  if (!j.is_object() || !j.contains("end_s") || !j["end_s"].is_number() || !j.contains("dates_s") ||
      !j["dates_s"].is_array() || j["dates_s"].size() != count)
    return std::nullopt;
  ObservedRun run;
  run.end_s = j["end_s"].get<double>();
  for (const auto& d : j["dates_s"]) {
    if (!d.is_null() && !d.is_number())
      return std::nullopt;
    run.dates_s.push_back(d.is_null() ? std::nullopt : std::optional(d.get<double>()));
  }
  return run;
}

std::vector<ObservationCheck> check_observations(const std::vector<models::Observation>& observations,
                                                 const std::vector<ObservedRun>& runs) {
  std::vector<ObservationCheck> checks;
  for (std::size_t i = 0; i < observations.size(); ++i)
    checks.push_back(check_one(observations[i], i, runs));
  return checks;
}

void write_observations_table(const std::vector<models::Observation>& observations,
                              const std::vector<ObservationCheck>& checks, const std::string& epoch,
                              std::ostream& out) {
  const double epoch_days = simcore::parse_date_days(epoch).value_or(0);
  out << "\nThe record against the replications (median and 5-95% of each milestone's date; error: median minus "
         "record)\n";
  cells(out, {"item", "milestone", "record", "model p50", "model 5-95%", "inside", "error"});
  std::size_t dated = 0, dated_inside = 0, bounds = 0, bounds_kept = 0;
  for (std::size_t i = 0; i < observations.size(); ++i) {
    const models::Observation& o = observations[i];
    const ObservationCheck& c = checks[i];
    std::string error = c.error_years ? fixed3(*c.error_years) + " y" : "-";
    if (o.censored()) {
      error = std::to_string(c.violations) + "/" + std::to_string(c.runs) + " runs break it";
      ++bounds;
      bounds_kept += c.inside;
    } else {
      ++dated;
      dated_inside += c.inside;
    }
    cells(out, {o.item, models::kMilestoneNames[static_cast<std::size_t>(o.milestone)], record_text(o, epoch_days),
                model_date(c.p50_s, c, epoch_days), model_range(c, epoch_days), c.inside ? "yes" : "no", error});
  }
  out << "  inside the 5-95% range: " << dated_inside << " of " << dated << " dated records";
  if (bounds > 0)
    out << "; bounds kept: " << bounds_kept << " of " << bounds;
  out << "\n";
}

Json observations_json(const std::vector<models::Observation>& observations,
                       const std::vector<ObservationCheck>& checks, const std::string& epoch) {
  const double epoch_days = simcore::parse_date_days(epoch).value_or(0);
  auto date = [&](double seconds) { return std::isfinite(seconds) ? Json(date_text(seconds, epoch_days)) : Json(); };
  Json list = Json::array();
  for (std::size_t i = 0; i < observations.size(); ++i) {
    const models::Observation& o = observations[i];
    const ObservationCheck& c = checks[i];
    Json j;
    j["item"] = o.item;
    j["milestone"] = models::kMilestoneNames[static_cast<std::size_t>(o.milestone)];
    j["record"] = o.date_s ? date(*o.date_s) : Json();
    if (o.censored()) {
      j["not_before"] = o.not_before_s ? date(*o.not_before_s) : Json();
      j["not_after"] = o.not_after_s ? date(*o.not_after_s) : Json();
    }
    j["p05"] = date(c.p05_s);
    j["p50"] = date(c.p50_s);
    j["p95"] = date(c.p95_s);
    j["inside"] = c.inside;
    j["error_years"] = c.error_years ? Json(*c.error_years) : Json();
    j["runs"] = c.runs;
    j["reached"] = c.reached;
    if (o.censored())
      j["violations"] = c.violations;
    j["source"] = o.source_text;
    list.push_back(std::move(j));
  }
  return list;
}

} // namespace satflow::tools
