// The posterior as a draw source: draws by weight (a two-particle posterior whose weighted mean is
// known), whole particles, keyed by (seed, m), and databases that hold no finished calibration refused.
#include "tools/experiments/posterior_draws.hpp"

#include "tools/experiments/results_store.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace satflow::tools {
namespace {

Posterior two_particles() {
  Posterior p;
  p.inputs = {{.path = "a", .kind = models::ValueKind::duration}, {.path = "b"}};
  p.particles = {{{1.0, 10.0}, 0.25, 0}, {{3.0, 30.0}, 0.75, 0}};
  return p;
}

TEST(PosteriorDraws, DrawsParticlesByWeightSoTheDrawsMeanIsThePosteriorsWeightedMean) {
  const PosteriorDraws source(two_particles(), 7);
  constexpr std::size_t kDraws = 4000;
  double sum_a = 0;
  std::size_t heavy = 0;
  for (std::size_t m = 0; m < kDraws; ++m) {
    const std::vector<double> d = source.draw(m);
    ASSERT_EQ(d.size(), 2u);
    // A draw is a whole particle: the posterior's joint values, never a mix of two.
    ASSERT_TRUE((d[0] == 1 && d[1] == 10) || (d[0] == 3 && d[1] == 30)) << d[0] << " " << d[1];
    sum_a += d[0];
    heavy += d[0] == 3;
  }
  // Weighted mean 0.25 x 1 + 0.75 x 3 = 2.5; the share of the heavy particle has sd sqrt(.75 .25 / 4000).
  const double sd = std::sqrt(0.75 * 0.25 / kDraws);
  EXPECT_NEAR(static_cast<double>(heavy) / kDraws, 0.75, 4 * sd);
  EXPECT_NEAR(sum_a / kDraws, 2.5, 2 * 4 * sd);
}

TEST(PosteriorDraws, DrawMIsKeyedBySeedAndM) {
  const PosteriorDraws a(two_particles(), 7), b(two_particles(), 7), other(two_particles(), 8);
  std::size_t differ = 0;
  for (std::size_t m = 0; m < 200; ++m) {
    EXPECT_EQ(a.draw(m), b.draw(m));
    EXPECT_EQ(a.draw(m), a.draw(m));
    differ += a.draw(m) != other.draw(m);
  }
  EXPECT_GT(differ, 40u); // two particles: another seed agrees about 5/8 of the time
}

TEST(PosteriorDraws, AFileThatIsNotACalibrationIsRefusedAsSuch) {
  const auto dir = std::filesystem::temp_directory_path() / ("posterior-draws-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "text.sqlite") << "not a database\n";
  for (const auto& file : {dir / "text.sqlite", dir / "missing.sqlite"}) {
    try {
      read_posterior(file);
      ADD_FAILURE() << file << " was read";
    } catch (const BadDatabase& e) {
      EXPECT_NE(std::string(e.what()).find("is not a satflow calibration database"), std::string::npos) << e.what();
    }
  }
  std::filesystem::remove_all(dir);
}

} // namespace
} // namespace satflow::tools
