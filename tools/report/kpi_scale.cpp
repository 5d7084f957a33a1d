#include "tools/report/kpi_scale.hpp"

#include "simcore/units.hpp"

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

} // namespace satflow::tools
