// The small pieces every chart builder shares: nulls for what JSON cannot hold, encodings drawn from
// another field, and specs and layers put together in the order the pages hold them.
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

TEST(ChartUnits, ASpecIsItsTitleAndSizeThenItsBodyAndAViewIsItsRowsMarkAndEncoding) {
  using Json = nlohmann::ordered_json;
  const Json dots = view(inline_rows(Json::array({{{"v", 1}}})), "circle", {{"x", {{"field", "v"}}}});
  EXPECT_EQ(dots.dump(), R"({"data":{"values":[{"v":1}]},"mark":"circle","encoding":{"x":{"field":"v"}}})");
  EXPECT_EQ(view(rows_where("datum.v > 0"), "rule", Json::object()).dump(),
            R"({"transform":[{"filter":"datum.v > 0"}],"mark":"rule","encoding":{}})");
  EXPECT_EQ(chart_spec("t", 300, {{"step", 20}}, {{"layer", Json::array({dots})}, {"resolve", 1}}).dump(),
            R"({"title":"t","width":300,"height":{"step":20},"layer":[)" + dots.dump() + R"(],"resolve":1})");
}

} // namespace
} // namespace satflow::tools
