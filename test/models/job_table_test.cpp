#include "models/job_table.hpp"

#include <gtest/gtest.h>

namespace satflow::models {
namespace {

TEST(JobTable, HandsOutFreshSlotsThenReusesReleasedOnesWithTheirVisitsZeroed) {
  JobTable jobs(3);
  const std::uint32_t a = jobs.allocate();
  const std::uint32_t b = jobs.allocate();
  EXPECT_NE(a, b);
  EXPECT_TRUE(jobs[a].live);
  jobs[a].stage = 2;
  jobs.visits(a) = 5;
  jobs.unit(a) = 7;
  jobs[a].seq = 42;
  jobs.release(a);
  EXPECT_FALSE(jobs[a].live);
  const std::uint32_t c = jobs.allocate();
  EXPECT_EQ(c, a); // memory follows the work in progress
  EXPECT_EQ(jobs[c].seq, 0u);
  jobs[c].stage = 2;
  EXPECT_EQ(jobs.visits(c), 0);
  EXPECT_EQ(jobs.visits(b), 0); // untouched by its neighbour
}

TEST(JobTable, AReusedSlotKeepsCountingItsChunkEpoch) {
  JobTable jobs(1);
  const std::uint32_t a = jobs.allocate();
  jobs[a].chunk_epoch = 9; // a pending work-end event of this job carries epoch 9
  jobs.release(a);
  const std::uint32_t b = jobs.allocate();
  ASSERT_EQ(a, b);
  EXPECT_GT(jobs[b].chunk_epoch, 9u); // so that stale event can never pass for the new job's
}

TEST(JobTable, SwitchingBucketsPutsEverySecondInExactlyOne) {
  Job job;
  job.mark_s = 10;
  job.kind = TimeKind::queueing;
  switch_to(job, TimeKind::working, 25);
  switch_to(job, TimeKind::coordination, 40);
  switch_to(job, TimeKind::working, 41);
  switch_to(job, TimeKind::delay, 50);
  EXPECT_DOUBLE_EQ(job.record.time_s[static_cast<int>(TimeKind::queueing)], 15);
  EXPECT_DOUBLE_EQ(job.record.time_s[static_cast<int>(TimeKind::working)], 24);
  EXPECT_DOUBLE_EQ(job.record.time_s[static_cast<int>(TimeKind::coordination)], 1);
  EXPECT_EQ(job.kind, TimeKind::delay);
  EXPECT_DOUBLE_EQ(job.mark_s, 50);
}

} // namespace
} // namespace satflow::models
