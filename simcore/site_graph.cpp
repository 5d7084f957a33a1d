#include "simcore/site_graph.hpp"

#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <algorithm>
#include <stdexcept>

namespace satflow::simcore {

SiteGraph::SiteGraph(const SiteGraph& other) : graph_(other.graph_) { index_links(); }

SiteGraph& SiteGraph::operator=(const SiteGraph& other) {
  if (this != &other) {
    graph_ = other.graph_;
    index_links();
  }
  return *this;
}

void SiteGraph::index_links() {
  const auto [first, last] = boost::edges(graph_);
  edges_.assign(first, last);
}

std::size_t SiteGraph::add_site(SiteProps site) {
  if (site_by_name_or_null(site.name))
    throw std::invalid_argument("duplicate site '" + site.name + "'");
  return boost::add_vertex(std::move(site), graph_);
}

std::size_t SiteGraph::add_link(std::size_t a, std::size_t b, LinkProps link) {
  if (a >= site_count() || b >= site_count())
    throw std::invalid_argument("add_link: unknown site index");
  if (a == b)
    throw std::invalid_argument("add_link: a link joins two different sites; use the intra-site latency instead");
  if (link.latency_s < 0 || !(link.bandwidth > 0))
    throw std::invalid_argument("add_link: latency must be >= 0 and bandwidth > 0");
  if (link.name.empty())
    link.name = graph_[a].name + "--" + graph_[b].name;
  for (const auto e : edges_) // SimGrid aborts on a second link of the same name
    if (graph_[e].name == link.name)
      throw std::invalid_argument("add_link: a link named '" + link.name + "' exists already");
  edges_.push_back(boost::add_edge(a, b, std::move(link), graph_).first);
  return edges_.size() - 1;
}

const LinkProps& SiteGraph::link(std::size_t index) const { return graph_[edges_.at(index)]; }

std::pair<std::size_t, std::size_t> SiteGraph::link_ends(std::size_t index) const {
  const auto e = edges_.at(index);
  return {boost::source(e, graph_), boost::target(e, graph_)};
}

std::size_t SiteGraph::site_by_name(std::string_view name) const {
  if (auto index = site_by_name_or_null(name))
    return *index;
  throw std::invalid_argument("unknown site '" + std::string(name) + "'");
}

std::optional<std::size_t> SiteGraph::site_by_name_or_null(std::string_view name) const {
  for (std::size_t v = 0; v < site_count(); ++v)
    if (graph_[v].name == name)
      return v;
  return std::nullopt;
}

double SiteGraph::distance_km(std::size_t a, std::size_t b) const {
  return great_circle_km(graph_[a].location, graph_[b].location);
}

std::vector<std::optional<std::size_t>> SiteGraph::shortest_tree(std::size_t source) const {
  const std::size_t n = site_count();
  std::vector<std::size_t> pred(n);
  std::vector<double> dist(n);
  boost::dijkstra_shortest_paths(
      graph_, source,
      boost::weight_map(boost::get(&LinkProps::latency_s, graph_))
          .predecessor_map(boost::make_iterator_property_map(pred.begin(), boost::get(boost::vertex_index, graph_)))
          .distance_map(boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, graph_))));
  std::vector<std::optional<std::size_t>> tree(n);
  for (std::size_t v = 0; v < n; ++v) {
    if (pred[v] == v)
      continue; // the source, or unreachable
    // Among parallel links between pred and v, take the lowest latency, then the lowest index.
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < edges_.size(); ++i) {
      const auto [s, t] = link_ends(i);
      if (!((s == pred[v] && t == v) || (s == v && t == pred[v])))
        continue;
      if (!best || link(i).latency_s < link(*best).latency_s)
        best = i;
    }
    tree[v] = best;
  }
  return tree;
}

std::vector<std::size_t> SiteGraph::route(std::size_t a, std::size_t b) const {
  if (a >= site_count() || b >= site_count())
    throw std::invalid_argument("route: unknown site index");
  std::vector<std::size_t> links;
  if (a == b)
    return links;
  const auto tree = shortest_tree(a);
  for (std::size_t v = b; v != a;) {
    if (!tree[v])
      throw std::invalid_argument("no route between sites '" + graph_[a].name + "' and '" + graph_[b].name + "'");
    links.push_back(*tree[v]);
    const auto [s, t] = link_ends(*tree[v]);
    v = (s == v) ? t : s;
  }
  std::reverse(links.begin(), links.end());
  return links;
}

bool SiteGraph::reachable(std::size_t a, std::size_t b) const { return a == b || shortest_tree(a).at(b).has_value(); }

double SiteGraph::route_latency_s(std::size_t a, std::size_t b) const {
  if (a == b)
    return graph_[a].intra_latency_s;
  double total = 0;
  for (std::size_t l : route(a, b))
    total += link(l).latency_s;
  return total;
}

} // namespace satflow::simcore
