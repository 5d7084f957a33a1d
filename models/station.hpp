// A station: `capacity` identical servers at one site and the queue in front of them (FIFO, or by
// class priority with FIFO among equals). It hands servers to work items and records its own
// statistics: busy servers and queue length over time, and the wait of every item it served. A
// station can be down (broken); then it hands out no server, and the pipeline pauses its work.
#pragma once

#include "models/scenario.hpp"
#include "simcore/statistics.hpp"
#include "simcore/step_history.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace satflow::models {

class Station {
public:
  /// REQUIRES: capacity >= 1 (throws std::invalid_argument otherwise).
  Station(std::string name, std::size_t site, int capacity, Discipline discipline);

  /// Item asks for a server at time t. Returns true if it got one at once (the station is up and a
  /// server is free); otherwise it queues.
  bool request(double t, std::uint32_t item, int priority);
  /// A server is freed at time t. Returns the item that takes it over (its wait ends now), if any:
  /// none while the station is down.
  std::optional<std::uint32_t> release(double t);
  /// The station breaks down (up = false) or is repaired (up = true) at time t.
  void set_up(double t, bool up);
  /// After a repair: the next waiting item that gets a free server now, if any (call until none).
  std::optional<std::uint32_t> admit(double t);

  const std::string& name() const { return name_; }
  std::size_t site() const { return site_; }
  int capacity() const { return capacity_; }
  int busy_servers() const { return busy_; }
  std::size_t queue_size() const { return fifo_.size() - fifo_head_ + heap_.size(); }

  /// Busy servers over time (utilization = its mean / capacity).
  const simcore::TimeWeighted& busy_signal() const { return busy_tw_; }
  const simcore::TimeWeighted& queue_signal() const { return queue_tw_; }
  /// 1 while up, 0 while down (availability = its mean).
  const simcore::TimeWeighted& up_signal() const { return up_tw_; }
  bool up() const { return up_; }
  std::uint64_t breakdowns() const { return breakdowns_; }
  /// Starts keeping the queue length over time (bounded, see StepHistory); off by default.
  void record_queue_history() { queue_history_.emplace(); }
  /// The queue length over time, or nullptr unless record_queue_history() was called.
  const simcore::StepHistory* queue_history() const { return queue_history_ ? &*queue_history_ : nullptr; }
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

  /// Removes and returns the next waiting item (FIFO, or by priority), recording its wait.
  std::optional<std::uint32_t> pop_waiting(double t);

  std::string name_;
  std::size_t site_;
  int capacity_;
  Discipline discipline_;
  int busy_ = 0;
  std::uint64_t seq_ = 0;
  // FIFO: the waiting items are fifo_[fifo_head_...], oldest first. A vector read from a moving
  // head, emptied whenever the queue is, instead of a std::deque, which allocated and freed a block
  // every 21 items passing through.
  std::vector<Waiting> fifo_;
  std::size_t fifo_head_ = 0;
  std::vector<Waiting> heap_;
  simcore::TimeWeighted busy_tw_;
  simcore::TimeWeighted queue_tw_;
  std::optional<simcore::StepHistory> queue_history_;
  simcore::TimeWeighted up_tw_{0, 1};
  bool up_ = true;
  std::uint64_t breakdowns_ = 0;
  simcore::Tally waits_{false};
};

} // namespace satflow::models
