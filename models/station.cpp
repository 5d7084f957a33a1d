#include "models/station.hpp"

#include <algorithm>
#include <stdexcept>

namespace satflow::models {

namespace {
// The served items at the head of the FIFO are dropped once there are this many and they are at
// least half of it: memory stays within twice the queue, and the moves cost at most one an item served.
constexpr std::size_t kFifoCompactAt = 4096;
} // namespace

Station::Station(std::string name, std::size_t site, int capacity, Discipline discipline)
    : name_(std::move(name)), site_(site), capacity_(capacity), discipline_(discipline) {
  if (capacity < 1)
    throw std::invalid_argument("station '" + name_ + "': capacity must be >= 1");
}

bool Station::request(double t, std::uint32_t item, int priority) {
  if (up_ && busy_ < capacity_) {
    ++busy_;
    busy_tw_.set(t, busy_);
    waits_.add(0);
    return true;
  }
  const Waiting w{t, item, priority, seq_++};
  if (discipline_ == Discipline::fifo) {
    fifo_.push_back(w);
  } else {
    heap_.push_back(w);
    std::push_heap(heap_.begin(), heap_.end(), Later{});
  }
  queue_tw_.set(t, static_cast<double>(queue_size()));
  if (queue_history_)
    queue_history_->set(t, static_cast<double>(queue_size()));
  return false;
}

std::optional<std::uint32_t> Station::pop_waiting(double t) {
  Waiting next;
  if (fifo_head_ < fifo_.size()) {
    next = fifo_[fifo_head_++];
    if (fifo_head_ == fifo_.size()) {
      fifo_.clear();
      fifo_head_ = 0;
    } else if (fifo_head_ >= kFifoCompactAt && 2 * fifo_head_ >= fifo_.size()) { // a queue that never empties
      fifo_.erase(fifo_.begin(), fifo_.begin() + static_cast<std::ptrdiff_t>(fifo_head_));
      fifo_head_ = 0;
    }
  } else if (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    next = heap_.back();
    heap_.pop_back();
  } else {
    return std::nullopt;
  }
  queue_tw_.set(t, static_cast<double>(queue_size()));
  if (queue_history_)
    queue_history_->set(t, static_cast<double>(queue_size()));
  waits_.add(t - next.since);
  return next.item;
}

std::optional<std::uint32_t> Station::release(double t) {
  // The server passes straight to the next item (busy count unchanged), if the station is up.
  if (auto next = up_ ? pop_waiting(t) : std::nullopt)
    return next;
  --busy_;
  busy_tw_.set(t, busy_);
  return std::nullopt;
}

void Station::set_up(double t, bool up) {
  if (!up && up_)
    ++breakdowns_;
  up_ = up;
  up_tw_.set(t, up ? 1 : 0);
}

std::optional<std::uint32_t> Station::admit(double t) {
  if (!up_ || busy_ >= capacity_)
    return std::nullopt;
  auto next = pop_waiting(t);
  if (next) {
    ++busy_;
    busy_tw_.set(t, busy_);
  }
  return next;
}

} // namespace satflow::models
