// The KPIs: what compare, run --replications, sweeps and their pages report per run, declared once
// with a key, a person's label, a kind, an accessor on the run's Results and when the KPI applies.
// Which KPIs exist and in what order is this file's list (kpis.cpp) and nowhere else: every table,
// JSON document, CSV and chart of a comparison or a sweep iterates it.
//
// A child process of a comparison or a sweep sends its parent kpi_record(results), the KPIs by key;
// the parent reads them back with kpi_values in the list's order.
#pragma once

#include "models/results.hpp"
#include "models/scenario.hpp"
#include "tools/report/readable.hpp"
#include "tools/report/results_schema.hpp"

#include <nlohmann/json.hpp>

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
  double (*value)(const models::Results&) = nullptr;

  bool is_duration() const { return kind == Kind::duration; }
  bool is_share() const { return kind == Kind::share; }
  /// How its values read (tools/report/readable.hpp).
  Reading reading() const { return is_duration() ? Reading::duration : is_share() ? Reading::share : Reading::number; }
};

/// The KPIs, headline ones first.
const std::vector<KpiDef>& compare_kpis();
/// Per compare_kpis() entry: whether it applies to at least one of the scenarios. A KPI that does not
/// (a lead time to launch in a scenario with no launch stage) is left out of tables and is null in JSON.
std::vector<bool> applicable_kpis(const std::vector<models::Scenario>& scenarios);
/// Per compare_kpis() entry: whether it is a headline KPI that applies (see KpiDef::Headline).
std::vector<bool> headline_kpis(const std::vector<bool>& applies);

/// The run's KPIs by key (null where NaN) and its time shares by bucket: what a child sends its parent.
nlohmann::ordered_json kpi_record(const models::Results& r);
/// The values of compare_kpis() in a kpi_record, in the list's order (NaN where absent or null).
std::vector<double> kpi_values(const nlohmann::json& record);
/// The run's time share per bucket from a kpi_record (models::kTimeKindNames order; NaN where absent).
std::vector<double> time_share_values(const nlohmann::json& record);

/// Satellites launched per simulated year.
double launches_per_year(const models::Results& r);
/// The share of completed items' time in bucket `kind`; NaN when they spent none.
double time_share(const models::Results& r, models::TimeKind kind);

} // namespace satflow::tools
