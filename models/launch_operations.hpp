// Launch stages: a satellite that is ready joins its launcher's campaign (its arrival source's
// booking, else its class's launcher; LaunchCampaign picks its flight and says when to ship),
// travels to the launch site (handling plus road distance at convoy speed), is integrated on the
// launcher, and waits on the pad for its flight's launch (MODEL.md, mechanisms 6 and 7). A satellite
// whose flight is cancelled, or whose launcher is out when it is ready, is re-manifested: on the
// rebooking launcher after a drawn contracting delay, else on the next flight that flies.
#pragma once

#include "models/launch_campaign.hpp"
#include "models/run_part.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace satflow::models {

/// The report's flights and where each provisional flight index of an ItemRecord lands among them.
struct FlightRows {
  std::vector<FlightResult> flights;            ///< flights that carried a satellite, by planned date
  std::vector<std::int32_t> row_of;             ///< provisional index -> row of `flights`, -1 for flights not listed
  std::vector<CancelledFlightResult> cancelled; ///< cancelled with satellites on board, by planned date
};

struct LaunchOperationsHooks {
  std::function<void(std::uint32_t job)> launched; ///< the job's flight launched (record.launched_s is set)
};

class LaunchOperations : private RunPart<LaunchOperationsHooks> {
public:
  using Hooks = LaunchOperationsHooks;

  /// A campaign per launcher of the scenario; registers the trace instant TraceStep::launched. REQUIRES: context
  /// outlives this.
  LaunchOperations(const RunContext& context, const simcore::RandomStreams& streams, Hooks hooks);

  /// The job enters a launch stage: it is ready to ship and gets a flight of its class's launcher, if
  /// one can take it. Its record's flight is then a provisional index (see flight_rows).
  void ready(std::uint32_t id);

  /// Schedules the launchers' outages. Call once, before the run.
  void start();

  /// The flights that carried a satellite, in planned-date order.
  FlightRows flight_rows() const;

private:
  /// Books the job on a flight of its current launcher, or, when that launcher is out and rebooks,
  /// on the rebooking launcher once the contract is placed.
  void manifest(std::uint32_t id);
  /// Its flight was cancelled: whatever it was doing for that flight no longer counts.
  void bumped(std::uint32_t id);
  void ship(std::uint32_t id);
  void launched(std::uint32_t id);

  std::uint32_t trace_launched_;
  std::vector<std::unique_ptr<LaunchCampaign>> campaigns_;
  std::vector<SiteRef> launch_sites_;          // per campaign: follows the launch function's relocations
  std::vector<std::uint32_t> rebook_to_;       // per campaign: the campaign it rebooks on, kNone to wait
  std::vector<simcore::Stream> rebook_delays_; // per campaign, keyed by item
  std::vector<std::uint32_t> booked_;          // per arrival source: its launcher, kNone for the stage's
  std::vector<std::size_t> flight_offsets_;    // per campaign: its first flight's provisional index
  std::size_t total_flights_ = 0;
};

} // namespace satflow::models
