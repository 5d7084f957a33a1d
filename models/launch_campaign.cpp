#include "models/launch_campaign.hpp"

#include "simcore/log.hpp"

#include "simcore/units.hpp"

#include <algorithm>

namespace satflow::models {

LaunchCampaign::LaunchCampaign(const LauncherSpec& spec, simcore::Scheduler& sched, simcore::Stream scrubs,
                               simcore::Stream slips, Hooks hooks)
    : spec_(spec), sched_(sched), scrubs_(scrubs), hooks_(std::move(hooks)) {
  for (std::size_t i = 0; i < spec_.flights.size(); ++i) {
    const FlightSpec& f = spec_.flights[i];
    Flight flight{&f};
    flight.date_s = f.date_s;
    // One draw per listed flight, keyed by its place in the list: a flight slips the same way whatever
    // else changes (a flight without a slip draws nothing, so adding one moves no other flight).
    if (const auto& slip = f.slip ? f.slip : spec_.slip) {
      simcore::Stream draw = slips.derive(i);
      flight.date_s += slip->sample(draw);
    }
    flights_.push_back(flight);
  }
  std::stable_sort(flights_.begin(), flights_.end(),
                   [](const Flight& a, const Flight& b) { return a.date_s < b.date_s; });
}

void LaunchCampaign::start() {
  for (const OutageSpec& outage : spec_.outages)
    sched_.at(outage.from_s, [this, &outage] { begin_outage(outage); });
}

const OutageSpec* LaunchCampaign::outage_at(double t) const {
  for (const OutageSpec& outage : spec_.outages)
    if (outage.from_s <= t && t < outage.to_s)
      return &outage;
  return nullptr;
}

void LaunchCampaign::begin_outage(const OutageSpec& outage) {
  // The outage is known from its first day only: until then satellites were booked on its flights as on any.
  // Every flight of the span is cancelled before a satellite is handed back, so none is re-manifested on
  // a flight that is about to be cancelled too.
  std::vector<std::uint32_t> bumped;
  for (Flight& f : flights_) {
    if (f.cancelled || f.date_s < outage.from_s || f.date_s >= outage.to_s)
      continue;
    f.cancelled = true;
    f.cancelled_by = &outage;
    f.lost = static_cast<std::uint32_t>(f.items.size());
    bumped.insert(bumped.end(), f.items.begin(), f.items.end());
    f.items.clear();
    f.integrated = 0;
    f.mass_kg = 0;
  }
  simcore::logger("models").debug("{} cannot fly from {} ({}): {} satellites lose their flight", spec_.name,
                                  simcore::format_duration(outage.from_s), outage.reason, bumped.size());
  for (std::uint32_t item : bumped)
    hooks_.bumped(item);
}

int LaunchCampaign::ready(std::uint32_t item, double mass_kg) {
  const double now = sched_.now();
  // Flights whose ship-by date has passed or whose slots are taken stay closed (time only moves on, and
  // assignments are final): the search starts after them, not at the first flight of the programme.
  auto ship_by = [&](const Flight& f) { return f.date_s - spec_.lead_s; };
  // A flight that holds for a late payload stays open until it flies; the satellite then ships at once.
  const bool holds = spec_.late_payload == LatePayload::holds_flight;
  auto closed = [&](const Flight& f) {
    return f.cancelled || f.launched_s >= 0 || (!holds && ship_by(f) < now) ||
           static_cast<int>(f.items.size()) >= f.spec->slots;
  };
  while (first_open_ < flights_.size() && closed(flights_[first_open_]))
    ++first_open_;
  for (std::uint32_t i = first_open_; i < flights_.size(); ++i) {
    Flight& f = flights_[i];
    if (closed(f) || f.mass_kg + mass_kg > f.spec->mass_kg)
      continue;
    f.items.push_back(item);
    f.mass_kg += mass_kg;
    sched_.at(std::max(ship_by(f), now), [this, i, item] { // past only for a flight that holds
      if (!flights_[i].cancelled)
        hooks_.ship(item);
    });
    if (!f.attempt_pending) {
      f.attempt_pending = true;
      // A flight that held past its date tries as soon as it has its payloads (attempt waits for them).
      sched_.at(std::max(f.date_s, now), [this, i] { attempt(i); });
    }
    return static_cast<int>(i);
  }
  return -1;
}

void LaunchCampaign::integrated(int flight) {
  Flight& f = flights_[static_cast<std::size_t>(flight)];
  if (f.cancelled)
    return;
  ++f.integrated;
  // A flight never leaves without its payloads: a late satellite holds the launch.
  if (f.waiting_for_payloads && f.integrated == static_cast<int>(f.items.size())) {
    f.waiting_for_payloads = false;
    attempt(static_cast<std::uint32_t>(flight));
  }
}

void LaunchCampaign::attempt(std::uint32_t flight) {
  Flight& f = flights_[flight];
  if (f.cancelled)
    return;
  if (f.integrated < static_cast<int>(f.items.size())) {
    f.waiting_for_payloads = true;
    return;
  }
  ++f.attempts;
  // One stream per (flight, attempt): a flight scrubs the same way whatever happens to others.
  simcore::Stream draw = scrubs_.derive(flight).derive(f.attempts);
  if (draw.uniform01() < spec_.scrub_probability) {
    if (f.scrubs++ == 0)
      for (std::uint32_t item : f.items)
        hooks_.scrubbed(item);
    const double slip = spec_.scrub_delay.sample(draw);
    simcore::logger("models").debug("{} scrubbed (attempt {}), slips {}", f.spec->name, f.attempts,
                                    simcore::format_duration(slip));
    sched_.after(slip, [this, flight] { attempt(flight); });
    return;
  }
  f.launched_s = sched_.now();
  simcore::logger("models").debug("{} launched with {} satellites, {} kg, after {} attempt{}", f.spec->name,
                                  f.items.size(), f.mass_kg, f.attempts, f.attempts == 1 ? "" : "s");
  for (std::uint32_t item : f.items)
    hooks_.launched(item);
}

} // namespace satflow::models
