// Roadmap targets (models/targets.hpp): a list of {name, class, FORM: {BOUND: value}[, by: DATE]}, one
// of the closed set of forms
//   launched: {at_least: N}, by: DATE    (DATE a calendar date, to the end of that day, or a duration)
//   lead_time_p90: {at_most: DURATION}
// Names are unique (they become the KPI keys target.NAME) and classes must exist.
#include "configs/sections.hpp"

#include "simcore/units.hpp"

#include <limits>

namespace satflow::configs {
namespace {

using models::TargetSpec;
constexpr double kDay_s = 86400;

/// The form's single bound `{key: value}`; nothing (after reporting) when it is not that shape.
std::optional<YamlCursor> bound_of(const YamlCursor& form, const char* key) {
  if (!form.expect_map({key}))
    return std::nullopt;
  if (!form[key].require())
    return std::nullopt;
  return form[key];
}

/// `by`: a calendar date counts to the end of its day; a duration is a point from time 0.
std::optional<double> read_by(const ReadContext& ctx, const YamlCursor& by) {
  const auto t = by.time_point(ctx.epoch_days);
  const auto text = by.node().IsScalar() ? by.node().Scalar() : std::string();
  if (t && simcore::parse_date_days(text))
    return *t + kDay_s;
  return t;
}

std::optional<TargetSpec> read_target(const ReadContext& ctx, const YamlCursor& c, const models::Scenario& sc) {
  if (!c.expect_map({"name", "class", "launched", "lead_time_p90", "by"}) || !c["name"].require() ||
      !c["class"].require())
    return std::nullopt;
  TargetSpec t;
  t.name = c["name"].string().value_or("");
  const auto cls = c["class"].string();
  if (!cls || !ctx.check_ref(c["class"], *cls, sc.classes, "class"))
    return std::nullopt;
  for (std::size_t k = 0; k < sc.classes.size(); ++k)
    if (sc.classes[k].name == *cls)
      t.item_class = static_cast<std::uint32_t>(k);
  const bool launched = c["launched"].defined(), p90 = c["lead_time_p90"].defined();
  if (launched == p90) {
    c.error("expected exactly one of launched: {at_least: N} (with by: DATE) or lead_time_p90: {at_most: DURATION}");
    return std::nullopt;
  }
  if (launched) {
    t.form = TargetSpec::Form::launched_at_least;
    const auto at_least = bound_of(c["launched"], "at_least");
    const auto n = at_least ? at_least->integer(1, 100000000) : std::nullopt;
    const auto by = c["by"].require() ? read_by(ctx, c["by"]) : std::nullopt;
    if (!n || !by)
      return std::nullopt;
    t.bound = static_cast<double>(*n);
    t.by_s = *by;
    return t;
  }
  t.form = TargetSpec::Form::lead_time_p90_at_most;
  if (c["by"].defined()) {
    c["by"].error("a lead-time target takes no date (it holds over the run's launches)");
    return std::nullopt;
  }
  const auto at_most = bound_of(c["lead_time_p90"], "at_most");
  const auto d = at_most ? at_most->duration(1) : std::nullopt;
  if (!d)
    return std::nullopt;
  t.bound = *d;
  return t;
}

} // namespace

void read_targets(ReadContext& ctx, models::Scenario& sc) {
  const YamlCursor list = ctx.root["targets"];
  if (!list.defined() || !list.expect_sequence())
    return;
  for (std::size_t i = 0; i < list.node().size(); ++i) {
    const YamlCursor c = list.at(i);
    auto t = read_target(ctx, c, sc);
    if (!t)
      continue;
    bool duplicate = false;
    for (const auto& other : sc.targets)
      duplicate |= other.name == t->name;
    if (duplicate)
      c["name"].error("expected a target name used once, got '" + t->name + "' again");
    else
      sc.targets.push_back(std::move(*t));
  }
}

} // namespace satflow::configs
