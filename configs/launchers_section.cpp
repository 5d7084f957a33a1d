// Launchers: campaign parameters, scrubs, listed and recurring flights, programme-level slips and
// disruptions (unavailable periods, a withdrawal, rebooking onto another launcher).
#include "configs/sections.hpp"

#include "simcore/units.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace satflow::configs {

using models::Scenario;
constexpr double kInf = std::numeric_limits<double>::infinity();

namespace {

std::optional<models::FlightSpec> read_flight(ReadContext& ctx, const YamlCursor& c, const std::string& default_name) {
  if (!c.expect_map({"name", "date", "slots", "mass", "slip"}))
    return std::nullopt;
  models::FlightSpec f;
  f.name = c["name"].defined() ? c["name"].string().value_or(default_name) : default_name;
  auto date = c["date"].time_point(ctx.epoch_days);
  if (c["slots"].defined())
    f.slots = static_cast<int>(c["slots"].integer(1, 1000000).value_or(1));
  if (c["mass"].defined())
    f.mass_kg = c["mass"].mass().value_or(kInf);
  if (c["slip"].defined())
    f.slip = c["slip"].duration_distribution();
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

/// A date of a disruption: a time point that falls inside the run.
std::optional<double> disruption_date(ReadContext& ctx, const YamlCursor& c, const Scenario& sc) {
  const auto t = c.time_point(ctx.epoch_days);
  if (t && *t >= sc.horizon_s) {
    c.error("expected a date before the horizon (" + simcore::format_duration(sc.horizon_s) +
            " from the start): a disruption after it changes nothing");
    return std::nullopt;
  }
  return t;
}

/// `unavailable: [{from, to, reason}]` then `withdrawn: {from, reason}`, in date order and disjoint.
void read_outages(ReadContext& ctx, const YamlCursor& c, const Scenario& sc, models::LauncherSpec& l) {
  const YamlCursor unavailable = c["unavailable"];
  const YamlCursor withdrawn = c["withdrawn"];
  if (!unavailable.defined() && !withdrawn.defined())
    return;
  if (ctx.no_horizon(sc)) {
    c.error("a launcher that is unavailable or withdrawn needs a scenario 'horizon'");
    return;
  }
  auto add = [&](const YamlCursor& at, models::OutageSpec outage) {
    if (!l.outages.empty() && outage.from_s < l.outages.back().to_s)
      at.error("expected periods in date order that do not overlap: this one begins before the previous one ends");
    l.outages.push_back(std::move(outage));
  };
  if (unavailable.defined() && unavailable.expect_sequence())
    for (std::size_t i = 0; i < unavailable.node().size(); ++i) {
      const YamlCursor p = unavailable.at(i);
      if (!p.expect_map({"from", "to", "reason"}))
        continue;
      const auto from = disruption_date(ctx, p["from"], sc);
      const auto to = p["to"].time_point(ctx.epoch_days);
      const std::string reason = p["reason"].defined() ? p["reason"].string().value_or("") : "";
      if (!from || !to)
        continue;
      if (*to <= *from)
        p["to"].error("expected a date after 'from'");
      else
        add(p["from"], {*from, *to, reason});
    }
  if (withdrawn.defined() && withdrawn.expect_map({"from", "reason"}))
    if (const auto from = disruption_date(ctx, withdrawn["from"], sc))
      add(withdrawn["from"],
          {*from, kInf, withdrawn["reason"].defined() ? withdrawn["reason"].string().value_or("") : ""});
}

/// `rebook: {to, delay}`: the target is checked once every launcher is known (check_rebooking).
void read_rebook(const YamlCursor& c, models::LauncherSpec& l) {
  const YamlCursor rebook = c["rebook"];
  if (!rebook.defined() || !rebook.expect_map({"to", "delay"}))
    return;
  if (l.outages.empty() && !c["unavailable"].defined() && !c["withdrawn"].defined())
    rebook.error("'rebook' applies to a launcher that is 'unavailable' or 'withdrawn'");
  if (rebook["to"].require())
    l.rebook_to = rebook["to"].string().value_or("");
  if (auto d = rebook["delay"].duration_distribution()) {
    if (d->lower_bound() <= 0)
      rebook["delay"].error("expected a contracting delay that is always > 0");
    else
      l.rebook_delay = *d;
  }
}

/// Every rebooking names another known launcher, and following them never comes back to where it began
/// (two launchers out at once would hand their satellites to each other for ever).
void check_rebooking(ReadContext& ctx, const Scenario& sc) {
  for (const auto& l : sc.launchers) {
    if (l.rebook_to.empty())
      continue;
    const YamlCursor to = ctx.root["launchers"][l.name]["rebook"]["to"];
    if (l.rebook_to == l.name) {
      to.error("expected another launcher: '" + l.name + "' cannot rebook onto itself");
      continue;
    }
    if (!ctx.check_ref(to, l.rebook_to, sc.launchers, "launcher"))
      continue;
    std::string chain = l.name;
    std::string at = l.rebook_to;
    for (std::size_t step = 0; step < sc.launchers.size() && !at.empty(); ++step) {
      chain += " -> " + at;
      if (at == l.name) {
        to.error("rebooking goes round in a circle: " + chain);
        break;
      }
      const auto next =
          std::find_if(sc.launchers.begin(), sc.launchers.end(), [&](const auto& o) { return o.name == at; });
      at = next == sc.launchers.end() ? "" : next->rebook_to;
    }
  }
}

/// `late_payload: next_flight | holds_flight`.
void read_late_payload(const YamlCursor& c, models::LauncherSpec& l) {
  if (!c.defined())
    return;
  const auto v = c.string();
  if (!v)
    return;
  if (*v == "holds_flight")
    l.late_payload = models::LatePayload::holds_flight;
  else if (*v != "next_flight")
    c.error("expected next_flight or holds_flight, got '" + *v + "'");
}

} // namespace

void read_launchers(ReadContext& ctx, Scenario& sc) {
  ctx.read_named(
      "launchers", "launcher names to {site, flights, ...}",
      {"site", "lead", "transport", "transport_per_km", "integration", "reserve", "scrub", "flights", "recurring",
       "slip", "unavailable", "withdrawn", "rebook", "late_payload"},
      sc.launchers, [&](const YamlCursor& c, models::LauncherSpec& l) {
        if (auto site = ctx.site_and_function(c["site"], sc))
          std::tie(l.site, l.site_function) = *site;
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
        if (c["slip"].defined())
          l.slip = c["slip"].duration_distribution();
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
            if (auto f = read_flight(ctx, flights.at(i), l.name + "-" + std::to_string(i + 1)))
              l.flights.push_back(*f);
        if (const YamlCursor rec = c["recurring"]; rec.defined())
          read_recurring(ctx, rec, sc, l);
        if (!c["flights"].defined() && !c["recurring"].defined())
          c.error("expected 'flights', 'recurring' or both");
        std::stable_sort(l.flights.begin(), l.flights.end(),
                         [](const models::FlightSpec& a, const models::FlightSpec& b) { return a.date_s < b.date_s; });
        read_outages(ctx, c, sc, l);
        read_rebook(c, l);
        read_late_payload(c["late_payload"], l);
      });
  check_rebooking(ctx, sc);
}

} // namespace satflow::configs
