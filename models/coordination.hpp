// The coordination links of a scenario: its explicit links plus, under a distance model, one link
// for every other pair of sites (or every pair with the hub) whose latency grows with distance and
// friction. The loader (to check connectivity) and the pipeline (to build the platform) both use it.
#pragma once

#include "models/scenario.hpp"
#include "simcore/site_graph.hpp"

#include <vector>

namespace satflow::models {

/// Latency of the distance model between two sites `km` apart, before friction, in seconds.
double distance_latency_s(const CoordinationSpec& model, double km);

/// Every link of the scenario, explicit ones first, then the distance model's in site order.
/// REQUIRES: every site named by links and friction exists (throws std::invalid_argument otherwise).
std::vector<LinkSpec> coordination_links(const Scenario& scenario);

/// The scenario's sites joined by its coordination links: what routes and transfers run over.
simcore::SiteGraph site_graph(const Scenario& scenario);

} // namespace satflow::models
