#include "tools/report/kpis.hpp"

#include "simcore/units.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace satflow::tools {
namespace {

using models::Results;
using models::TimeKind;
using Needs = KpiDef::Needs;
using Headline = KpiDef::Headline;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double mean_or_nan(const simcore::Tally& t) { return t.count() ? t.mean() : kNaN; }

} // namespace

double launches_per_year(const Results& r) {
  const auto launched = std::accumulate(r.launched_by_class.begin(), r.launched_by_class.end(), std::uint64_t{0});
  return r.end_s > 0 ? static_cast<double>(launched) / (r.end_s / simcore::kYear) : 0;
}

double time_share(const Results& r, TimeKind kind) {
  const double total = std::accumulate(r.time_totals_s.begin(), r.time_totals_s.end(), 0.0);
  return total > 0 ? r.time_totals_s[static_cast<std::size_t>(kind)] / total : kNaN;
}

const std::vector<KpiDef>& compare_kpis() {
  static const std::vector<KpiDef> kpis{
      {"lead_time_mean_s", "lead time (mean)", Kind::duration, Headline::yes, false, Needs::launch,
       // Without flights, a run's lead time is its time in system (results_json's headline).
       [](const Results& r) { return mean_or_nan(r.flights.empty() ? r.time_in_system : r.lead_time); }},
      {"launches_per_year", "launches per year", Kind::rate, Headline::yes, true, Needs::launch,
       [](const Results& r) { return launches_per_year(r); }},
      {"coordination_share", "coordination share of lead time", Kind::share, Headline::yes, false, Needs::coordination,
       [](const Results& r) { return time_share(r, TimeKind::coordination); }},
      {"time_to_ready_mean_s", "time to ready (mean)", Kind::duration, Headline::no, false, Needs::launch,
       [](const Results& r) { return mean_or_nan(r.time_to_ready); }},
      {"completed", "items completed", Kind::count, Headline::no, true, Needs::nothing,
       [](const Results& r) { return static_cast<double>(r.completed); }},
      {"time_in_system_mean_s", "time in system (mean)", Kind::duration, Headline::without_launch, false,
       Needs::nothing, [](const Results& r) { return mean_or_nan(r.time_in_system); }},
      {"queueing_share", "queueing share", Kind::share, Headline::no, false, Needs::nothing,
       [](const Results& r) { return time_share(r, TimeKind::queueing); }},
      {"launch_wait_share", "waiting-for-launch share", Kind::share, Headline::no, false, Needs::launch,
       [](const Results& r) { return time_share(r, TimeKind::launch_wait); }},
      {"launcher_disruption_share", "launcher disruption share", Kind::share, Headline::no, false, Needs::disruption,
       [](const Results& r) { return time_share(r, TimeKind::launcher_disruption); }},
      {"parts_share", "waiting-for-parts share", Kind::share, Headline::no, false, Needs::parts,
       [](const Results& r) { return time_share(r, TimeKind::parts); }},
  };
  return kpis;
}

KpiDef target_kpi(const std::string& name) {
  return {"target." + name,
          "P(" + name + " met)",
          Kind::share,
          Headline::no,
          true,
          Needs::nothing,
          [name](const Results& r) {
            for (const auto& outcome : r.targets)
              if (outcome.name == name)
                return outcome.met ? 1.0 : 0.0;
            return kNaN;
          },
          true};
}

std::vector<KpiDef> scenario_kpis(const std::vector<models::Scenario>& scenarios) {
  std::vector<std::string> names;
  for (const auto& sc : scenarios)
    for (const auto& t : sc.targets)
      names.push_back(t.name);
  return kpis_with_targets(names);
}

std::vector<KpiDef> kpis_with_targets(const std::vector<std::string>& target_names) {
  std::vector<KpiDef> kpis = compare_kpis();
  for (const auto& name : target_names)
    if (std::none_of(kpis.begin(), kpis.end(), [&](const KpiDef& k) { return k.name == "target." + name; }))
      kpis.push_back(target_kpi(name));
  return kpis;
}

