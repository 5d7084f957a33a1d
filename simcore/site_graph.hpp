// The site graph: hubs (vertices) and coordination links (edges) as a Boost.Graph with bundled
// properties, and the shortest-latency routes between every pair of sites. The Engine turns it
// into a SimGrid platform; the models read distances and routes from it.
#pragma once

#include "simcore/geo.hpp"

#include <boost/graph/adjacency_list.hpp>

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace satflow::simcore {

/// A hub. Coordination between two functions on the same site uses its intra-site link.
struct SiteProps {
  std::string name;
  GeoPoint location;
  double intra_latency_s = 0;                                       ///< Default: 0 (instantaneous)
  double intra_bandwidth = std::numeric_limits<double>::infinity(); ///< coordination units per second
};

/// A direct coordination link between two sites; concurrent exchanges share its bandwidth.
struct LinkProps {
  std::string name;                                           ///< unique; "a--b" when left empty
  double latency_s = 0;                                       ///< REQUIRES: >= 0
  double bandwidth = std::numeric_limits<double>::infinity(); ///< coordination units per second, > 0
};

class SiteGraph {
public:
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, SiteProps, LinkProps>;

  SiteGraph() = default;
  // An edge descriptor points into its own graph's storage: a copy re-indexes its links (moves copy too).
  SiteGraph(const SiteGraph& other);
  SiteGraph& operator=(const SiteGraph& other);
  ~SiteGraph() = default;

  /// Adds a site and returns its index (0, 1, ... in insertion order). Throws std::invalid_argument on a duplicate
  /// name.
  std::size_t add_site(SiteProps site);
  /// Adds an undirected link and returns its index. Throws std::invalid_argument on an unknown site or a self-loop.
  std::size_t add_link(std::size_t a, std::size_t b, LinkProps link);

  std::size_t site_count() const { return boost::num_vertices(graph_); }
  std::size_t link_count() const { return boost::num_edges(graph_); }
  const SiteProps& site(std::size_t index) const { return graph_[index]; }
  const LinkProps& link(std::size_t index) const;
  /// The two sites a link joins, in the order given to add_link.
  std::pair<std::size_t, std::size_t> link_ends(std::size_t index) const;

  /// Site index by name. Throws std::invalid_argument when there is none.
  std::size_t site_by_name(std::string_view name) const;
  std::optional<std::size_t> site_by_name_or_null(std::string_view name) const;

  /// Great-circle distance between two sites, in km.
  double distance_km(std::size_t a, std::size_t b) const;

  /// Link indices along the shortest-latency path from a to b (empty when a == b).
  /// Ties between equal-latency paths break deterministically (Dijkstra over vertex order).
  /// Throws std::invalid_argument when b cannot be reached from a.
  std::vector<std::size_t> route(std::size_t a, std::size_t b) const;
  /// Whether a route exists (always true for a == b).
  bool reachable(std::size_t a, std::size_t b) const;
  /// Sum of link latencies along route(a, b); the intra-site latency when a == b.
  double route_latency_s(std::size_t a, std::size_t b) const;

  const Graph& graph() const { return graph_; }

private:
  /// predecessor edge of every vertex on the shortest-latency tree rooted at source.
  std::vector<std::optional<std::size_t>> shortest_tree(std::size_t source) const;
  /// Link index -> this graph's edge descriptor (edges iterate in the order they were added).
  void index_links();

  Graph graph_;
  std::vector<Graph::edge_descriptor> edges_; // by link index
};

} // namespace satflow::simcore
