#include "models/heritage.hpp"

namespace satflow::models {
namespace {

const HeritageFactors kFirstOfKind{};

} // namespace

Heritage::Heritage(const RunContext& context) : RunPart(context), scaled_(context.stages.size(), false) {
  const Scenario& sc = ctx_.scenario;
  const std::size_t stages = ctx_.stages.size();
  levels_.assign(sc.arrivals.size() * stages, HeritageLevel::first_of_kind);
  if (!sc.heritage)
    return;
  for (const auto& name : sc.heritage->stages)
    scaled_[ctx_.stages.index(name)] = true;
  for (std::size_t s = 0; s < sc.arrivals.size(); ++s) {
    const ArrivalSpec& a = sc.arrivals[s];
    std::vector<HeritageLevel> by_curve(sc.learning.size(), a.heritage);
    for (const auto& [technology, level] : a.heritage_by_technology)
      by_curve[index_of(sc.learning, technology, "learning curve")] = level;
    for (std::uint32_t k = 0; k < stages; ++k) {
      const std::int32_t curve = ctx_.stages[k].learning;
      levels_[s * stages + k] = curve >= 0 ? by_curve[static_cast<std::size_t>(curve)] : a.heritage;
    }
  }
}

const HeritageFactors& Heritage::factors(std::uint32_t job) const {
  const Job& j = ctx_.jobs[job];
  if (!ctx_.scenario.heritage)
    return kFirstOfKind;
  switch (level(j.record.source, j.stage)) {
  case HeritageLevel::derivative:
    return ctx_.scenario.heritage->derivative;
  case HeritageLevel::repeat_with_reuse:
    return ctx_.scenario.heritage->repeat_with_reuse;
  case HeritageLevel::first_of_kind:
    break;
  }
  return kFirstOfKind;
}

double Heritage::duration_factor(std::uint32_t job) const {
  return scaled_[ctx_.jobs[job].stage] ? factors(job).effort : 1.0;
}

double Heritage::failure_factor(std::uint32_t job) const { return factors(job).failures; }

} // namespace satflow::models
