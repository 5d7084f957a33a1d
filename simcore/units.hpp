// Units of simulated time. simcore measures time in seconds (double); this header defines each
// larger unit exactly once and owns the text forms that configs and reports use ("90d", "4h",
// "12/y"). Parsing and formatting are locale-independent so outputs are byte-identical everywhere.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace satflow::simcore {

/// One second, the base unit of simulated time.
inline constexpr double kSecond = 1;
/// 60 s.
inline constexpr double kMinute = 60 * kSecond;
/// 3600 s.
inline constexpr double kHour = 60 * kMinute;
/// 86400 s (no leap seconds: simulated days are all equal).
inline constexpr double kDay = 24 * kHour;
/// 7 days.
inline constexpr double kWeek = 7 * kDay;
/// A month is exactly 30 days here (not a calendar month), so "6mo" is 180 days.
inline constexpr double kMonth = 30 * kDay;
/// A year is exactly 365 days here (no leap years), so "1y" is 8760 h and 12 months are 360 days.
inline constexpr double kYear = 365 * kDay;

/// Parses "<number><unit>" into seconds, unit one of s, min, h, d, w, mo, y (case-sensitive).
/// The number may be negative, fractional or use an exponent ("-2h", "1.5y", "1e3s").
/// Returns nullopt for empty text, a missing or unknown unit, any whitespace (so "3 d" and " 3d"
/// are rejected: trim first), a leading '+', trailing garbage, nan/inf, or a result that overflows.
std::optional<double> parse_duration(std::string_view text);

/// Parses "<number>/<unit>" (e.g. "12/y", "0.9/h") into events per second; units as in
/// parse_duration, no number in the denominator ("1/2d" is rejected). Returns nullopt for negative
/// or non-finite rates and for any text parse_duration would reject.
std::optional<double> parse_rate(std::string_view text);

/// The shortest text that reads back as exactly v (std::to_chars: locale-independent, so outputs are
/// byte-identical everywhere): 0.5 -> "0.5", 1e21 -> "1e+21".
std::string format_number(double v);

/// Formats seconds for tables with the largest unit whose value rounds to >= 1, at most 3
/// significant digits, trailing zeros trimmed: 129600 -> "1.5d", 7200 -> "2h", 0 -> "0s",
/// 400 d -> "1.1y". Sub-second values stay in seconds ("0.25s"); >= 1000 y prints whole years.
/// Non-finite input gives "nan", "inf" or "-inf". Locale-independent (std::to_chars).
std::string format_duration(double seconds);

/// The accepted duration units, for error messages: "s, min, h, d, w, mo (30 d), y (365 d)".
std::string_view duration_units_help();

/// Parses a calendar date "YYYY-MM-DD" (proleptic Gregorian) into days since 1970-01-01. Returns
/// nullopt for anything else, including impossible dates (2026-02-30).
std::optional<double> parse_date_days(std::string_view text);

/// Formats days since 1970-01-01 (fractions dropped) as "YYYY-MM-DD"; the inverse of parse_date_days.
std::string format_date(double days);

/// Parses a mass "100kg" or "1.8t" into kilograms; nullopt otherwise (negative included).
std::optional<double> parse_mass_kg(std::string_view text);

} // namespace satflow::simcore
