#include "tools/report/launch_years.hpp"

#include "simcore/intervals.hpp"
#include "simcore/units.hpp"
#include "tools/report/chart_units.hpp"
#include "tools/report/readable.hpp"
#include "tools/report/results_schema.hpp"

#include <algorithm>
#include <cmath>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;

std::size_t years_of(const std::vector<LaunchYears>& reps) {
  std::size_t years = 0;
  for (const auto& r : reps)
    years = std::max(years, r.launched.size());
  return years;
}

/// Every replication's value for (year, class), 0 where a replication's run ended before that year.
std::vector<double> per_replication(const std::vector<LaunchYears>& reps, std::size_t year, std::size_t c,
                                    bool cumulative) {
  std::vector<double> values;
  for (const auto& r : reps) {
    double v = 0;
    for (std::size_t y = cumulative ? 0 : year; y <= year && y < r.launched.size(); ++y)
      v += c < r.launched[y].size() ? r.launched[y][c] : 0;
    values.push_back(v);
  }
  return values;
}

std::string year_label(const LaunchYears& first, std::size_t y) {
  return first.first_year ? std::to_string(first.first_year + static_cast<int>(y)) : "year " + std::to_string(y + 1);
}

/// An interval's end: none with one replication.
Value bound(double x) { return std::isnan(x) ? Value{} : Value{x}; }

bool any_launch(const std::vector<LaunchYears>& reps) {
  for (const auto& r : reps)
    for (const auto& year : r.launched)
      for (double n : year)
        if (n > 0)
          return true;
  return false;
}

/// The `launched` targets of the first replication, each at (its date, its count) with its name, the
/// bound and how often the replications met it: the points of the chart's target layer.
Json target_marks(const std::vector<LaunchYears>& reps) {
  const LaunchYears& first = reps.front();
  Json marks = Json::array();
  for (std::size_t i = 0; i < first.targets.size(); ++i) {
    const models::TargetResult& t = first.targets[i];
    if (t.form != models::TargetSpec::Form::launched_at_least)
      continue;
    std::size_t met = 0;
    for (const auto& r : reps)
      met += i < r.targets.size() && r.targets[i].met;
    // A date counts to the end of its day: by_s is the next midnight, the label the day itself.
    const std::string day = simcore::format_date(first.epoch_days + (t.by_s - 1) / simcore::kDay);
    const bool calendar = first.first_year != 0;
    const std::string outcome = reps.size() == 1
                                    ? (met ? "met" : "not met")
                                    : "met in " + std::to_string(met) + " of " + std::to_string(reps.size());
    marks.push_back({{"end", calendar ? Json(simcore::format_date(first.epoch_days + t.by_s / simcore::kDay))
                                      : Json(t.by_s / simcore::kYear)},
                     {"bound", t.bound},
                     {"zero", 0},
                     {"label", t.name + ": " + readable_number(t.bound) + " by " +
                                   (calendar ? day : readable_duration(t.by_s)) + ", " + outcome},
                     {"outcome", met == reps.size() ? "met"
                                 : met == 0         ? "not met"
                                                    : "met in some"}});
  }
  return marks;
}

/// The target layer: a dashed rule up the target's date to its count, a diamond there (filled where
/// every replication met it) and its label below and to the left, clear of the chart's title.
Json target_layer(const Json& marks) {
  const Json y = {{"field", "bound"}, {"type", "quantitative"}};
  const Json fill = {{"condition", {{"test", "datum.outcome === 'met'"}, {"value", "#1a9850"}}}, {"value", "white"}};
  const Json black = {{"value", "black"}};
  return {
      {"data", {{"values", marks}}},
      {"layer",
       Json::array(
           {{{"mark", {{"type", "rule"}, {"strokeDash", {4, 3}}, {"opacity", 0.7}}},
             {"encoding",
              {{"y", {{"field", "zero"}, {"type", "quantitative"}}}, {"y2", {{"field", "bound"}}}, {"color", black}}}},
            {{"mark", {{"type", "point"}, {"shape", "diamond"}, {"size", 140}, {"strokeWidth", 1.5}, {"opacity", 1}}},
             {"encoding", {{"y", y}, {"color", black}, {"fill", fill}, {"tooltip", {{"field", "label"}}}}}},
            {{"mark",
              {{"type", "text"}, {"align", "right"}, {"baseline", "top"}, {"dx", -10}, {"dy", 6}, {"fontSize", 11}}},
             {"encoding", {{"y", y}, {"text", {{"field", "label"}}}, {"color", black}}}}})}};
}

} // namespace

