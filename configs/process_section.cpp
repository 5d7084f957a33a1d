// The process: stages (station, delay, coordinate, parallel, launch) with their routes, tests,
// learning and periodic coordination.
#include "configs/sections.hpp"

#include "simcore/units.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <tuple>

namespace satflow::configs {

using models::Scenario;

namespace {

std::vector<models::RouteSpec> read_next(const YamlCursor& c) {
  std::vector<models::RouteSpec> routes;
  if (!c.defined())
    return routes;
  if (c.node().IsScalar()) {
    routes.push_back({c.node().Scalar(), 1});
    return routes;
  }
  if (!c.node().IsSequence() || c.node().size() == 0) {
    c.error("expected a stage name, exit, or a list of {to, p}");
    return routes;
  }
  double total = 0;
  bool all_read = true;
  for (std::size_t i = 0; i < c.node().size(); ++i) {
    const YamlCursor r = c.at(i);
    if (!r.expect_map({"to", "p"})) {
      all_read = false;
      continue;
    }
    models::RouteSpec route;
    route.to = r["to"].string().value_or("exit");
    const auto p = r["p"].number(0, 1);
    all_read = all_read && p.has_value();
    route.probability = p.value_or(0);
    total += route.probability;
    routes.push_back(route);
  }
  if (all_read && std::abs(total - 1) > 1e-9) {
    std::ostringstream sum;
    sum << total;
    c.error("expected probabilities that sum to 1, got " + sum.str());
  }
  return routes;
}

void read_coordinate(ReadContext& ctx, const YamlCursor& co, const Scenario& sc, models::StageSpec& st) {
  if (!co.expect_map({"with", "request", "answer", "rounds"}))
    return;
  const YamlCursor with = co["with"];
  if (with.require()) {
    if (with.node().IsSequence()) {
      if (with.node().size() == 0)
        with.error("expected at least one site or function");
      for (std::size_t i = 0; i < with.node().size(); ++i)
        if (auto s = ctx.site_and_function(with.at(i), sc)) {
          st.partners.push_back(s->first);
          st.partner_functions.push_back(s->second);
        }
    } else if (auto s = ctx.site_and_function(with, sc)) {
      st.partners.push_back(s->first);
      st.partner_functions.push_back(s->second);
    }
  }
  if (co["request"].defined())
    st.request_size = co["request"].number(0, 1e12).value_or(1);
  if (co["answer"].defined())
    st.answer_size = co["answer"].number(0, 1e12).value_or(1);
  if (co["rounds"].defined())
    st.rounds = static_cast<int>(co["rounds"].integer(1, std::numeric_limits<int>::max()).value_or(1));
}

std::optional<models::PeriodicCoordinationSpec> read_periodic(ReadContext& ctx, const YamlCursor& c,
                                                              const Scenario& sc) {
  if (!c.expect_map({"interval", "with", "request", "answer"}))
    return std::nullopt;
  models::PeriodicCoordinationSpec p;
  // Every interval of work is one exchange: below an hour a run could need billions of them.
  p.interval_s = c["interval"].duration(simcore::kHour).value_or(0);
  if (auto s = ctx.site_and_function(c["with"], sc))
    std::tie(p.to, p.to_function) = *s;
  if (c["request"].defined())
    p.request_size = c["request"].number(0, 1e12).value_or(1);
  if (c["answer"].defined())
    p.answer_size = c["answer"].number(0, 1e12).value_or(1);
  return p;
}

models::StageSpec read_stage(ReadContext& ctx, const YamlCursor& c, const std::string& name, Scenario& sc,
                             bool in_branch);

std::vector<models::StageSpec> read_stage_list(ReadContext& ctx, const YamlCursor& list, Scenario& sc, bool in_branch) {
  std::vector<models::StageSpec> stages;
  for (std::size_t i = 0; i < list.node().size(); ++i) {
    YamlCursor c = list.at(i);
    std::string name = "stage" + std::to_string(ctx.stage_names.size());
    if (c.node().IsMap() && c["name"].defined())
      name = c["name"].string().value_or(name);
    // Named stages are addressed by name in key paths (and in --set).
    c = list.child(name, c.node());
    stages.push_back(read_stage(ctx, c, name, sc, in_branch));
  }
  return stages;
}

models::StageSpec read_stage(ReadContext& ctx, const YamlCursor& c, const std::string& name, Scenario& sc,
                             bool in_branch) {
  models::StageSpec st;
  st.name = name;
  if (std::find(ctx.stage_names.begin(), ctx.stage_names.end(), name) != ctx.stage_names.end())
    c["name"].error("duplicate stage name '" + name + "'");
  if (name == "exit")
    c["name"].error("'exit' is reserved for leaving the process");
  ctx.stage_names.push_back(name);
  if (!c.expect_map({"name", "station", "duration", "coordinate_every", "delay", "by_class", "coordinate", "at",
                     "parallel", "launch", "failure", "retest", "learning", "parts", "next"}))
    return st;
  const char* kinds[] = {"station", "delay", "coordinate", "parallel", "launch"};
  int count = 0;
  for (const char* k : kinds)
    count += c[k].defined();
  if (count != 1) {
    c.error("expected exactly one of the keys station, delay, coordinate, parallel, launch");
    return st;
  }
  if (in_branch)
    for (const char* k : {"coordinate", "parallel", "launch", "next", "failure"})
      if (c[k].defined())
        c[k].error(std::string("a stage inside a parallel branch is a station or delay stage and goes on to the "
                               "next one in its branch; '") +
                   k + "' is not available there");
  if (c["station"].defined()) {
    st.kind = models::StageKind::station;
    if (auto s = c["station"].string(); s && ctx.check_ref(c["station"], *s, sc.stations, "station"))
      st.station = *s;
    if (auto d = c["duration"].duration_distribution())
      st.duration.all = *d;
    if (c["coordinate_every"].defined())
      st.periodic = read_periodic(ctx, c["coordinate_every"], sc);
  } else {
    for (const char* k : {"duration", "coordinate_every"})
      if (c[k].defined())
        c[k].error(std::string("'") + k + "' is for station stages" +
                   (std::string(k) == "duration" ? "; a delay stage gives its duration as 'delay'" : ""));
  }
  if (c["at"].defined()) {
    if (c["delay"].defined() || c["coordinate"].defined()) {
      if (auto s = ctx.site_and_function(c["at"], sc))
        std::tie(st.site, st.site_function) = *s;
    } else {
      c["at"].error("'at' is for delay and coordinate stages; a station stage is at its station's site");
    }
  }
  if (c["delay"].defined()) {
    st.kind = models::StageKind::delay;
    if (auto d = c["delay"].duration_distribution())
      st.duration.all = *d;
  }
  if (c["coordinate"].defined()) {
    st.kind = models::StageKind::coordinate;
    read_coordinate(ctx, c["coordinate"], sc, st);
  }
  if (c["parallel"].defined()) {
    st.kind = models::StageKind::parallel;
    const YamlCursor branches = c["parallel"];
    if (!branches.node().IsSequence() || branches.node().size() < 2) {
      branches.error("expected a list of at least two branches, each a list of stages");
    } else {
      for (std::size_t b = 0; b < branches.node().size(); ++b) {
        const YamlCursor branch = branches.at(b);
        if (!branch.node().IsSequence() || branch.node().size() == 0) {
          branch.error("expected a branch: a non-empty list of stages");
          continue;
        }
        st.branches.push_back(read_stage_list(ctx, branch, sc, true));
      }
    }
  }
  if (c["launch"].defined()) {
    st.kind = models::StageKind::launch;
    const YamlCursor launch = c["launch"];
    if (launch.node().IsMap()) { // a launcher per class
      ctx.for_each_entry(launch, [&](const std::string& cls, const YamlCursor& l) {
        auto launcher = l.string();
        if (ctx.check_ref(l, cls, sc.classes, "class") && launcher &&
            ctx.check_ref(l, *launcher, sc.launchers, "launcher"))
          st.launcher_by_class.emplace_back(cls, *launcher);
      });
      for (const auto& cls : sc.classes)
        if (std::none_of(st.launcher_by_class.begin(), st.launcher_by_class.end(),
                         [&](const auto& entry) { return entry.first == cls.name; }))
          launch.error("no launcher for class '" + cls.name + "'");
      if (!st.launcher_by_class.empty())
        st.launcher = st.launcher_by_class.front().second;
    } else if (auto l = launch.string(); l && ctx.check_ref(launch, *l, sc.launchers, "launcher")) {
      st.launcher = *l;
    }
  }
  const bool timed = st.kind == models::StageKind::station || st.kind == models::StageKind::delay;
  for (const char* k : {"by_class", "failure", "retest", "learning", "parts"})
    if (c[k].defined() && !timed)
      c[k].error(std::string("'") + k + "' is for station and delay stages");
  if (timed) {
    ReadContext::for_each_optional_entry(c["by_class"], "class names to durations",
                                         [&](const std::string& class_name, const YamlCursor& d) {
                                           if (!ctx.check_ref(d, class_name, sc.classes, "class"))
                                             return;
                                           if (auto dist = d.duration_distribution())
                                             st.duration.by_class.emplace_back(class_name, *dist);
                                         });
  }
  if (timed && c["failure"].defined() && !in_branch) {
    const YamlCursor f = c["failure"];
    if (f.expect_map({"p", "to"})) {
      models::FailureSpec failure;
      failure.probability = f["p"].number(0, 1).value_or(0);
      failure.to = f["to"].string().value_or("exit");
      ctx.failure_cursors.emplace_back(name, f["to"]);
      st.failure = failure;
    }
  }
  if (timed && c["retest"].defined())
    st.retest_factor = c["retest"].number(1e-9, 1e9).value_or(1);
  if (timed && c["learning"].defined())
    if (auto l = c["learning"].string(); l && ctx.check_ref(c["learning"], *l, sc.learning, "learning curve"))
      st.learning = *l;
  if (timed && c["parts"].defined())
    st.parts = read_parts(ctx, c["parts"], name, sc);
  st.next = read_next(c["next"]);
  ctx.stage_cursors.emplace_back(name, c);
  return st;
}

} // namespace

void read_stages(ReadContext& ctx, Scenario& sc) {
  if (const auto process = ctx.required_list("process", "stage"))
    sc.stages = read_stage_list(ctx, *process, sc, false);
}

} // namespace satflow::configs
