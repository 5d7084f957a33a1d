// The calibrated posterior as a draw source (EXPERIMENTS.md, "Uncertain inputs" and "Calibration"):
// `--posterior calib.sqlite` on `run --replications`, `compare` and `sweep` draws the inputs of each
// outer draw from the final population of a finished calibration, by weight, instead of from the
// scenario's declared ranges. A draw is one whole particle (its values of every parameter together),
// so the posterior's correlations between inputs are kept.
#pragma once

#include "tools/experiments/abc_smc.hpp"
#include "tools/experiments/draw_source.hpp"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace satflow::tools {

struct Posterior {
  /// Per parameter: its path, kind (duration for a parameter in seconds, else number) and weighted
  /// median as the point value; declared_at names the database.
  std::vector<models::UncertainInput> inputs;
  std::vector<Particle> particles; ///< the final population, weights normalised
};

/// The final population of the calibration in `db`. Throws BadDatabase (results_store.hpp) when the
/// file is not a calibration database, is damaged, or holds a calibration that has not finished.
Posterior read_posterior(const std::filesystem::path& db);

/// Draw m is the particle whose cumulative weight first exceeds the first uniform of the stream
/// "posterior" of replication m under `seed`: keyed by (seed, m), the same for every variant.
class PosteriorDraws final : public DrawSource {
public:
  /// REQUIRES: particles not empty, each with one value per input, weights summing to 1.
  PosteriorDraws(Posterior posterior, std::uint64_t seed);
  const std::vector<models::UncertainInput>& inputs() const override { return posterior_.inputs; }
  std::vector<double> draw(std::size_t m) const override;

private:
  Posterior posterior_;
  std::vector<double> cumulative_; ///< per particle, the sum of the weights up to and including it
  std::uint64_t seed_;
};

} // namespace satflow::tools
