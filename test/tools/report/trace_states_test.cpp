// The display names and buckets of trace states, made from a stage's name and its step.
#include "tools/report/trace_states.hpp"

#include <gtest/gtest.h>

namespace satflow::tools {
namespace {

using models::TraceStep;

simcore::TraceState state(const std::string& stage, TraceStep step) {
  return {stage, static_cast<std::uint32_t>(step)};
}

TEST(TraceStates, LabelsAreTheStageNameWithItsStep) {
  EXPECT_EQ(state_label(state("AIT", TraceStep::active)), "AIT");
  EXPECT_EQ(state_label(state("AIT", TraceStep::queued)), "AIT (queued)");
  EXPECT_EQ(state_label(state("design", TraceStep::coordinating)), "design (coordinating)");
  EXPECT_EQ(state_label(state("payload", TraceStep::parts)), "payload (waiting for parts)");
  EXPECT_EQ(state_label(state("tvac", TraceStep::station_down)), "tvac (station down)");
  EXPECT_EQ(state_label(state("launch", TraceStep::ready_to_ship)), "launch: ready to ship");
  EXPECT_EQ(state_label(state("launch", TraceStep::transport)), "launch: transport");
  EXPECT_EQ(state_label(state("launch", TraceStep::integration)), "launch: integration");
  EXPECT_EQ(state_label(state("launch", TraceStep::on_the_pad)), "launch: on the pad");
  EXPECT_EQ(state_label(state("launch", TraceStep::scrubbed)), "launch: scrubbed");
  EXPECT_EQ(state_label(state("launch", TraceStep::flight_lost)), "launch: flight lost");
  EXPECT_EQ(state_label(state("", TraceStep::exit)), "exit");
  EXPECT_EQ(state_label(state("", TraceStep::launched)), "launched");
  EXPECT_EQ(state_label(state("", TraceStep::branch_done)), "branch done");
}

TEST(TraceStates, EachStepIsDrawnInItsBucket) {
  const std::pair<TraceStep, const char*> expected[] = {{TraceStep::active, "working"},
                                                        {TraceStep::queued, "queueing"},
                                                        {TraceStep::coordinating, "coordination"},
                                                        {TraceStep::parts, "parts"},
                                                        {TraceStep::station_down, "downtime"},
                                                        {TraceStep::ready_to_ship, "launch_wait"},
                                                        {TraceStep::transport, "transport"},
                                                        {TraceStep::integration, "working"},
                                                        {TraceStep::on_the_pad, "launch_wait"},
                                                        {TraceStep::scrubbed, "scrub"},
                                                        {TraceStep::flight_lost, "launcher_disruption"}};
  for (const auto& [step, kind] : expected)
    EXPECT_EQ(state_time_kind(state("s", step)), kind) << state_label(state("s", step));
}

// The kind is the step's, whatever the stage is called.
TEST(TraceStates, AStageNamedLikeAStepIsStillClassifiedByItsStep) {
  EXPECT_EQ(state_time_kind(state("x (queued)", TraceStep::active)), "working");
  EXPECT_EQ(state_label(state("x (queued)", TraceStep::queued)), "x (queued) (queued)");
  EXPECT_EQ(state_time_kind(state("launch: transport", TraceStep::queued)), "queueing");
  EXPECT_EQ(state_time_kind(state("storage: on the pad", TraceStep::active)), "working");
  EXPECT_FALSE(models::is_instant(trace_step(state("launched", TraceStep::active))));
  EXPECT_TRUE(models::is_instant(trace_step(state("", TraceStep::launched))));
}

} // namespace
} // namespace satflow::tools
