// Units shared by the chart builders: a duration axis in the unit the text output would use
// (simcore::format_duration: s, min, h, d, w, mo, y), calendar dates for temporal axes, and the
// colours of the time kinds. Plain functions over plain values.
#pragma once

#include "models/results.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace satflow::tools {

struct DurationUnit {
  std::string name; ///< "d", "w", "mo", "y", ...
  double seconds;   ///< seconds in one unit (mo: 30 d, y: 365 d, as in simcore)
};

/// The largest unit in which typical_s is at least 1 (seconds for 0 or NaN).
DurationUnit duration_unit_for(double typical_s);

/// Whether the run has a calendar (an epoch): its charts then use dates.
bool has_calendar(const models::Results& r);
/// A simulated time as milliseconds since 1970-01-01 (Vega's temporal values). REQUIRES: has_calendar(r).
double date_ms(const models::Results& r, double t_s);
/// A simulated time as text: its date with a calendar, else "+<duration>".
std::string date_text(const models::Results& r, double t_s);

/// The number, or null for NaN and infinities (JSON has neither; Vega skips nulls).
nlohmann::ordered_json finite_or_null(double v);
/// `encoding` with its "field" set (added last when it had none): one axis drawn from several fields.
nlohmann::ordered_json with_field(nlohmann::ordered_json encoding, const char* field);
/// A tooltip entry {field, title[, format]}.
nlohmann::ordered_json tooltip_field(const char* field, const char* title, const char* format = nullptr);
/// The colour scale of the time kinds, in their fixed order, shared by every chart coloured by kind.
nlohmann::ordered_json time_kind_scale();

/// The spec of a "where the time went" chart: a bar per group (the `group` field of `values`, drawn in
/// the order of `groups`) split into the time kinds and normalised to 100%. Rows of `values` have the
/// group, "bucket", "order" and "share"; `tooltip` lists what hovering shows.
nlohmann::ordered_json time_kind_bars(const std::string& title, int width, const char* group,
                                      const nlohmann::ordered_json& groups, nlohmann::ordered_json values,
                                      const std::string& share_title, nlohmann::ordered_json tooltip);
/// The spec of a bar per row of `values`, longest first: the `name` field on the y axis, `x` the bar's
/// encoding, then `more` encodings (colour, tooltip) in their order. Stations and links are drawn so.
nlohmann::ordered_json sorted_bars(const std::string& title, int width, int step, nlohmann::ordered_json values,
                                   const char* name, nlohmann::ordered_json x, const nlohmann::ordered_json& more);
/// A chart's spec: its title, its size (height: pixels, or {"step": N} per row), then `body` (its data,
/// mark and encoding, or its layers) in order.
nlohmann::ordered_json chart_spec(const std::string& title, int width, nlohmann::ordered_json height,
                                  const nlohmann::ordered_json& body);
/// Rows given inline: a spec's or a layer's data.
nlohmann::ordered_json inline_rows(nlohmann::ordered_json rows);
/// The rows of the spec's data that pass `filter` (a Vega expression).
nlohmann::ordered_json rows_where(const char* filter);
/// A view of `rows` (inline_rows or rows_where) drawn as `mark` by `encoding`: a layer, or a whole spec's body.
nlohmann::ordered_json view(nlohmann::ordered_json rows, nlohmann::ordered_json mark, nlohmann::ordered_json encoding);
/// The dashed black line at zero of the x axis `x` that an effect or a difference is read against: a layer.
nlohmann::ordered_json zero_rule(const nlohmann::ordered_json& x);
/// "the ten buckets" (as many as models::kTimeKinds), for captions.
std::string time_kinds_in_words();

/// A time axis: calendar dates with an epoch, else time since the start in the unit of the horizon.
struct TimeAxis {
  const models::Results& r;
  DurationUnit unit = duration_unit_for(r.end_s);
  /// The value to put in a spec's data: whole milliseconds since 1970 with a calendar (an integer in the
  /// JSON: a Gantt has thousands), else units since the start.
  nlohmann::ordered_json value(double t_s) const;
  /// The x or y encoding of a field holding value()s.
  nlohmann::ordered_json encoding(const char* field, const std::string& title) const;
  /// The exact time in a tooltip: the date and hour, or the time since the start in the axis unit.
  nlohmann::ordered_json tooltip(const char* field, const std::string& title) const;
};

/// `v` printed with a printf format for one double ("%.4g"); "-" for NaN.
std::string printed(const char* format, double v);
/// A number for tables and tooltips: readable_number (at most 4 significant digits, no exponent).
std::string short_number(double v);
/// A share in [0,1] as "12.3%" (readable_percent).
std::string percent(double share);
/// An index such as a Sobol S1 with its interval, "0.412 [0.301, 0.530]"; without the interval when
/// `lower` is NaN; "-" for a NaN value.
std::string index_text(double v, double lower, double upper);

} // namespace satflow::tools
