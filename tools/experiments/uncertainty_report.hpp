// The writers of a second-order Monte Carlo (uncertainty.hpp): the text a briefing quotes (it leads
// with one sentence per variant on the headline KPI: the difference on average with its interval,
// its 90% range over the uncertain inputs, the probability of being better and the input that
// drives it), JSON with the `uncertainty` section of issue 22 and the per-draw inputs, and CSV in
// long form (one estimate a row).
#pragma once

#include "tools/experiments/uncertainty.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

namespace satflow::tools {

/// The leading sentence for `variant` on KPI `kpi` (its summary against the baseline), e.g.
/// "co-located: lead time -1.6w on average [-2.3w, -0.9w]; across the uncertain inputs from -2d to
/// -6.3mo (90%); better in 97% of them [93%, 99%]; coordination.per_km drives 71% of the spread".
/// REQUIRES: s.difference
std::string briefing_sentence(const std::string& variant, const KpiDef& kpi, const UncertainSummary& s);

void write_uncertainty_text(const UncertainOptions& options, const UncertainRuns& runs,
                            const std::vector<std::vector<UncertainSummary>>& summaries, std::ostream& out);
nlohmann::ordered_json uncertainty_json(const UncertainOptions& options, const UncertainRuns& runs,
                                        const std::vector<std::vector<UncertainSummary>>& summaries);
/// The sentences, then per headline KPI a Markdown table (for reports checked into the repository).
void write_uncertainty_markdown(const UncertainOptions& options,
                                const std::vector<std::vector<UncertainSummary>>& summaries, std::ostream& out);
void write_uncertainty_csv(const UncertainOptions& options, const std::vector<std::vector<UncertainSummary>>& summaries,
                           std::ostream& out);

} // namespace satflow::tools
