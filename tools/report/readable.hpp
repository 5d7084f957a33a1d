// Numbers as a person reads them, for every text table and page of satflow: at most four significant
// digits, never scientific notation, an exact zero as 0, a negligible value (floating-point noise next
// to the value it is compared with) as ~0, shares as percentages and differences of shares in
// percentage points, a difference and its interval in one unit. Machine outputs (JSON, CSV) keep full
// precision and never use these.
#pragma once

#include <string>

namespace satflow::tools {

/// At most four significant digits, trailing zeros trimmed, no exponent: 0.05709 -> "0.05709",
/// 6.70712 -> "6.707", 123456.7 -> "123457" (whole numbers past four digits are rounded to units).
/// NaN -> "-"; an exact zero -> "0".
std::string readable_number(double v);

/// A fraction as a percentage with one decimal: 0.0571 -> "5.7%"; an exact zero -> "0%"; a nonzero
/// value that rounds to zero -> "<0.1%" (or "-<0.1%"); NaN -> "-".
std::string readable_percent(double fraction);

/// Seconds in the largest fitting unit, three significant digits, signed: -129600 -> "-1.5d"; NaN -> "-".
std::string readable_duration(double seconds);

/// What a quantity is, for the functions below: a duration in seconds, a share (a fraction in [0, 1])
/// or a plain number.
enum class Reading { duration, share, number };

/// A value: readable_duration, readable_percent or readable_number.
std::string readable_value(Reading reading, double v);

/// "[lower, upper]" in one unit (durations: the unit of the larger end, "[1.5d, 12.3d]"); "-" when
/// either end is not finite.
std::string readable_interval(Reading reading, double lower, double upper);

/// Whether `v` is floating-point noise beside `scale` (the magnitude of what it differs from): nonzero
/// and below 1e-9 of it (below 1e-12 when the scale is zero).
bool negligible(double v, double scale);

/// A signed difference with its interval, the three in one unit chosen for them: "+0.715h [-1.5h, +1.6h]";
/// shares in percentage points, "-4 pp [-4.5 pp, -3.5 pp]"; numbers "+0.1214 [-0.02, +0.26]". A value
/// negligible beside `scale` reads "~0" (the interval "[~0, ~0]" when both ends are); without the
/// interval when its ends are not finite; "-" for a NaN mean.
std::string readable_difference(Reading reading, double mean, double lower, double upper, double scale);

/// The interval of a difference alone, in the unit readable_difference would give it: "[-4.5 pp, -3.5 pp]"
/// for shares, "[-1.5h, +1.6h]"; "-" when either end is not finite.
std::string readable_difference_interval(Reading reading, double lower, double upper, double scale);

/// A relative change (a fraction) as a signed percentage, three significant digits: "+12.5%", "0%",
/// "~0%" when negligible; "-" for NaN.
std::string readable_change(double relative);

} // namespace satflow::tools
