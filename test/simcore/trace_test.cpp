#include "simcore/trace.hpp"

#include <gtest/gtest.h>

namespace satflow::simcore {
namespace {

TEST(TraceRecorder, KeepsEventsInOrderWithRegisteredStates) {
  TraceRecorder trace(true);
  const auto queued = trace.state_id("AIT", 1);
  const auto working = trace.state_id("AIT", 0);
  EXPECT_EQ(trace.state_id("AIT", 1), queued);
  EXPECT_NE(queued, working);
  // The same name of another kind, or another name of the same kind, is another state.
  EXPECT_NE(trace.state_id("AIT (queued)", 0), queued);
  EXPECT_NE(trace.state_id("AIT (queued)", 0), working);
  trace.record(1.0, 7, queued, 0);
  trace.record(2.5, 7, working, 1);
  ASSERT_EQ(trace.events().size(), 2u);
  EXPECT_EQ(trace.events()[1].time_s, 2.5);
  EXPECT_EQ(trace.state(trace.events()[1].state).name, "AIT");
  EXPECT_EQ(trace.state(trace.events()[1].state).kind, 0u);
  EXPECT_EQ(trace.state(trace.events()[0].state).kind, 1u);
  EXPECT_EQ(trace.events()[1].site, 1u);
}

TEST(TraceRecorder, RecordsNothingWhenDisabled) {
  TraceRecorder trace(false);
  trace.record(1.0, 1, trace.state_id("x", 0), 0);
  EXPECT_TRUE(trace.events().empty());
}

} // namespace
} // namespace satflow::simcore
