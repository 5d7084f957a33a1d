#include "tools/report/chart_units.hpp"

#include "simcore/units.hpp"
#include "tools/report/readable.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <utility>

namespace satflow::tools {

DurationUnit duration_unit_for(double typical_s) {
  static const std::array<std::pair<const char*, double>, 7> units{{{"y", simcore::kYear},
                                                                    {"mo", 30 * simcore::kDay},
                                                                    {"w", 7 * simcore::kDay},
                                                                    {"d", simcore::kDay},
                                                                    {"h", 3600.0},
                                                                    {"min", 60.0},
                                                                    {"s", 1.0}}};
  for (const auto& [name, seconds] : units)
    if (std::isfinite(typical_s) && std::abs(typical_s) >= seconds)
      return {name, seconds};
  return {"s", 1.0};
}

bool has_calendar(const models::Results& r) { return r.first_year != 0; }

double date_ms(const models::Results& r, double t_s) { return (r.epoch_days * simcore::kDay + t_s) * 1000.0; }

std::string date_text(const models::Results& r, double t_s) {
  if (!has_calendar(r))
    return "+" + simcore::format_duration(t_s);
  return simcore::format_date(r.epoch_days + t_s / simcore::kDay);
}

nlohmann::ordered_json finite_or_null(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json with_field(nlohmann::ordered_json encoding, const char* field) {
  encoding["field"] = field;
  return encoding;
}

nlohmann::ordered_json tooltip_field(const char* field, const char* title, const char* format) {
  nlohmann::ordered_json t = {{"field", field}, {"title", title}};
  if (format)
    t["format"] = format;
  return t;
}

nlohmann::ordered_json chart_spec(const std::string& title, int width, nlohmann::ordered_json height,
                                  const nlohmann::ordered_json& body) {
  nlohmann::ordered_json spec = {{"title", title}, {"width", width}, {"height", std::move(height)}};
  for (const auto& [key, value] : body.items())
    spec[key] = value;
  return spec;
}

nlohmann::ordered_json inline_rows(nlohmann::ordered_json rows) { return {{"data", {{"values", std::move(rows)}}}}; }

nlohmann::ordered_json rows_where(const char* filter) { return {{"transform", {{{"filter", filter}}}}}; }

nlohmann::ordered_json view(nlohmann::ordered_json rows, nlohmann::ordered_json mark, nlohmann::ordered_json encoding) {
  rows["mark"] = std::move(mark);
  rows["encoding"] = std::move(encoding);
  return rows;
}

nlohmann::ordered_json zero_rule(const nlohmann::ordered_json& x) {
  return view(inline_rows(nlohmann::ordered_json::array({{{"zero", 0}}})),
              {{"type", "rule"}, {"color", "black"}, {"strokeDash", {4, 3}}}, {{"x", with_field(x, "zero")}});
}

nlohmann::ordered_json time_kind_scale() {
  auto domain = nlohmann::ordered_json::array();
  for (const char* k : models::kTimeKindNames)
    domain.push_back(k);
  return {
      {"domain", domain},
      {"range",
       {"#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#9d755d", "#ff9da6", "#bab0ac"}}};
}

nlohmann::ordered_json time_kind_bars(const std::string& title, int width, const char* group,
                                      const nlohmann::ordered_json& groups, nlohmann::ordered_json values,
                                      const std::string& share_title, nlohmann::ordered_json tooltip) {
  return {{"title", title},
          {"width", width},
          {"height", {{"step", 34}}},
          {"data", {{"values", std::move(values)}}},
          {"mark", "bar"},
          {"encoding",
           {{"y", {{"field", group}, {"type", "nominal"}, {"title", group}, {"sort", groups}}},
            {"x",
             {{"field", "share"},
              {"type", "quantitative"},
              {"stack", "normalize"},
              {"title", share_title},
              {"axis", {{"format", ".0%"}}}}},
            {"color", {{"field", "bucket"}, {"type", "nominal"}, {"title", "bucket"}, {"scale", time_kind_scale()}}},
            {"order", {{"field", "order"}}},
            {"tooltip", std::move(tooltip)}}}};
}

nlohmann::ordered_json sorted_bars(const std::string& title, int width, int step, nlohmann::ordered_json values,
                                   const char* name, nlohmann::ordered_json x, const nlohmann::ordered_json& more) {
  nlohmann::ordered_json encoding = {{"y", {{"field", name}, {"type", "nominal"}, {"title", name}, {"sort", "-x"}}},
                                     {"x", std::move(x)}};
  for (const auto& [key, value] : more.items())
    encoding[key] = value;
  return {{"title", title},
          {"width", width},
          {"height", {{"step", step}}},
          {"data", {{"values", std::move(values)}}},
          {"mark", "bar"},
          {"encoding", std::move(encoding)}};
}

std::string time_kinds_in_words() {
  static constexpr const char* words[] = {"zero",  "one",   "two",  "three", "four",   "five",  "six",
                                          "seven", "eight", "nine", "ten",   "eleven", "twelve"};
  static_assert(models::kTimeKinds < std::size(words), "a word for every count of time kinds");
  return std::string("the ") + words[models::kTimeKinds] + " buckets";
}

nlohmann::ordered_json TimeAxis::value(double t_s) const {
  if (has_calendar(r))
    return static_cast<std::int64_t>(std::llround(date_ms(r, t_s)));
  return t_s / unit.seconds;
}

nlohmann::ordered_json TimeAxis::encoding(const char* field, const std::string& title) const {
  if (has_calendar(r))
    return {{"field", field}, {"type", "temporal"}, {"title", title}};
  return {{"field", field}, {"type", "quantitative"}, {"title", title + " (" + unit.name + " since the start)"}};
}

nlohmann::ordered_json TimeAxis::tooltip(const char* field, const std::string& title) const {
  if (has_calendar(r))
    return {{"field", field}, {"type", "temporal"}, {"title", title}, {"format", "%Y-%m-%d %H:%M"}};
  return {{"field", field}, {"type", "quantitative"}, {"title", title + " (" + unit.name + ")"}, {"format", ".4~f"}};
}

std::string printed(const char* format, double v) {
  if (std::isnan(v))
    return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string short_number(double v) { return readable_number(v); }

std::string percent(double share) { return readable_percent(share); }

std::string index_text(double v, double lower, double upper) {
  if (std::isnan(v))
    return "-";
  return printed("%.3f", v) + (std::isnan(lower) ? "" : printed(" [%.3f, ", lower) + printed("%.3f]", upper));
}

} // namespace satflow::tools
