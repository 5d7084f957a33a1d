// The plain parameter structs of a scenario: sites and links, stations, classes of work items, the
// process graph of stages, arrivals and the horizon. configs/ fills them from YAML; models/ runs
// them. All times are in simulated seconds, all sizes in coordination units.
#pragma once

#include "models/targets.hpp"
#include "models/uncertain_input.hpp"
#include "simcore/distributions.hpp"
#include "simcore/geo.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace satflow::models {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

struct SiteSpec {
  std::string name;
  simcore::GeoPoint location;
  double intra_latency_s = 0;         ///< latency of an exchange within the site. Default: 0
  double intra_bandwidth = kInfinity; ///< units per second. Default: unbounded
};

struct LinkSpec {
  std::string a;
  std::string b;
  double latency_s = 0;         ///< REQUIRES: >= 0
  double bandwidth = kInfinity; ///< units per second, REQUIRES: > 0
};

/// Multiplies the latency of the link between two sites (governance friction, MODEL.md).
struct FrictionSpec {
  std::string a;
  std::string b;
  double factor = 1; ///< REQUIRES: > 0
};

/// The distance model of coordination latency: every pair of sites that `links` does not join
/// explicitly gets a link of latency (step if not co-located + per_km x great-circle km) x friction.
struct CoordinationSpec {
  double step_s = 0;            ///< added once two sites are not at the same place
  double per_km_s = 0;          ///< per great-circle km
  double bandwidth = kInfinity; ///< units per second, shared by concurrent exchanges on a link
  std::vector<FrictionSpec> friction;
  std::string hub; ///< empty: every pair linked; else only pairs with this site (a star)
};

enum class Discipline { fifo, priority };

/// A station that breaks down: up for a drawn time, then down for a drawn repair, again and again
/// from the start of the run. While it is down nothing starts there and work in progress pauses,
/// resuming where it stopped once the station is back (preempt-resume).
struct DowntimeSpec {
  simcore::Distribution up;     ///< time from a repair (or the start) to the next breakdown, seconds
  simcore::Distribution repair; ///< how long a breakdown lasts, seconds
};

struct StationSpec {
  std::string name;
  std::string site;
  int capacity = 1;                         ///< parallel servers, REQUIRES: >= 1
  Discipline discipline = Discipline::fifo; ///< priority: higher class priority first, FIFO within a priority
  std::optional<DowntimeSpec> downtime;     ///< Default: never down
  std::string site_function; ///< the function `site` was named by (it follows its relocations); empty: a site
};

struct ItemClassSpec {
  std::string name;
  int priority = 0;         ///< larger is served first by priority stations. Default: 0
  double mass_kg = 0;       ///< what a satellite of the class takes of a flight's mass capacity
  double due_s = kInfinity; ///< benchmark lead time (arrival to exit) for the on-time share. Default: none
  /// Class work (MODEL.md mechanism 15): every station and delay duration of the class's items is
  /// multiplied by it, so that a class's durations are one number a calibration can fit. Default: 1
  double work = 1; ///< REQUIRES: > 0
};

/// Wright's learning curve: the k-th unit of a technology (counted per item class, first visits
/// only, after `prior_units` built before the run) takes first-unit time x k^log2(rate), and fails
/// a test with first-unit probability x k^log2(failure_rate).
struct LearningSpec {
  std::string name;
  double rate = 1;         ///< REQUIRES: in (0, 1]; 0.85 means 15% less per doubling
  double failure_rate = 1; ///< REQUIRES: in (0, 1]
  double prior_units = 0;  ///< heritage: units built before the run. Default: 0 (a latecomer)
};

/// A launcher's flights and campaign: a satellite that is ready to ship is assigned to the earliest
/// flight with room whose ship-by date (flight date - lead) has not passed, waits in the ready-to-ship
/// queue, travels to the launch site, is integrated on the vehicle, then flies when the flight launches.
struct FlightSpec {
  std::string name;
  double date_s = 0;                         ///< planned launch date
  int slots = 1000000;                       ///< satellites it can carry
  double mass_kg = kInfinity;                ///< payload mass it can carry
  std::optional<simcore::Distribution> slip; ///< overrides the launcher's programme-level slip
};

/// A span in which a launcher cannot fly (a stand-down, a lost contract): when it begins, every
/// flight dated inside it is cancelled and its satellites are re-manifested. A withdrawal never ends.
struct OutageSpec {
  double from_s = 0;
  double to_s = kInfinity; ///< REQUIRES: > from_s; infinity for a withdrawal
  std::string reason;
};

