// A launcher's campaign: flights with dates and capacity (slots and mass), the ready-to-ship
// queue, and launch attempts that scrub with a probability and slip by a drawn delay. A flight
// carries every satellite assigned to it at once, so satellites wait for flights (MODEL.md,
// mechanisms 6 and 7). Flights may slip before their campaign opens, and a launcher may be
// unavailable for a period or withdrawn: its flights inside are cancelled when the period begins
// and their satellites handed back (docs/model.md, launcher disruptions). The pipeline moves the
// satellites; this class decides when.
#pragma once

#include "models/scenario.hpp"
#include "simcore/random_streams.hpp"
#include "simcore/scheduler.hpp"

#include <cstdint>
#include <functional>
#include <vector>

namespace satflow::models {

class LaunchCampaign {
public:
  struct Hooks {
    std::function<void(std::uint32_t item)> ship;     ///< time for the item to leave for the launch site
    std::function<void(std::uint32_t item)> scrubbed; ///< its flight scrubbed for the first time
    std::function<void(std::uint32_t item)> launched; ///< its flight launched
    std::function<void(std::uint32_t item)> bumped;   ///< its flight was cancelled: it has none now
  };

  struct Flight {
    const FlightSpec* spec;
    double date_s = 0;                ///< the planned date after its programme-level slip
    std::vector<std::uint32_t> items; ///< assigned satellites
    int integrated = 0;               ///< of those, integrated on the vehicle
    double mass_kg = 0;
    bool attempt_pending = false; ///< an attempt is scheduled
    bool waiting_for_payloads = false;
    std::uint32_t attempts = 0;
    std::uint32_t scrubs = 0;
    double launched_s = -1;
    bool cancelled = false;                   ///< inside an outage: it will not fly, and takes no satellite
    const OutageSpec* cancelled_by = nullptr; ///< the outage, once cancelled
    std::uint32_t lost = 0;                   ///< satellites it had when it was cancelled
  };

  /// Draws every flight's slip (stream `slips`, by flight) and orders the flights by their slipped date.
  /// REQUIRES: spec, sched outlive this object.
  LaunchCampaign(const LauncherSpec& spec, simcore::Scheduler& sched, simcore::Stream scrubs, simcore::Stream slips,
                 Hooks hooks);

  /// Schedules the beginnings of the launcher's outages. Call once, before the run.
  void start();
  /// The outage under way at `t`, if any (the launcher cannot fly then).
  const OutageSpec* outage_at(double t) const;

  /// A satellite of `mass_kg` is ready to ship: assigns it to the earliest flight with room whose ship-by
  /// date (date - lead) is not past, and schedules its shipment. Under LatePayload::holds_flight, a flight
  /// past its ship-by date that has not flown takes it too: it ships at once and the flight waits for it.
  /// Returns the flight index, or -1 when no flight can take it (it then waits until the end of the run).
  int ready(std::uint32_t item, double mass_kg);
  /// The satellite assigned to `flight` is integrated on the vehicle.
  void integrated(int flight);

  const LauncherSpec& spec() const { return spec_; }
  const std::vector<Flight>& flights() const { return flights_; }

private:
  void attempt(std::uint32_t flight);
  void begin_outage(const OutageSpec& outage);

  const LauncherSpec& spec_;
  simcore::Scheduler& sched_;
  simcore::Stream scrubs_;
  Hooks hooks_;
  std::vector<Flight> flights_;
  std::uint32_t first_open_ = 0; ///< flights before it are closed for good (see ready)
};

} // namespace satflow::models
