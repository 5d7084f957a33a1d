#include "tools/report/readable.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace satflow::tools {
namespace {

TEST(Readable, NumbersHaveAtMostFourSignificantDigitsAndNoExponent) {
  EXPECT_EQ(readable_number(0.05709), "0.05709");
  EXPECT_EQ(readable_number(6.70712), "6.707");
  EXPECT_EQ(readable_number(7.93035e+07), "79303500");
  EXPECT_EQ(readable_number(-5.649e-05), "-0.00005649");
  EXPECT_EQ(readable_number(0), "0");
  EXPECT_EQ(readable_number(NAN), "-");
}

TEST(Readable, ValuesReadByWhatTheyAre) {
  EXPECT_EQ(readable_value(Reading::share, 0.05709), "5.7%");
  EXPECT_EQ(readable_value(Reading::duration, -129600), "-1.5d");
  EXPECT_EQ(readable_value(Reading::number, 6.70712), "6.707");
}

TEST(Readable, AnIntervalOfDurationsIsInOneUnit) {
  EXPECT_EQ(readable_interval(Reading::duration, -1.04 * 86400, 1.1 * 86400), "[-1.04d, 1.1d]");
  EXPECT_EQ(readable_interval(Reading::duration, 3 * 3600, 2 * 86400), "[0.125d, 2d]");
  EXPECT_EQ(readable_interval(Reading::share, NAN, 0.1), "-");
}

TEST(Readable, ADifferenceAndItsIntervalShareOneUnit) {
  // The line: +42.9min [-1.04d, 1.1d] mixed minutes and days.
  EXPECT_EQ(readable_difference(Reading::duration, 42.9 * 60, -1.04 * 86400, 1.1 * 86400, 2.5 * 365 * 86400),
            "+0.0298d [-1.04d, +1.1d]");
  EXPECT_EQ(readable_difference(Reading::duration, 42.9 * 60, -1.5 * 3600, 1.6 * 3600, 86400),
            "+0.715h [-1.5h, +1.6h]");
  EXPECT_EQ(readable_difference(Reading::share, -0.04, -0.045, -0.035, 0.3), "-4 pp [-4.5 pp, -3.5 pp]");
  EXPECT_EQ(readable_difference(Reading::number, 0.1214, -0.02, 0.26, 6.7), "+0.1214 [-0.02, +0.26]");
  EXPECT_EQ(readable_difference(Reading::number, 0.5, NAN, NAN, 6.7), "+0.5");
  EXPECT_EQ(readable_difference(Reading::number, NAN, 0, 1, 1), "-");
  // The interval alone, as a difference's: shares in points, signed, one unit.
  EXPECT_EQ(readable_difference_interval(Reading::share, -0.045, -0.035, 0.3), "[-4.5 pp, -3.5 pp]");
  EXPECT_EQ(readable_difference_interval(Reading::duration, -1.5 * 3600, 1.6 * 3600, 86400), "[-1.5h, +1.6h]");
  EXPECT_EQ(readable_difference_interval(Reading::share, NAN, 0.1, 1), "-");
}

TEST(Readable, FloatingPointNoiseReadsAsNegligibleAndAnExactZeroAsZero) {
  EXPECT_EQ(readable_difference(Reading::share, 8.882e-18, -1e-17, 2e-17, 0.05), "~0 [~0, ~0]");
  EXPECT_EQ(readable_difference(Reading::duration, 0, 0, 0, 1e7), "0s [0s, 0s]");
  EXPECT_EQ(readable_change(1.32e-18), "~0%");
  EXPECT_EQ(readable_change(0), "0%");
  EXPECT_EQ(readable_change(-0.711), "-71.1%");
  EXPECT_EQ(readable_change(0.125), "+12.5%");
  EXPECT_TRUE(negligible(1e-13, 0));
  EXPECT_FALSE(negligible(1e-3, 0.5));
  EXPECT_FALSE(negligible(0, 1));
}

} // namespace
} // namespace satflow::tools
