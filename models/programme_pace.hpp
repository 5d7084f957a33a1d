// Programme pace (MODEL.md, mechanism 13): the part of a programme's slip from plan that is neither
// the launcher's nor the work's (funding profiles, contracting, staffing). HISTORY-DATA 4.3 puts
// Korea's actual/planned start-to-launch ratio at a median of 1.45, 10-90% about 1.1-2.5 [E]. Each
// arrival source (a programme) draws one factor at the start of the run, and every station and delay
// duration its items (and their branches) draw is multiplied by it, so its stages share it.
//
// Random draws: one uniform per programme from the stream "pace:SOURCE", nothing else, so that a
// programme's pace is the same whatever else the scenario changes (common random numbers), and the
// rest of the model draws what it drew without pace.
#pragma once

#include "models/mechanism.hpp"
#include "models/run_part.hpp"

#include <vector>

namespace satflow::models {

class ProgrammePace final : public Mechanism, private RunPart<> {
public:
  /// Draws every arrival source's factor (1 for all when the scenario has no pace). Throws
  /// std::invalid_argument unless 0 < p10 <= median <= p90 (configs/ validates first).
  ProgrammePace(const RunContext& context, const simcore::RandomStreams& streams);

  /// The pace factor of arrival source `source` (> 0).
  double factor(std::uint32_t source) const { return factors_[source]; }
  double duration_factor(std::uint32_t job) const override { return factors_[ctx_.jobs[job].record.source]; }

  /// The factor a draw u in [0, 1) gives: median x exp(z x s), z the standard normal quantile of u and
  /// s = ln(median/p10)/z90 below the median, ln(p90/median)/z90 above (z90 = 1.2816): p10, the median
  /// and p90 are its 10%, 50% and 90% quantiles exactly.
  static double quantile(const PaceSpec& pace, double u);

private:
  std::vector<double> factors_; // per arrival source
};

} // namespace satflow::models
