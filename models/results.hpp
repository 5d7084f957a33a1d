// What one run reports: items, time in system, where the time went, stations and site pairs, and
// (on request) every item and every state change. Plain values; tools/ formats them.
#pragma once

#include "simcore/statistics.hpp"
#include "simcore/trace.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace satflow::models {

/// Where an item's time goes. Every second between arrival and exit is in exactly one bucket.
enum class TimeKind : std::uint8_t { working, queueing, coordination, delay };
inline constexpr std::size_t kTimeKinds = 4;
inline constexpr std::array<const char*, kTimeKinds> kTimeKindNames{"working", "queueing", "coordination", "delay"};

struct ItemRecord {
  std::uint32_t source = 0;  ///< index of its arrival source
  std::uint64_t index = 0;   ///< its index within the source (0, 1, ...)
  std::uint32_t item_class = 0;
  double arrival_s = 0;
  double exit_s = -1;        ///< -1 while still in the system at the end of the run
  std::array<double, kTimeKinds> time_s{}; ///< time per TimeKind, up to exit or the end of the run
};

struct StationResult {
  std::string name;
  std::string site;
  int capacity = 1;
  double utilization = 0;   ///< time-average of busy servers / capacity
  double mean_queue = 0;    ///< time-average of the queue length
  double max_queue = 0;
  double mean_wait_s = 0;   ///< over the items that got a server
  std::uint64_t served = 0; ///< items that got a server
};

struct SitePairResult {
  std::string a; ///< the pair's first site in scenario order
  std::string b;
  std::uint64_t messages = 0;
  double units = 0;
  double mean_transfer_s = 0;
};

struct Results {
  std::string scenario;
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  double end_s = 0; ///< the horizon, or the date of the last event when everything left before it
  std::uint64_t arrived = 0;
  std::uint64_t completed = 0;
  std::uint64_t events = 0;
  simcore::Tally time_in_system;          ///< completed items, seconds
  std::vector<std::string> class_names;
  std::vector<simcore::Tally> time_in_system_by_class; ///< same order as class_names
  std::array<double, kTimeKinds> time_totals_s{};      ///< summed over completed items
  std::vector<StationResult> stations;
  std::vector<SitePairResult> site_pairs; ///< pairs that carried at least one message
  std::vector<std::string> source_names;
  std::vector<std::vector<std::string>> item_names; ///< per source: names of scheduled items (may be empty)
  std::vector<ItemRecord> items;          ///< every item, in arrival order
  simcore::TraceRecorder trace;           ///< empty unless tracing was asked for
};

} // namespace satflow::models
