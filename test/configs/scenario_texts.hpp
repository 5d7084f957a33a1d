// Small scenarios for the loader's tests (a valid generic one, a valid satellite one), and how the
// tests load text and read its one problem.
#pragma once

#include "configs/scenario_loader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace satflow::configs::testing {

inline constexpr const char* kGood = R"(name: good
seed: 7
horizon: 2y
sites:
  daejeon: {lat: 36.372, lon: 127.363, intra_latency: 10min}
  sacheon: {lat: 35.1, lon: 128.08}
links:
  - {between: [daejeon, sacheon], latency: 4h, bandwidth: 12/d}
classes:
  microsat: {priority: 2}
  cubesat: {}
stations:
  team: {site: daejeon, capacity: 3, discipline: priority}
process:
  - name: design
    station: team
    duration: {triangular: [1d, 2d, 4d]}
    by_class: {cubesat: 12h}
  - name: review
    coordinate: {with: sacheon, request: 2, answer: 0.5, rounds: 3}
    next: [{to: design, p: 0.2}, {to: exit, p: 0.8}]
arrivals:
  - {name: flow, class: microsat, rate: 6/y}
  - name: manifest
    class: cubesat
    schedule: [{name: NEONSAT-2, at: 30d}, {name: NEONSAT-3, at: 60d}]
)";

inline LoadResult load(const std::string& text, std::vector<std::string> overrides = {}) {
  return load_scenario_text(text, "s.yaml", overrides);
}

/// `text` with the first `from` in it replaced by `to`; fails the test when `from` is not there.
inline std::string edited(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "'" << from << "' is not in the text";
  if (at != std::string::npos)
    text.replace(at, from.size(), to);
  return text;
}

/// The single diagnostic of a load, formatted; fails the test if there is not exactly one.
inline std::string only_error(const LoadResult& r) {
  EXPECT_EQ(r.diagnostics.size(), 1u) << r.diagnostics.format();
  return r.diagnostics.empty() ? "" : r.diagnostics.items()[0].format();
}

inline constexpr const char* kSatellite = R"(name: sat
epoch: 2026-01-01
horizon: 2030-01-01
sites:
  daejeon: {lat: 36.372, lon: 127.363}
  sacheon: {lat: 35.1, lon: 128.08}
  naro: {lat: 34.4319, lon: 127.535}
functions: {design: daejeon, agency: sacheon, manufacturing: sacheon, ait: sacheon, launch: naro}
coordination:
  step: 0.4d
  per_km: 7min
  bandwidth: 6/d
  friction: [{between: [design, agency], factor: 1.25}]
classes:
  microsat: {mass: 100kg, due: 3y}
  medium: {priority: 2, mass: 0.5t}
learning:
  bus: {rate: 0.85, failure_rate: 0.8, prior_units: 1}
stations:
  team: {site: design, capacity: 2}
  bay: {site: manufacturing}
  tvac: {site: ait}
launchers:
  nuri:
    site: launch
    lead: 35d
    scrub: {p: 0.43, delay: {mixture: [{p: 0.7, of: {uniform: [1d, 6d]}}, {p: 0.3, of: {uniform: [30d, 60d]}}]}}
    flights: [{name: Nuri-5, date: 2026-09-15, slots: 13, mass: 1.5t}]
    recurring: {first: 2027-09-15, every: 1y}
  foreign: {site: launch, recurring: {first: 6mo, every: 6mo, until: 2y}}
process:
  - name: design
    station: team
    duration: 3mo
    learning: bus
    coordinate_every: {interval: 1w, with: manufacturing}
  - name: build
    parallel:
      - [{name: propulsion, station: bay, duration: 1mo}]
      - [{name: avionics, station: bay, duration: 2mo}, {name: burn_in, delay: 1w}]
  - name: test
    station: tvac
    duration: 10d
    failure: {p: 0.6, to: anomaly}
    retest: 0.5
    next: launch
  - name: anomaly
    coordinate: {with: [design, agency]}
    next: test
  - name: launch
    launch: {microsat: nuri, medium: foreign}
arrivals:
  - {name: neonsat, class: microsat, site: design, schedule: [{name: NEONSAT-2, at: 2026-03-01}]}
)";

} // namespace satflow::configs::testing
