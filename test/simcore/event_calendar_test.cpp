#include "simcore/event_calendar.hpp"

#include "simcore/random_streams.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace satflow::simcore {
namespace {

// Random pushes and pops, with many equal dates: every pop returns the least (date, order) left,
// which a sorted copy of what was pushed tells.
TEST(EventCalendar, PopsInDateThenOrderWithManyTies) {
  EventCalendar calendar;
  Stream s(7);
  std::vector<std::pair<double, std::uint64_t>> pending;
  std::uint64_t order = 0;
  int hits = 0;
  for (int round = 0; round < 20'000; ++round) {
    if (calendar.empty() || s.uniform01() < 0.55) {
      const double date = static_cast<double>(static_cast<int>(s.uniform01() * 50)); // 50 dates: ties
      calendar.push(date, order, [&hits] { ++hits; });
      pending.emplace_back(date, order++);
      continue;
    }
    const auto least = std::min_element(pending.begin(), pending.end());
    EventCalendar::Event e = calendar.pop();
    ASSERT_EQ(e.date, least->first);
    ASSERT_EQ(e.order, least->second);
    e.fn();
    pending.erase(least);
    ASSERT_EQ(calendar.size(), pending.size());
  }
  EXPECT_GT(hits, 5000);
  calendar.clear();
  EXPECT_TRUE(calendar.empty());
}

} // namespace
} // namespace satflow::simcore
