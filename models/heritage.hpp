// Heritage (MODEL.md, mechanism 14): how much of a programme's design is new. HISTORY-DATA 4.4: in
// Korea's record a repeat build that started beside its first of kind did not finish sooner
// (KOMPSAT-3A/3 1.03, GK-2B/2A 1.21, CAS500-3/1 1.13 start to AIT); only reuse of finished hardware
// or a start after the design had closed saved time (STSAT-2C 0.38, CAS500-2 0.6), and it suggests
// modelling that as less design and development effort, not a shorter AIT. Each arrival source (a
// programme) has a level, first of kind, derivative or repeat with reuse, optionally another per
// technology (a learning curve: the stages on that curve take the technology's level). At the
// scenario's heritage stages its durations are multiplied by its level's effort factor, and at every
// test stage its failure probability by the level's failure factor; a first of kind is the
// reference (1, 1). Learning curves keep counting units as before: heritage is about the design,
// learning about production units.
#pragma once

#include "models/mechanism.hpp"
#include "models/run_part.hpp"

#include <vector>

namespace satflow::models {

class Heritage final : public Mechanism, private RunPart<> {
public:
  /// Resolves every programme's level at every stage. Throws std::invalid_argument on a stage or a
  /// technology that does not exist (configs/ validates first).
  explicit Heritage(const RunContext& context);

  /// The level of arrival source `source` at stage `stage` (StageTable index).
  HeritageLevel level(std::uint32_t source, std::uint32_t stage) const {
    return levels_[std::size_t{source} * ctx_.stages.size() + stage];
  }
  double duration_factor(std::uint32_t job) const override;
  double failure_factor(std::uint32_t job) const override;

private:
  const HeritageFactors& factors(std::uint32_t job) const;

  std::vector<HeritageLevel> levels_; // sources x stages
  std::vector<bool> scaled_;          // per stage: a heritage stage (design, development)
};

} // namespace satflow::models
