#include "simcore/geo.hpp"

#include <gtest/gtest.h>

namespace satflow::simcore {
namespace {

constexpr GeoPoint kDaejeon{36.372, 127.363};
constexpr GeoPoint kSacheon{35.100, 128.080};
constexpr GeoPoint kNaro{34.4319, 127.5350};

// Reference distances: DOMAIN-DATA.md section 1.2, computed there independently by haversine.
TEST(GreatCircle, MatchesTheDomainDataTable) {
  EXPECT_NEAR(great_circle_km(kDaejeon, kSacheon), 155.5, 0.05);
  EXPECT_NEAR(great_circle_km(kDaejeon, kNaro), 216.3, 0.05);
  EXPECT_NEAR(great_circle_km(kSacheon, kNaro), 89.4, 0.05);
}

TEST(GreatCircle, IsSymmetricAndZeroOnTheSamePoint) {
  EXPECT_DOUBLE_EQ(great_circle_km(kDaejeon, kNaro), great_circle_km(kNaro, kDaejeon));
  EXPECT_EQ(great_circle_km(kSacheon, kSacheon), 0.0);
}

TEST(GreatCircle, QuarterMeridianIsAQuarterOfTheCircumference) {
  const double quarter = 3.14159265358979323846 / 2 * kEarthRadiusKm;
  EXPECT_NEAR(great_circle_km({0, 0}, {90, 0}), quarter, 1e-6);
  EXPECT_NEAR(great_circle_km({0, 0}, {0, 90}), quarter, 1e-6);
}

} // namespace
} // namespace satflow::simcore
