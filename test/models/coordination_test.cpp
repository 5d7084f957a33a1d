#include "models/coordination.hpp"

#include "simcore/units.hpp"

#include <gtest/gtest.h>

namespace satflow::models {
namespace {

using simcore::kDay;
using simcore::kMinute;

Scenario korea() {
  Scenario sc;
  sc.sites = {{"daejeon", {36.372, 127.363}}, {"sacheon", {35.100, 128.080}}, {"naro", {34.4319, 127.5350}}};
  CoordinationSpec model;
  model.step_s = 0.4 * kDay;
  model.per_km_s = 7 * kMinute;
  model.bandwidth = 4 / kDay;
  sc.coordination = model;
  return sc;
}

const LinkSpec& link_between(const std::vector<LinkSpec>& links, const std::string& a, const std::string& b) {
  for (const auto& l : links)
    if ((l.a == a && l.b == b) || (l.a == b && l.b == a))
      return l;
  throw std::runtime_error("no link " + a + "--" + b);
}

TEST(Coordination, LatencyIsAStepPlusASlopeOverTheGreatCircle) {
  const auto links = coordination_links(korea());
  ASSERT_EQ(links.size(), 3u);
  // DOMAIN-DATA 1.2: 155.5 km and 89.4 km.
  EXPECT_NEAR(link_between(links, "daejeon", "sacheon").latency_s, 0.4 * kDay + 155.5 * 7 * kMinute, 60);
  EXPECT_NEAR(link_between(links, "sacheon", "naro").latency_s, 0.4 * kDay + 89.4 * 7 * kMinute, 60);
  EXPECT_DOUBLE_EQ(link_between(links, "sacheon", "naro").bandwidth, 4 / kDay);
}

TEST(Coordination, CoLocatedSitesHaveNoStep) {
  EXPECT_EQ(distance_latency_s(*korea().coordination, 0), 0);
  EXPECT_DOUBLE_EQ(distance_latency_s(*korea().coordination, 10), 0.4 * kDay + 70 * kMinute);
}

TEST(Coordination, FrictionMultipliesOnlyItsPair) {
  Scenario sc = korea();
  const auto before = coordination_links(sc);
  sc.coordination->friction.push_back({"sacheon", "daejeon", 1.5});
  const auto after = coordination_links(sc);
  EXPECT_DOUBLE_EQ(link_between(after, "daejeon", "sacheon").latency_s,
                   1.5 * link_between(before, "daejeon", "sacheon").latency_s);
  EXPECT_DOUBLE_EQ(link_between(after, "daejeon", "naro").latency_s, link_between(before, "daejeon", "naro").latency_s);
  EXPECT_DOUBLE_EQ(link_between(after, "sacheon", "naro").latency_s, link_between(before, "sacheon", "naro").latency_s);
}

TEST(Coordination, AHubKeepsOnlyThePairsWithTheHub) {
  Scenario sc = korea();
  sc.coordination->hub = "sacheon";
  const auto links = coordination_links(sc);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_THROW(link_between(links, "daejeon", "naro"), std::runtime_error);
}

TEST(Coordination, ExplicitLinksWinOverTheModel) {
  Scenario sc = korea();
  sc.links.push_back({"naro", "daejeon", 3600, 1});
  const auto links = coordination_links(sc);
  ASSERT_EQ(links.size(), 3u);
  EXPECT_DOUBLE_EQ(link_between(links, "daejeon", "naro").latency_s, 3600);
}

TEST(Coordination, RefusesFrictionOnUnknownSites) {
  Scenario sc = korea();
  sc.coordination->friction.push_back({"seoul", "daejeon", 2});
  EXPECT_THROW(coordination_links(sc), std::invalid_argument);
}

} // namespace
} // namespace satflow::models
