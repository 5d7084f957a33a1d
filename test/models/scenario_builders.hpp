// Small scenarios for the models' tests: three sites (a factory, a pad, a lab) and one 100 kg class,
// with builders for stages, launchers and breaking stations whose known answers tests can work out.
#pragma once

#include "models/scenario.hpp"
#include "simcore/units.hpp"

#include <optional>
#include <string>
#include <vector>

namespace satflow::models::testing {

using simcore::Distribution;
using simcore::kDay;
using simcore::kHour;
using simcore::kWeek;

inline Scenario base() {
  Scenario sc;
  sc.name = "test";
  sc.sites = {{"factory", {35.1, 128.08}}, {"pad", {34.4319, 127.535}}, {"lab", {36.372, 127.363}}};
  sc.classes.push_back({"microsat", 0, 100});
  return sc;
}

inline ArrivalSpec at_times(std::vector<double> times, const std::string& site = "factory") {
  ArrivalSpec a;
  a.name = "manifest";
  a.kind = ArrivalKind::scheduled;
  a.item_class = "microsat";
  a.site = site;
  a.times_s = std::move(times);
  return a;
}

/// Poisson arrivals of `count` items (none: until the horizon); the name keys the items' streams.
inline ArrivalSpec poisson(const std::string& name, double rate_per_s, std::optional<std::uint64_t> count,
                           const std::string& item_class = "microsat") {
  ArrivalSpec a;
  a.name = name;
  a.item_class = item_class;
  a.rate_per_s = rate_per_s;
  a.count = count;
  return a;
}

inline StageSpec delay(const std::string& name, Distribution d) {
  StageSpec s;
  s.name = name;
  s.kind = StageKind::delay;
  s.duration.all = d;
  return s;
}

inline StageSpec station(const std::string& name, const std::string& st, Distribution d) {
  StageSpec s;
  s.name = name;
  s.kind = StageKind::station;
  s.station = st;
  s.duration.all = d;
  return s;
}

inline StageSpec launch(const std::string& launcher) {
  StageSpec s;
  s.name = "launch";
  s.kind = StageKind::launch;
  s.launcher = launcher;
  return s;
}

inline LauncherSpec nuri(std::vector<FlightSpec> flights) {
  LauncherSpec l;
  l.name = "nuri";
  l.site = "pad";
  l.flights = std::move(flights);
  l.lead_s = 10 * kDay;
  l.transport = Distribution::fixed(1 * kDay);
  l.integration = Distribution::fixed(2 * kDay);
  return l;
}

/// A station up 3 d, down 2 d, again and again: fixed draws give exact dates.
inline StationSpec breaking(const std::string& name, const std::string& site, int capacity) {
  StationSpec s{name, site, capacity};
  s.downtime = DowntimeSpec{Distribution::fixed(3 * kDay), Distribution::fixed(2 * kDay)};
  return s;
}

} // namespace satflow::models::testing
