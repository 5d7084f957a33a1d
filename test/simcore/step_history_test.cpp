// StepHistory: bounded buckets that keep every peak of a step signal.
#include "simcore/step_history.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace satflow::simcore {
namespace {

TEST(StepHistory, KeepsTheLargestValueOfEachBucketAndItsLastValue) {
  StepHistory h(10, 10);
  h.set(1, 3);
  h.set(2, 1);
  h.set(25, 2); // bucket 1 carries 1 in; bucket 2 gets 2
  ASSERT_EQ(h.buckets().size(), 3u);
  EXPECT_DOUBLE_EQ(h.buckets()[0].max, 3);
  EXPECT_DOUBLE_EQ(h.buckets()[0].last, 1);
  EXPECT_DOUBLE_EQ(h.buckets()[1].start_s, 10);
  EXPECT_DOUBLE_EQ(h.buckets()[1].max, 1);
  EXPECT_DOUBLE_EQ(h.buckets()[2].max, 2);
}

TEST(StepHistory, DoublesItsWidthToStayBoundedWithoutLosingAPeak) {
  StepHistory h(4, 1);
  h.set(0.5, 7);
  h.set(0.6, 0);
  h.set(100, 1); // needs width 32 (100 / 32 = 3.1 < 4)
  EXPECT_DOUBLE_EQ(h.width_s(), 32);
  ASSERT_EQ(h.buckets().size(), 4u);
  EXPECT_DOUBLE_EQ(h.buckets()[0].max, 7);
  EXPECT_DOUBLE_EQ(h.buckets()[0].last, 0);
  EXPECT_DOUBLE_EQ(h.buckets()[3].start_s, 96);
  EXPECT_DOUBLE_EQ(h.buckets()[3].last, 1);
  for (int i = 0; i < 100000; ++i)
    h.set(100 + i, i % 5);
  EXPECT_LE(h.buckets().size(), 4u);
  EXPECT_DOUBLE_EQ(h.buckets().back().max, 4);
}

TEST(StepHistory, RefusesAnEmptyOrZeroWidthHistory) {
  EXPECT_THROW(StepHistory(1, 1), std::invalid_argument);
  EXPECT_THROW(StepHistory(10, 0), std::invalid_argument);
}

} // namespace
} // namespace satflow::simcore
