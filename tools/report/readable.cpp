#include "tools/report/readable.hpp"

#include "simcore/units.hpp"

#include <cmath>
#include <cstdio>

namespace satflow::tools {

std::string readable_number(double v) {
  if (std::isnan(v))
    return "-";
  if (v == 0)
    return "0";
  if (std::isinf(v))
    return v > 0 ? "inf" : "-inf";
  const double magnitude = std::fabs(v);
  // Digits after the point for four significant digits; none once the integer part has four or more.
  const int decimals = std::max(0, 3 - static_cast<int>(std::floor(std::log10(magnitude))));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string text = buf;
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.')
      text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

std::string readable_percent(double fraction) {
  if (std::isnan(fraction))
    return "-";
  if (fraction == 0)
    return "0%";
  const double percent = 100 * fraction;
  if (std::fabs(percent) < 0.05)
    return percent < 0 ? "-<0.1%" : "<0.1%";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f%%", percent);
  return buf;
}

std::string readable_duration(double seconds) {
  if (std::isnan(seconds))
    return "-";
  return (seconds < 0 ? "-" : "") + simcore::format_duration(std::fabs(seconds));
}

} // namespace satflow::tools