/// What a launcher does with a satellite that is ready after the ship-by date of every flight that
/// could take it (docs/model.md, launcher disruptions).
enum class LatePayload {
  next_flight, ///< it waits for a later flight with room; without one, until the end of the run
  /// the earliest flight with room that has not flown takes it and waits for it (a late satellite
  /// holds its launch, as a dedicated flight does), even after its ship-by date
  holds_flight,
};

struct LauncherSpec {
  std::string name;
  std::string site;                ///< the launch site
  std::string site_function;       ///< the function `site` was named by (it follows its relocations); empty: a site
  std::vector<FlightSpec> flights; ///< in date order
  double lead_s = 0;               ///< ship this long before the flight date
  simcore::Distribution transport = simcore::Distribution::fixed(0); ///< handling and the fixed part of the trip
  double transport_per_km_s = 0; ///< plus this per great-circle km from the item's site to the launch site
  simcore::Distribution integration = simcore::Distribution::fixed(0); ///< satellite on the vehicle
  double reserve_s = 0;         ///< reserve window after the planned date (reported, see docs/model.md)
  double scrub_probability = 0; ///< per launch attempt
  simcore::Distribution scrub_delay = simcore::Distribution::fixed(86400); ///< slip after a scrub
  /// Programme-level slip of each flight, drawn once before its campaign opens (planned -> actual date,
  /// not launch-day scrubs). Default: none
  std::optional<simcore::Distribution> slip;
  std::vector<OutageSpec> outages; ///< unavailable periods, then a withdrawal; in date order, disjoint
  /// The launcher that satellites of a cancelled flight are re-manifested on after a drawn contracting
  /// delay (REQUIRES: > 0). Empty: they wait for this launcher's next flight that flies.
  std::string rebook_to;
  simcore::Distribution rebook_delay = simcore::Distribution::fixed(0);
  LatePayload late_payload = LatePayload::next_flight; ///< Default: next_flight
};

/// A maker of long-lead parts. Orders from every programme share it: with a capacity, at most that
/// many are in production at once and the rest wait in order (FIFO), a bottleneck distance does not
/// explain. A foreign supplier's parts first wait for an export licence, which may be held.
struct SupplierSpec {
  std::string name;
  std::string country = "domestic"; ///< "domestic", or the country it ships from
  int capacity = 0;                 ///< orders in production at once; 0: unbounded. Default: unbounded
  std::optional<simcore::Distribution> export_licence;                ///< foreign only: the licence's processing time
  double hold_p = 0;                                                  ///< probability that a licence is held
  simcore::Distribution hold_delay = simcore::Distribution::fixed(0); ///< extra time of a held licence
  std::optional<simcore::Distribution> lead;                          ///< overrides the lead time of the parts it makes
  /// Qualification of a newly localised part: its first units take this delay on top of their lead,
  /// falling with the learning curve `qualification_learning` (unit k of the part: x k^log2(rate)).
  std::optional<simcore::Distribution> qualification;
  std::string qualification_learning; ///< a learning curve's name; empty: every unit pays it in full
  bool domestic() const { return country == "domestic"; }
};

/// A long-lead part a stage needs: ordered when the item enters `order_at` (once per item), it must
/// have arrived before the stage that needs it can start; the wait is the item's `parts` time.
struct PartSpec {
  std::string name; ///< unique in the scenario: keys the part's random streams and its report row
  std::string supplier;
  simcore::Distribution lead = simcore::Distribution::fixed(0); ///< production and delivery, from the order
  std::string order_at;             ///< a stage at or before the one that needs it; empty: ordered when needed
  std::vector<std::string> classes; ///< the classes that need it; empty: every class
  std::vector<std::string> sources; ///< the arrival sources (programmes) that need it; empty: every one
};

enum class StageKind {
  station,    ///< holds one server of `station` for a drawn duration
  delay,      ///< waits a drawn duration, using no resource
  coordinate, ///< `rounds` request/answer exchanges between the item's site and every partner
  parallel,   ///< runs its branches at once (fork) and goes on when the last one ends (join)
  launch,     ///< the launch campaign of `launcher`; the item leaves the stage when its flight launches
};

