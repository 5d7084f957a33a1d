// Launchers: campaign parameters, scrubs, listed and recurring flights.
#include "configs/sections.hpp"

#include "simcore/units.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace satflow::configs {

using models::Scenario;
constexpr double kInf = std::numeric_limits<double>::infinity();

namespace {

std::optional<models::FlightSpec> read_flight(ReadContext& ctx, const YamlCursor& c, const std::string& default_name) {
  if (!c.expect_map({"name", "date", "slots", "mass"}))
    return std::nullopt;
  models::FlightSpec f;
  f.name = c["name"].defined() ? c["name"].string().value_or(default_name) : default_name;
  auto date = c["date"].time_point(ctx.epoch_days);
  if (c["slots"].defined())
    f.slots = static_cast<int>(c["slots"].integer(1, 1000000).value_or(1));
  if (c["mass"].defined())
    f.mass_kg = c["mass"].mass().value_or(kInf);
  if (!date)
    return std::nullopt;
  f.date_s = *date;
  return f;
}

/// A bound that keeps a far horizon from filling memory with flights (a century of daily flights fits).
constexpr int kMaxRecurringFlights = 100000;

/// A flight every `every` from `first` to `until` (default: the horizon).
void read_recurring(ReadContext& ctx, const YamlCursor& c, const Scenario& sc, models::LauncherSpec& l) {
  if (!c.expect_map({"first", "every", "until", "slots", "mass"}))
    return;
  const auto first = c["first"].time_point(ctx.epoch_days);
  const auto every = c["every"].duration(simcore::kDay);
  std::optional<double> until = sc.horizon_s;
  if (c["until"].defined())
    until = c["until"].time_point(ctx.epoch_days);
  else if (ctx.no_horizon(sc))
    c.error("recurring flights need 'until' or a scenario 'horizon'");
  int slots = 1000000;
  double mass = kInf;
  if (c["slots"].defined())
    slots = static_cast<int>(c["slots"].integer(1, 1000000).value_or(1));
  if (c["mass"].defined())
    mass = c["mass"].mass().value_or(kInf);
  if (!first || !every || !until || std::isinf(*until))
    return;
  if ((*until - *first) / *every > kMaxRecurringFlights) {
    c.error("this makes more than " + std::to_string(kMaxRecurringFlights) +
            " flights before 'until' or the horizon; set an earlier 'until'");
    return;
  }
  int k = 1;
  for (double t = *first; t <= *until; t += *every, ++k)
    l.flights.push_back({l.name + "-r" + std::to_string(k), t, slots, mass});
}

} // namespace

void read_launchers(ReadContext& ctx, Scenario& sc) {
  ctx.for_each_named(
      "launchers", "launcher names to {site, flights, ...}", [&](const std::string& name, const YamlCursor& c) {
        models::LauncherSpec l;
        l.name = name;
        if (!c.expect_map({"site", "lead", "transport", "transport_per_km", "integration", "reserve", "scrub",
                           "flights", "recurring"})) {
          sc.launchers.push_back(l);
          return;
        }
        l.site = ctx.site_ref(c["site"], sc).value_or("");
        if (c["lead"].defined())
          l.lead_s = c["lead"].duration().value_or(0);
        if (c["transport"].defined())
          l.transport = c["transport"].duration_distribution().value_or(l.transport);
        if (c["transport_per_km"].defined())
          l.transport_per_km_s = c["transport_per_km"].duration().value_or(0);
        if (c["integration"].defined())
          l.integration = c["integration"].duration_distribution().value_or(l.integration);
        if (c["reserve"].defined())
          l.reserve_s = c["reserve"].duration().value_or(0);
        if (const YamlCursor scrub = c["scrub"]; scrub.defined() && scrub.expect_map({"p", "delay"})) {
          l.scrub_probability = scrub["p"].number(0, 0.99).value_or(0);
          if (auto d = scrub["delay"].duration_distribution()) {
            if (d->lower_bound() <= 0)
              scrub["delay"].error("expected a slip that is always > 0 (a scrub moves the launch to a later date)");
            else
              l.scrub_delay = *d;
          }
        }
        if (const YamlCursor flights = c["flights"]; flights.defined() && flights.expect_sequence())
          for (std::size_t i = 0; i < flights.node().size(); ++i)
            if (auto f = read_flight(ctx, flights.at(i), name + "-" + std::to_string(i + 1)))
              l.flights.push_back(*f);
        if (const YamlCursor rec = c["recurring"]; rec.defined())
          read_recurring(ctx, rec, sc, l);
        if (!c["flights"].defined() && !c["recurring"].defined())
          c.error("expected 'flights', 'recurring' or both");
        std::stable_sort(l.flights.begin(), l.flights.end(),
                         [](const models::FlightSpec& a, const models::FlightSpec& b) { return a.date_s < b.date_s; });
        sc.launchers.push_back(l);
      });
}

} // namespace satflow::configs
