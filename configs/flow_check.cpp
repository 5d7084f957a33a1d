// Checks of the process as a whole, once every section has been read cleanly: stages reachable from
// the first, route and failure targets, loops that items can never leave, and a link path for every
// coordination from every site an item can be at.
#include "configs/sections.hpp"

#include "models/coordination.hpp"
#include "simcore/site_graph.hpp"

#include <algorithm>

namespace satflow::configs {

using models::Scenario;

namespace {

/// Stages in a loop that items can never leave. ways[i] lists where stage i sends items with a
/// positive probability: -1 exit, -2 join, -3 an unknown stage (reported already, so counted as a
/// way out), else a stage.
std::vector<std::size_t> stages_in_closed_loops(const std::vector<std::vector<long>>& ways) {
  const std::size_t n = ways.size();
  std::vector<char> can_leave(n, 0);
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < n; ++i)
      if (!can_leave[i] && std::any_of(ways[i].begin(), ways[i].end(),
                                       [&](long j) { return j < 0 || can_leave[static_cast<std::size_t>(j)]; }))
        can_leave[i] = changed = true;
  }
  std::vector<std::size_t> trapped;
  for (std::size_t i = 0; i < n; ++i) {
    if (can_leave[i])
      continue;
    // Only the stages of the loop itself, not those that merely lead into it: i must reach i again.
    std::vector<char> seen(n, 0);
    std::vector<std::size_t> todo{i};
    while (!todo.empty() && !seen[i]) {
      const std::size_t k = todo.back();
      todo.pop_back();
      for (long j : ways[k])
        if (j >= 0 && !seen[static_cast<std::size_t>(j)]) {
          seen[static_cast<std::size_t>(j)] = 1;
          todo.push_back(static_cast<std::size_t>(j));
        }
    }
    if (seen[i])
      trapped.push_back(i);
  }
  return trapped;
}

} // namespace