Json launch_years_record(const models::Results& r) {
  Json out = {{"first_year", r.first_year}, {"classes", r.class_names}, {"launched", r.launched_by_year}};
  if (r.targets.empty())
    return out;
  out["epoch_days"] = r.epoch_days;
  Json targets = Json::array();
  for (const auto& t : r.targets)
    targets.push_back(
        {{"name", t.name}, {"form", static_cast<int>(t.form)}, {"bound", t.bound}, {"by_s", t.by_s}, {"met", t.met}});
  out["targets"] = targets;
  return out;
}

std::optional<LaunchYears> launch_years(const nlohmann::json& record) {
  if (!record.is_object() || !record.contains("launched") || !record["launched"].is_array())
    return std::nullopt;
  LaunchYears l;
  try {
    l.first_year = record.value("first_year", 0);
    l.classes = record.at("classes").get<std::vector<std::string>>();
    l.launched = record.at("launched").get<std::vector<std::vector<double>>>();
    l.epoch_days = record.value("epoch_days", 0.0);
    for (const auto& t : record.value("targets", nlohmann::json::array())) {
      models::TargetResult target;
      target.name = t.at("name").get<std::string>();
      target.form = static_cast<models::TargetSpec::Form>(t.at("form").get<int>());
      target.bound = t.at("bound").get<double>();
      target.by_s = t.at("by_s").get<double>();
      target.met = t.at("met").get<bool>();
      l.targets.push_back(std::move(target));
    }
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  return l;
}

std::vector<LaunchYearRow> launch_year_rows(const std::vector<LaunchYears>& reps, double alpha) {
  std::vector<LaunchYearRow> rows;
  if (reps.empty() || !any_launch(reps))
    return rows;
  const LaunchYears& first = reps.front();
  for (std::size_t y = 0; y < years_of(reps); ++y)
    for (std::size_t c = 0; c < first.classes.size(); ++c) {
      LaunchYearRow row;
      row.year = first.first_year ? first.first_year + static_cast<std::int32_t>(y) : static_cast<std::int32_t>(y + 1);
      row.class_name = first.classes[c];
      row.replications = reps.size();
      const auto ci = simcore::present_interval(per_replication(reps, y, c, false), alpha);
      row.mean = ci->mean; // reps is not empty: there is a mean
      if (std::isfinite(ci->half_width)) {
        row.lower = ci->lower();
        row.upper = ci->upper();
      }
      const auto cumulative = per_replication(reps, y, c, true);
      const auto [low, high] = std::minmax_element(cumulative.begin(), cumulative.end());
      row.cumulative_mean = simcore::present_interval(cumulative, alpha)->mean;
      row.cumulative_lowest = *low;
      row.cumulative_highest = *high;
      rows.push_back(std::move(row));
    }
  return rows;
}

std::span<const Field<LaunchYearRow>> launch_year_fields() {
  using R = LaunchYearRow;
  static const Field<R> kFields[] = {
      {"year", "year", Kind::count, [](const R& r) { return Value{std::int64_t{r.year}}; }},
      {"class", "class", Kind::text, [](const R& r) { return Value{r.class_name}; }},
      {"replications", "replications", Kind::count,
       [](const R& r) { return Value{static_cast<std::int64_t>(r.replications)}; }},
      {"mean", "launches in the year", Kind::number, [](const R& r) { return Value{r.mean}; }},
      {"lower", "lower", Kind::number, [](const R& r) { return bound(r.lower); }},
      {"upper", "upper", Kind::number, [](const R& r) { return bound(r.upper); }},
      {"cumulative_mean", "launched by the end of the year", Kind::number,
       [](const R& r) { return Value{r.cumulative_mean}; }},
      {"cumulative_lowest", "lowest", Kind::number, [](const R& r) { return Value{r.cumulative_lowest}; }},
      {"cumulative_highest", "highest", Kind::number, [](const R& r) { return Value{r.cumulative_highest}; }},
  };
  return kFields;
}

void write_launch_years(const std::vector<LaunchYears>& reps, double alpha, std::ostream& out) {
  const std::vector<LaunchYearRow> rows = launch_year_rows(reps, alpha);
  if (rows.empty())
    return;
  const LaunchYears& first = reps.front();
  std::vector<std::vector<std::string>> per_year{{"year"}}, by_date{{"by the end of"}};
  per_year[0].insert(per_year[0].end(), first.classes.begin(), first.classes.end());
  by_date[0].insert(by_date[0].end(), first.classes.begin(), first.classes.end());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const LaunchYearRow& row = rows[i];
    if (i % first.classes.size() == 0) { // a year's first class: its line
      per_year.push_back({year_label(first, i / first.classes.size())});
      by_date.push_back({per_year.back().front()});
    }
    per_year.back().push_back(
        readable_number(row.mean) + " " +
        (std::isnan(row.lower) ? "" : readable_interval(Reading::number, std::max(row.lower, 0.0), row.upper)));
    by_date.back().push_back(readable_number(row.cumulative_mean) + " [" + readable_number(row.cumulative_lowest) +
                             ", " + readable_number(row.cumulative_highest) + "]");
  }
  out << "\nlaunches per year: mean [95% interval] over " << reps.size() << " replications\n";
  write_aligned(out, per_year);
  out << "\nlaunched by date: cumulative launches, mean [lowest, highest replication]\n";
  write_aligned(out, by_date);
}

