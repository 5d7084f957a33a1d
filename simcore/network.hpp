// SimGrid's side of simcore: its engine, the platform and the coordination transfers over links with
// a bandwidth limit, behind an interface the Scheduler calls. It lives in a module of its own,
// libsatflow_simgrid.so, that is opened the first time a run needs SimGrid (build_network()): loading
// libsimgrid and the 21 libraries it brings costs a process about 23 ms and 78 M instructions
// (bench/README), more than a whole M/M/1 run's kernel, and a run whose routes have no bandwidth
// limit never needs it. Only the module includes SimGrid; this header and its callers do not.
//
// Runners that fork children (process_pool) call preload_network_module() once before they fork,
// so that a child needing SimGrid finds it already mapped instead of loading it again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace satflow::simcore {

/// A platform in plain data, in SimGrid's units: one host per site with an intra-site link, one link
/// per graph edge, and a route (a list of link indices) for every connected pair of distinct sites.
struct PlatformSpec {
  struct Site {
    std::string name;
    double intra_bytes_per_s = 0;
    double intra_latency_s = 0;
  };
  struct Link {
    std::string name;
    double bytes_per_s = 0;
    double latency_s = 0;
  };
  struct Route {
    std::size_t a = 0, b = 0;       ///< a < b; the route serves both directions
    std::vector<std::size_t> links; ///< indices into links, from a to b
  };
  std::vector<Site> sites;
  std::vector<Link> links;
  std::vector<Route> routes;
  bool kernel_logs = false; ///< SimGrid's own log lines. Default: off
};

/// A transfer that arrived: the id start() gave it, and SimGrid's clock when it did.
struct Completion {
  std::uint32_t id = 0;
  double date_s = 0;
};

/// SimGrid's engine with one platform, and the transfers in flight on it. There is at most one per
/// process (SimGrid's engine is a singleton); it lives until the process exits.
class Network {
public:
  virtual ~Network() = default;

  /// SimGrid's clock, in seconds. It moves only in advance().
  virtual double clock() const = 0;
  /// Date of the network model's next event (the end of a latency, a completion); infinite if none,
  /// minus infinite if the model cannot be asked (then every date is one to advance to).
  virtual double next_event_date() = 0;
  /// Brings SimGrid's clock towards `date` (infinite: as far as the transfers in flight need),
  /// stopping at the first date at which transfers complete; appends them, in SimGrid's order, to
  /// `completed`. Returns whether any completed.
  virtual bool advance(double date, std::vector<Completion>& completed) = 0;
  /// Starts a transfer of `bytes` from site src to site dst at SimGrid's clock; `id` names it in
  /// advance()'s answer. REQUIRES: the sites have a route; id is not in flight.
  virtual void start(std::size_t src, std::size_t dst, std::uint64_t bytes, std::uint32_t id) = 0;
  /// Cancels every transfer in flight; none of them completes.
  virtual void cancel_all() = 0;
};

/// Builds SimGrid's engine and the platform, opening the module first if needed. Throws
/// std::logic_error if a network was built already in this process, std::runtime_error if the module
/// cannot be opened (the message names its path and why).
Network& build_network(const PlatformSpec& platform);

/// Opens the module (and so libsimgrid) without building anything; idempotent. Returns false if it
/// cannot be opened: that is left for build_network() to report, if a run needs the module at all.
bool preload_network_module();

} // namespace satflow::simcore

/// The module's only entry point, looked up by name: builds the process's network. C linkage, so
/// that its name is the symbol's.
extern "C" satflow::simcore::Network* satflow_build_network(const satflow::simcore::PlatformSpec* platform);
