// ABC population Monte Carlo (Beaumont, Cornuet, Marin & Robert 2009) as pure functions: no runs, no
// files, so that every step is testable on its own and a calibration is a deterministic function of
// the distances its runs gave. Generation 0 samples the priors; generation t resamples a particle of
// t-1 by weight and moves it with a Gaussian kernel of covariance 2 x the weighted covariance of t-1,
// truncated to the priors' support (a box), and weighs an accepted proposal
//   w = prior(theta) / sum_j w_j K(theta | theta_j),
// where K includes the share of the kernel around theta_j that falls inside the box (estimated once
// per generation from a fixed set of draws), so that truncation does not bias the weights.
// A parameter with a discrete prior (whole values: a capacity, a count) is outside the Gaussian: it
// stays with probability 1/2, else moves to the value below or above (1/4 each), independently of the
// others; its share inside the box is exact (3/4 at its first or last value).
// calibration.hpp runs it; this file decides nothing about I/O.
#pragma once

#include "configs/calibration_spec.hpp"
#include "models/observations.hpp"
#include "simcore/random_streams.hpp"
#include "tools/experiments/record_check.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace satflow::tools {

using Point = std::vector<double>; ///< one value per parameter, in the parameters' base units

/// The prior's density at x (0 outside its support).
double prior_density(const configs::Prior& prior, double x);
/// The prior's quantile at u in [0, 1): a draw from one uniform.
double prior_quantile(const configs::Prior& prior, double u);
/// The product of the priors' densities (independent priors).
double joint_prior_density(const std::vector<configs::Prior>& priors, const Point& x);

struct Particle {
  Point theta;
  double weight = 1; ///< normalised within its generation
  double distance = 0;
};

/// The weighted covariance of a population, d x d row-major (weights need not be normalised).
std::vector<double> weighted_covariance(const std::vector<Particle>& population);

/// The perturbation kernel of one generation: N(0, 2 Sigma) around a particle, truncated to the box.
class Kernel {
public:
  /// Builds it from the previous population. `key` seeds the draws that estimate, per particle, the
  /// share of its kernel inside the priors' box. REQUIRES: population not empty.
  Kernel(const std::vector<Particle>& population, const std::vector<configs::Prior>& priors, std::uint64_t key);

  /// center + L z (L L' = 2 Sigma) for the next standard normal draws of `s`, inside the box or not
  /// (propose() draws again until it is).
  Point perturb(const Point& center, simcore::Stream& s) const;
  /// K(x | particle j): the Gaussian density (without its constant, which cancels in normalised
  /// weights) divided by the share of particle j's kernel inside the box.
  double density(const Point& x, std::size_t j) const;

private:
  std::vector<Point> centers_;
  std::vector<double> lower_;               ///< L, lower triangular, row-major
  std::vector<double> inside_;              ///< per particle, the share of its kernel inside the box
  std::vector<std::vector<double>> values_; ///< per parameter: a discrete prior's values, else empty
  std::size_t d_ = 0;
};

/// A proposal for generation `generation`: a prior draw (generation 0, or `previous` empty), else a
/// particle of `previous` drawn by weight and perturbed by `kernel`, again until it falls inside the
/// priors' support. All draws come from `s`. Nothing when 10,000 tries all fall outside.
std::optional<Point> propose(const std::vector<configs::Prior>& priors, const std::vector<Particle>& previous,
                             const Kernel* kernel, simcore::Stream& s);

/// The unnormalised weight of an accepted proposal: 1 in generation 0 (no previous population), else
/// prior(theta) / sum_j w_j K(theta | theta_j).
double particle_weight(const std::vector<configs::Prior>& priors, const Point& theta,
                       const std::vector<Particle>& previous, const Kernel* kernel);

/// Normalises weights in place to sum 1. REQUIRES: a positive sum.
void normalise_weights(std::vector<Particle>& population);
/// (sum w)^2 / sum w^2.
double effective_sample_size(const std::vector<Particle>& population);
/// The q-quantile (type 7) of the population's distances: the next generation's threshold.
double next_threshold(const std::vector<Particle>& population, double q);

/// rho = sqrt(sum ((sim - obs) / sd)^2) over the observations with fitted[i]: a dated observation
/// compares the mean of the replications' dates (a milestone not reached counts at the run's end); a
/// censored one adds ((bound - sim) / sd)^2 only when a replication breaks its bound (averaged over the
/// replications), with `censored_sd_s` when it states no sd. +infinity when `runs` is empty.
double abc_distance(const std::vector<models::Observation>& observations, const std::vector<bool>& fitted,
                    const std::vector<ObservedRun>& runs, double censored_sd_s);

/// The stream of proposal (generation, index) of a calibration seeded with `seed`.
simcore::Stream proposal_stream(std::uint64_t seed, std::uint64_t generation, std::uint64_t index);

} // namespace satflow::tools
