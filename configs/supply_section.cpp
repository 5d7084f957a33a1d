// The supply chain: suppliers (country, capacity, export licence and its holds, lead time,
// qualification of newly localised parts), the long-lead parts each stage needs, and the check
// that every part is ordered at or before the stage that needs it.
#include "configs/sections.hpp"

#include <algorithm>
#include <limits>

namespace satflow::configs {

using models::Scenario;

void read_suppliers(ReadContext& ctx, Scenario& sc) {
  ctx.read_named(
      "suppliers", "supplier names to {country, capacity, export_licence, hold, lead, qualification}",
      {"country", "capacity", "export_licence", "hold", "lead", "qualification"}, sc.suppliers,
      [&](const YamlCursor& c, models::SupplierSpec& s) {
        if (c["country"].require())
          s.country = c["country"].string().value_or("domestic");
        if (c["capacity"].defined()) // orders in production at once; absent: unbounded
          s.capacity = static_cast<int>(c["capacity"].integer(1, std::numeric_limits<int>::max()).value_or(1));
        if (c["export_licence"].defined()) {
          if (s.domestic())
            c["export_licence"].error("a domestic supplier (country: domestic) needs no export licence");
          else
            s.export_licence = c["export_licence"].duration_distribution();
        }
        if (const YamlCursor h = c["hold"]; h.defined() && h.expect_map({"p", "delay"})) {
          if (!c["export_licence"].defined())
            h.error("a hold delays an export licence: give the supplier an 'export_licence' too");
          s.hold_p = h["p"].number(0, 1).value_or(0);
          if (h["delay"].require())
            s.hold_delay = h["delay"].duration_distribution().value_or(s.hold_delay);
        }
        if (c["lead"].defined())
          s.lead = c["lead"].duration_distribution();
        if (const YamlCursor q = c["qualification"]; q.defined() && q.expect_map({"delay", "learning"})) {
          if (q["delay"].require())
            s.qualification = q["delay"].duration_distribution();
          if (auto l = q["learning"].string(); l && ctx.check_ref(q["learning"], *l, sc.learning, "learning curve"))
            s.qualification_learning = *l;
        }
      });
}

namespace {

/// A name or a list of names, each with its cursor; reports anything else.
std::vector<std::pair<std::string, YamlCursor>> names(const YamlCursor& c) {
  std::vector<std::pair<std::string, YamlCursor>> out;
  if (!c.defined())
    return out;
  if (c.node().IsSequence()) {
    for (std::size_t k = 0; k < c.node().size(); ++k)
      if (auto n = c.at(k).string())
        out.emplace_back(*n, c.at(k));
  } else if (auto n = c.string()) {
    out.emplace_back(*n, c);
  }
  return out;
}

} // namespace

std::vector<models::PartSpec> read_parts(ReadContext& ctx, const YamlCursor& list, const std::string& stage,
                                         const Scenario& sc) {
  std::vector<models::PartSpec> parts;
  if (!list.expect_sequence())
    return parts;
  for (std::size_t i = 0; i < list.node().size(); ++i) {
    YamlCursor c = list.at(i);
    if (!c.expect_map({"name", "supplier", "lead", "order_at", "class", "programme"}))
      continue;
    models::PartSpec p;
    if (c["name"].require())
      p.name = c["name"].string().value_or("");
    c = list.child(p.name.empty() ? std::to_string(i) : p.name, c.node()); // addressed by name in --set
    if (std::any_of(ctx.parts.begin(), ctx.parts.end(), [&](const auto& known) { return known.part == p.name; }))
      c["name"].error("duplicate part name '" + p.name + "': a part's name keys its draws and its report row");
    const models::SupplierSpec* supplier = nullptr;
    if (auto s = c["supplier"].string(); s && ctx.check_ref(c["supplier"], *s, sc.suppliers, "supplier")) {
      p.supplier = *s;
      supplier = &*std::find_if(sc.suppliers.begin(), sc.suppliers.end(), [&](const auto& k) { return k.name == *s; });
    }
    if (c["lead"].defined())
      p.lead = c["lead"].duration_distribution().value_or(p.lead);
    else if (supplier && !supplier->lead)
      c["lead"].error("missing key 'lead': the part's lead time (its supplier '" + p.supplier + "' gives none)");
    if (c["order_at"].defined())
      p.order_at = c["order_at"].string().value_or("");
    for (const auto& [name, at] : names(c["class"]))
      if (ctx.check_ref(at, name, sc.classes, "class"))
        p.classes.push_back(name);
    const auto programmes = names(c["programme"]); // arrival sources: checked once they are read
    for (const auto& [name, at] : programmes)
      p.sources.push_back(name);
    ctx.parts.push_back({p.name, stage, p.order_at, c["order_at"], programmes});
    parts.push_back(std::move(p));
  }
  return parts;
}

namespace {

/// Where a stage stands in the process: its top-level stage, and its branch and place in it.
struct Position {
  std::size_t top = 0;
  long branch = -1; // -1: the top-level stage itself
  std::size_t k = 0;
};

void positions(const Scenario& sc, std::vector<std::pair<std::string, Position>>& out) {
  for (std::size_t t = 0; t < sc.stages.size(); ++t) {
    out.push_back({sc.stages[t].name, {t}});
    for (std::size_t b = 0; b < sc.stages[t].branches.size(); ++b)
      for (std::size_t k = 0; k < sc.stages[t].branches[b].size(); ++k)
        out.push_back({sc.stages[t].branches[b][k].name, {t, static_cast<long>(b), k}});
  }
}

/// Whether every item that reaches `need` has entered `order` on its way (in process order).
bool at_or_before(const Position& order, const Position& need) {
  if (order.top != need.top)
    return order.top < need.top;
  return order.branch == -1 || (order.branch == need.branch && order.k <= need.k);
}

} // namespace

void check_parts(ReadContext& ctx, const Scenario& sc) {
  std::vector<std::pair<std::string, Position>> where;
  positions(sc, where);
  auto find = [&](const std::string& name) {
    return std::find_if(where.begin(), where.end(), [&](const auto& w) { return w.first == name; });
  };
  for (const auto& ref : ctx.parts) {
    for (const auto& [name, at] : ref.programmes)
      ctx.check_ref(at, name, sc.arrivals, "arrival source");
    if (ref.order_at.empty())
      continue;
    const auto order = find(ref.order_at);
    const auto need = find(ref.stage);
    if (order == where.end()) {
      ref.at.error(unknown_name_message("stage", ref.order_at, ctx.stage_names));
    } else if (need != where.end() && !at_or_before(order->second, need->second)) {
      ref.at.error("part '" + ref.part + "' is ordered at '" + ref.order_at + "', which comes after '" + ref.stage +
                   "', the stage that needs it: order it at that stage or one before it");
    }
  }
}

} // namespace satflow::configs
