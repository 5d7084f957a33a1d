// What one run reports: items, time in system, where the time went, stations and site pairs, and
// (on request) every item and every state change. Plain values; tools/ formats them.
#pragma once

#include "models/targets.hpp"
#include "simcore/statistics.hpp"
#include "simcore/step_history.hpp"
#include "simcore/trace.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace satflow::models {

/// Where an item's time goes. Every second between arrival and exit is in exactly one bucket.
enum class TimeKind : std::uint8_t {
  working,      ///< holding a station, or being integrated on the launcher
  queueing,     ///< waiting for a station
  coordination, ///< waiting for exchanges between sites (reviews, anomaly reports, design coordination)
  transport,    ///< travelling to the launch site
  launch_wait,  ///< ready and waiting for a flight (storage, then on the pad until the first attempt)
  scrub,        ///< on the pad after a scrubbed attempt, until the launch
  delay,        ///< any other wait (delay stages)
  downtime,     ///< work paused while its station is broken down
  /// ready but without a flight that will fly: its flight was cancelled, or its launcher could not fly
  /// when it became ready, until it ships for another flight (contracting delays, stand-downs)
  launcher_disruption,
  parts, ///< at a stage that cannot start before long-lead parts arrive (lead, licence, supplier queue)
};
inline constexpr std::size_t kTimeKinds = 10;
inline constexpr std::array<const char*, kTimeKinds> kTimeKindNames{
    "working", "queueing", "coordination", "transport",           "launch_wait",
    "scrub",   "delay",    "downtime",     "launcher_disruption", "parts"};

/// What a trace state of an item records (simcore::TraceState::kind, its name being the stage's): a step
/// of a stage, or an instant of the item (with an empty name). tools/report makes display names from
/// the two ("AIT (queued)"), and draws each slice in trace_time_kind(step), never read from a name.
enum class TraceStep : std::uint32_t {
  active,        ///< at the stage: its work, or a delay, coordinate or parallel stage under way
  queued,        ///< waiting for the station
  coordinating,  ///< paused for periodic coordination
  parts,         ///< waiting for long-lead parts before the stage
  station_down,  ///< work paused while the station is broken down
  ready_to_ship, ///< launch stage: ready, waiting to ship for a flight
  transport,     ///< launch stage: travelling to the launch site
  integration,   ///< launch stage: integrated on the launcher
  on_the_pad,    ///< launch stage: on the pad until the first attempt
  scrubbed,      ///< launch stage: after a scrubbed attempt
  flight_lost,   ///< launch stage: its flight will not fly
  exit,          ///< instant: the item left the process
  launched,      ///< instant: the item flew
  branch_done,   ///< instant: a parallel branch finished
};

/// Whether entering `step` is an instant (exit, launched, branch done) rather than the start of a slice.
constexpr bool is_instant(TraceStep step) {
  return step == TraceStep::exit || step == TraceStep::launched || step == TraceStep::branch_done;
}

inline constexpr std::size_t kTraceSteps = 14;
static_assert(static_cast<std::size_t>(TraceStep::branch_done) + 1 == kTraceSteps);

/// The bucket a trace slice of each step is drawn in, in TraceStep's order. A delay or coordinate stage
/// under way (active) is drawn as working (the charts always drew it so), though its time counts as
/// delay or coordination in ItemRecord::time_s. Instants draw no slice: theirs is never read.
inline constexpr std::array<TimeKind, kTraceSteps> kTraceTimeKinds{
    TimeKind::working,             // active
    TimeKind::queueing,            // queued
    TimeKind::coordination,        // coordinating
    TimeKind::parts,               // parts
    TimeKind::downtime,            // station_down
    TimeKind::launch_wait,         // ready_to_ship
    TimeKind::transport,           // transport
    TimeKind::working,             // integration
    TimeKind::launch_wait,         // on_the_pad
    TimeKind::scrub,               // scrubbed
    TimeKind::launcher_disruption, // flight_lost
    TimeKind::working,             // exit (instant)
    TimeKind::working,             // launched (instant)
    TimeKind::working,             // branch_done (instant)
};

