#include "tools/experiments/selection.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace satflow::tools {
namespace {

/// Replication j of variant i: base[i] + common[j] + own noise: the shared term is what common random
/// numbers cancel in a paired difference.
std::vector<std::vector<double>> paired_data(const std::vector<double>& base, double own_noise) {
  const std::vector<double> common{3, -1, 4, -1, 5, -9, 2, 6, -5, 3};
  std::vector<std::vector<double>> values;
  for (std::size_t i = 0; i < base.size(); ++i) {
    values.emplace_back();
    for (std::size_t j = 0; j < common.size(); ++j)
      values.back().push_back(base[i] + common[j] + own_noise * std::sin(static_cast<double>(7 * i + j)));
  }
  return values;
}

TEST(Selection, DropsWhatIsClearlyWorseAndKeepsWhatTheNoiseCannotTellApart) {
  const auto values = paired_data({10, 10.05, 14}, 0.5); // smaller is better
  const Selection s = screen_best(values, false, 0.05, 0);
  EXPECT_EQ(s.kept, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(s.dropped, (std::vector<std::size_t>{2}));
  EXPECT_EQ(s.replications, 10u);
}

TEST(Selection, LargerIsBetterMirrorsTheScreen) {
  const auto values = paired_data({10, 10.05, 14}, 0.5);
  const Selection s = screen_best(values, true, 0.05, 0);
  EXPECT_EQ(s.kept, (std::vector<std::size_t>{2}));
}

TEST(Selection, AnIndifferenceZoneSharpensTheSubset) {
  // 0.05 apart is inside the noise: both kept. Differences under 1 do not matter: the better one alone.
  const auto values = paired_data({10, 10.05, 14}, 0.5);
  EXPECT_EQ(screen_best(values, false, 0.05, 0).kept, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(screen_best(values, false, 0.05, 1).kept, (std::vector<std::size_t>{0}));
}

TEST(Selection, IdenticalVariantsAreAllKeptAndFailedReplicationsAreLeftOut) {
  auto values = paired_data({10, 10}, 0);
  values[1][3] = std::nan("");
  const Selection s = screen_best(values, false, 0.05, 0);
  EXPECT_EQ(s.kept, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(s.replications, 9u);
}

} // namespace
} // namespace satflow::tools
