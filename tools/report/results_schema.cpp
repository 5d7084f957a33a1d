#include "tools/report/results_schema.hpp"

#include "simcore/units.hpp"
#include "tools/report/readable.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <type_traits>

namespace satflow::tools {
namespace {

using models::CancelledFlightResult;
using models::FlightResult;
using models::LinkResult;
using models::PartResult;
using models::SitePairResult;
using models::StationResult;
using models::SupplierResult;
using models::TestResult;

/// The accessor of a field that is a member of its row as it is: text, a number, a flag or a count
/// (unsigned, written as a JSON integer).
template <auto Member, class Row> Value member(const Row& row) {
  const auto& v = row.*Member;
  if constexpr (std::is_unsigned_v<std::decay_t<decltype(v)>> && !std::is_same_v<std::decay_t<decltype(v)>, bool>)
    return static_cast<std::int64_t>(v);
  else
    return v;
}

/// A number that may be missing: NaN and infinities are none.
Value finite(double v) { return std::isfinite(v) ? Value(v) : Value(); }
/// A date or duration that is -1 when it did not happen.
Value when(double t) { return t >= 0 ? Value(t) : Value(); }
/// "daejeon -- sacheon", or "sacheon (within)" for a site's own link.
Value pair_label(const std::string& a, const std::string& b) { return a == b ? a + " (within)" : a + " -- " + b; }

bool any_breakdowns(std::span<const StationResult> rows) {
  return std::any_of(rows.begin(), rows.end(), [](const auto& s) { return s.breakdowns > 0; });
}

const std::array kStations{
    Field<StationResult>{"name", "station", Kind::text, member<&StationResult::name>},
    Field<StationResult>{"site", "site", Kind::text, member<&StationResult::site>},
    Field<StationResult>{"capacity", "servers", Kind::count, member<&StationResult::capacity>},
    Field<StationResult>{"utilization", "utilization", Kind::share, member<&StationResult::utilization>},
    Field<StationResult>{"mean_queue", "mean queue", Kind::number, member<&StationResult::mean_queue>},
    Field<StationResult>{"max_queue", "max queue", Kind::number, member<&StationResult::max_queue>},
    Field<StationResult>{"mean_wait_s", "mean wait", Kind::duration, member<&StationResult::mean_wait_s>},
    Field<StationResult>{"served", "served", Kind::count, member<&StationResult::served>},
    Field<StationResult>{"availability", "available", Kind::share, member<&StationResult::availability>, In::both,
                         any_breakdowns},
    Field<StationResult>{"breakdowns", "breakdowns", Kind::count, member<&StationResult::breakdowns>, In::both,
                         any_breakdowns},
};

const std::array kSitePairs{
    Field<SitePairResult>{"pair", "coordination", Kind::text,
                          [](const SitePairResult& p) { return pair_label(p.a, p.b); }, In::table},
    Field<SitePairResult>{"a", "", Kind::text, member<&SitePairResult::a>, In::json},
    Field<SitePairResult>{"b", "", Kind::text, member<&SitePairResult::b>, In::json},
    Field<SitePairResult>{"messages", "messages", Kind::count, member<&SitePairResult::messages>},
    Field<SitePairResult>{"units", "units", Kind::number, member<&SitePairResult::units>},
    Field<SitePairResult>{"mean_transfer_s", "mean transfer", Kind::duration, member<&SitePairResult::mean_transfer_s>},
};

const std::array kLinks{
    Field<LinkResult>{"link", "link", Kind::text, [](const LinkResult& l) { return pair_label(l.a, l.b); }, In::table},
    Field<LinkResult>{"a", "", Kind::text, member<&LinkResult::a>, In::json},
    Field<LinkResult>{"b", "", Kind::text, member<&LinkResult::b>, In::json},
    Field<LinkResult>{"bandwidth_per_day", "bandwidth", Kind::rate,
                      [](const LinkResult& l) { return finite(l.bandwidth * simcore::kDay); }, In::both, nullptr,
                      "unbounded"},
    Field<LinkResult>{"units", "units", Kind::number, member<&LinkResult::units>},
    Field<LinkResult>{"utilization", "utilization", Kind::share,
                      [](const LinkResult& l) { return finite(l.utilization); }},
};

const std::array kTests{
    Field<TestResult>{"stage", "tests", Kind::text, member<&TestResult::stage>},
    Field<TestResult>{"runs", "runs", Kind::count, member<&TestResult::runs>},
    Field<TestResult>{"failures", "failures", Kind::count, member<&TestResult::failures>},
    Field<TestResult>{"failed", "failed", Kind::share,
                      [](const TestResult& t) -> Value {
                        return t.runs ? Value(static_cast<double>(t.failures) / static_cast<double>(t.runs)) : Value();
                      },
                      In::table},
};

const std::array kParts{
    Field<PartResult>{"name", "parts", Kind::text, member<&PartResult::name>},
    Field<PartResult>{"supplier", "supplier", Kind::text, member<&PartResult::supplier>},
    Field<PartResult>{"country", "country", Kind::text, member<&PartResult::country>},
    Field<PartResult>{"stage", "needed at", Kind::text, member<&PartResult::stage>},
    Field<PartResult>{"orders", "orders", Kind::count, member<&PartResult::orders>},
    Field<PartResult>{"delivered", "delivered", Kind::count, member<&PartResult::delivered>},
    Field<PartResult>{"licence_holds", "holds", Kind::count, member<&PartResult::licence_holds>},
    // JSON keeps the mean as 0 when nothing was delivered; a table shows that there is none.
    Field<PartResult>{"mean_order_to_delivery_s", "", Kind::duration, member<&PartResult::mean_order_to_delivery_s>,
                      In::json},
    Field<PartResult>{"order_to_in", "order to in", Kind::duration,
                      [](const PartResult& p) { return p.delivered ? Value(p.mean_order_to_delivery_s) : Value(); },
                      In::table},
    Field<PartResult>{"needed", "", Kind::count, member<&PartResult::needed>, In::json},
    Field<PartResult>{"late", "", Kind::count, member<&PartResult::late>, In::json},
    Field<PartResult>{
        "late_of_needed", "late", Kind::text,
        [](const PartResult& p) -> Value { return std::to_string(p.late) + "/" + std::to_string(p.needed); },
        In::table},
    Field<PartResult>{"mean_wait_s", "", Kind::duration, member<&PartResult::mean_wait_s>, In::json},
    Field<PartResult>{"mean_wait", "mean wait", Kind::duration,
                      [](const PartResult& p) { return p.needed ? Value(p.mean_wait_s) : Value(); }, In::table},
};

const std::array kSuppliers{
    Field<SupplierResult>{"name", "suppliers", Kind::text, member<&SupplierResult::name>},
    Field<SupplierResult>{"country", "country", Kind::text, member<&SupplierResult::country>},
    Field<SupplierResult>{
        "capacity", "capacity", Kind::count,
        [](const SupplierResult& s) { return s.capacity > 0 ? Value(std::int64_t{s.capacity}) : Value(); }},
    Field<SupplierResult>{"orders", "orders", Kind::count, member<&SupplierResult::orders>},
    Field<SupplierResult>{"delivered", "delivered", Kind::count, member<&SupplierResult::delivered>},
    Field<SupplierResult>{"licence_holds", "holds", Kind::count, member<&SupplierResult::licence_holds>},
    Field<SupplierResult>{"mean_queue_s", "mean queue", Kind::duration, member<&SupplierResult::mean_queue_s>},
    Field<SupplierResult>{"mean_wait_s", "mean wait", Kind::duration, member<&SupplierResult::mean_wait_s>},
};

const std::array kFlights{
    Field<FlightResult>{"flight", "flight", Kind::text, member<&FlightResult::name>, In::table},
    Field<FlightResult>{"launcher", "launcher", Kind::text, member<&FlightResult::launcher>},
    Field<FlightResult>{"name", "", Kind::text, member<&FlightResult::name>, In::json},
    Field<FlightResult>{"planned_s", "planned", Kind::date, member<&FlightResult::planned_s>},
    Field<FlightResult>{"launched_s", "launched", Kind::date, [](const FlightResult& f) { return when(f.launched_s); }},
    Field<FlightResult>{"attempts", "attempts", Kind::count, member<&FlightResult::attempts>},
    Field<FlightResult>{"scrubs", "scrubs", Kind::count, member<&FlightResult::scrubs>},
    Field<FlightResult>{"satellites", "satellites", Kind::count, member<&FlightResult::satellites>},
    Field<FlightResult>{"mass_kg", "mass", Kind::mass, member<&FlightResult::mass_kg>},
    Field<FlightResult>{"in_reserve_window", "in window", Kind::flag, member<&FlightResult::in_reserve_window>},
};

const std::array kCancelledFlights{
    Field<CancelledFlightResult>{"flight", "cancelled flight", Kind::text, member<&CancelledFlightResult::name>,
                                 In::table},
    Field<CancelledFlightResult>{"launcher", "launcher", Kind::text, member<&CancelledFlightResult::launcher>},
    Field<CancelledFlightResult>{"name", "", Kind::text, member<&CancelledFlightResult::name>, In::json},
    Field<CancelledFlightResult>{"planned_s", "planned", Kind::date, member<&CancelledFlightResult::planned_s>},
    Field<CancelledFlightResult>{"cancelled_s", "cancelled", Kind::date, member<&CancelledFlightResult::cancelled_s>},
    Field<CancelledFlightResult>{"reason", "reason", Kind::text, member<&CancelledFlightResult::reason>},
    Field<CancelledFlightResult>{"satellites", "re-manifested", Kind::count,
                                 member<&CancelledFlightResult::satellites>},
};

/// A simulated date: calendar with an epoch, else time since the start.
std::string date_text(const models::Results& r, double t) {
  if (r.first_year == 0)
    return "+" + simcore::format_duration(t);
  return simcore::format_date(r.epoch_days + t / simcore::kDay);
}

std::string number_text(double v, Kind kind, const TableContext& context) {
  switch (kind) {
  case Kind::duration:
    return readable_duration(v);
  case Kind::share:
    return readable_percent(v);
  case Kind::rate:
    return readable_number(v) + "/d";
  case Kind::date:
    return date_text(context.results, v);
  case Kind::mass:
    return readable_number(v) + "kg";
  default:
    return readable_number(v);
  }
}

/// A target's outcome against its bound as a person reads it: "52 (>= 100)", "4.2y (<= 5y)".
Value target_outcome(const models::TargetResult& t) {
  if (t.form == models::TargetSpec::Form::launched_at_least)
    return readable_number(t.value) + " (>= " + readable_number(t.bound) + ")";
  return (std::isnan(t.value) ? std::string("none launched") : readable_duration(t.value)) +
         " (<= " + readable_duration(t.bound) + ")";
}

const std::array kTargets{
    Field<models::TargetResult>{"name", "target", Kind::text, member<&models::TargetResult::name>},
    Field<models::TargetResult>{"form", "form", Kind::text,
                                [](const models::TargetResult& t) -> Value {
                                  return models::kTargetFormNames[static_cast<std::size_t>(t.form)];
                                }},
    Field<models::TargetResult>{"by_s", "launched before", Kind::date,
                                [](const models::TargetResult& t) { return when(t.by_s); }},
    Field<models::TargetResult>{"bound", "bound", Kind::number, member<&models::TargetResult::bound>, In::json},
    Field<models::TargetResult>{"value", "value", Kind::number,
                                [](const models::TargetResult& t) { return finite(t.value); }, In::json},
    Field<models::TargetResult>{"outcome", "value (bound)", Kind::text, target_outcome, In::table},
    Field<models::TargetResult>{"met", "met", Kind::flag, member<&models::TargetResult::met>},
};
} // namespace

std::span<const Field<StationResult>> station_fields() { return kStations; }
std::span<const Field<SitePairResult>> site_pair_fields() { return kSitePairs; }
std::span<const Field<LinkResult>> link_fields() { return kLinks; }
std::span<const Field<TestResult>> test_fields() { return kTests; }
std::span<const Field<PartResult>> part_fields() { return kParts; }
std::span<const Field<SupplierResult>> supplier_fields() { return kSuppliers; }
std::span<const Field<FlightResult>> flight_fields() { return kFlights; }
std::span<const Field<CancelledFlightResult>> cancelled_flight_fields() { return kCancelledFlights; }
std::span<const Field<models::TargetResult>> target_fields() { return kTargets; }

nlohmann::ordered_json to_json(const Value& v) {
  return std::visit(
      [](const auto& x) -> nlohmann::ordered_json {
        if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::monostate>)
          return nullptr;
        else
          return x;
      },
      v);
}

