// Arrival sources on a real scheduler (one engine per process: ctest runs each test alone).
#include "models/arrivals.hpp"

#include "test/models/scenario_builders.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

namespace satflow::models {
namespace {

using namespace testing;

/// Every arrival of the scenario's sources as (source, index, date), in the order they came.
std::vector<std::tuple<std::uint32_t, std::uint64_t, double>> arrivals_of(const Scenario& sc) {
  simcore::SiteGraph graph;
  graph.add_site({"here", {}});
  simcore::Engine engine(std::move(graph), {});
  simcore::Scheduler sched(engine);
  std::vector<std::tuple<std::uint32_t, std::uint64_t, double>> seen;
  Arrivals arrivals(sc, simcore::RandomStreams(5, 0), sched,
                    [&](std::uint32_t s, std::uint64_t i) { seen.emplace_back(s, i, sched.now()); });
  arrivals.start();
  if (std::isinf(sc.horizon_s))
    sched.run();
  else
    sched.run_until(sc.horizon_s);
  return seen;
}

TEST(Arrivals, AScheduleArrivesAtItsDatesInOrder) {
  Scenario sc = base();
  sc.arrivals = {at_times({1 * kDay, 1 * kDay, 5 * kDay})};
  const auto seen = arrivals_of(sc);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], std::make_tuple(0u, std::uint64_t{0}, 1 * kDay));
  EXPECT_EQ(seen[1], std::make_tuple(0u, std::uint64_t{1}, 1 * kDay)); // same date: schedule order
  EXPECT_EQ(seen[2], std::make_tuple(0u, std::uint64_t{2}, 5 * kDay));
}

TEST(Arrivals, APoissonSourceStopsAtItsCountAndItsMeanGapIsOneOverTheRate) {
  Scenario sc = base();
  sc.arrivals = {poisson("p", 2 / kDay, 20000)};
  const auto seen = arrivals_of(sc);
  ASSERT_EQ(seen.size(), 20000u);
  const double mean_gap = std::get<2>(seen.back()) / 20000;
  // Exponential gaps of mean 0.5 d: the mean of 20000 has a standard error of 0.5 d / sqrt(20000).
  EXPECT_NEAR(mean_gap, 0.5 * kDay, 4 * 0.5 * kDay / std::sqrt(20000.0));
}

TEST(Arrivals, TheHorizonEndsASourceWithoutACount) {
  Scenario sc = base();
  sc.horizon_s = 100 * kDay;
  sc.arrivals = {poisson("p", 1 / kDay, std::nullopt), at_times({50 * kDay, 150 * kDay})};
  const auto seen = arrivals_of(sc);
  for (const auto& [s, i, t] : seen)
    EXPECT_LE(t, 100 * kDay);
  EXPECT_EQ(std::count_if(seen.begin(), seen.end(), [](const auto& e) { return std::get<0>(e) == 1; }), 1);
}

TEST(Arrivals, ASourceDrawsItsDatesFromItsOwnStreamWhateverOtherSourcesThereAre) {
  Scenario sc = base();
  sc.arrivals = {poisson("q", 3 / kDay, 80), poisson("p", 1 / kDay, 50)};
  std::vector<double> got;
  for (const auto& [s, i, t] : arrivals_of(sc))
    if (s == 1)
      got.push_back(t);
  // By hand from the stream named after the source (common random numbers): gaps -ln(1-u)/rate.
  simcore::Stream stream = simcore::RandomStreams(5, 0).stream("arrivals:p");
  std::vector<double> expected;
  double t = 0;
  for (int k = 0; k < 50; ++k)
    expected.push_back(t -= std::log1p(-stream.uniform01()) / (1 / kDay));
  EXPECT_EQ(got, expected);
}

} // namespace
} // namespace satflow::models
