// Writers of a run's results: the KPI table for the terminal, the JSON document (every KPI, with a
// schema version) and the per-item and per-order CSVs (RFC 4180: a name with a comma or a quote is
// quoted, tools/report/csv.hpp). Numbers are written in their shortest round-trip form, so the same
// results always give the same bytes.
#pragma once

#include "models/results.hpp"
#include "tools/report/kpis.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace satflow::tools {

/// Version of the JSON layout; bump it when a key changes meaning or disappears.
inline constexpr int kResultsSchemaVersion = 1;

/// The human-readable KPI table.
void write_table(const models::Results& r, std::ostream& out);
/// Every KPI as JSON (seconds for times, shares in [0,1]).
nlohmann::ordered_json results_json(const models::Results& r);
/// One row per work item, in arrival order, with a header line: its dates in seconds and, with an epoch, as
/// ISO 8601 days (arrival_date beside arrival_s, ...); then its time in each bucket.
void write_items_csv(const models::Results& r, std::ostream& out);
/// One row per order of a long-lead part: the item, the part, its supplier and every date of the order
/// (licence, production, delivery, need) with the item's wait for it. REQUIRES: the items were kept.
void write_parts_csv(const models::Results& r, std::ostream& out);

} // namespace satflow::tools
