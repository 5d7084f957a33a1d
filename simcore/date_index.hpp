// An open-addressing hash map from a simulated date (the exact bits of a double) to a small
// index, for the Scheduler's same-date buckets. Linear probing with backward-shift deletion: no
// allocation per entry and no tombstones, unlike std::unordered_map, whose node allocation and
// byte-wise hashing of doubles cost more than a SimGrid timer on the event hot path.
#pragma once

#include "simcore/random_streams.hpp"

#include <bit>
#include <cstdint>
#include <utility>
#include <vector>

namespace satflow::simcore {

class DateIndex {
public:
  DateIndex() : slots_(16) {}

  /// The index stored for date, or `fresh` stored now if there was none; second is true when inserted.
  std::pair<std::uint32_t, bool> find_or_insert(double date, std::uint32_t fresh) {
    if (2 * (size_ + 1) > slots_.size())
      grow();
    const std::uint64_t key = bits(date);
    for (std::size_t i = home(key);; i = next(i)) {
      Slot& s = slots_[i];
      if (!s.used) {
        s = {key, fresh, true};
        ++size_;
        return {fresh, true};
      }
      if (s.key == key)
        return {s.value, false};
    }
  }

  /// Removes date if present.
  void erase(double date) {
    const std::uint64_t key = bits(date);
    std::size_t i = home(key);
    while (slots_[i].used && slots_[i].key != key)
      i = next(i);
    if (!slots_[i].used)
      return;
    // Backward shift: move later entries of the probe run into the hole when that keeps them reachable.
    for (std::size_t j = next(i);; j = next(j)) {
      if (!slots_[j].used)
        break;
      const std::size_t h = home(slots_[j].key);
      const bool between = i <= j ? (i < h && h <= j) : (i < h || h <= j);
      if (!between) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i].used = false;
    --size_;
  }

  std::size_t size() const { return size_; }

private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t value = 0;
    bool used = false;
  };

  static std::uint64_t bits(double date) { return std::bit_cast<std::uint64_t>(date + 0.0); } // -0 == +0
  std::size_t home(std::uint64_t key) const { return mix64(key) & (slots_.size() - 1); }
  std::size_t next(std::size_t i) const { return (i + 1) & (slots_.size() - 1); }

  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    size_ = 0;
    for (const Slot& s : old)
      if (s.used)
        find_or_insert(std::bit_cast<double>(s.key), s.value);
  }

  std::vector<Slot> slots_; // size is a power of two, at most half full
  std::size_t size_ = 0;
};

} // namespace satflow::simcore
