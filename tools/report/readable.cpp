#include "tools/report/readable.hpp"

#include "simcore/units.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace satflow::tools {
namespace {

/// `significant` digits, trailing zeros trimmed, no exponent; units past the significant digits rounded.
std::string with_digits(double v, int significant) {
  if (std::isnan(v))
    return "-";
  if (v == 0)
    return "0";
  if (std::isinf(v))
    return v > 0 ? "inf" : "-inf";
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(v))));
  const int decimals = std::max(0, significant - 1 - magnitude);
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

/// A plus sign on a positive value's text (not on "~0", whose sign is noise).
std::string signed_text(double v, const std::string& s) { return v > 0 && s[0] != '~' ? "+" + s : s; }

struct Unit {
  std::string_view name;
  double seconds;
};

/// The unit simcore::format_duration would pick for the largest of the magnitudes.
Unit unit_for(double largest_s) {
  static constexpr std::array<Unit, 7> kUnits{{{"y", simcore::kYear},
                                               {"mo", simcore::kMonth},
                                               {"w", simcore::kWeek},
                                               {"d", simcore::kDay},
                                               {"h", simcore::kHour},
                                               {"min", simcore::kMinute},
                                               {"s", simcore::kSecond}}};
  for (const Unit& unit : kUnits)
    if (std::stod(with_digits(largest_s / unit.seconds, 3)) >= 1)
      return unit;
  return {"s", 1};
}

/// One end or the mean of a difference in the row's unit ("" suffix for numbers).
std::string in_unit(Reading reading, double v, double scale, Unit unit) {
  if (negligible(v, scale))
    return "~0";
  switch (reading) {
  case Reading::duration:
    return with_digits(v / unit.seconds, 3) + std::string(unit.name);
  case Reading::share:
    return with_digits(100 * v, 3) + " pp";
  default:
    return readable_number(v);
  }
}

} // namespace

std::string readable_number(double v) { return with_digits(v, 4); }

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

std::string readable_value(Reading reading, double v) {
  switch (reading) {
  case Reading::duration:
    return readable_duration(v);
  case Reading::share:
    return readable_percent(v);
  default:
    return readable_number(v);
  }
}

std::string readable_interval(Reading reading, double lower, double upper) {
  if (!std::isfinite(lower) || !std::isfinite(upper))
    return "-";
  if (reading != Reading::duration)
    return "[" + readable_value(reading, lower) + ", " + readable_value(reading, upper) + "]";
  const Unit unit = unit_for(std::max(std::fabs(lower), std::fabs(upper)));
  auto end = [&](double v) { return with_digits(v / unit.seconds, 3) + std::string(unit.name); };
  return "[" + end(lower) + ", " + end(upper) + "]";
}

bool negligible(double v, double scale) {
  return v != 0 && std::isfinite(v) && std::fabs(v) < (scale == 0 ? 1e-12 : 1e-9 * std::fabs(scale));
}

std::string readable_difference(Reading reading, double mean, double lower, double upper, double scale) {
  if (std::isnan(mean))
    return "-";
  const bool interval = std::isfinite(lower) && std::isfinite(upper);
  double largest = std::fabs(mean);
  if (interval)
    largest = std::max({largest, std::fabs(lower), std::fabs(upper)});
  const Unit unit = unit_for(largest);
  std::string text = signed_text(mean, in_unit(reading, mean, scale, unit));
  if (interval)
    text += " [" + signed_text(lower, in_unit(reading, lower, scale, unit)) + ", " +
            signed_text(upper, in_unit(reading, upper, scale, unit)) + "]";
  return text;
}

std::string readable_difference_interval(Reading reading, double lower, double upper, double scale) {
  if (!std::isfinite(lower) || !std::isfinite(upper))
    return "-";
  const Unit unit = unit_for(std::max(std::fabs(lower), std::fabs(upper)));
  return "[" + signed_text(lower, in_unit(reading, lower, scale, unit)) + ", " +
         signed_text(upper, in_unit(reading, upper, scale, unit)) + "]";
}

std::string readable_change(double relative) {
  if (std::isnan(relative))
    return "-";
  if (negligible(relative, 1))
    return "~0%";
  return signed_text(relative, with_digits(100 * relative, 3) + "%");
}

} // namespace satflow::tools