/// While a station stage works, every `interval_s` of work one exchange with `to` (request there,
/// answer back) during which the work waits and the server stays held: design's coordination density.
struct PeriodicCoordinationSpec {
  double interval_s = 0; ///< REQUIRES: > 0
  std::string to;
  double request_size = 1;
  double answer_size = 1;
  std::string to_function; ///< the function `to` was named by (it follows its relocations); empty: a site
};

/// A test that fails with a probability sends the item to `to` (anomaly handling) instead of `next`.
struct FailureSpec {
  double probability = 0;
  std::string to;
};

/// A possible successor of a stage. Probabilities of a stage's routes sum to 1.
struct RouteSpec {
  std::string to; ///< a stage name, or "exit"
  double probability = 1;
};

/// A stage's duration, possibly different per item class.
struct DurationSpec {
  simcore::Distribution all = simcore::Distribution::fixed(0);
  std::vector<std::pair<std::string, simcore::Distribution>> by_class; ///< overrides `all` for these classes
};

struct StageSpec {
  std::string name;
  StageKind kind = StageKind::delay;
  std::string station;               ///< station stages
  DurationSpec duration;             ///< station and delay stages
  std::string site;                  ///< delay and coordinate stages: where the item is; empty: where it last was
  std::string site_function;         ///< the function `site` was named by (it follows its relocations); empty: a site
  std::vector<std::string> partners; ///< coordinate stages: the partner sites, exchanged with in parallel
  std::vector<std::string> partner_functions;       ///< beside `partners`: the function each was named by, or empty
  double request_size = 1;                          ///< coordinate: units sent per request
  double answer_size = 1;                           ///< coordinate: units sent back per answer
  int rounds = 1;                                   ///< coordinate: request/answer exchanges, one after the other
  std::optional<PeriodicCoordinationSpec> periodic; ///< station stages
  std::optional<FailureSpec> failure;               ///< station and delay stages
  double retest_factor = 1;    ///< duration multiplier on every visit after the first (partial retests)
  std::string learning;        ///< station and delay stages: a learning curve's name
  std::vector<PartSpec> parts; ///< station and delay stages: long-lead parts it cannot start without
  std::vector<std::vector<StageSpec>> branches; ///< parallel stages: each branch a sequence of stages
  std::string launcher;                         ///< launch stages
  std::vector<std::pair<std::string, std::string>> launcher_by_class; ///< launch stages: overrides per class
  std::vector<RouteSpec> next; ///< empty: the next stage in the list, or exit after the last one
};

/// Every stage of a process in the one order every part of satflow uses (the stage table's indices):
/// the top-level stages, then the stages of the parallel stages' branches as they are found, each
/// branch in order (breadth-first: a branch nested in a branch comes after every branch found before).
inline std::vector<const StageSpec*> flatten_stages(const std::vector<StageSpec>& stages) {
  std::vector<const StageSpec*> order;
  for (const auto& s : stages)
    order.push_back(&s);
  for (std::size_t i = 0; i < order.size(); ++i) // grows while iterating: nested branches too
    for (const auto& branch : order[i]->branches)
      for (const auto& s : branch)
        order.push_back(&s);
  return order;
}

/// Calls fn(stage) for every stage in flatten_stages order.
template <class F> void for_each_stage(const std::vector<StageSpec>& stages, F&& fn) {
  for (const StageSpec* s : flatten_stages(stages))
    fn(*s);
}

enum class ArrivalKind { poisson, scheduled };

/// How much of a programme's design is new (HISTORY-DATA 4.4): a first of its kind, a derivative of
/// an earlier design, or a repeat that reuses finished hardware or a closed design.
enum class HeritageLevel { first_of_kind, derivative, repeat_with_reuse };

/// What a heritage level does to a programme: its effort at the heritage stages (design and
/// development, not AIT) and the failure probability of its tests are multiplied by these.
struct HeritageFactors {
  double effort = 1;   ///< REQUIRES: > 0
  double failures = 1; ///< REQUIRES: >= 0
};

/// Heritage (MODEL.md): which stages a programme's heritage scales and by how much per level. A
/// first of its kind is the reference (factors 1); learning curves keep their role for units.
struct HeritageSpec {
  std::vector<std::string> stages; ///< the design and development stages whose durations it scales
  HeritageFactors derivative;
  HeritageFactors repeat_with_reuse;
};