/// The bucket a trace slice of `step` is drawn in (kTraceTimeKinds). REQUIRES: !is_instant(step).
constexpr TimeKind trace_time_kind(TraceStep step) { return kTraceTimeKinds[static_cast<std::size_t>(step)]; }
// The table is in TraceStep's order: a step moved in the enum and not in the table fails here.
static_assert(trace_time_kind(TraceStep::queued) == TimeKind::queueing &&
              trace_time_kind(TraceStep::station_down) == TimeKind::downtime &&
              trace_time_kind(TraceStep::ready_to_ship) == TimeKind::launch_wait &&
              trace_time_kind(TraceStep::transport) == TimeKind::transport &&
              trace_time_kind(TraceStep::scrubbed) == TimeKind::scrub &&
              trace_time_kind(TraceStep::flight_lost) == TimeKind::launcher_disruption);

/// The trace state of `step` for the stage `stage` (empty for an instant), as TraceRecorder::state_id() takes it.
inline std::uint32_t trace_state_id(simcore::TraceRecorder& trace, const std::string& stage, TraceStep step) {
  return trace.state_id(stage, static_cast<std::uint32_t>(step));
}

struct ItemRecord {
  std::uint32_t source = 0; ///< index of its arrival source
  std::uint64_t index = 0;  ///< its index within the source (0, 1, ...)
  std::uint32_t item_class = 0;
  double arrival_s = 0;
  double exit_s = -1;                      ///< -1 while still in the system at the end of the run
  double ready_s = -1;                     ///< date it first reached a launch stage (ready to ship), -1 if it did not
  double launched_s = -1;                  ///< date of its launch, -1 if it did not fly
  std::int32_t flight = -1;                ///< index into Results::flights of the flight it was assigned to, -1 if none
  std::array<double, kTimeKinds> time_s{}; ///< time per TimeKind, up to exit or the end of the run
};

struct StationResult {
  std::string name;
  std::string site;
  int capacity = 1;
  double utilization = 0; ///< time-average of busy servers / capacity
  double mean_queue = 0;  ///< time-average of the queue length
  double max_queue = 0;
  double mean_wait_s = 0;   ///< over the items that got a server
  std::uint64_t served = 0; ///< items that got a server
  double availability = 1;  ///< share of the time it was up (not broken down)
  std::uint64_t breakdowns = 0;
  /// The queue length over time (RunOptions::queue_history): buckets of queue_width_s, empty otherwise.
  std::vector<simcore::StepHistory::Bucket> queue_history;
  double queue_width_s = 0;
};

struct SitePairResult {
  std::string a; ///< the pair's first site in scenario order
  std::string b;
  std::uint64_t messages = 0;
  double units = 0;
  double mean_transfer_s = 0;
};

/// A coordination link of the site graph (or a site's own link, a == b) that carried messages.
struct LinkResult {
  std::string a;
  std::string b;
  double bandwidth = 0;   ///< units per second; infinity when unbounded
  double units = 0;       ///< carried by every message whose route crosses it
  double utilization = 0; ///< units / (bandwidth x run time): the mean share of its bandwidth in use; NaN if unbounded
};

struct FlightResult {
  std::string launcher;
  std::string name;
  double planned_s = 0;
  double launched_s = -1; ///< -1 if it had not launched by the end of the run
  std::uint32_t attempts = 0;
  std::uint32_t scrubs = 0;
  std::uint32_t satellites = 0;
  double mass_kg = 0;
  bool in_reserve_window = false; ///< launched no later than the planned date plus the reserve window
};

/// A flight that a launcher disruption cancelled while satellites were booked on it.
struct CancelledFlightResult {
  std::string launcher;
  std::string name;
  double planned_s = 0;
  double cancelled_s = 0; ///< the day the disruption began
  std::string reason;
  std::uint32_t satellites = 0; ///< booked on it then, and re-manifested
};

/// A long-lead part's orders over the run (PartSpec). Waits are the part's own lateness at the stage
/// that needs it (max(0, arrival - need)), so several late parts of one stage each count their own.
struct PartResult {
  std::string name;
  std::string supplier;
  std::string country; ///< its supplier's
  std::string stage;   ///< the stage that needs it
  std::uint64_t orders = 0;
  std::uint64_t delivered = 0;
  std::uint64_t licence_holds = 0;
  double mean_order_to_delivery_s = 0; ///< over delivered orders: licence, hold, supplier queue, lead
  std::uint64_t needed = 0;            ///< items that reached the stage needing it
  std::uint64_t late = 0;              ///< of those, the ones that had to wait for it
  double mean_wait_s = 0;              ///< over the items that reached the stage needing it
};

