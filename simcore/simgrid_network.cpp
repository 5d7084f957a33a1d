// The module libsatflow_simgrid.so: simcore's Network on SimGrid 3.32 (network.hpp). SimGrid's
// engine set up so that its network model means what satflow's parameters say: a message of size S
// over latency L and bandwidth B takes exactly L + S/B, and concurrent messages share B max-min
// (ARCHITECTURE.md fact 1); its clock advanced only as far as the transfers in flight need.
#include "simcore/network.hpp"

#include <simgrid/kernel/resource/Model.hpp>
#include <simgrid/kernel/resource/NetworkModelIntf.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>
#include <simgrid/s4u/NetZone.hpp>
#include <xbt/log.h>

#include <limits>
#include <set>
#include <stdexcept>
#include <vector>

namespace satflow::simcore {
namespace {

namespace s4u = simgrid::s4u;
constexpr double kForever = std::numeric_limits<double>::infinity();

void create_simgrid_engine(bool kernel_logs) {
  if (s4u::Engine::is_initialized())
    throw std::logic_error("a SimGrid engine already exists in this process; run each simulation in its own process");
  // Thresholds first: the configuration calls below log at INFO level.
  xbt_log_control_set(kernel_logs ? "root.thresh:info" : "root.thresh:critical");
  static int argc = 1;
  static char name[] = "satflow";
  static char* argv[] = {name, nullptr};
  new s4u::Engine(&argc, argv); // lives until the process exits; the first zone becomes its root
  // Fact 1: CM02 without cross-traffic and without the TCP window cap, so that latency is latency and
  // bandwidth is shared max-min. Must run before the first zone exists (fact 6).
  s4u::Engine::set_config("network/model:CM02");
  s4u::Engine::set_config("network/crosstraffic:0");
  s4u::Engine::set_config("network/TCP-gamma:0");
}

std::vector<s4u::Host*> create_platform(const PlatformSpec& spec) {
  auto* zone = s4u::create_full_zone("satflow");
  std::vector<s4u::Host*> hosts;
  for (const PlatformSpec::Site& site : spec.sites) {
    auto* host = zone->create_host(site.name, 1e9)->seal();
    hosts.push_back(host);
    auto* loop =
        zone->create_link(site.name + "/intra", site.intra_bytes_per_s)->set_latency(site.intra_latency_s)->seal();
    zone->add_route(host->get_netpoint(), host->get_netpoint(), nullptr, nullptr, {s4u::LinkInRoute(loop)}, false);
  }
  std::vector<s4u::Link*> links;
  for (const PlatformSpec::Link& link : spec.links)
    links.push_back(zone->create_link(link.name, link.bytes_per_s)->set_latency(link.latency_s)->seal());
  for (const PlatformSpec::Route& r : spec.routes) {
    std::vector<s4u::LinkInRoute> route;
    for (std::size_t l : r.links)
      route.emplace_back(links.at(l));
    zone->add_route(hosts.at(r.a)->get_netpoint(), hosts.at(r.b)->get_netpoint(), nullptr, nullptr, route, true);
  }
  zone->seal();
  return hosts;
}

class SimGridNetwork final : public Network {
public:
  explicit SimGridNetwork(const PlatformSpec& spec) {
    create_simgrid_engine(spec.kernel_logs);
    hosts_ = create_platform(spec);
    // SimGrid's completion signal is process-wide and cannot be disconnected; this network lives as
    // long as the process, so it is connected once, here.
    s4u::Activity::on_completion_cb([this](const s4u::Activity& a) { completed(a); });
    auto* engine = s4u::Engine::get_instance();
    engine->track_vetoed_activities(&delivered_);
    network_ = dynamic_cast<simgrid::kernel::resource::Model*>(engine->get_netzone_root()->get_network_model());
  }

  double clock() const override { return s4u::Engine::get_clock(); }

  // SimGrid's network model (CM02), asked for the date of its next event (ARCHITECTURE.md, "Event
  // calendar", fact 5) so that local events before that date run without a turn of SimGrid's loop.
  // If the cast failed, every date is the network's: SimGrid is then advanced to every local date
  // while transfers are in flight, which is correct, only slower.
  double next_event_date() override {
    if (network_ == nullptr)
      return -kForever;
    if (network_date_ == kUnknown) {
      // The same sum as EngineImpl::solve() makes (clock + the model's delay), so the same bits.
      const double clock = s4u::Engine::get_clock();
      const double delay = network_->next_occurring_event(clock);
      network_date_ = delay < 0 ? kForever : clock + delay;
    }
    return network_date_;
  }

