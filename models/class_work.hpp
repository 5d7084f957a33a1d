// Class work (MODEL.md, mechanism 15): how long a class's work takes relative to the durations the
// process writes for it. HISTORY-DATA 4.2 finds mass, not the process, behind most of the spread of
// Korea's development times (start to AIT: a median 4.8 years below 200 kg, 5.8 at 200-800 kg, 7.5
// above 800 kg), and a process writes per-class durations stage by stage. A factor per class puts
// each class's durations in one number that calibration can fit, leaving the stages' shapes as
// written. Every station and delay duration of a class's items (and of their branches) is
// multiplied by its class's `work`; the mechanism draws nothing.
#pragma once

#include "models/mechanism.hpp"
#include "models/run_part.hpp"

#include <vector>

namespace satflow::models {

class ClassWork final : public Mechanism, private RunPart<> {
public:
  /// Resolves every arrival source's class. Throws std::invalid_argument on a class that does not
  /// exist or a work factor that is not above zero (configs/ validates first).
  explicit ClassWork(const RunContext& context);

  double duration_factor(std::uint32_t job) const override { return factors_[ctx_.jobs[job].record.source]; }

private:
  std::vector<double> factors_; // per arrival source: its class's work
};

} // namespace satflow::models