/// A supplier's orders over the run, every part it makes together.
struct SupplierResult {
  std::string name;
  std::string country;
  int capacity = 0; ///< 0: unbounded
  std::uint64_t orders = 0;
  std::uint64_t delivered = 0;
  std::uint64_t licence_holds = 0;
  double mean_queue_s = 0; ///< over orders that entered production: waiting for a free slot
  double mean_wait_s = 0;  ///< as PartResult::mean_wait_s, over its parts' needs
};

/// One order of a long-lead part (Results::part_orders, kept with the items). Dates in seconds; -1:
/// not (yet) at the end of the run.
struct PartOrder {
  std::uint64_t item = 0; ///< the item's arrival order: its index in Results::items
  std::uint32_t part = 0; ///< index into Results::parts
  double ordered_s = -1;
  double released_s = -1; ///< the export licence granted (the order date when it needs none)
  bool held = false;      ///< the licence was held
  double started_s = -1;  ///< production started (a free slot at its supplier)
  double delivered_s = -1;
  double needed_s = -1; ///< the item reached the stage that needs it
  /// How long the item waited at that stage for the part, counting to `end_s` while it is not in.
  /// REQUIRES: needed_s >= 0.
  double wait_s(double end_s) const { return std::max(0.0, (delivered_s >= 0 ? delivered_s : end_s) - needed_s); }
};

/// A test stage's outcomes (stages with a failure probability).
struct TestResult {
  std::string stage;
  std::uint64_t runs = 0;
  std::uint64_t failures = 0;
};

struct Results {
  std::string scenario;
  std::string layout; ///< empty unless a layout file was applied
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  double end_s = 0; ///< the horizon, or the date of the last event when everything left before it
  std::uint64_t arrived = 0;
  std::uint64_t completed = 0;
  std::uint64_t events = 0;
  simcore::Tally time_in_system; ///< completed items, seconds
  std::vector<std::string> class_names;
  std::vector<simcore::Tally> time_in_system_by_class; ///< same order as class_names
  /// Summed over every item's time up to the end: completed items to their exit, items still inside
  /// to end_s (unfinished work counts: a programme stuck without a launcher is where its time went).
  std::array<double, kTimeKinds> time_totals_s{};
  std::array<double, kTimeKinds> time_totals_completed_s{}; ///< summed over completed items only
  std::vector<StationResult> stations;
  std::vector<SitePairResult> site_pairs;               ///< pairs that carried at least one message
  std::vector<LinkResult> links;                        ///< links that carried at least one unit, in site-graph order
  std::vector<FlightResult> flights;                    ///< flights that carried at least one satellite, in date order
  std::vector<CancelledFlightResult> cancelled_flights; ///< in planned-date order
  std::vector<TestResult> tests;                        ///< stages with a failure probability, in process order
  std::vector<PartResult> parts;                        ///< every long-lead part, in process order
  std::vector<SupplierResult> suppliers;                ///< every supplier, in scenario order
  std::vector<PartOrder> part_orders;                   ///< every order, in order placed (kept with the items)
  std::int32_t first_year = 0;                          ///< calendar year of time 0 (0 without an epoch)
  double epoch_days = 0;                                ///< days from 1970-01-01 to time 0 (0 without an epoch)
  /// Satellites launched per year (index: year - first_year) and class (same order as class_names).
  std::vector<std::vector<std::uint64_t>> launched_by_year;
  std::vector<std::uint64_t> launched_by_class;
  simcore::Tally lead_time;                       ///< arrival to launch, launched items only, seconds
  std::vector<simcore::Tally> lead_time_by_class; ///< same, per class
  /// Arrival to ready (first reaching a launch stage): development without the wait for a flight. Items
  /// that became ready, launched or not; seconds.
  simcore::Tally time_to_ready;
  std::vector<simcore::Tally> time_to_ready_by_class; ///< same, per class
  std::vector<std::uint64_t> on_time_by_class;        ///< launched within the class's due lead time
  std::vector<double> due_by_class_s;                 ///< the class's due lead time (infinity: none)
  std::vector<std::string> source_names;
  std::vector<std::vector<std::string>> item_names; ///< per source: names of scheduled items (may be empty)
  std::vector<TargetResult> targets;                ///< the scenario's targets, met or not, in scenario order
  std::vector<ItemRecord> items;                    ///< every item, in arrival order
  simcore::TraceRecorder trace;                     ///< empty unless tracing was asked for
};

} // namespace satflow::models
