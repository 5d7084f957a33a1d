// Programme-level mechanisms: heritage (its stages and factors per level; an arrival source's level
// is read with the arrivals) and programme pace.
#include "configs/sections.hpp"

#include <array>
#include <string_view>

namespace satflow::configs {

using models::HeritageLevel;
using models::Scenario;

namespace {

constexpr std::array<std::pair<std::string_view, HeritageLevel>, 3> kLevels{
    {{"first_of_kind", HeritageLevel::first_of_kind},
     {"derivative", HeritageLevel::derivative},
     {"repeat_with_reuse", HeritageLevel::repeat_with_reuse}}};

models::HeritageFactors read_factors(const YamlCursor& c) {
  models::HeritageFactors f;
  if (!c.defined() || !c.expect_map({"effort", "failures"}))
    return f;
  if (c["effort"].defined())
    f.effort = c["effort"].number(1e-6, 100).value_or(1);
  if (c["failures"].defined())
    f.failures = c["failures"].number(0, 100).value_or(1);
  return f;
}

} // namespace

std::optional<HeritageLevel> read_heritage_level(const YamlCursor& c) {
  const auto name = c.string();
  if (!name)
    return std::nullopt;
  std::vector<std::string> known;
  for (const auto& [level_name, level] : kLevels) {
    if (level_name == *name)
      return level;
    known.emplace_back(level_name);
  }
  c.error(unknown_name_message("heritage level", *name, known));
  return std::nullopt;
}

void read_arrival_heritage(ReadContext& ctx, const YamlCursor& c, const Scenario& sc, models::ArrivalSpec& a) {
  if (!c.defined())
    return;
  if (!ctx.root["heritage"].defined())
    c.error("a programme's heritage needs a top-level 'heritage' section (its stages and factors)");
  if (!c.node().IsMap()) {
    a.heritage = read_heritage_level(c).value_or(HeritageLevel::first_of_kind);
    return;
  }
  if (!c.expect_map({"level", "technologies"}))
    return;
  if (c["level"].defined())
    a.heritage = read_heritage_level(c["level"]).value_or(HeritageLevel::first_of_kind);
  ReadContext::for_each_optional_entry(
      c["technologies"], "learning-curve names to heritage levels", [&](const std::string& name, const YamlCursor& t) {
        const bool known = ctx.check_ref(t, name, sc.learning, "technology (learning curve)");
        if (const auto level = read_heritage_level(t); level && known)
          a.heritage_by_technology.emplace_back(name, *level);
      });
}

void read_heritage(ReadContext& ctx, Scenario& sc) {
  const YamlCursor c = ctx.root["heritage"];
  if (!c.defined() || !c.expect_map({"stages", "derivative", "repeat_with_reuse"}))
    return;
  models::HeritageSpec h;
  const YamlCursor stages = c["stages"];
  if (stages.require() && stages.expect_sequence()) {
    for (std::size_t i = 0; i < stages.node().size(); ++i) {
      const YamlCursor s = stages.at(i);
      const auto name = s.string();
      if (!name)
        continue;
      bool known = false;
      for (const auto& n : ctx.stage_names)
        known = known || n == *name;
      if (known)
        h.stages.push_back(*name);
      else
        s.error(unknown_name_message("stage", *name, ctx.stage_names));
    }
  }
  h.derivative = read_factors(c["derivative"]);
  h.repeat_with_reuse = read_factors(c["repeat_with_reuse"]);
  sc.heritage = h;
}

void read_pace(ReadContext& ctx, Scenario& sc) {
  const YamlCursor c = ctx.root["pace"];
  if (!c.defined() || !c.expect_map({"p10", "median", "p90"}))
    return;
  models::PaceSpec p;
  const auto p10 = c["p10"].number(1e-3, 100);
  const auto median = c["median"].number(1e-3, 100);
  const auto p90 = c["p90"].number(1e-3, 100);
  if (!p10 || !median || !p90)
    return;
  if (*p10 > *median)
    c["p10"].error("expected p10 <= median");
  else if (*median > *p90)
    c["p90"].error("expected p90 >= median");
  p = {*p10, *median, *p90};
  sc.pace = p;
}

// Start types (HISTORY-DATA 7): a programme's recorded start is a budget approval, a kick-off or a
// contract, and the work does not begin at the same distance from each. `delay` moves the dates of
// that type later (work begins after the approval), `advance` earlier (a contract signed after the
// design had begun); both are durations so that `uncertain:` and calibration can fit them.
void read_start_types(ReadContext& ctx, Scenario& sc) {
  ctx.read_named("start_types", "start-type names to {delay} or {advance}", {"delay", "advance"}, sc.start_types,
                 [&](const YamlCursor& c, models::StartTypeSpec& t) {
                   if (c["delay"].defined() == c["advance"].defined())
                     c.error("expected exactly one of 'delay' (work begins after the date) and 'advance' "
                             "(work began before it)");
                   else if (c["delay"].defined())
                     t.offset_s = c["delay"].duration().value_or(0);
                   else
                     t.offset_s = -c["advance"].duration().value_or(0);
                 });
}

void read_start_type(ReadContext& ctx, const YamlCursor& c, const Scenario& sc, models::ArrivalSpec& a) {
  if (!c.defined())
    return;
  const auto name = c.string();
  if (!name || !ctx.check_ref(c, *name, sc.start_types, "start type"))
    return;
  a.start_type = *name;
  double offset = 0;
  for (const auto& t : sc.start_types)
    if (t.name == *name)
      offset = t.offset_s;
  for (double& t : a.times_s) {
    t += offset;
    if (t < 0) {
      c.error("its start type's advance puts a date before the scenario's start (epoch)");
      t = 0;
    }
  }
}

} // namespace satflow::configs
