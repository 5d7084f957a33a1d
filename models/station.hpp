// A station: `capacity` identical servers at one site and the queue in front of them (FIFO, or by
// class priority with FIFO among equals). It hands servers to work items and records its own
// statistics: busy servers and queue length over time, and the wait of every item it served.
#pragma once

#include "models/scenario.hpp"
#include "simcore/statistics.hpp"

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace satflow::models {

class Station {
public:
  /// REQUIRES: capacity >= 1 (throws std::invalid_argument otherwise).
  Station(std::string name, std::size_t site, int capacity, Discipline discipline);

  /// Item asks for a server at time t. Returns true if it got one at once; otherwise it queues.
  bool request(double t, std::uint32_t item, int priority);
  /// A server is freed at time t. Returns the item that takes it over (its wait ends now), if any.
  std::optional<std::uint32_t> release(double t);

  const std::string& name() const { return name_; }
  std::size_t site() const { return site_; }
  int capacity() const { return capacity_; }
  int busy_servers() const { return busy_; }
  std::size_t queue_size() const { return fifo_.size() + heap_.size(); }

  /// Busy servers over time (utilization = its mean / capacity).
  const simcore::TimeWeighted& busy_signal() const { return busy_tw_; }
  const simcore::TimeWeighted& queue_signal() const { return queue_tw_; }
  /// Time each served item waited in the queue, in seconds (0 for those served at once).
  const simcore::Tally& waits() const { return waits_; }

private:
  struct Waiting {
    double since;
    std::uint32_t item;
    int priority;
    std::uint64_t seq;
  };
  struct Later { // heap order: higher priority first, then earlier arrival
    bool operator()(const Waiting& a, const Waiting& b) const {
      return a.priority != b.priority ? a.priority < b.priority : a.seq > b.seq;
    }
  };

  std::string name_;
  std::size_t site_;
  int capacity_;
  Discipline discipline_;
  int busy_ = 0;
  std::uint64_t seq_ = 0;
  std::deque<Waiting> fifo_;
  std::vector<Waiting> heap_;
  simcore::TimeWeighted busy_tw_;
  simcore::TimeWeighted queue_tw_;
  simcore::Tally waits_{false};
};

} // namespace satflow::models
