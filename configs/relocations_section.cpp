// The `relocations:` section (docs/model.md, mechanism 16): a list of {function, to, on, transition}, each
// a function moving to a site on a date, with the slowdown its exchanges take for a period after.
// A function's moves come in date order.
#include "configs/sections.hpp"

#include <algorithm>

namespace satflow::configs {
namespace {

/// The function named at `c` (a key of `functions:`); reports any other name.
std::optional<std::string> function_ref(const YamlCursor& c, const models::Scenario& sc) {
  if (!c.require())
    return std::nullopt;
  auto name = c.string();
  if (!name)
    return std::nullopt;
  std::vector<std::string> known;
  for (const auto& [function, site] : sc.functions) {
    if (function == *name)
      return name;
    known.push_back(function);
  }
  c.error(unknown_name_message("function", *name, known) +
          (known.empty() ? "; declare the layout under 'functions' first" : ""));
  return std::nullopt;
}

/// `transition: {period: 6mo, slowdown: 1.5}`: both required, the period over zero, the slowdown >= 1.
void read_transition(const YamlCursor& t, models::RelocationSpec& r) {
  if (!t.expect_map({"period", "slowdown"}))
    return;
  if (t["period"].require())
    if (auto period = t["period"].duration()) {
      if (*period > 0)
        r.transition_s = *period;
      else
        t["period"].error("expected a transition period longer than zero (leave 'transition' out for a free move)");
    }
  if (t["slowdown"].require())
    r.slowdown = t["slowdown"].number(1, 1e6).value_or(1);
}

} // namespace

void read_relocations(ReadContext& ctx, models::Scenario& sc) {
  const YamlCursor list = ctx.root["relocations"];
  if (!list.defined() || !list.expect_sequence())
    return;
  struct Last {
    std::string function;
    double on_s;
    std::string date;
  };
  std::vector<Last> last; // each function's latest move so far
  for (std::size_t i = 0; i < list.node().size(); ++i) {
    const YamlCursor c = list.at(i);
    if (!c.expect_map({"function", "to", "on", "transition"}))
      continue;
    models::RelocationSpec r;
    const auto function = function_ref(c["function"], sc);
    std::optional<std::string> to;
    if (c["to"].require())
      if (auto name = c["to"].string(); name && ctx.check_ref(c["to"], *name, sc.sites, "site"))
        to = name;
    std::optional<double> on;
    if (c["on"].require())
      on = c["on"].time_point(ctx.epoch_days);
    if (c["transition"].defined())
      read_transition(c["transition"], r);
    if (!function || !to || !on)
      continue;
    r.function = *function;
    r.to = *to;
    r.on_s = *on;
    auto previous = std::find_if(last.begin(), last.end(), [&](const Last& l) { return l.function == *function; });
    if (previous != last.end() && !(*on > previous->on_s)) {
      c["on"].error("expected a date after " + *function + "'s previous move (" + previous->date +
                    "); list a function's moves in date order");
      continue;
    }
    const Last move{*function, *on, c["on"].node().Scalar()};
    if (previous != last.end())
      *previous = move;
    else
      last.push_back(move);
    sc.relocations.push_back(r);
  }
}

} // namespace satflow::configs