std::optional<simcore::Interval> kpi_interval(const KpiDef& kpi, const std::vector<double>& values, double alpha) {
  if (!kpi.proportion) {
    auto ci = simcore::present_interval(values, alpha);
    // A share cannot be below 0 or above 100%: a t interval on few, spread replications can cross
    // those bounds (9.2% [-7.9%, 26.3%]), which reads as nonsense. Clipping keeps the mean and the
    // half-width (the precision rule reads it) and bounds what is printed and written.
    if (ci && kpi.is_share() && std::isfinite(ci->half_width)) {
      ci->low = std::max(0.0, ci->lower());
      ci->high = std::min(1.0, ci->upper());
    }
    return ci;
  }
  const auto present = simcore::present_values(values);
  if (present.empty())
    return std::nullopt;
  const auto met = static_cast<std::size_t>(std::count(present.begin(), present.end(), 1.0));
  return simcore::wilson_interval(met, present.size(), alpha);
}

std::vector<bool> applicable_kpis(const std::vector<models::Scenario>& scenarios) {
  bool launch = false, coordination = false, parts = false, disruption = false;
  for (const auto& sc : scenarios) {
    models::for_each_stage(sc.stages, [&](const models::StageSpec& st) {
      launch |= st.kind == models::StageKind::launch;
      coordination |= st.kind == models::StageKind::coordinate || st.periodic.has_value();
      parts |= !st.parts.empty();
    });
    for (const auto& l : sc.launchers)
      disruption |= !l.outages.empty();
  }
  std::vector<bool> out;
  for (const auto& kpi : compare_kpis())
    out.push_back(kpi.needs == Needs::nothing || (kpi.needs == Needs::launch && launch) ||
                  (kpi.needs == Needs::coordination && coordination) || (kpi.needs == Needs::parts && parts) ||
                  (kpi.needs == Needs::disruption && disruption));
  out.resize(scenario_kpis(scenarios).size(), true);
  return out;
}

std::vector<bool> headline_kpis(const std::vector<bool>& applies) {
  const auto& kpis = compare_kpis();
  bool launch = false;
  for (std::size_t k = 0; k < kpis.size() && k < applies.size(); ++k)
    launch |= kpis[k].needs == Needs::launch && applies[k];
  std::vector<bool> headline(applies.size());
  for (std::size_t k = 0; k < kpis.size() && k < applies.size(); ++k)
    headline[k] = applies[k] && (kpis[k].headline_role == Headline::yes ||
                                 (kpis[k].headline_role == Headline::without_launch && !launch));
  return headline;
}

nlohmann::ordered_json kpi_record(const Results& r) {
  nlohmann::ordered_json kpis = nlohmann::ordered_json::object(), shares = nlohmann::ordered_json::object();
  for (const auto& kpi : compare_kpis()) {
    const double v = kpi.value(r);
    kpis[kpi.name] = std::isnan(v) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v);
  }
  nlohmann::ordered_json targets = nlohmann::ordered_json::object();
  for (const auto& t : r.targets) {
    kpis["target." + t.name] = t.met ? 1 : 0;
    targets[t.name] = std::isnan(t.value) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(t.value);
  }
  for (std::size_t k = 0; k < models::kTimeKinds; ++k) {
    const double v = time_share(r, static_cast<TimeKind>(k));
    shares[models::kTimeKindNames[k]] = std::isnan(v) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v);
  }
  nlohmann::ordered_json record{{"kpis", kpis}, {"time_share", shares}};
  if (!r.targets.empty()) // how far from its bound each target was: what an optimiser ranks misses by
    record["target_values"] = targets;
  return record;
}

namespace {

double number_in(const nlohmann::json& record, const char* section, const std::string& key) {
  if (!record.is_object() || !record.contains(section) || !record[section].is_object())
    return kNaN;
  const auto& s = record[section];
  return s.contains(key) && s[key].is_number() ? s[key].get<double>() : kNaN;
}

} // namespace

std::vector<double> kpi_values(const nlohmann::json& record) { return kpi_values(record, compare_kpis()); }

std::vector<double> kpi_values(const nlohmann::json& record, const std::vector<KpiDef>& kpis) {
  std::vector<double> values;
  for (const auto& kpi : kpis)
    values.push_back(number_in(record, "kpis", kpi.name));
  return values;
}

std::vector<double> time_share_values(const nlohmann::json& record) {
  std::vector<double> values;
  for (const char* kind : models::kTimeKindNames)
    values.push_back(number_in(record, "time_share", kind));
  return values;
}

} // namespace satflow::tools
