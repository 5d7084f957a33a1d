// The Scheduler's calendar: pending events in a 4-ary min-heap on (date, order), with the callback
// stored inline, so that scheduling and executing an event allocate nothing once the heap has grown.
// SimGrid's timer heap cost a fibonacci-heap node and a turn of its main loop (six resource models
// visited twice) per distinct date; a heap of a few hundred events costs tens of nanoseconds.
//
// `order` breaks ties between equal dates: the caller passes a sequence number (and folds a kind into
// its high bits when kinds of events at one date must run in a fixed order), never a pointer.
#pragma once

#include "simcore/callback.hpp"

#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace satflow::simcore {

class EventCalendar {
public:
  struct Event {
    double date;
    std::uint64_t order;
    Callback fn;
  };

  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  /// REQUIRES: not empty.
  const Event& top() const { return heap_.front(); }

  /// REQUIRES: date >= 0 (not NaN).
  void push(double date, std::uint64_t order, Callback fn) {
    date += 0.0; // -0.0 becomes +0.0, whose bits order like every other non-negative date (key())
    // Sift up with a hole: each level moves one parent down instead of swapping.
    std::size_t i = heap_.size();
    heap_.emplace_back();
    while (i > 0) {
      const std::size_t parent = (i - 1) / kArity;
      if (!before(date, order, heap_[parent]))
        break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = Event{date, order, fn};
  }

  /// Removes and returns the earliest event. REQUIRES: not empty.
  Event pop() {
    Event first = heap_.front();
    const Event last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n == 0)
      return first;
    // Bottom-up (Floyd): the smallest child moves up into the hole until the hole is a leaf; then the
    // last event, which belongs near the bottom (it was a leaf, and later dates are scheduled later),
    // sifts up from there, usually not far. Four children a node: half the levels of a binary heap,
    // so half the moves, for three comparisons a level instead of one. Keys are unique (orders are),
    // so the events come out in the same order whatever the heap's layout.
    std::size_t i = 0;
    for (std::size_t child = 1; child < n; child = kArity * i + 1) {
      if (child + 3 < n) { // a full node: a tournament of two pairs, without a branch
        const std::size_t a = child + before_branchless(heap_[child + 1], heap_[child]);
        const std::size_t b = child + 2 + before_branchless(heap_[child + 3], heap_[child + 2]);
        child = before_branchless(heap_[b], heap_[a]) ? b : a;
      } else {
        const std::size_t end = n;
        for (std::size_t c = child + 1; c < end; ++c)
          if (before(heap_[c].date, heap_[c].order, heap_[child]))
            child = c;
      }
      heap_[i] = heap_[child];
      i = child;
    }
    while (i > 0) {
      const std::size_t parent = (i - 1) / kArity;
      if (!before(last.date, last.order, heap_[parent]))
        break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = last;
    return first;
  }

  void clear() { heap_.clear(); }

private:
  static constexpr std::size_t kArity = 4;
  __extension__ using Key = unsigned __int128;
  /// (date, order) as one unsigned number: the bits of a non-negative double order like its value,
  /// so one 128-bit comparison (a compare and a subtract with borrow, no branch) orders two events.
  static Key key(double date, std::uint64_t order) {
    return (static_cast<Key>(std::bit_cast<std::uint64_t>(date)) << 64) | order;
  }
  static bool before(double date, std::uint64_t order, const Event& e) {
    return key(date, order) < key(e.date, e.order);
  }
  /// 1 if a comes before b, else 0, without a branch: which child is smaller is a coin toss.
  static std::size_t before_branchless(const Event& a, const Event& b) {
    return static_cast<std::size_t>(key(a.date, a.order) < key(b.date, b.order));
  }

  std::vector<Event> heap_;
};

} // namespace satflow::simcore
