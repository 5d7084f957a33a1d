// The plain parameter structs of a scenario: sites and links, stations, classes of work items, the
// process graph of stages, arrivals and the horizon. configs/ fills them from YAML; models/ runs
// them. All times are in simulated seconds, all sizes in coordination units.
#pragma once

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
  double intra_latency_s = 0;           ///< latency of an exchange within the site. Default: 0
  double intra_bandwidth = kInfinity;   ///< units per second. Default: unbounded
};

struct LinkSpec {
  std::string a;
  std::string b;
  double latency_s = 0;            ///< REQUIRES: >= 0
  double bandwidth = kInfinity;    ///< units per second, REQUIRES: > 0
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
  double step_s = 0;               ///< added once two sites are not at the same place
  double per_km_s = 0;             ///< per great-circle km
  double bandwidth = kInfinity;    ///< units per second, shared by concurrent exchanges on a link
  std::vector<FrictionSpec> friction;
  std::string hub;                 ///< empty: every pair linked; else only pairs with this site (a star)
};

enum class Discipline { fifo, priority };

struct StationSpec {
  std::string name;
  std::string site;
  int capacity = 1;                       ///< parallel servers, REQUIRES: >= 1
  Discipline discipline = Discipline::fifo; ///< priority: higher class priority first, FIFO within a priority
};

struct ItemClassSpec {
  std::string name;
  int priority = 0; ///< larger is served first by priority stations. Default: 0
};

enum class StageKind {
  station,    ///< holds one server of `station` for a drawn duration
  delay,      ///< waits a drawn duration, using no resource
  coordinate, ///< `rounds` request/answer exchanges between the item's site and `to`
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
  std::string station;     ///< station stages
  DurationSpec duration;   ///< station and delay stages
  std::string site;        ///< delay and coordinate stages: where the item is; empty: where it last was
  std::string to;          ///< coordinate stages: the partner site
  double request_size = 1; ///< coordinate: units sent per request
  double answer_size = 1;  ///< coordinate: units sent back per answer
  int rounds = 1;          ///< coordinate: request/answer exchanges, one after the other
  std::vector<RouteSpec> next; ///< empty: the next stage in the list, or exit after the last one
};

enum class ArrivalKind { poisson, scheduled };

struct ArrivalSpec {
  std::string name;             ///< source name: with the item's index it keys the item's random streams
  ArrivalKind kind = ArrivalKind::poisson;
  std::string item_class;
  std::string site;             ///< where items appear; empty: the first site
  double rate_per_s = 0;        ///< poisson
  double start_s = 0;           ///< poisson: first possible arrival
  std::optional<std::uint64_t> count; ///< poisson: stop after this many items. Default: until the horizon
  std::vector<double> times_s;  ///< scheduled: arrival dates, non-decreasing
  std::vector<std::string> item_names; ///< scheduled: optional names, one per date
};

struct Scenario {
  std::string name;
  std::uint64_t seed = 1;
  double horizon_s = kInfinity; ///< Default: run until every item has left
  std::vector<SiteSpec> sites;
  /// Functions (design, agency, manufacturing, ait, launch) and the sites they are at: the layout.
  /// Site references in the scenario may name a function; they are resolved to sites when loading.
  std::vector<std::pair<std::string, std::string>> functions;
  std::vector<LinkSpec> links;
  std::optional<CoordinationSpec> coordination;
  std::vector<StationSpec> stations;
  std::vector<ItemClassSpec> classes;
  std::vector<StageSpec> stages;
  std::vector<ArrivalSpec> arrivals;
};

} // namespace satflow::models
