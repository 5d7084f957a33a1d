// Geography of sites: great-circle distance between two points on the Earth's surface.
// The distance model of coordination latency starts from this number (MODEL.md, "Coordination link").
#pragma once

namespace satflow::simcore {

/// A point on the Earth, in decimal degrees (north and east positive).
struct GeoPoint {
  double lat_deg = 0;
  double lon_deg = 0;
};

/// Mean Earth radius used everywhere (IUGG mean radius R1), in km.
inline constexpr double kEarthRadiusKm = 6371.0088;

/// Great-circle (haversine) distance in km on a sphere of radius kEarthRadiusKm, by Boost.Geometry.
double great_circle_km(GeoPoint a, GeoPoint b);

} // namespace satflow::simcore
