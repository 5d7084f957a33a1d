#include "simcore/site_graph.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>

namespace satflow::simcore {
namespace {

SiteGraph triangle(double ab, double bc, double ac) {
  SiteGraph g;
  g.add_site({"a", {36.372, 127.363}});
  g.add_site({"b", {35.100, 128.080}});
  g.add_site({"c", {34.4319, 127.5350}});
  g.add_link(0, 1, {"", ab});
  g.add_link(1, 2, {"", bc});
  g.add_link(0, 2, {"", ac});
  return g;
}

TEST(SiteGraph, RoutesTheDirectLinkWhenItIsFastest) {
  const SiteGraph g = triangle(10, 10, 15);
  EXPECT_EQ(g.route(0, 2), std::vector<std::size_t>({2}));
  EXPECT_DOUBLE_EQ(g.route_latency_s(0, 2), 15);
}

TEST(SiteGraph, RoutesThroughAThirdSiteWhenThatIsFaster) {
  const SiteGraph g = triangle(10, 10, 25);
  EXPECT_EQ(g.route(0, 2), std::vector<std::size_t>({0, 1}));
  EXPECT_EQ(g.route(2, 0), std::vector<std::size_t>({1, 0}));
  EXPECT_DOUBLE_EQ(g.route_latency_s(0, 2), 20);
}

// The engine keeps a copy of the graph it was built from: the copy's links must be its own, not
// pointers into the original (which used to dangle once the original was gone).
TEST(SiteGraph, ACopyOwnsItsLinksAndRoutesAlone) {
  auto original = std::make_unique<SiteGraph>(triangle(10, 10, 25));
  const SiteGraph copy(*original);
  SiteGraph assigned;
  assigned = *original;
  for (const SiteGraph* g : {&copy, static_cast<const SiteGraph*>(&assigned)})
    for (std::size_t l = 0; l < 3; ++l) {
      EXPECT_NE(&g->link(l), &original->link(l));
      EXPECT_EQ(g->link(l).name, original->link(l).name);
      EXPECT_EQ(g->link_ends(l), original->link_ends(l));
    }
  original.reset();
  EXPECT_EQ(copy.link(2).name, "a--c");
  EXPECT_DOUBLE_EQ(copy.link(2).latency_s, 25);
  EXPECT_EQ(copy.route(0, 2), std::vector<std::size_t>({0, 1}));
  EXPECT_DOUBLE_EQ(assigned.route_latency_s(2, 0), 20);
}

TEST(SiteGraph, NamesLinksAndFindsSites) {
  const SiteGraph g = triangle(1, 1, 1);
  EXPECT_EQ(g.link(1).name, "b--c");
  EXPECT_EQ(g.site_by_name("c"), 2u);
  EXPECT_FALSE(g.site_by_name_or_null("d"));
  EXPECT_THROW(g.site_by_name("d"), std::invalid_argument);
  EXPECT_NEAR(g.distance_km(0, 1), 155.5, 0.05);
}

TEST(SiteGraph, ReportsUnreachableSites) {
  SiteGraph g;
  g.add_site({"a", {}});
  g.add_site({"b", {}});
  g.add_site({"island", {}});
  g.add_link(0, 1, {"", 1});
  EXPECT_TRUE(g.reachable(0, 1));
  EXPECT_FALSE(g.reachable(0, 2));
  EXPECT_TRUE(g.reachable(2, 2));
  EXPECT_THROW(g.route(0, 2), std::invalid_argument);
}

TEST(SiteGraph, RejectsDuplicatesAndSelfLoops) {
  SiteGraph g;
  g.add_site({"a", {}});
  EXPECT_THROW(g.add_site({"a", {}}), std::invalid_argument);
  EXPECT_THROW(g.add_link(0, 0, {}), std::invalid_argument);
  g.add_site({"b", {}});
  g.add_link(0, 1, {});
  EXPECT_THROW(g.add_link(1, 0, {"a--b", 1}), std::invalid_argument); // SimGrid needs unique link names
  EXPECT_EQ(g.link_count(), 1u);
}

TEST(SiteGraph, IntraSiteRouteIsEmptyWithTheSiteLatency) {
  SiteGraph g;
  g.add_site({"a", {}, 300});
  EXPECT_TRUE(g.route(0, 0).empty());
  EXPECT_DOUBLE_EQ(g.route_latency_s(0, 0), 300);
}

} // namespace
} // namespace satflow::simcore
