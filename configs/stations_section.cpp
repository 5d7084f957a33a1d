// Stations: site, capacity, queue discipline and downtime.
#include "configs/sections.hpp"

#include <cmath>
#include <limits>
#include <tuple>

namespace satflow::configs {

using models::Scenario;

namespace {

std::optional<models::DowntimeSpec> read_downtime(ReadContext& ctx, const YamlCursor& c, const Scenario& sc) {
  if (!c.expect_map({"every", "lasts"}))
    return std::nullopt;
  auto up = c["every"].duration_distribution();
  auto repair = c["lasts"].duration_distribution();
  const bool up_ok = up && up->lower_bound() >= 0 && up->mean() > 0;
  const bool repair_ok = repair && repair->lower_bound() >= 0;
  if (up && !up_ok)
    c["every"].error("expected a time between breakdowns that is never negative and not always 0");
  if (repair && !repair_ok)
    c["lasts"].error("expected a repair time that is never negative");
  if (ctx.no_horizon(sc))
    c.error("a station with downtime needs a scenario 'horizon': its breakdowns never end on their own");
  if (!up_ok || !repair_ok || std::isinf(sc.horizon_s))
    return std::nullopt;
  return models::DowntimeSpec{*up, *repair};
}

} // namespace

void read_stations(ReadContext& ctx, Scenario& sc) {
  ctx.read_named(
      "stations", "station names to {site, capacity, discipline}", {"site", "capacity", "discipline", "downtime"},
      sc.stations, [&](const YamlCursor& c, models::StationSpec& s) {
        if (auto site = ctx.site_and_function(c["site"], sc))
          std::tie(s.site, s.site_function) = *site;
        if (c["capacity"].defined())
          s.capacity = static_cast<int>(c["capacity"].integer(1, std::numeric_limits<int>::max()).value_or(1));
        if (c["discipline"].defined()) {
          auto d = c["discipline"].string();
          if (d == "priority")
            s.discipline = models::Discipline::priority;
          else if (d && *d != "fifo")
            c["discipline"].error("expected fifo or priority, got '" + *d + "'");
        }
        if (const YamlCursor d = c["downtime"]; d.defined())
          s.downtime = read_downtime(ctx, d, sc);
      });
}

} // namespace satflow::configs
