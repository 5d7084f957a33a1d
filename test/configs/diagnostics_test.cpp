#include "configs/diagnostics.hpp"

#include <gtest/gtest.h>

namespace satflow::configs {
namespace {

TEST(Diagnostic, FormatsWhereKeyAndMessage) {
  EXPECT_EQ((Diagnostic{"a.yaml:3:7", "stations.tvac.capacity", "expected an integer >= 1, got 0"}.format()),
            "a.yaml:3:7: stations.tvac.capacity: expected an integer >= 1, got 0");
  EXPECT_EQ((Diagnostic{"a.yaml", "", "cannot open the file"}.format()), "a.yaml: cannot open the file");
}

TEST(ClosestMatch, SuggestsTyposOnly) {
  const std::vector<std::string> keys{"capacity", "site", "discipline"};
  EXPECT_EQ(closest_match("capacty", keys), "capacity");
  EXPECT_EQ(closest_match("sit", keys), "site");
  EXPECT_EQ(closest_match("disciplin", keys), "discipline");
  EXPECT_EQ(closest_match("colour", keys), "");
  EXPECT_EQ(closest_match("triangle", {"triangular", "uniform"}), "triangular");
  EXPECT_EQ(closest_match("x", keys), "");
}

} // namespace
} // namespace satflow::configs
