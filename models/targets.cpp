#include "models/targets.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace satflow::models {

TargetRecorder::TargetRecorder(const std::vector<TargetSpec>& targets, std::size_t classes) : targets_(targets) {
  // Only what a target reads is kept: runs without targets record nothing per launch.
  if (!targets.empty()) {
    launched_s_.resize(classes);
    lead_s_.resize(classes);
  }
}

void TargetRecorder::launched(std::uint32_t item_class, double launched_s, double lead_s) {
  if (launched_s_.empty())
    return;
  launched_s_[item_class].push_back(launched_s);
  lead_s_[item_class].push_back(lead_s);
}

double nearest_rank_quantile(std::vector<double> xs, double p) {
  if (xs.empty())
    return std::numeric_limits<double>::quiet_NaN();
  std::sort(xs.begin(), xs.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(xs.size())));
  return xs[std::clamp<std::size_t>(rank, 1, xs.size()) - 1];
}

std::vector<TargetResult> TargetRecorder::finish() const {
  std::vector<TargetResult> out;
  for (const auto& t : targets_) {
    TargetResult r{t.name, t.form, t.bound, -1, 0, false};
    if (t.form == TargetSpec::Form::launched_at_least) {
      const auto& dates = launched_s_[t.item_class];
      r.by_s = t.by_s;
      r.value = static_cast<double>(std::count_if(dates.begin(), dates.end(), [&](double d) { return d < t.by_s; }));
      r.met = r.value >= t.bound;
    } else {
      r.value = nearest_rank_quantile(lead_s_[t.item_class], 0.9);
      r.met = !std::isnan(r.value) && r.value <= t.bound;
    }
    out.push_back(r);
  }
  return out;
}

} // namespace satflow::models