  // SimGrid's run_until() may return up to 1e-5 s short of the date asked for (fact 3), so it is
  // called again until the clock is there; it refuses a date before its clock, hence the `<` test.
  bool advance(double date, std::vector<Completion>& completed) override {
    completed_ = &completed;
    const std::size_t before = completed.size();
    auto* engine = s4u::Engine::get_instance();
    for (double clock = s4u::Engine::get_clock(); clock < date;) {
      delivered_.clear();
      if (date == kForever)
        engine->run();
      else
        engine->run_until(date);
      finished_.clear();
      network_date_ = kUnknown;
      const double reached = s4u::Engine::get_clock();
      if (!delivered_.empty() || !(reached > clock))
        break; // stopped at a completion, or nothing left in SimGrid
      clock = reached;
    }
    delivered_.clear();
    completed_ = nullptr;
    return completed.size() > before;
  }

  void start(std::size_t src, std::size_t dst, std::uint64_t bytes, std::uint32_t id) override {
    // A comm not yet started is "vetoed" and would go into the set SimGrid tracks (a node allocated
    // and freed for nothing): the tracking is off until it has started.
    auto* engine = s4u::Engine::get_instance();
    engine->track_vetoed_activities(nullptr);
    auto comm = s4u::Comm::sendto_init(hosts_.at(src), hosts_.at(dst));
    comm->set_payload_size(bytes);
    // The id plus one rides as the comm's user data, so that a completion finds its slot without a
    // look-up (a hash map cost a node and two look-ups a transfer).
    comm->set_data(reinterpret_cast<void*>(std::uintptr_t{id} + 1));
    if (id >= comms_.size())
      comms_.resize(id + 1);
    comms_[id] = comm;
    comm->start();
    engine->track_vetoed_activities(&delivered_);
    network_date_ = kUnknown; // one more flow: the sharing changes
  }

  // A started comm must be cancelled before it is released (releasing it aborts), and a detached one
  // would never be freed (SimGrid keeps it until it completes, which it no longer will; the asan
  // preset reported them as leaked). They leave their slots first, so that a completion signal fired
  // by the cancellation finds nothing to deliver.
  void cancel_all() override {
    auto in_flight = std::move(comms_);
    comms_.clear();
    for (auto& comm : in_flight)
      if (comm)
        comm->cancel();
    finished_.clear();
  }

private:
  static constexpr double kUnknown = -1;

  // Inside SimGrid, from its completion signal: records the id and keeps the comm until SimGrid has
  // returned (releasing it there frees memory SimGrid still uses).
  void completed(const s4u::Activity& a) {
    const std::uintptr_t id = reinterpret_cast<std::uintptr_t>(a.get_data<void>()) - 1; // huge if none
    if (id >= comms_.size() || comms_[id].get() != &a || completed_ == nullptr)
      return; // not one of ours (or cancelled: it left its slot first)
    completed_->push_back({static_cast<std::uint32_t>(id), s4u::Engine::get_clock()});
    delivered_.insert(comms_[id].get());
    finished_.push_back(std::move(comms_[id]));
    comms_[id] = nullptr;
  }

  std::vector<s4u::Host*> hosts_;
  std::vector<s4u::CommPtr> comms_; // by id; keeps a comm alive until it completes (fact 3)
  // SimGrid's "vetoed activities" set, which ends its main loop after any turn that left it non-empty
  // (ARCHITECTURE.md, "Event calendar", fact 4): each completed comm goes in it, so that SimGrid
  // returns at the first completion date and the completion's callback can schedule events before the
  // date SimGrid was asked to reach.
  std::set<s4u::Activity*> delivered_;
  std::vector<s4u::CommPtr> finished_;
  std::vector<Completion>* completed_ = nullptr; // advance()'s answer, while it runs
  simgrid::kernel::resource::Model* network_ = nullptr;
  double network_date_ = kUnknown; // the cached answer; kUnknown after SimGrid moved or a transfer started
};

} // namespace
} // namespace satflow::simcore

extern "C" satflow::simcore::Network* satflow_build_network(const satflow::simcore::PlatformSpec* platform) {
  return new satflow::simcore::SimGridNetwork(*platform); // lives until the process exits, like SimGrid's engine
}
