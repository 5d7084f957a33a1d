// Long-lead parts, their suppliers and export licences (MODEL.md, supply chain). An item orders
// each part it needs once, when it enters the part's order stage; a foreign supplier's part first
// waits for its export licence (held for a drawn extra delay with probability p), then for a free
// production slot at its supplier (orders of every programme share the supplier's capacity, FIFO),
// then for its lead time in that slot, then, when the supplier has newly localised it, for a
// qualification delay that falls with a learning curve (outside the slot: the part's own tests). The stage that needs
// the part does not start before it arrives: that wait is the item's `parts` time.
//
// Random draws: a part's lead and qualification from the stream "part:NAME", its licence and hold
// from "licence:NAME", both keyed by the item alone, so that an item draws the same whatever else
// changes (common random numbers), and the rest of the model draws what it drew without parts.
#pragma once

#include "models/mechanism.hpp"
#include "models/results.hpp"
#include "models/run_part.hpp"

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

namespace satflow::models {

struct SupplyChainHooks {
  std::function<void(std::uint32_t job)> arrived; ///< the job's waiting stage has all its parts: start it
};

class SupplyChain final : public Mechanism, private RunPart<SupplyChainHooks> {
public:
  using Hooks = SupplyChainHooks;

  /// Resolves every stage's parts and their suppliers; registers nothing when the scenario has none.
  /// Throws std::invalid_argument on an unknown supplier, stage or class (configs/ validates first).
  SupplyChain(const RunContext& context, const simcore::RandomStreams& streams, Hooks hooks);

  /// The job entered its current stage: places the orders of the parts ordered there, then returns
  /// whether the stage can start now. If not, the job waits (TimeKind::parts) until `arrived`.
  bool admit(std::uint32_t id) override;

  /// Hands the collector its parts and every order placed (ResultsCollector::parts_ordered).
  void report(ResultsCollector& collector) const override;

private:
  struct Part {
    const PartSpec* spec;
    std::uint32_t supplier;
    std::uint32_t need_stage;
    std::vector<bool> for_class;
    std::vector<bool> for_source;
    simcore::Stream draws;   // derive(key): derive(0) lead, derive(1) qualification
    simcore::Stream licence; // derive(key): derive(0) licence, derive(1) held?, derive(2) hold delay
    double prior_units = 0;  // of its supplier's qualification curve
    double rate = 1;
    std::uint64_t units = 0; // produced
  };
  struct Order {
    std::uint64_t key;            // the item's: keys the order's draws
    PartOrder record;             // its part, its item and its dates
    std::uint32_t waiter = kNone; // the job waiting for it at the stage that needs it
  };
  struct Supplier {
    int busy = 0;
    std::deque<std::uint32_t> queue; // orders waiting for a production slot, oldest first
  };
  struct ItemOrders { // per item slot: its orders of each part, kNone until placed
    std::uint64_t seq = UINT64_MAX;
    std::vector<std::uint32_t> order;
  };

  std::uint32_t root(std::uint32_t id) const;
  /// Whether the item (a job's root) needs part p.
  bool needs(std::uint32_t item, std::uint32_t p) const;
  ItemOrders& orders_of(std::uint32_t root);
  void place(std::uint32_t root, std::uint32_t part);
  void to_supplier(std::uint32_t order);
  void produce(std::uint32_t order);
  void produced(std::uint32_t order);
  void deliver(std::uint32_t order);

  std::vector<Part> parts_;
  std::vector<Supplier> suppliers_;
  std::vector<std::vector<std::uint32_t>> ordered_at_; // per stage: parts ordered on entering it
  std::vector<std::vector<std::uint32_t>> needed_at_;  // per stage: parts it cannot start without
  std::vector<Order> orders_;                          // every order placed, in order
  std::vector<ItemOrders> items_;                      // per job slot (items only)
  std::vector<std::uint32_t> missing_;                 // per job slot: parts its stage still waits for
};

} // namespace satflow::models
