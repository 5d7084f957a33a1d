#include "simcore/trace.hpp"

#include <gtest/gtest.h>

namespace satflow::simcore {
namespace {

TEST(TraceRecorder, KeepsEventsInOrderWithRegisteredStates) {
  TraceRecorder trace(true);
  const auto queued = trace.state_id("queued");
  const auto working = trace.state_id("working");
  EXPECT_EQ(trace.state_id("queued"), queued);
  EXPECT_NE(queued, working);
  trace.record(1.0, 7, queued, 0);
  trace.record(2.5, 7, working, 1);
  ASSERT_EQ(trace.events().size(), 2u);
  EXPECT_EQ(trace.events()[1].time_s, 2.5);
  EXPECT_EQ(trace.state_name(trace.events()[1].state), "working");
  EXPECT_EQ(trace.events()[1].site, 1u);
}

TEST(TraceRecorder, RecordsNothingWhenDisabled) {
  TraceRecorder trace(false);
  trace.record(1.0, 1, trace.state_id("x"), 0);
  EXPECT_TRUE(trace.events().empty());
}

} // namespace
} // namespace satflow::simcore
