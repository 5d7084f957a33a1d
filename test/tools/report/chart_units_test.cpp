// The small pieces every chart builder shares: nulls for what JSON cannot hold, and encodings
// drawn from another field.
#include "tools/report/chart_units.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace satflow::tools {
namespace {

TEST(ChartUnits, NumbersJsonCannotHoldBecomeNull) {
  EXPECT_EQ(finite_or_null(2.5).dump(), "2.5");
  EXPECT_EQ(finite_or_null(0).dump(), "0.0");
  EXPECT_EQ(finite_or_null(std::nan("")).dump(), "null");
  EXPECT_EQ(finite_or_null(-std::numeric_limits<double>::infinity()).dump(), "null");
}

TEST(ChartUnits, WithFieldSetsTheFieldAndKeepsTheRestInOrder) {
  const nlohmann::ordered_json x = {{"type", "quantitative"}, {"title", "days"}};
  EXPECT_EQ(with_field(x, "lo").dump(), R"({"type":"quantitative","title":"days","field":"lo"})");
  EXPECT_EQ(with_field(with_field(x, "lo"), "hi").dump(), R"({"type":"quantitative","title":"days","field":"hi"})");
  EXPECT_EQ(x.dump(), R"({"type":"quantitative","title":"days"})"); // a copy: the axis serves other fields
}

} // namespace
} // namespace satflow::tools
