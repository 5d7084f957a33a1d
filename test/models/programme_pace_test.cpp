// Programme pace: the split lognormal puts p10, the median and p90 at its 10%, 50% and 90%
// quantiles exactly; in a run every station and delay duration of a programme's items is multiplied
// by the one factor the programme drew from its stream "pace:NAME" (checked against an independent
// draw of that stream), shared by its items; a scenario without pace runs at 1.
#include "models/pipeline.hpp"
#include "models/programme_pace.hpp"

#include "simcore/random_streams.hpp"
#include "test/models/scenario_builders.hpp"

#include <gtest/gtest.h>

namespace satflow::models {
namespace {

using namespace testing;

const PaceSpec kRecord{1.1, 1.45, 2.5}; // HISTORY-DATA 4.3

TEST(ProgrammePace, P10MedianAndP90AreItsQuantiles) {
  EXPECT_NEAR(ProgrammePace::quantile(kRecord, 0.1), 1.1, 1e-9);
  EXPECT_NEAR(ProgrammePace::quantile(kRecord, 0.5), 1.45, 1e-12);
  EXPECT_NEAR(ProgrammePace::quantile(kRecord, 0.9), 2.5, 1e-9);
  EXPECT_LT(ProgrammePace::quantile(kRecord, 0.3), 1.45);
  EXPECT_GT(ProgrammePace::quantile(kRecord, 0.0), 0);
  EXPECT_THROW(ProgrammePace::quantile({1.5, 1.45, 2.5}, 0.5), std::invalid_argument);
}

TEST(ProgrammePace, EveryDurationOfAProgrammeIsMultipliedByTheOneFactorItDrew) {
  Scenario sc = base();
  sc.seed = 7;
  sc.stations = {{"bench", "factory", 10}};
  sc.stages = {delay("design", Distribution::fixed(100 * kDay)),
               station("build", "bench", Distribution::fixed(50 * kDay))};
  sc.pace = kRecord;
  ArrivalSpec a = at_times({0, 10 * kDay});
  a.name = "kompsat";
  sc.arrivals = {a};
  const Results r = run_scenario(sc, {.seed = 7, .replication = 3});
  ASSERT_EQ(r.completed, 2u);
  simcore::Stream draw = simcore::RandomStreams(7, 3).stream("pace:kompsat");
  const double pace = ProgrammePace::quantile(kRecord, draw.uniform01());
  EXPECT_NE(pace, 1.0);
  EXPECT_DOUBLE_EQ(r.items[0].exit_s, 150 * kDay * pace);
  EXPECT_DOUBLE_EQ(r.items[1].exit_s - r.items[1].arrival_s, 150 * kDay * pace); // shared by its items
}

} // namespace
} // namespace satflow::models
