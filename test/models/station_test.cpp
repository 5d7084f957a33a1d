#include "models/station.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

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
