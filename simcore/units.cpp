#include "simcore/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

namespace satflow::simcore {
namespace {

struct UnitName {
  std::string_view name;
  double seconds;
};

// Ordered from largest to smallest: format_duration picks the first unit that fits.
constexpr std::array<UnitName, 7> kUnits{{
    {"y", kYear},
    {"mo", kMonth},
    {"w", kWeek},
    {"d", kDay},
    {"h", kHour},
    {"min", kMinute},
    {"s", kSecond},
}};

std::optional<double> unit_seconds(std::string_view name) {
  for (const auto &unit : kUnits) {
    if (unit.name == name)
      return unit.seconds;
  }
  return std::nullopt;
}

// Parses a finite number at the start of text; on success `rest` is what follows it.
// std::from_chars is locale-independent and, unlike strtod, rejects leading whitespace and '+'.
std::optional<double> parse_number(std::string_view text, std::string_view &rest) {
  double value = 0;
  const char *first = text.data();
  const char *last = first + text.size();
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc{} || !std::isfinite(value))
    return std::nullopt;
  rest = text.substr(static_cast<std::size_t>(ptr - first));
  return value;
}

// Shortest text of `value` rounded to 3 significant digits, "%g"-style (trailing zeros trimmed).
std::string three_significant(double value) {
  std::array<char, 64> buf{};
  auto [ptr, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::general, 3);
  if (ec != std::errc{})
    return "?";
  return std::string(buf.data(), ptr);
}

} // namespace

std::optional<double> parse_duration(std::string_view text) {
  std::string_view rest;
  const auto number = parse_number(text, rest);
  if (!number)
    return std::nullopt;
  const auto unit = unit_seconds(rest);
  if (!unit)
    return std::nullopt;
  const double seconds = *number * *unit;
  if (!std::isfinite(seconds))
    return std::nullopt;
  return seconds + 0.0; // turns "-0d" into +0 so it prints and compares like "0d"
}

std::optional<double> parse_rate(std::string_view text) {
  std::string_view rest;
  const auto number = parse_number(text, rest);
  if (!number || *number < 0 || rest.empty() || rest.front() != '/')
    return std::nullopt;
  const auto unit = unit_seconds(rest.substr(1));
  if (!unit)
    return std::nullopt;
  return *number / *unit + 0.0;
}

std::string format_duration(double seconds) {
  if (std::isnan(seconds))
    return "nan";
  if (std::isinf(seconds))
    return seconds > 0 ? "inf" : "-inf";
  const std::string sign = seconds < 0 ? "-" : "";
  const double magnitude = std::fabs(seconds);
  for (const auto &unit : kUnits) {
    const double value = magnitude / unit.seconds;
    // Decide on the rounded value, so 59.9999 s prints "1min" rather than "60s".
    const std::string text = three_significant(value);
    double rounded = 0;
    std::from_chars(text.data(), text.data() + text.size(), rounded);
    if (rounded >= 1 || unit.seconds == kSecond) {
      if (rounded >= 1000) {
        // Only reachable for years; "%.3g" would print "1.23e+03".
        std::array<char, 64> buf{};
        auto [ptr, ec] =
            std::to_chars(buf.data(), buf.data() + buf.size(), std::round(value), std::chars_format::fixed, 0);
        return sign + std::string(buf.data(), ptr) + std::string(unit.name);
      }
      return sign + text + std::string(unit.name);
    }
  }
  return "?"; // unreachable: the seconds unit always matches
}

std::string_view duration_units_help() { return "s, min, h, d, w, mo (30 d), y (365 d)"; }

} // namespace satflow::simcore