/// Reachability of stages from the first one, targets of routes and failures, and site connectivity
/// of every coordination. Runs only on a scenario whose references are sound.
void check_flow(ReadContext& ctx, const Scenario& sc) {
  if (sc.stages.empty() || !ctx.diagnostics.empty())
    return;
  // Flatten like the pipeline does: top-level stages, then branch stages as they are found.
  struct Flat {
    const models::StageSpec* spec;
    long default_next; // -1: exit, -2: join
  };
  std::vector<Flat> flat;
  for (std::size_t i = 0; i < sc.stages.size(); ++i)
    flat.push_back({&sc.stages[i], i + 1 < sc.stages.size() ? static_cast<long>(i + 1) : -1});
  std::vector<std::vector<std::size_t>> branch_starts;
  for (std::size_t i = 0; i < flat.size(); ++i) {
    branch_starts.emplace_back();
    for (const auto& branch : flat[i].spec->branches) {
      branch_starts[i].push_back(flat.size());
      for (std::size_t k = 0; k < branch.size(); ++k)
        flat.push_back({&branch[k], k + 1 < branch.size() ? static_cast<long>(flat.size() + 1) : -2});
    }
  }
  const std::size_t n = flat.size();
  auto index_of = [&](const std::string& name) -> long {
    if (name == "exit")
      return -1;
    for (std::size_t i = 0; i < n; ++i)
      if (flat[i].spec->name == name)
        return static_cast<long>(i);
    return -3;
  };
  auto unknown_stage = [&](const YamlCursor& at, const std::string& name) {
    std::vector<std::string> names{"exit"};
    for (const auto& f : flat)
      names.push_back(f.spec->name);
    std::string message = "unknown stage '" + name + "'";
    if (auto guess = closest_match(name, names); !guess.empty())
      message += "; did you mean '" + guess + "'?";
    at.error(message);
  };
  std::vector<std::vector<std::size_t>> successors(n);
  // Where each stage sends items with a positive probability, exit and join included (see
  // stages_in_closed_loops); a parallel stage leaves by its own routes once its branches join.
  std::vector<std::vector<long>> ways(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& st = *flat[i].spec;
    const double failure_p = st.failure ? st.failure->probability : 0;
    if (st.next.empty()) {
      if (flat[i].default_next >= 0)
        successors[i].push_back(static_cast<std::size_t>(flat[i].default_next));
      if (failure_p < 1)
        ways[i].push_back(flat[i].default_next);
    }
    for (std::size_t r = 0; r < st.next.size(); ++r) {
      const long j = index_of(st.next[r].to);
      if (j == -3) {
        const YamlCursor at = ctx.stage_cursor(st.name)["next"];
        unknown_stage(at.node().IsSequence() ? at.at(r)["to"] : at, st.next[r].to);
      } else if (j >= 0) {
        successors[i].push_back(static_cast<std::size_t>(j));
      }
      if (st.next[r].probability > 0 && failure_p < 1)
        ways[i].push_back(j);
    }
    if (st.failure) {
      const long j = index_of(st.failure->to);
      if (j == -3) {
        for (const auto& [stage, cursor] : ctx.failure_cursors)
          if (stage == st.name)
            unknown_stage(cursor, st.failure->to);
      } else if (j >= 0) {
        successors[i].push_back(static_cast<std::size_t>(j));
      }
      if (failure_p > 0)
        ways[i].push_back(j);
    }
    for (std::size_t b : branch_starts[i])
      successors[i].push_back(b);
  }
  for (std::size_t i : stages_in_closed_loops(ways))
    ctx.stage_cursor(flat[i].spec->name)
        .error("stage '" + flat[i].spec->name +
               "' is in a loop that items can never leave: give one of its stages a route to a stage "
               "outside it or to 'exit'");
  // Sites an item (or branch) can be at when it enters each stage, propagated to a fixpoint.
  const simcore::SiteGraph graph = models::site_graph(sc);
  const std::size_t sites = sc.sites.size();
  auto station_site = [&](const std::string& station) {
    for (const auto& s : sc.stations)
      if (s.name == station)
        return graph.site_by_name(s.site);
    return std::size_t{0};
  };
  std::vector<std::vector<char>> at_entry(n, std::vector<char>(sites, 0));
  for (const auto& a : sc.arrivals)
    at_entry[0][a.site.empty() ? 0 : graph.site_by_name(a.site)] = 1;
  std::vector<char> reached(n, 0);
  reached[0] = 1;
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!reached[i])
        continue;
      const auto& st = *flat[i].spec;
      std::vector<char> out = at_entry[i];
      std::optional<std::size_t> moved;
      if (st.kind == models::StageKind::station)
        moved = station_site(st.station);
      else if (!st.site.empty())
        moved = graph.site_by_name(st.site);
      if (moved) {
        std::fill(out.begin(), out.end(), 0);
        out[*moved] = 1;
      }
      if (st.kind == models::StageKind::launch) { // after the launch: at the launcher's site
        std::fill(out.begin(), out.end(), 0);
        for (const auto& l : sc.launchers)
          if (l.name == st.launcher || std::any_of(st.launcher_by_class.begin(), st.launcher_by_class.end(),
                                                   [&](const auto& e) { return e.second == l.name; }))
            out[graph.site_by_name(l.site)] = 1;
      }
      for (std::size_t j : successors[i]) {
        const std::vector<char>& from =
            branch_starts[i].end() != std::find(branch_starts[i].begin(), branch_starts[i].end(), j)
                ? at_entry[i] // a branch starts where its item is
                : out;
        for (std::size_t s = 0; s < sites; ++s)
          if (from[s] && !at_entry[j][s])
            at_entry[j][s] = changed = true;
        if (!reached[j])
          reached[j] = changed = true;
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto& st = *flat[i].spec;
    const YamlCursor c = ctx.stage_cursor(st.name);
    if (!reached[i]) {
      c.error("stage '" + st.name + "' cannot be reached from the first stage '" + sc.stages[0].name + "'");
      continue;
    }
    auto check_pair = [&](std::size_t from, const std::string& to, const YamlCursor& at) {
      if (!graph.reachable(from, graph.site_by_name(to)))
        at.error("no link path between sites '" + sc.sites[from].name + "' and '" + to +
                 "'; add one under 'links' or a 'coordination' model");
    };
    if (st.kind == models::StageKind::coordinate) {
      const YamlCursor with = c["coordinate"]["with"];
      for (std::size_t p = 0; p < st.partners.size(); ++p)
        for (std::size_t s = 0; s < sites; ++s)
          if (st.site.empty() ? at_entry[i][s] : graph.site_by_name(st.site) == s)
            check_pair(s, st.partners[p], with.node().IsSequence() ? with.at(p) : with);
    }
    if (st.periodic)
      check_pair(station_site(st.station), st.periodic->to, c["coordinate_every"]["with"]);
  }
  // A function that moves keeps every exchange it had if it stays in its site's part of the graph.
  for (std::size_t i = 0; i < sc.relocations.size(); ++i)
    for (const auto& [function, site] : sc.functions)
      if (function == sc.relocations[i].function &&
          !graph.reachable(graph.site_by_name(site), graph.site_by_name(sc.relocations[i].to)))
        ctx.root["relocations"].at(i)["to"].error("no link path between sites '" + site + "' and '" +
                                                  sc.relocations[i].to + "', so '" + function +
                                                  "' would lose its partners; add one under 'links' or a "
                                                  "'coordination' model");
}

} // namespace satflow::configs
