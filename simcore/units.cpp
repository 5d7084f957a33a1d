#include "simcore/units.hpp"

#include <cstdio>

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
  for (const auto& unit : kUnits) {
    if (unit.name == name)
      return unit.seconds;
  }
  return std::nullopt;
}

// Parses a finite number at the start of text; on success `rest` is what follows it.
// std::from_chars is locale-independent and, unlike strtod, rejects leading whitespace and '+'.
std::optional<double> parse_number(std::string_view text, std::string_view& rest) {
  double value = 0;
  const char* first = text.data();
  const char* last = first + text.size();
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

std::string format_number(double v) {
  std::array<char, 64> buf{};
  auto [ptr, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return ec == std::errc{} ? std::string(buf.data(), ptr) : "?";
}

std::string format_duration(double seconds) {
  if (std::isnan(seconds))
    return "nan";
  if (std::isinf(seconds))
    return seconds > 0 ? "inf" : "-inf";
  const std::string sign = seconds < 0 ? "-" : "";
  const double magnitude = std::fabs(seconds);
  for (const auto& unit : kUnits) {
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

std::optional<double> parse_date_days(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    return std::nullopt;
  int y = 0, m = 0, d = 0;
  auto field = [&](std::size_t at, std::size_t len, int& out) {
    auto [ptr, ec] = std::from_chars(text.data() + at, text.data() + at + len, out);
    return ec == std::errc{} && ptr == text.data() + at + len;
  };
  if (!field(0, 4, y) || !field(5, 2, m) || !field(8, 2, d) || m < 1 || m > 12 || d < 1)
    return std::nullopt;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  constexpr int kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d > kMonthDays[m - 1] + (m == 2 && leap ? 1 : 0))
    return std::nullopt;
  // Days from civil (H. Hinnant's algorithm): exact for every Gregorian date.
  const int yy = y - (m <= 2 ? 1 : 0);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<double>(era * 146097 + doe - 719468);
}

std::string format_date(double days) {
  // Civil from days (H. Hinnant's algorithm).
  const long z = static_cast<long>(std::floor(days)) + 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp < 10 ? mp + 3 : mp - 9;
  const long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(y), static_cast<int>(m), static_cast<int>(d));
  return buf;
}

std::optional<double> parse_mass_kg(std::string_view text) {
  double factor = 0;
  if (text.size() > 2 && text.substr(text.size() - 2) == "kg") {
    factor = 1;
    text.remove_suffix(2);
  } else if (text.size() > 1 && text.back() == 't') {
    factor = 1000;
    text.remove_suffix(1);
  } else {
    return std::nullopt;
  }
  std::string_view rest;
  auto v = parse_number(text, rest);
  if (!v || !rest.empty() || *v < 0)
    return std::nullopt;
  return *v * factor;
}

} // namespace satflow::simcore
