// Arrival sources: Poisson processes and schedules (manifests of dated, possibly named items).
#include "configs/sections.hpp"

#include <limits>
#include <tuple>

namespace satflow::configs {

using models::Scenario;

namespace {

void read_schedule(ReadContext& ctx, const YamlCursor& c, models::ArrivalSpec& a) {
  if (!c.expect_sequence())
    return;
  bool named = false;
  for (std::size_t i = 0; i < c.node().size(); ++i) {
    const YamlCursor e = c.at(i);
    std::optional<double> t;
    std::string name;
    if (e.node().IsMap()) {
      if (!e.expect_map({"name", "at"}))
        continue;
      name = e["name"].string().value_or("");
      named = true;
      t = e["at"].time_point(ctx.epoch_days);
    } else {
      t = e.time_point(ctx.epoch_days);
    }
    if (!t)
      continue;
    if (!a.times_s.empty() && *t < a.times_s.back())
      e.error("expected dates in non-decreasing order");
    a.times_s.push_back(*t);
    a.item_names.push_back(name);
  }
  if (!named)
    a.item_names.clear();
}

} // namespace

void read_arrivals(ReadContext& ctx, Scenario& sc) {
  const auto list = ctx.required_list("arrivals", "arrival source");
  if (!list)
    return;
  const YamlCursor& arrivals = *list;
  for (std::size_t i = 0; i < arrivals.node().size(); ++i) {
    YamlCursor c = arrivals.at(i);
    if (!c.expect_map(
            {"name", "class", "site", "rate", "start", "count", "schedule", "launcher", "heritage", "start_type"}))
      continue;
    models::ArrivalSpec a;
    a.name = c["name"].defined() ? c["name"].string().value_or("") : "source" + std::to_string(i);
    c = arrivals.child(a.name, c.node());
    for (const auto& other : sc.arrivals)
      if (other.name == a.name)
        c["name"].error("duplicate arrival source name '" + a.name + "'");
    a.item_class = sc.classes.empty() ? "" : sc.classes.front().name;
    if (c["class"].defined())
      if (auto cls = c["class"].string(); cls && ctx.check_ref(c["class"], *cls, sc.classes, "class"))
        a.item_class = *cls;
    if (c["site"].defined())
      if (auto s = ctx.site_and_function(c["site"], sc))
        std::tie(a.site, a.site_function) = *s;
    if (c["launcher"].defined()) // the booking of its programmes, over the launch stage's launcher
      if (auto l = c["launcher"].string(); l && ctx.check_ref(c["launcher"], *l, sc.launchers, "launcher"))
        a.launcher = *l;
    read_arrival_heritage(ctx, c["heritage"], sc, a);
    if (c["rate"].defined() && c["start_type"].defined())
      c["start_type"].error("'start_type' applies to a schedule (dated programme starts), not to Poisson arrivals");
    if (c["rate"].defined() == c["schedule"].defined()) {
      c.error("expected exactly one of 'rate' (Poisson arrivals) and 'schedule' (a list of dates)");
    } else if (c["rate"].defined()) {
      a.kind = models::ArrivalKind::poisson;
      a.rate_per_s = c["rate"].rate().value_or(1);
      if (c["start"].defined())
        a.start_s = c["start"].duration().value_or(0);
      if (c["count"].defined())
        a.count =
            static_cast<std::uint64_t>(c["count"].integer(1, std::numeric_limits<std::int64_t>::max()).value_or(1));
      else if (ctx.no_horizon(sc))
        c.error("Poisson arrivals need a 'count' or a scenario 'horizon', or they never end");
    } else {
      a.kind = models::ArrivalKind::scheduled;
      for (const char* key : {"start", "count"})
        if (c[key].defined())
          c[key].error(std::string("'") + key + "' applies to Poisson arrivals ('rate'), not to a schedule");
      read_schedule(ctx, c["schedule"], a);
      read_start_type(ctx, c["start_type"], sc, a);
    }
    sc.arrivals.push_back(a);
  }
}

} // namespace satflow::configs
