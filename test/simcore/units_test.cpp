#include "simcore/units.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace satflow::simcore {
namespace {

TEST(Units, ConstantsAreDefinedOnce) {
  EXPECT_EQ(kMinute, 60.0);
  EXPECT_EQ(kHour, 3600.0);
  EXPECT_EQ(kDay, 86400.0);
  EXPECT_EQ(kWeek, 604800.0);
  EXPECT_EQ(kMonth, 2592000.0); // 30 days
  EXPECT_EQ(kYear, 31536000.0); // 365 days
}

TEST(ParseDuration, AcceptsEveryUnit) {
  EXPECT_EQ(parse_duration("45s"), 45.0);
  EXPECT_EQ(parse_duration("30min"), 1800.0);
  EXPECT_EQ(parse_duration("4h"), 14400.0);
  EXPECT_EQ(parse_duration("90d"), 7776000.0);
  EXPECT_EQ(parse_duration("2w"), 1209600.0);
  EXPECT_EQ(parse_duration("6mo"), 15552000.0);  // 180 days
  EXPECT_EQ(parse_duration("1.5y"), 47304000.0); // 547.5 days
}

TEST(ParseDuration, AcceptsZeroNegativeAndExponent) {
  EXPECT_EQ(parse_duration("0d"), 0.0);
  EXPECT_FALSE(std::signbit(*parse_duration("-0d")));
  EXPECT_EQ(parse_duration("-2h"), -7200.0);
  EXPECT_EQ(parse_duration("1e3s"), 1000.0);
  EXPECT_EQ(parse_duration(".5h"), 1800.0);
}

TEST(ParseDuration, RejectsMalformedText) {
  for (const char* bad :
       {"",     "d",   "90",   "90x", "90 d",  " 90d",   "90d ",   "90dd",    "90D",   "+2h", "9m", "1.5.2d",
        "nand", "nan", "infd", "inf", "-infh", "1e400s", "1e306y", "2h30min", "0x10s", "1e",  "/d"}) {
    EXPECT_FALSE(parse_duration(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(ParseRate, ConvertsToEventsPerSecond) {
  EXPECT_DOUBLE_EQ(*parse_rate("12/y"), 12.0 / 31536000.0);
  EXPECT_DOUBLE_EQ(*parse_rate("0.9/h"), 0.00025);
  EXPECT_DOUBLE_EQ(*parse_rate("1/d"), 1.0 / 86400.0);
  EXPECT_EQ(parse_rate("0/d"), 0.0);
  EXPECT_DOUBLE_EQ(*parse_rate("3/min"), 0.05);
}

TEST(ParseRate, RejectsMalformedText) {
  for (const char* bad :
       {"", "12", "12y", "12/", "/y", "12/x", "-1/d", "1/2d", "1 /d", "1/ d", "nan/d", "inf/d", "12/y/y"}) {
    EXPECT_FALSE(parse_rate(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(FormatDuration, PicksLargestUnitAndThreeDigits) {
  EXPECT_EQ(format_duration(1.5 * 86400), "1.5d");
  EXPECT_EQ(format_duration(7200), "2h");
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(-0.0), "0s");
  EXPECT_EQ(format_duration(90 * 86400), "3mo");
  EXPECT_EQ(format_duration(400 * 86400), "1.1y"); // 1.0959 y
  EXPECT_EQ(format_duration(10 * 86400), "1.43w"); // 1.428571 w
  EXPECT_EQ(format_duration(45), "45s");
  EXPECT_EQ(format_duration(0.25), "0.25s");
  EXPECT_EQ(format_duration(5400), "1.5h");
  EXPECT_EQ(format_duration(-7200), "-2h");
  EXPECT_EQ(format_duration(123456), "1.43d"); // 1.428889 d
}

TEST(FormatDuration, RoundingUpMovesToTheNextUnit) {
  EXPECT_EQ(format_duration(59.9999), "1min"); // not "60s"
  EXPECT_EQ(format_duration(59.9), "59.9s");
  EXPECT_EQ(format_duration(2000.0 * kYear), "2000y"); // not "2e+03y"
  EXPECT_EQ(format_duration(12345.6 * kYear), "12346y");
}

TEST(FormatDuration, NonFinite) {
  EXPECT_EQ(format_duration(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(format_duration(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(format_duration(-std::numeric_limits<double>::infinity()), "-inf");
}

TEST(FormatDuration, RoundTripsThroughParse) {
  for (const char* text : {"5d", "2h", "1.5y", "3mo", "30min", "45s", "2w"}) {
    EXPECT_EQ(format_duration(*parse_duration(text)), text);
  }
}

TEST(Units, HelpListsEveryUnit) { EXPECT_EQ(duration_units_help(), "s, min, h, d, w, mo (30 d), y (365 d)"); }

} // namespace
} // namespace satflow::simcore

namespace satflow::simcore {
namespace {

TEST(ParseDate, CountsDaysSinceTheUnixEpoch) {
  EXPECT_EQ(parse_date_days("1970-01-01"), 0.0);
  EXPECT_EQ(parse_date_days("2000-03-01"), 11017.0); // after the leap day of a century leap year
  EXPECT_EQ(parse_date_days("2026-01-01"), 20454.0);
  EXPECT_EQ(*parse_date_days("2026-09-15") - *parse_date_days("2026-01-01"), 257.0);
  EXPECT_EQ(*parse_date_days("2025-01-01") - *parse_date_days("2024-01-01"), 366.0);
  EXPECT_FALSE(parse_date_days("2026-02-29"));
  EXPECT_TRUE(parse_date_days("2028-02-29"));
  EXPECT_FALSE(parse_date_days("2026-13-01"));
  EXPECT_FALSE(parse_date_days("2026-1-01"));
  EXPECT_FALSE(parse_date_days("90d"));
}

TEST(FormatDate, InvertsParseDate) {
  for (const char* date : {"1970-01-01", "2000-02-29", "2026-09-15", "2031-12-31"})
    EXPECT_EQ(format_date(*parse_date_days(date)), date);
  EXPECT_EQ(format_date(*parse_date_days("2026-01-01") + 0.75), "2026-01-01");
}

TEST(ParseMass, TakesKilogramsAndTonnes) {
  EXPECT_EQ(parse_mass_kg("100kg"), 100.0);
  EXPECT_EQ(parse_mass_kg("1.8t"), 1800.0);
  EXPECT_FALSE(parse_mass_kg("100"));
  EXPECT_FALSE(parse_mass_kg("-1kg"));
  EXPECT_FALSE(parse_mass_kg("kg"));
}

} // namespace
} // namespace satflow::simcore

namespace satflow::simcore {
namespace {

TEST(FormatNumber, IsTheShortestTextThatReadsBackExactly) {
  EXPECT_EQ(format_number(0.5), "0.5");
  EXPECT_EQ(format_number(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(format_number(1e21), "1e+21");
  EXPECT_EQ(format_number(-2), "-2");
  EXPECT_EQ(std::stod(format_number(0.1 + 0.2)), 0.1 + 0.2);
}

} // namespace
} // namespace satflow::simcore