std::optional<HtmlChart> launched_by_date_chart(const std::vector<LaunchYears>& reps) {
  if (reps.empty() || !any_launch(reps))
    return std::nullopt;
  const LaunchYears& first = reps.front();
  const bool calendar = first.first_year != 0;
  HtmlChart c{.title = "Launched by date",
              .caption =
                  reps.size() == 1
                      ? "Satellites launched since the start, per class, at the end of each year."
                      : "Satellites launched since the start, per class, at the end of each year: the line is the mean "
                        "over " +
                            std::to_string(reps.size()) +
                            " replications, the band runs from the lowest to the highest replication. Read a roadmap's "
                            "target against the band: the mean alone hides how often it is missed."};
  const Json marks = target_marks(reps);
  if (!marks.empty())
    c.caption += " Each diamond is a target: at least that many launched by its date, filled where " +
                 std::string(reps.size() == 1 ? "the run meets it" : "every replication met it") + ".";
  c.columns = {"by the end of", "class", "mean", "lowest", "highest"};
  Json values = Json::array();
  for (std::size_t y = 0; y < years_of(reps); ++y)
    for (std::size_t k = 0; k < first.classes.size(); ++k) {
      const auto cumulative = per_replication(reps, y, k, true);
      const auto [low, high] = std::minmax_element(cumulative.begin(), cumulative.end());
      const auto mean = simcore::present_interval(cumulative, 0.05);
      const double m = mean ? mean->mean : 0;
      // With a calendar, a year's end is the first day of the next year.
      Json x = calendar ? Json(std::to_string(first.first_year + static_cast<int>(y) + 1) + "-01-01") : Json(y + 1);
      values.push_back({{"end", x}, {"class", first.classes[k]}, {"mean", m}, {"low", *low}, {"high", *high}});
      c.rows.push_back(
          {year_label(first, y), first.classes[k], readable_number(m), readable_number(*low), readable_number(*high)});
    }
  const Json x = calendar ? Json{{"field", "end"}, {"type", "temporal"}, {"title", "date"}}
                          : Json{{"field", "end"}, {"type", "quantitative"}, {"title", "years since the start"}};
  const Json colour = {{"field", "class"}, {"type", "nominal"}, {"title", "class"}};
  const Json band = view(Json::object(), {{"type", "area"}, {"opacity", 0.2}},
                         {{"y", {{"field", "low"}, {"type", "quantitative"}, {"title", "satellites launched"}}},
                          {"y2", {{"field", "high"}}}});
  const Json mean =
      view(Json::object(), {{"type", "line"}, {"point", true}},
           {{"y", {{"field", "mean"}, {"type", "quantitative"}}},
            {"tooltip", Json::array({{{"field", "class"}, {"type", "nominal"}},
                                     {{"field", "mean"}, {"type", "quantitative"}, {"format", ".1f"}},
                                     {{"field", "low"}, {"type", "quantitative"}, {"title", "lowest"}},
                                     {{"field", "high"}, {"type", "quantitative"}, {"title", "highest"}}})}});
  Json body = inline_rows(values);
  body["encoding"] = {{"x", x}, {"color", colour}};
  body["layer"] = Json::array({band, mean});
  c.spec = chart_spec(c.title, 760, 300, body);
  if (!marks.empty())
    c.spec["layer"].push_back(target_layer(marks));
  return c;
}

} // namespace satflow::tools
