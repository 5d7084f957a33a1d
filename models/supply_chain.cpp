#include "models/supply_chain.hpp"

#include "models/learning.hpp"
#include "models/results_collector.hpp"

#include <algorithm>

namespace satflow::models {
namespace {

/// Every stage spec, branches after the stage that holds them (document order).
void collect(const std::vector<StageSpec>& stages, std::vector<const StageSpec*>& out) {
  for (const auto& s : stages) {
    out.push_back(&s);
    for (const auto& branch : s.branches)
      collect(branch, out);
  }
}

} // namespace

SupplyChain::SupplyChain(const RunContext& context, const simcore::RandomStreams& streams, Hooks hooks)
    : RunPart(context, std::move(hooks)), suppliers_(context.scenario.suppliers.size()),
      ordered_at_(context.stages.size()), needed_at_(context.stages.size()) {
  const Scenario& sc = ctx_.scenario;
  std::vector<const StageSpec*> specs;
  collect(sc.stages, specs);
  for (const StageSpec* spec : specs) {
    for (const PartSpec& ps : spec->parts) {
      Part part{&ps,
                index_of(sc.suppliers, ps.supplier, "supplier"),
                ctx_.stages.index(spec->name),
                std::vector<bool>(sc.classes.size(), ps.classes.empty()),
                std::vector<bool>(sc.arrivals.size(), ps.sources.empty()),
                streams.stream("part:" + ps.name),
                streams.stream("licence:" + ps.name)};
      for (const auto& c : ps.classes)
        part.for_class[index_of(sc.classes, c, "class")] = true;
      for (const auto& a : ps.sources)
        part.for_source[index_of(sc.arrivals, a, "arrival source")] = true;
      const SupplierSpec& sup = sc.suppliers[part.supplier];
      if (!sup.qualification_learning.empty()) {
        const LearningSpec& curve = sc.learning[index_of(sc.learning, sup.qualification_learning, "learning curve")];
        part.rate = curve.rate;
        part.prior_units = curve.prior_units;
      }
      const auto p = static_cast<std::uint32_t>(parts_.size());
      needed_at_[part.need_stage].push_back(p);
      if (!ps.order_at.empty())
        ordered_at_[ctx_.stages.index(ps.order_at)].push_back(p);
      parts_.push_back(std::move(part));
    }
  }
}

bool SupplyChain::admit(std::uint32_t id) {
  if (parts_.empty())
    return true;
  const std::uint32_t stage = ctx_.jobs[id].stage;
  if (ordered_at_[stage].empty() && needed_at_[stage].empty())
    return true;
  const std::uint32_t item = root(id);
  for (std::uint32_t p : ordered_at_[stage])
    if (needs(item, p) && orders_of(item).order[p] == kNone)
      place(item, p);
  std::uint32_t missing = 0;
  for (std::uint32_t p : needed_at_[stage]) {
    if (!needs(item, p))
      continue;
    if (orders_of(item).order[p] == kNone) // its order stage was not on the item's way: order now
      place(item, p);
    Order& o = orders_[orders_of(item).order[p]];
    if (o.record.needed_s >= 0) // a later visit of the stage: the part is in hand
      continue;
    o.record.needed_s = ctx_.sched.now();
    if (o.record.delivered_s < 0) {
      o.waiter = id;
      ++missing;
    }
  }
  if (missing == 0)
    return true;
  if (missing_.size() <= id)
    missing_.resize(id + 1);
  missing_[id] = missing;
  ctx_.switch_to(ctx_.jobs[id], TimeKind::parts);
  ctx_.trace_state(id, ctx_.stages[stage].trace_parts);
  return false;
}

/// The item a job works for: itself, or the item of a parallel branch.
std::uint32_t SupplyChain::root(std::uint32_t id) const {
  while (ctx_.jobs[id].parent != kNone)
    id = ctx_.jobs[id].parent;
  return id;
}

bool SupplyChain::needs(std::uint32_t item, std::uint32_t p) const {
  const ItemRecord& r = ctx_.jobs[item].record;
  return parts_[p].for_class[r.item_class] && parts_[p].for_source[r.source];
}

SupplyChain::ItemOrders& SupplyChain::orders_of(std::uint32_t item) {
  if (items_.size() <= item)
    items_.resize(item + 1);
  ItemOrders& io = items_[item];
  if (io.seq != ctx_.jobs[item].seq) { // the slot holds a new item
    io.seq = ctx_.jobs[item].seq;
    io.order.assign(parts_.size(), kNone);
  }
  return io;
}

void SupplyChain::place(std::uint32_t item, std::uint32_t p) {
  const Job& job = ctx_.jobs[item];
  const double now = ctx_.sched.now();
  const auto o = static_cast<std::uint32_t>(orders_.size());
  Order order{job.key, {}};
  order.record.item = job.seq;
  order.record.part = p;
  order.record.ordered_s = now;
  orders_.push_back(order);
  orders_of(item).order[p] = o;
  const SupplierSpec& sup = ctx_.scenario.suppliers[parts_[p].supplier];
  if (!sup.export_licence) {
    orders_[o].record.released_s = now;
    to_supplier(o);
    return;
  }
  const simcore::Stream draws = parts_[p].licence.derive(job.key);
  simcore::Stream licence = draws.derive(0);
  double wait = sup.export_licence->sample(licence);
  if (sup.hold_p > 0 && draws.derive(1).uniform01() < sup.hold_p) {
    simcore::Stream hold = draws.derive(2);
    wait += sup.hold_delay.sample(hold);
    orders_[o].record.held = true;
  }
  ctx_.sched.after(wait, [this, o] {
    orders_[o].record.released_s = ctx_.sched.now();
    to_supplier(o);
  });
}

/// The order may be produced: at once, or once a production slot of its supplier is free.
void SupplyChain::to_supplier(std::uint32_t o) {
  const std::uint32_t s = parts_[orders_[o].record.part].supplier;
  const int capacity = ctx_.scenario.suppliers[s].capacity;
  Supplier& supplier = suppliers_[s];
  if (capacity > 0 && supplier.busy >= capacity) {
    supplier.queue.push_back(o);
    return;
  }
  ++supplier.busy;
  produce(o);
}

void SupplyChain::produce(std::uint32_t o) {
  Order& order = orders_[o];
  const Part& part = parts_[order.record.part];
  const SupplierSpec& sup = ctx_.scenario.suppliers[part.supplier];
  order.record.started_s = ctx_.sched.now();
  simcore::Stream lead = part.draws.derive(order.key).derive(0);
  ctx_.sched.after((sup.lead ? *sup.lead : part.spec->lead).sample(lead), [this, o] { produced(o); });
}

/// The order leaves its supplier's production slot; a newly localised part is then qualified (its own
/// tests, not the supplier's line) before it is delivered.
void SupplyChain::produced(std::uint32_t o) {
  Part& part = parts_[orders_[o].record.part];
  Supplier& supplier = suppliers_[part.supplier];
  --supplier.busy;
  if (!supplier.queue.empty()) {
    const std::uint32_t next = supplier.queue.front();
    supplier.queue.pop_front();
    ++supplier.busy;
    produce(next);
  }
  ++part.units;
  const SupplierSpec& sup = ctx_.scenario.suppliers[part.supplier];
  if (!sup.qualification) {
    deliver(o);
    return;
  }
  simcore::Stream draw = part.draws.derive(orders_[o].key).derive(1);
  const double unit = part.prior_units + static_cast<double>(part.units);
  ctx_.sched.after(sup.qualification->sample(draw) * wright_factor(part.rate, unit), [this, o] { deliver(o); });
}

void SupplyChain::deliver(std::uint32_t o) {
  orders_[o].record.delivered_s = ctx_.sched.now();
  const std::uint32_t waiter = orders_[o].waiter;
  orders_[o].waiter = kNone;
  if (waiter != kNone && --missing_[waiter] == 0)
    hooks_.arrived(waiter);
}

void SupplyChain::report(ResultsCollector& collector) const {
  std::vector<ResultsCollector::PartDeclared> parts;
  for (const Part& p : parts_)
    parts.push_back({p.spec->name, p.supplier, ctx_.stages[p.need_stage].name});
  std::vector<PartOrder> orders;
  orders.reserve(orders_.size());
  for (const Order& o : orders_)
    orders.push_back(o.record);
  collector.parts_ordered(std::move(parts), std::move(orders));
}

} // namespace satflow::models
