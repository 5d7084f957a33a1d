// The KPIs: what compare, run --replications, sweeps and their pages report per run, declared once
// with a key, a person's label, a kind, an accessor on the run's Results and when the KPI applies.
// Which KPIs exist and in what order is this file's list (kpis.cpp) and nowhere else: every table,
// JSON document, CSV and chart of a comparison or a sweep iterates it.
//
// A scenario's roadmap targets add one KPI each after the static ones, `target.NAME`: 1 when a run
// meets the target, 0 when not, so that the mean over replications is the probability it is met, with
// a Wilson interval (kpi_interval). scenario_kpis() is the list a comparison iterates.
//
// A child process of a comparison or a sweep sends its parent kpi_record(results), the KPIs by key;
// the parent reads them back with kpi_values in the list's order.
#pragma once

#include "models/results.hpp"
#include "models/scenario.hpp"
#include "tools/report/readable.hpp"
#include "tools/report/results_schema.hpp"

#include "simcore/intervals.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>

#include <string>
#include <vector>

namespace satflow::tools {

struct KpiDef {
  std::string name;  ///< key in reports and in stored runs
  std::string label; ///< for a person
  Kind kind = Kind::number;
  /// Whether the KPI leads: headline KPIs are the run's `headline` in JSON, what --precision watches
  /// and what sweeps analyse. `without_launch`: headline only where no launch KPI applies (time in
  /// system stands in for the lead time to launch).
  enum class Headline { no, yes, without_launch } headline_role = Headline::no;
  bool larger_is_better = false; ///< launches and completed items; times and shares are better smaller
  /// What a scenario needs for the KPI to mean anything: a launch stage, coordination (exchanges or
  /// periodic coordination), a launcher outage, long-lead parts, or nothing.
  enum class Needs { nothing, launch, coordination, disruption, parts } needs = Needs::nothing;
  /// The run's value; NaN where the run has none (no item launched, say).
  std::function<double(const models::Results&)> value;
  /// 1 or 0 per run (a target met or not): the mean is a probability, its interval Wilson's.
  bool proportion = false;

  bool is_duration() const { return kind == Kind::duration; }
  bool is_share() const { return kind == Kind::share; }
  /// How its values read (tools/report/readable.hpp).
  Reading reading() const { return is_duration() ? Reading::duration : is_share() ? Reading::share : Reading::number; }
};

/// The static KPIs, headline ones first.
const std::vector<KpiDef>& compare_kpis();
/// compare_kpis(), then `target.NAME` for each target of the scenarios (first scenario's order, each
/// name once): what a comparison of these scenarios reports.
std::vector<KpiDef> scenario_kpis(const std::vector<models::Scenario>& scenarios);
/// The KPI `target.NAME` of the target called `name`: 1 where a run meets it, 0 where not, NaN where the
/// run has no such target; a proportion, labelled "P(NAME met)".
KpiDef target_kpi(const std::string& name);
/// compare_kpis(), then target_kpi(name) for each name, each once, in this order: the KPIs of a stored
/// experiment whose targets are known by name only (a sweep database's runs).
std::vector<KpiDef> kpis_with_targets(const std::vector<std::string>& target_names);
/// Per scenario_kpis(scenarios) entry: whether it applies to at least one of the scenarios. A KPI that
/// does not (a lead time to launch in a scenario with no launch stage) is left out of tables and is null
/// in JSON. Targets always apply.
std::vector<bool> applicable_kpis(const std::vector<models::Scenario>& scenarios);
/// Per entry of `applies`: whether it is a headline KPI that applies (see KpiDef::Headline); targets never lead.
std::vector<bool> headline_kpis(const std::vector<bool>& applies);
/// The KPI's interval over replications (NaN: missing): Wilson's for a proportion, Student's otherwise;
/// nothing when no replication has a value.
std::optional<simcore::Interval> kpi_interval(const KpiDef& kpi, const std::vector<double>& values, double alpha);

/// The run's KPIs by key (null where NaN), its targets' (target.NAME: 1 met, 0 not) and its time shares
/// by bucket: what a child sends its parent. With targets, also `target_values`: each target's value
/// (TargetResult::value) by name.
nlohmann::ordered_json kpi_record(const models::Results& r);
/// The values of compare_kpis() in a kpi_record, in the list's order (NaN where absent or null).
std::vector<double> kpi_values(const nlohmann::json& record);
/// The values of `kpis` in a kpi_record, in their order (NaN where absent or null).
std::vector<double> kpi_values(const nlohmann::json& record, const std::vector<KpiDef>& kpis);
/// The run's time share per bucket from a kpi_record (models::kTimeKindNames order; NaN where absent).
std::vector<double> time_share_values(const nlohmann::json& record);

/// Satellites launched per simulated year.
double launches_per_year(const models::Results& r);
/// The share of completed items' time in bucket `kind`; NaN when they spent none.
double time_share(const models::Results& r, models::TimeKind kind);

} // namespace satflow::tools
