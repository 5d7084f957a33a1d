#include "tools/experiments/posterior_draws.hpp"

#include "tools/experiments/calibration.hpp"
#include "tools/experiments/results_store.hpp"

#include <algorithm>
#include <stdexcept>

namespace satflow::tools {
namespace {

/// The weighted median of parameter i: the value a run without draws would take.
double weighted_median(const std::vector<Particle>& particles, std::size_t i) {
  std::vector<std::pair<double, double>> values;
  for (const auto& p : particles)
    values.emplace_back(p.theta[i], p.weight);
  std::sort(values.begin(), values.end());
  double cumulative = 0;
  for (const auto& [value, weight] : values)
    if ((cumulative += weight) >= 0.5)
      return value;
  return values.back().first;
}

} // namespace

Posterior read_posterior(const std::filesystem::path& db) {
  const std::string name = db.string();
  if (!CalibrationStore::holds_calibration(db))
    throw BadDatabase(name + " is not a satflow calibration database (satflow calibrate SPEC --db FILE makes one)");
  const CalibrationStore store(db, CalibrationStore::Access::read);
  const auto stored = store.plan();
  if (!stored)
    throw BadDatabase(name + " holds no calibration plan (a calibration that never started)");
  const CalibrationPlan plan = plan_from_json(stored->second, name);
  const CalibrationState state = read_calibration(store, name, plan);
  if (state.stop == StopReason::unfinished || state.posterior.empty())
    throw BadDatabase(name + " holds a calibration that has not finished (" + std::to_string(state.generations.size()) +
                      " complete generations): run satflow calibrate on it again to finish it");
  Posterior out;
  out.particles = state.posterior;
  for (std::size_t i = 0; i < plan.paths.size(); ++i) {
    models::UncertainInput input;
    input.path = plan.paths[i];
    input.kind = plan.units[i] == "s" ? models::ValueKind::duration : models::ValueKind::number;
    input.point = weighted_median(out.particles, i);
    input.declared_at = name + ": the posterior of " + plan.paths[i];
    out.inputs.push_back(std::move(input));
  }
  return out;
}

PosteriorDraws::PosteriorDraws(Posterior posterior, std::uint64_t seed)
    : posterior_(std::move(posterior)), seed_(seed) {
  if (posterior_.particles.empty())
    throw std::invalid_argument("PosteriorDraws: no particles");
  double sum = 0;
  for (const auto& p : posterior_.particles) {
    if (p.theta.size() != posterior_.inputs.size())
      throw std::invalid_argument("PosteriorDraws: a particle without one value per input");
    cumulative_.push_back(sum += p.weight);
  }
}

std::vector<double> PosteriorDraws::draw(std::size_t m) const {
  simcore::Stream s = simcore::RandomStreams(seed_, m).stream("posterior");
  // u is below 1 and the weights sum to 1 up to rounding: the last particle takes what rounding leaves.
  const double u = s.uniform01() * cumulative_.back();
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  const std::size_t j =
      std::min<std::size_t>(static_cast<std::size_t>(it - cumulative_.begin()), cumulative_.size() - 1);
  return posterior_.particles[j].theta;
}

} // namespace satflow::tools
