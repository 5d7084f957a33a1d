#include "tools/report/kpi_scale.hpp"

#include "simcore/units.hpp"
#include "tools/report/readable.hpp"

#include <cmath>

namespace satflow::tools {

std::string KpiScale::text(double v) const { return readable_value(kpi.reading(), v); }

std::string KpiScale::title(const std::string& what) const {
  return kpi.is_duration() ? what + " (" + unit.name + ")" : what;
}

nlohmann::ordered_json KpiScale::axis(const std::string& what) const {
  nlohmann::ordered_json a = {{"title", title(what)}};
  if (share())
    a["format"] = ".1%";
  return a;
}

std::pair<std::string, std::string> KpiScale::difference_parts(double mean, double lower, double upper,
                                                               double scale) const {
  const std::string both = readable_difference(kpi.reading(), mean, lower, upper, scale);
  const auto cut = both.find(" [");
  if (cut == std::string::npos)
    return {both, "-"};
  return {both.substr(0, cut), both.substr(cut + 1)};
}

nlohmann::ordered_json KpiScale::difference_axis(const std::string& what) const {
  if (share())
    return {{"title", what + " (percentage points)"}};
  return axis(what);
}

} // namespace satflow::tools