/// Programme pace (MODEL.md): the gap between plan and actual that is not the launcher's (funding,
/// contracting, staffing), a factor drawn once per arrival source (programme) by which every
/// station and delay duration of its items is multiplied. Drawn from a lognormal split at its median:
/// below it, the spread that puts p10 at its 10% quantile, above, the one that puts p90 at its 90%.
struct PaceSpec {
  double p10 = 1;    ///< REQUIRES: 0 < p10 <= median
  double median = 1; ///< REQUIRES: median <= p90
  double p90 = 1;
};

struct ArrivalSpec {
  std::string name; ///< source name: with the item's index it keys the item's random streams
  ArrivalKind kind = ArrivalKind::poisson;
  std::string item_class;
  std::string site;                    ///< where items appear; empty: the first site
  std::string site_function;           ///< the function `site` was named by (it follows its relocations)
  double rate_per_s = 0;               ///< poisson
  double start_s = 0;                  ///< poisson: first possible arrival
  std::optional<std::uint64_t> count;  ///< poisson: stop after this many items. Default: until the horizon
  std::vector<double> times_s;         ///< scheduled: arrival dates, non-decreasing
  std::vector<std::string> item_names; ///< scheduled: optional names, one per date
  std::string launcher; ///< the launcher its items are booked on, over the launch stage's. Default: the stage's
  HeritageLevel heritage = HeritageLevel::first_of_kind; ///< the programme's heritage. Default: first of kind
  /// Per technology (a learning curve's name): the heritage of the stages on that curve, over `heritage`.
  std::vector<std::pair<std::string, HeritageLevel>> heritage_by_technology;
  /// The kind of date its schedule records (a `start_types` name: budget approval, contract...);
  /// the loader has already moved `times_s` by that type's offset. Default: none (the date as written)
  std::string start_type;
};

/// A kind of programme start date (HISTORY-DATA 7: budget approval, kick-off, contract) and when the
/// model's work begins relative to such a date: `offset_s` after it (> 0, an approval before the work
/// begins) or before it (< 0, a contract signed after the design had begun).
struct StartTypeSpec {
  std::string name;
  double offset_s = 0;
};

/// A function moves to another site on a date (docs/model.md, mechanism 16): whatever named the function
/// (stations, stages' sites and partners, programmes, launchers) is at `to` for what starts from `on_s`
/// on, while what is under way then finishes where it began. An exchange of the function that starts
/// within `transition_s` of the move takes `slowdown` times its time over the network (the move's cost).
struct RelocationSpec {
  std::string function;
  std::string to;          ///< a site
  double on_s = 0;         ///< the move's date. REQUIRES: >= 0, later than the function's previous move
  double transition_s = 0; ///< how long exchanges stay slowed after the move. Default: 0 (no cost)
  double slowdown = 1;     ///< REQUIRES: >= 1. Default: 1
};

struct Scenario {
  std::string name;
  std::string layout; ///< the layout file's name when one was applied
  std::uint64_t seed = 1;
  double horizon_s = kInfinity; ///< Default: run until every item has left
  std::vector<SiteSpec> sites;
  /// Functions (design, agency, manufacturing, ait, launch) and the sites they are at: the layout.
  /// Site references in the scenario may name a function; they are resolved to sites when loading.
  std::vector<std::pair<std::string, std::string>> functions;
  std::vector<RelocationSpec> relocations; ///< every function's moves, each function's in date order
  std::vector<LinkSpec> links;
  std::optional<CoordinationSpec> coordination;
  std::vector<StationSpec> stations;
  std::vector<ItemClassSpec> classes;
  std::vector<LearningSpec> learning;
  std::vector<LauncherSpec> launchers;
  std::vector<SupplierSpec> suppliers;
  std::vector<StageSpec> stages;
  std::vector<ArrivalSpec> arrivals;
  std::optional<HeritageSpec> heritage;   ///< Default: none (every programme's effort as drawn)
  std::optional<PaceSpec> pace;           ///< Default: none (every programme at pace 1)
  std::vector<StartTypeSpec> start_types; ///< Default: none
  std::string epoch; ///< calendar date (YYYY-MM-DD) of time 0, for reports by year; empty: years from 0
  /// The `uncertain:` section: inert in a run; what --uncertain draws (uncertain_input.hpp).
  std::vector<UncertainInput> uncertain;
  std::vector<TargetSpec> targets; ///< roadmap targets every run is judged against (targets.hpp)
};

} // namespace satflow::models
