#include "models/relocations.hpp"

#include "models/stage_table.hpp"

#include <algorithm>
#include <stdexcept>

namespace satflow::models {
namespace {

std::uint32_t function_index(const Scenario& sc, const std::string& function) {
  for (std::size_t i = 0; i < sc.functions.size(); ++i)
    if (sc.functions[i].first == function)
      return static_cast<std::uint32_t>(i);
  throw std::invalid_argument("unknown function '" + function + "'");
}

} // namespace

SiteRef resolve_site_ref(const Scenario& sc, const std::string& site, const std::string& function) {
  SiteRef r{index_of(sc.sites, site, "site"), kNoFunction};
  if (function.empty())
    return r;
  const std::uint32_t f = function_index(sc, function);
  for (const auto& m : sc.relocations)
    if (m.function == function)
      r.function = f;
  return r;
}

Relocations::Relocations(const Scenario& sc) : moves_by_function_(sc.functions.size()) {
  for (const auto& r : sc.relocations) {
    auto& moves = moves_by_function_[function_index(sc, r.function)];
    if (!moves.empty() && !(r.on_s > moves.back().on_s))
      throw std::invalid_argument("relocations of '" + r.function + "' are not in date order");
    if (!(r.slowdown >= 1) || !(r.transition_s >= 0))
      throw std::invalid_argument("relocation of '" + r.function + "': a transition needs slowdown >= 1, period >= 0");
    const Move move{r.on_s, index_of(sc.sites, r.to, "site"), r.on_s + r.transition_s, r.slowdown};
    moves.push_back(move);
  }
}

const Relocations::Move* Relocations::last_move(std::uint32_t function, double t) const {
  const auto& moves = moves_by_function_[function];
  // The first move after t; the one before it (if any) is the last made by t.
  const auto after =
      std::upper_bound(moves.begin(), moves.end(), t, [](double x, const Move& m) { return x < m.on_s; });
  return after == moves.begin() ? nullptr : &*(after - 1);
}

std::uint32_t Relocations::moved_site_at(SiteRef ref, double t) const {
  const Move* m = last_move(ref.function, t);
  return m ? m->site : ref.site;
}

double Relocations::moved_slowdown(std::uint32_t function, double t) const {
  const Move* m = last_move(function, t);
  return m && t < m->transition_end_s ? m->slowdown : 1.0;
}

double Relocations::exchange_factor(std::uint32_t a, std::uint32_t b, double t) const {
  return std::max(slowdown(a, t), slowdown(b, t));
}

} // namespace satflow::models
