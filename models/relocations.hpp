// Dated relocations (docs/model.md, mechanism 16): a function (design, agency, ait, ...) moves to another
// site on a date. Every site reference of a run is resolved once to a SiteRef: the site it named at
// time 0 and, when it was named through a function that relocates, that function. What starts from
// the move's date on (an exchange, work at a station, a delay stage, an arrival, a trip to the pad)
// asks site_at() and is at the new site; what is under way then finishes where it began. An exchange
// with a function that moved less than its transition period ago takes its slowdown times as long:
// SimGrid still times the transfer over the network, the slowdown stretches what it measured.
#pragma once

#include "models/scenario.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace satflow::models {

inline constexpr std::uint32_t kNoFunction = UINT32_MAX; ///< a site named directly, or a function that never moves

/// A resolved site reference: a site index and, when it follows a function's moves, that function.
struct SiteRef {
  std::uint32_t site = UINT32_MAX; ///< the site at time 0
  std::uint32_t function = kNoFunction;
};

/// The reference to `site` named through `function` (empty: named directly). Only a function that
/// relocates is kept, so a scenario without relocations resolves every reference to a plain site.
/// Throws std::invalid_argument when the site or the function does not exist.
SiteRef resolve_site_ref(const Scenario& scenario, const std::string& site, const std::string& function);

class Relocations {
public:
  /// Indexes the scenario's relocations by function. Throws std::invalid_argument when one names a
  /// site or function that does not exist, a function's moves are not in date order, or a slowdown
  /// is below 1.
  explicit Relocations(const Scenario& scenario);

  /// Where `ref` is at time t (seconds): the site of its function's last move on or before t.
  std::uint32_t site_at(SiteRef ref, double t) const {
    return ref.function == kNoFunction ? ref.site : moved_site_at(ref, t);
  }
  /// The factor on the time of an exchange of `function` that starts at t: the slowdown of its last
  /// move on or before t while within its transition period, else 1.
  double slowdown(std::uint32_t function, double t) const {
    return function == kNoFunction ? 1.0 : moved_slowdown(function, t);
  }
  /// The factor on an exchange between two ends that starts at t: the larger of their slowdowns.
  double exchange_factor(std::uint32_t a, std::uint32_t b, double t) const;

private:
  struct Move {
    double on_s;
    std::uint32_t site;
    double transition_end_s;
    double slowdown;
  };
  const Move* last_move(std::uint32_t function, double t) const;
  std::uint32_t moved_site_at(SiteRef ref, double t) const;
  double moved_slowdown(std::uint32_t function, double t) const;

  std::vector<std::vector<Move>> moves_by_function_; ///< by index in Scenario::functions
};

} // namespace satflow::models
