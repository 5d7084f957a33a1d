// The typed results schema: every row section of a run's results (stations, site pairs, links, tests,
// parts, suppliers, flights, cancelled flights) declares its fields once, with key, a person's label,
// kind and accessor. The JSON document, the text tables and (through kpis.hpp) the KPIs of compare,
// sweeps and the pages iterate these declarations, so a new field is one line here.
//
// A field is in the machine outputs (JSON), in the person's table, or in both: the table may show a
// composite cell ("3/7 late") that the JSON keeps as two numbers.
#pragma once

#include "models/results.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace satflow::tools {

/// What a value is, which decides how a person reads it (readable.hpp) and how charts scale it.
enum class Kind : std::uint8_t {
  duration, ///< seconds
  share,    ///< a fraction in [0, 1], read as a percentage
  count,    ///< a whole number
  rate,     ///< per day (bandwidths)
  date,     ///< seconds from time 0, read as a calendar date where the scenario has an epoch
  mass,     ///< kilograms
  number,   ///< any other number (mean queue lengths)
  text,
  flag,
};

/// One field's value in one row. Monostate: none (JSON null, "-" in a table).
using Value = std::variant<std::monostate, double, std::int64_t, std::string, bool>;

/// Where a field appears.
enum class In : std::uint8_t { both, json, table };

/// The results a table is printed from, for what a cell needs beyond its row (calendar dates).
struct TableContext {
  const models::Results& results;
};

template <class Row> struct Field {
  const char* key;   ///< JSON key (in JSON and CSV outputs); for table-only fields, an identifier
  const char* label; ///< the table's column header
  Kind kind;
  Value (*get)(const Row&);
  In in = In::both;
  /// Table-only: whether to show the column for these rows (e.g. availability only where a station
  /// broke down). Null: always.
  bool (*shown)(std::span<const Row>) = nullptr;
  const char* none = "-"; ///< a table's text for a missing value
};

/// The declarations, in output order.
std::span<const Field<models::StationResult>> station_fields();
std::span<const Field<models::SitePairResult>> site_pair_fields();
std::span<const Field<models::LinkResult>> link_fields();
std::span<const Field<models::TestResult>> test_fields();
std::span<const Field<models::PartResult>> part_fields();
std::span<const Field<models::SupplierResult>> supplier_fields();
std::span<const Field<models::FlightResult>> flight_fields();
std::span<const Field<models::CancelledFlightResult>> cancelled_flight_fields();
std::span<const Field<models::TargetResult>> target_fields();

/// A value as JSON: null, a number, a string or a boolean.
nlohmann::ordered_json to_json(const Value& v);

/// The rows as a JSON array of objects, one key per machine field.
template <class Row>
nlohmann::ordered_json section_json(std::span<const Row> rows, std::span<const Field<Row>> fields) {
  auto out = nlohmann::ordered_json::array();
  for (const Row& row : rows) {
    nlohmann::ordered_json o = nlohmann::ordered_json::object();
    for (const auto& f : fields)
      if (f.in != In::table)
        o[f.key] = to_json(f.get(row));
    out.push_back(std::move(o));
  }
  return out;
}

/// A value as a person reads it in a table cell.
std::string cell_text(const Value& v, Kind kind, const char* none, const TableContext& context);

/// Writes a table: the header line, then one indented line per row; each column as wide as its widest
/// cell (in characters), the first column and those `left` says left-aligned, the others right-aligned.
void write_aligned(std::ostream& out, const std::vector<std::vector<std::string>>& rows,
                   const std::vector<bool>& left = {});

/// A person's table of rows: the header (`title` over the first column) and the cells, one column per
/// table field that is shown for these rows; `left` says which columns hold text.
struct TableCells {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> left;
};

template <class Row>
TableCells table_cells(const std::string& title, std::span<const Row> rows, std::span<const Field<Row>> fields,
                       const TableContext& context) {
  TableCells t;
  std::vector<const Field<Row>*> columns;
  for (const auto& f : fields)
    if (f.in != In::json && (!f.shown || f.shown(rows)))
      columns.push_back(&f);
  for (const auto* f : columns) {
    t.header.push_back(t.header.empty() ? title : f->label);
    t.left.push_back(f->kind == Kind::text);
  }
  for (const Row& row : rows) {
    t.rows.emplace_back();
    for (const auto* f : columns)
      t.rows.back().push_back(cell_text(f->get(row), f->kind, f->none, context));
  }
  return t;
}

/// The rows as a person's table titled `title` (table_cells, aligned).
template <class Row>
void write_section_table(std::ostream& out, const std::string& title, std::span<const Row> rows,
                         std::span<const Field<Row>> fields, const TableContext& context) {
  TableCells t = table_cells(title, rows, fields, context);
  t.rows.insert(t.rows.begin(), t.header);
  write_aligned(out, t.rows, t.left);
}

} // namespace satflow::tools
