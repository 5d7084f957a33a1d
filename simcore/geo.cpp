#include "simcore/geo.hpp"

#include <boost/geometry.hpp>

namespace satflow::simcore {

double great_circle_km(GeoPoint a, GeoPoint b) {
  namespace bg = boost::geometry;
  using Point = bg::model::point<double, 2, bg::cs::spherical_equatorial<bg::degree>>;
  // Boost.Geometry's spherical points are (longitude, latitude).
  const Point pa(a.lon_deg, a.lat_deg);
  const Point pb(b.lon_deg, b.lat_deg);
  return bg::distance(pa, pb, bg::strategy::distance::haversine<double>(kEarthRadiusKm));
}

} // namespace satflow::simcore
