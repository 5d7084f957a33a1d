#include "models/launch_campaign.hpp"

#include "simcore/log.hpp"

#include "simcore/units.hpp"

#include <algorithm>

namespace satflow::models {

LaunchCampaign::LaunchCampaign(const LauncherSpec& spec, simcore::Scheduler& sched, simcore::Stream scrubs,
                               Hooks hooks)
    : spec_(spec), sched_(sched), scrubs_(scrubs), hooks_(std::move(hooks)) {
  for (const auto& f : spec_.flights)
    flights_.push_back({&f, {}, 0, 0, false, false, 0, 0, -1});
}

int LaunchCampaign::ready(std::uint32_t item, double mass_kg) {
  const double now = sched_.now();
  // Flights whose ship-by date has passed or whose slots are taken stay closed (time only moves on, and
  // assignments are final): the search starts after them, not at the first flight of the programme.
  auto ship_by = [&](const Flight& f) { return f.spec->date_s - spec_.lead_s; };
  auto closed = [&](const Flight& f) {
    return ship_by(f) < now || static_cast<int>(f.items.size()) >= f.spec->slots;
  };
  while (first_open_ < flights_.size() && closed(flights_[first_open_]))
    ++first_open_;
  for (std::uint32_t i = first_open_; i < flights_.size(); ++i) {
    Flight& f = flights_[i];
    if (closed(f) || f.mass_kg + mass_kg > f.spec->mass_kg)
      continue;
    f.items.push_back(item);
    f.mass_kg += mass_kg;
    sched_.at(ship_by(f), [this, item] { hooks_.ship(item); }); // not past: the flight is open
    if (!f.attempt_pending) {
      f.attempt_pending = true;
      sched_.at(f.spec->date_s, [this, i] { attempt(i); });
    }
    return static_cast<int>(i);
  }
  return -1;
}

void LaunchCampaign::integrated(int flight) {
  Flight& f = flights_[static_cast<std::size_t>(flight)];
  ++f.integrated;
  // A flight never leaves without its payloads: a late satellite holds the launch.
  if (f.waiting_for_payloads && f.integrated == static_cast<int>(f.items.size())) {
    f.waiting_for_payloads = false;
    attempt(static_cast<std::uint32_t>(flight));
  }
}

void LaunchCampaign::attempt(std::uint32_t flight) {
  Flight& f = flights_[flight];
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
