// The small site graphs of the kernel's tests, whose transfer times have known answers.
#pragma once

#include "simcore/site_graph.hpp"

namespace satflow::simcore::testing {

/// Sites a and b joined by one link of latency 3600 s and bandwidth 10 units/s (ARCHITECTURE.md
/// fact 1: a lone message of 1000 units takes 3600 + 100 s), each with an intra-site link of 60 s
/// and 100 units/s.
inline SiteGraph two_sites() {
  SiteGraph g;
  g.add_site({"a", {}, 60, 100});
  g.add_site({"b", {}, 60, 100});
  g.add_link(0, 1, {"", 3600, 10});
  return g;
}

/// two_sites() and a third site c, reachable only through b (400 s, 5 units/s).
inline SiteGraph three_sites() {
  SiteGraph g = two_sites();
  g.add_site({"c", {}, 60, 100});
  g.add_link(1, 2, {"", 400, 5});
  return g;
}

} // namespace satflow::simcore::testing
