// Numbers as a person reads them, for every text table and page of satflow: at most four significant
// digits, never scientific notation, an exact zero as 0, shares as percentages. Machine outputs (JSON,
// CSV) keep full precision and never use these.
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

} // namespace satflow::tools
