#include "models/programme_pace.hpp"

#include "simcore/distributions.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace satflow::models {
namespace {

constexpr double kZ90 = 1.2815515655446004; // the standard normal's 90% quantile

} // namespace

double ProgrammePace::quantile(const PaceSpec& pace, double u) {
  if (!(pace.p10 > 0 && pace.p10 <= pace.median && pace.median <= pace.p90))
    throw std::invalid_argument("programme pace needs 0 < p10 <= median <= p90");
  static const simcore::Distribution standard = simcore::Distribution::normal(0, 1);
  const double z = standard.inverse_cdf(std::max(u, 0x1.0p-53)); // u = 0 would give a pace of 0
  const double spread = z < 0 ? std::log(pace.median / pace.p10) : std::log(pace.p90 / pace.median);
  return pace.median * std::exp(z * spread / kZ90);
}

ProgrammePace::ProgrammePace(const RunContext& context, const simcore::RandomStreams& streams)
    : RunPart(context), factors_(context.scenario.arrivals.size(), 1.0) {
  const Scenario& sc = ctx_.scenario;
  if (!sc.pace)
    return;
  for (std::size_t s = 0; s < sc.arrivals.size(); ++s) {
    simcore::Stream draw = streams.stream("pace:" + sc.arrivals[s].name);
    factors_[s] = quantile(*sc.pace, draw.uniform01());
  }
}

} // namespace satflow::models
