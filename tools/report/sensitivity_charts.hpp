// The sensitivity charts of a sweep's page (sweep_charts.hpp), drawn from what `results` computed
// (sweep_analysis.hpp): a full grid's main effects and a Sobol design's first-order and total
// indices, each per headline KPI, each with its intervals and a table beneath.
#pragma once

#include "tools/report/sweep_charts.hpp"

#include <optional>

namespace satflow::tools {

/// Per parameter level, the paired main effect on headline KPI `k` with its 95% interval around zero;
/// nothing when the sweep has none for it.
std::optional<HtmlChart> main_effects_chart(const SweepData& d, std::size_t k);
/// Per parameter, S1 and ST of headline KPI `k` with their bootstrap intervals; nothing when the
/// sweep has none for it or the KPI does not vary.
std::optional<HtmlChart> sobol_chart(const SweepData& d, std::size_t k);

} // namespace satflow::tools