std::string cell_text(const Value& v, Kind kind, const char* none, const TableContext& context) {
  if (const auto* d = std::get_if<double>(&v))
    return std::isnan(*d) ? none : number_text(*d, kind, context);
  if (const auto* n = std::get_if<std::int64_t>(&v))
    return std::to_string(*n);
  if (const auto* s = std::get_if<std::string>(&v))
    return *s;
  if (const auto* b = std::get_if<bool>(&v))
    return *b ? "yes" : "no";
  return none;
}

namespace {

/// Characters as a terminal counts them (code points: UTF-8 continuation bytes do not count).
std::size_t text_width(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

} // namespace

void write_aligned(std::ostream& out, const std::vector<std::vector<std::string>>& rows,
                   const std::vector<bool>& left) {
  std::vector<std::size_t> widths;
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      widths.resize(std::max(widths.size(), c + 1));
      // Rows after the header are indented by two in the first column.
      widths[c] = std::max(widths[c], text_width(rows[r][c]) + (c == 0 && r > 0 ? 2 : 0));
    }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const std::string cell = (c == 0 && r > 0 ? "  " : "") + rows[r][c];
      const std::string pad(widths[c] - text_width(cell), ' ');
      const bool last = c + 1 == rows[r].size();
      if (c == 0 || (c < left.size() && left[c]))
        out << (c == 0 ? "" : "  ") << cell << (last ? "" : pad);
      else
        out << "  " << pad << cell;
    }
    out << "\n";
  }
}

} // namespace satflow::tools
