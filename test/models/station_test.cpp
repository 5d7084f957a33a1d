#include "models/station.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace satflow::models {
namespace {

TEST(Station, ServesAtOnceWhileServersAreFreeThenQueuesFifo) {
  Station s("bay", 0, 2, Discipline::fifo);
  EXPECT_TRUE(s.request(0, 1, 0));
  EXPECT_TRUE(s.request(0, 2, 0));
  EXPECT_FALSE(s.request(1, 3, 0));
  EXPECT_FALSE(s.request(2, 4, 5)); // priority is ignored by a FIFO station
  EXPECT_EQ(s.queue_size(), 2u);
  EXPECT_EQ(s.release(4), std::optional<std::uint32_t>(3));
  EXPECT_EQ(s.release(6), std::optional<std::uint32_t>(4));
  EXPECT_EQ(s.release(7), std::nullopt);
  EXPECT_EQ(s.busy_servers(), 1);
  // Waits: 0, 0, 3 (item 3: 1 -> 4), 4 (item 4: 2 -> 6).
  EXPECT_EQ(s.waits().count(), 4u);
  EXPECT_DOUBLE_EQ(s.waits().mean(), 7.0 / 4);
}

// The FIFO drops its served head once it is long (at least 4,096 served and half of it, station.cpp)
// while the queue never empties: arrival order, queue length and waits must survive every drop.
TEST(Station, AQueueThatNeverEmptiesStaysFifoAcrossItsCompactions) {
  Station s("line", 0, 1, Discipline::fifo);
  std::vector<double> since; // arrival date of item k
  auto arrive = [&](double t) {
    const auto item = static_cast<std::uint32_t>(since.size());
    since.push_back(t);
    return s.request(t, item, 0);
  };
  ASSERT_TRUE(arrive(0));
  for (int k = 1; k <= 10000; ++k)
    ASSERT_FALSE(arrive(k));
  // Then each date one item leaves and 2 (the queue grows), 1 (it holds) or none (it drains) arrive.
  double t = 10000;
  double wait_sum = 0;
  for (std::uint32_t served = 1; served < since.size(); ++served) {
    t += 1;
    ASSERT_EQ(s.release(t), std::optional<std::uint32_t>(served)) << "at " << t;
    wait_sum += t - since[served];
    const int arrivals = served <= 10000 ? 2 : served <= 30000 ? 1 : 0;
    for (int a = 0; a < arrivals; ++a)
      ASSERT_FALSE(arrive(t));
    ASSERT_EQ(s.queue_size(), since.size() - 1 - served) << "at " << t;
  }
  EXPECT_EQ(since.size(), 50001u);
  EXPECT_EQ(s.release(t + 1), std::nullopt);
  EXPECT_EQ(s.waits().count(), 50001u); // the first one at once
  EXPECT_DOUBLE_EQ(s.waits().sum(), wait_sum);
}

TEST(Station, PriorityServesHigherPriorityFirstAndFifoAmongEquals) {
  Station s("board", 0, 1, Discipline::priority);
  EXPECT_TRUE(s.request(0, 10, 0));
  EXPECT_FALSE(s.request(1, 11, 1));
  EXPECT_FALSE(s.request(2, 12, 5));
  EXPECT_FALSE(s.request(3, 13, 1));
  EXPECT_FALSE(s.request(4, 14, 5));
  EXPECT_EQ(*s.release(5), 12u);
  EXPECT_EQ(*s.release(6), 14u);
  EXPECT_EQ(*s.release(7), 11u);
  EXPECT_EQ(*s.release(8), 13u);
  EXPECT_EQ(s.release(9), std::nullopt);
}

TEST(Station, TimeAveragesBusyServersAndQueueLength) {
  Station s("tvac", 0, 1, Discipline::fifo);
  s.request(0, 1, 0); // busy from 0
  s.request(2, 2, 0); // queue 1 from 2
  s.release(6);       // item 2 takes over at 6: queue 0
  s.release(8);       // idle from 8
  // Busy 8 of 10 time units; queue length 1 during [2, 6).
  EXPECT_DOUBLE_EQ(s.busy_signal().mean(10), 0.8);
  EXPECT_DOUBLE_EQ(s.queue_signal().mean(10), 0.4);
  EXPECT_DOUBLE_EQ(s.queue_signal().max(), 1);
}

TEST(Station, RefusesZeroCapacity) { EXPECT_THROW(Station("x", 0, 0, Discipline::fifo), std::invalid_argument); }

} // namespace
} // namespace satflow::models
