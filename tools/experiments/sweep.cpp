#include "tools/experiments/sweep.hpp"

#include "tools/report/sweep_charts.hpp"

#include "configs/scenario_loader.hpp"
#include "configs/sweep_spec.hpp"
#include "models/pipeline.hpp"
#include "simcore/intervals.hpp"
#include "simcore/units.hpp"
#include "tools/experiments/compare.hpp"
#include "tools/experiments/process_pool.hpp"
#include "tools/report/report.hpp"
#include "tools/report/sweep_charts.hpp"
#include "tools/experiments/results_store.hpp"
#include "tools/experiments/sweep_plan.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

namespace satflow::tools {
namespace {

using Json = nlohmann::json;
constexpr int kOk = 0;
constexpr int kInternal = 1;
constexpr int kBadInput = 2;

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool parse_shard(const std::string& text, std::size_t& k, std::size_t& n) {
  const auto slash = text.find('/');
  if (slash == std::string::npos)
    return false;
  try {
    std::size_t used = 0;
    k = std::stoul(text.substr(0, slash), &used);
    if (used != slash)
      return false;
    n = std::stoul(text.substr(slash + 1), &used);
    return used == text.size() - slash - 1 && n >= 1 && k < n;
  } catch (const std::exception&) {
    return false;
  }
}

/// Progress on a terminal (one rewritten line) or as JSON lines otherwise; at most once a second.
class Progress {
public:
  Progress(std::size_t total, bool quiet) : total_(total), quiet_(quiet), tty_(isatty(STDERR_FILENO) != 0) {}
  void update(std::size_t done, std::size_t failed, bool final = false) {
    const auto now = std::chrono::steady_clock::now();
    if (quiet_ || (!final && now - last_ < std::chrono::seconds(1)))
      return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0;
    char line[256];
    if (tty_) {
      std::snprintf(line, sizeof line, "\r%zu/%zu runs, %zu failed, %.1f runs/s, ETA %.0f s   ", done, total_, failed,
                    rate, eta);
      std::cerr << line << (final ? "\n" : "") << std::flush;
    } else {
      std::snprintf(line, sizeof line,
                    "{\"done\": %zu, \"total\": %zu, \"failed\": %zu, \"runs_per_s\": %.2f, \"eta_s\": %.1f}", done,
                    total_, failed, rate, eta);
      std::cerr << line << "\n" << std::flush;
    }
  }

private:
  std::size_t total_;
  bool quiet_;
  bool tty_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

std::string kpi_json(const std::string& results) {
  const Json parsed = Json::parse(results, nullptr, false);
  if (parsed.is_discarded())
    return "";
  nlohmann::ordered_json out;
  const std::vector<double> values = kpi_values(parsed);
  for (std::size_t k = 0; k < values.size(); ++k)
    out[compare_kpis()[k].name] = std::isnan(values[k]) ? Json(nullptr) : Json(values[k]);
  return out.dump();
}

} // namespace

int sweep_command(const SweepArgs& args) {
  const configs::SweepLoad loaded = configs::load_sweep_spec(args.spec);
  if (!loaded.spec) {
    std::cerr << loaded.diagnostics.format() << "satflow: " << loaded.diagnostics.size() << " problem"
              << (loaded.diagnostics.size() == 1 ? "" : "s") << " in " << args.spec << "\n";
    return kBadInput;
  }
  const configs::SweepSpec& spec = *loaded.spec;
  std::size_t shard_k = 0, shard_n = 1;
  if (!args.shard.empty() && !parse_shard(args.shard, shard_k, shard_n)) {
    std::cerr << "satflow: --shard expects k/n with 0 <= k < n, got '" << args.shard << "'\n";
    return kBadInput;
  }
  double timeout_s = 0;
  if (!args.timeout.empty()) {
    const auto t = simcore::parse_duration(args.timeout);
    if (!t || *t <= 0) {
      std::cerr << "satflow: --timeout expects a duration such as 30s or 5min, got '" << args.timeout << "'\n";
      return kBadInput;
    }
    timeout_s = *t;
  }
  // The base scenario gives the default seed; every point is loaded (and so validated) before anything runs.
  const auto base = configs::load_scenario_file(spec.scenario, {}, spec.layout);
  if (!base.scenario) {
    std::cerr << base.diagnostics.format() << "satflow: the sweep's scenario has problems\n";
    return kBadInput;
  }
  SweepPlan plan;
  try {
    plan = plan_sweep(spec, spec.seed.value_or(base.scenario->seed), read_text(spec.scenario));
  } catch (const std::invalid_argument& e) {
    std::cerr << args.spec << ": " << e.what() << "\n";
    return kBadInput;
  }
  std::vector<models::Scenario> scenarios;
  for (const auto& point : plan.points) {
    auto r = configs::load_scenario_file(spec.scenario, point.overrides, spec.layout);
    if (!r.scenario) {
      std::cerr << r.diagnostics.format() << "satflow: sweep point " << point.id << " is not a valid scenario\n";
      return kBadInput;
    }
    scenarios.push_back(std::move(*r.scenario));
  }
  const std::uint64_t seed = plan.seed;
  auto run_task = [&](std::size_t t, int out_fd) {
    models::RunOptions run;
    run.seed = seed;
    run.replication = plan.replication_of(t);
    run.keep_items = false;
    const models::Results r = models::run_scenario(scenarios[plan.point_of(t)], run);
    return write_all(out_fd, results_json(r).dump()) ? 0 : 1;
  };
  auto record = [&](std::size_t t, const ChildOutcome& outcome) {
    StoredRun run{plan.points[plan.point_of(t)].id, plan.replication_of(t), "done", "", "", ""};
    if (outcome.ok())
      run.kpis = kpi_json(outcome.output);
    if (!outcome.ok() || run.kpis.empty()) {
      run.status = "failed";
      run.what = outcome.ok() ? "unreadable results" : outcome.describe(timeout_s);
      run.stderr_tail = outcome.stderr_tail;
      run.kpis = "{}";
    }
    return run;
  };
  if (!args.run_tasks.empty()) { // a worker of satflow-mpi: no database, records on stdout
    std::vector<std::size_t> tasks;
    std::stringstream list(args.run_tasks);
    for (std::string item; std::getline(list, item, ',');) {
      std::size_t t = 0;
      try {
        t = std::stoul(item);
      } catch (const std::exception&) {
        t = plan.task_count();
      }
      if (t >= plan.task_count()) {
        std::cerr << "satflow: --run-tasks: no task '" << item << "' in a plan of " << plan.task_count() << "\n";
        return kBadInput;
      }
      tasks.push_back(t);
    }
    run_in_children(
        tasks.size(), {args.jobs, timeout_s}, [&](std::size_t i, int fd) { return run_task(tasks[i], fd); },
        [&](std::size_t i, ChildOutcome outcome) {
          const StoredRun run = record(tasks[i], outcome);
          std::cout << nlohmann::json{{"point", run.point},       {"replication", run.replication},
                                      {"status", run.status},     {"what", run.what},
                                      {"stderr", run.stderr_tail}, {"kpis", run.kpis}}
                           .dump()
                    << "\n";
        });
    return kOk;
  }
  ResultsStore store(args.db);
  if (!store.adopt_plan(plan.hash, plan_json(spec, plan).dump())) {
    std::cerr << "satflow: " << args.db << " holds the results of a different sweep (plan " << *store.plan_hash()
              << ", this spec's plan " << plan.hash << "); use another --db\n";
    return kBadInput;
  }
  std::set<std::pair<std::string, std::size_t>> done, failed;
  for (const auto& run : store.runs())
    (run.status == "done" ? done : failed).insert({run.point, run.replication});
  std::vector<std::size_t> tasks;
  std::size_t skipped = 0;
  for (std::size_t t = 0; t < plan.task_count(); ++t) {
    if (t % shard_n != shard_k)
      continue;
    const std::pair key{plan.points[plan.point_of(t)].id, plan.replication_of(t)};
    if (done.count(key) || (failed.count(key) && !args.retry_failed)) {
      ++skipped;
      continue;
    }
    tasks.push_back(t);
  }
  if (args.list_tasks) {
    std::cout << nlohmann::json(tasks).dump() << "\n";
    return kOk;
  }
  Progress progress(tasks.size(), args.quiet);
  std::vector<StoredRun> pending;
  std::size_t finished = 0, failures = 0;
  auto flush = [&] {
    if (pending.empty())
      return;
    store.begin();
    for (const auto& run : pending)
      store.put(run);
    store.commit();
    pending.clear();
  };
  auto last_flush = std::chrono::steady_clock::now();
  run_in_children(
      tasks.size(), {args.jobs, timeout_s},
      [&](std::size_t i, int out_fd) { return run_task(tasks[i], out_fd); },
      [&](std::size_t i, ChildOutcome outcome) {
        StoredRun run = record(tasks[i], outcome);
        failures += run.status == "failed";
        pending.push_back(std::move(run));
        ++finished;
        // Batched transactions: cheap, and a crash loses at most the runs since the last one.
        if (pending.size() >= 64 || std::chrono::steady_clock::now() - last_flush > std::chrono::seconds(1)) {
          flush();
          last_flush = std::chrono::steady_clock::now();
        }
        progress.update(finished, failures);
      });
  flush();
  progress.update(finished, failures, true);
  if (!args.quiet)
    std::cout << "sweep " << spec.name << ": " << plan.points.size() << " points x " << plan.replications
              << " replications; this run: " << finished - failures << " done, " << failures << " failed, " << skipped
              << " already in " << args.db << "\n";
  return kOk;
}

int results_command(const std::string& db, const std::string& csv_file, const std::string& html_file,
                    const std::string& version) {
  if (!std::filesystem::exists(db)) {
    std::cerr << "satflow: " << db << ": no such database\n";
    return kBadInput;
  }
  ResultsStore store(db);
  const Json plan = Json::parse(store.plan_json(), nullptr, false);
  if (plan.is_discarded() || !plan.contains("points")) {
    std::cerr << "satflow: " << db << " holds no sweep plan\n";
    return kBadInput;
  }
  const auto& kpis = compare_kpis();
  // values[point][kpi] over the done replications, in replication order.
  std::map<std::string, std::vector<std::vector<double>>> values;
  std::size_t failed = 0;
  for (const auto& run : store.runs()) {
    if (run.status != "done") {
      ++failed;
      continue;
    }
    const Json k = Json::parse(run.kpis);
    auto& v = values[run.point];
    v.resize(kpis.size());
    for (std::size_t i = 0; i < kpis.size(); ++i)
      if (k.contains(kpis[i].name) && k[kpis[i].name].is_number())
        v[i].push_back(k[kpis[i].name].get<double>());
  }
  std::ostringstream csv;
  csv << "point,overrides,kpi,n,mean,lower,upper\n";
  std::cout << "sweep " << plan["name"].get<std::string>() << ": " << plan["points"].size() << " points x "
            << plan["replications"] << " replications; " << failed << " failed runs\n";
  std::map<std::string, double> lead_mean;
  std::vector<SweepData::Morris> morris;
  for (const auto& point : plan["points"]) {
    const std::string id = point["id"];
    std::string overrides;
    for (const auto& o : point["overrides"])
      overrides += (overrides.empty() ? "" : " ") + o.get<std::string>();
    std::cout << "\n" << id << "  " << overrides << "\n";
    for (std::size_t i = 0; i < kpis.size(); ++i) {
      const auto it = values.find(id);
      if (it == values.end() || it->second[i].empty()) {
        std::cout << "  " << kpis[i].label << ": no runs\n";
        csv << id << "," << overrides << "," << kpis[i].name << ",0,,,\n";
        continue;
      }
      const auto ci = simcore::mean_interval(it->second[i]);
      if (i == 0)
        lead_mean[id] = ci.mean;
      auto show = [&](double v) { return kpis[i].duration ? simcore::format_duration(v) : std::to_string(v); };
      std::cout << "  " << kpis[i].label << ": " << show(ci.mean);
      if (std::isfinite(ci.half_width))
        std::cout << " [" << show(ci.lower()) << ", " << show(ci.upper()) << "]";
      std::cout << " (n " << ci.n << ")\n";
      csv << id << "," << overrides << "," << kpis[i].name << "," << ci.n << "," << ci.mean << ","
          << (std::isfinite(ci.half_width) ? std::to_string(ci.lower()) : "") << ","
          << (std::isfinite(ci.half_width) ? std::to_string(ci.upper()) : "") << "\n";
    }
  }
  // Tornado data for one-at-a-time designs: per parameter, the lowest and highest mean lead time
  // when it alone moves from the base point (the first point), sorted by swing.
  if (plan.value("design", "") == "one_at_a_time" && lead_mean.count(plan["points"][0]["id"])) {
    const auto& points = plan["points"];
    const auto& base = points[0]["overrides"];
    struct Bar {
      std::string parameter;
      double low, high;
    };
    std::vector<Bar> bars;
    for (std::size_t j = 0; j < plan["parameters"].size(); ++j) {
      Bar bar{plan["parameters"][j], lead_mean[points[0]["id"]], lead_mean[points[0]["id"]]};
      for (const auto& point : points) {
        bool only_j = true;
        for (std::size_t q = 0; q < base.size(); ++q)
          if (q != j && point["overrides"][q] != base[q])
            only_j = false;
        if (only_j && lead_mean.count(point["id"])) {
          bar.low = std::min(bar.low, lead_mean[point["id"]]);
          bar.high = std::max(bar.high, lead_mean[point["id"]]);
        }
      }
      bars.push_back(bar);
    }
    std::stable_sort(bars.begin(), bars.end(),
                     [](const Bar& a, const Bar& b) { return a.high - a.low > b.high - b.low; });
    std::cout << "\ntornado of the mean lead time (one parameter at a time from the base point):\n";
    for (const auto& bar : bars)
      std::cout << "  " << bar.parameter << ": " << simcore::format_duration(bar.low) << " .. "
                << simcore::format_duration(bar.high) << " (swing " << simcore::format_duration(bar.high - bar.low)
                << ")\n";
  }
  // Morris elementary effects on the mean lead time: mu* (mean |EE|) and sigma per parameter.
  if (plan.contains("morris") && !plan["morris"].empty()) {
    const auto& points = plan["points"];
    std::vector<std::vector<double>> effects(plan["parameters"].size());
    for (const auto& step : plan["morris"]) {
      const std::string from = points[step[0].get<std::size_t>()]["id"];
      const std::string to = points[step[1].get<std::size_t>()]["id"];
      if (lead_mean.count(from) && lead_mean.count(to))
        effects[step[2].get<std::size_t>()].push_back((lead_mean[to] - lead_mean[from]) / step[3].get<double>());
    }
    std::cout << "\nMorris screening of the mean lead time (elementary effects per unit of each parameter's range):\n";
    for (std::size_t j = 0; j < effects.size(); ++j) {
      double mu_star = 0, mean = 0;
      for (double e : effects[j]) {
        mu_star += std::abs(e);
        mean += e;
      }
      const double r = static_cast<double>(effects[j].size());
      mu_star /= r;
      mean /= r;
      double var = 0;
      for (double e : effects[j])
        var += (e - mean) * (e - mean);
      const double sigma = r > 1 ? std::sqrt(var / (r - 1)) : 0;
      morris.push_back({plan["parameters"][j].get<std::string>(), mu_star, sigma, effects[j].size()});
      std::cout << "  " << plan["parameters"][j].get<std::string>() << ": mu* " << simcore::format_duration(mu_star)
                << ", sigma " << simcore::format_duration(sigma) << " (" << effects[j].size() << " effects)\n";
    }
  }
  if (!html_file.empty()) {
    SweepData d;
    d.name = plan["name"].get<std::string>();
    d.layout = plan.value("layout", "");
    d.seed = plan.value("seed", std::uint64_t{0});
    d.design = plan.value("design", "");
    d.replications = plan.value("replications", std::size_t{0});
    d.failed_runs = failed;
    for (const auto& p : plan["parameters"])
      d.parameters.push_back(p.get<std::string>());
    for (const auto& k : kpis)
      d.kpis.push_back({k.name, k.label, k.duration, k.headline});
    for (const auto& point : plan["points"]) {
      SweepData::Point p{point["id"].get<std::string>(), {}, {}};
      for (const auto& o : point["overrides"]) {
        const std::string text = o.get<std::string>();
        p.values.push_back(text.substr(text.find('=') + 1));
      }
      p.values.resize(d.parameters.size());
      const auto it = values.find(p.id);
      p.kpi = it != values.end() ? it->second : std::vector<std::vector<double>>(kpis.size());
      d.points.push_back(std::move(p));
    }
    d.morris = std::move(morris);
    std::ofstream out(html_file, std::ios::binary);
    write_html_page(sweep_page(d, version, today_utc()), out);
    if (!out) {
      std::cerr << "satflow: cannot write " << html_file << "\n";
      return kInternal;
    }
  }
  if (!csv_file.empty()) {
    std::ofstream out(csv_file, std::ios::binary);
    out << csv.str();
    if (!out) {
      std::cerr << "satflow: cannot write " << csv_file << "\n";
      return kInternal;
    }
  }
  return kOk;
}

int merge_command(const std::string& out, const std::vector<std::string>& shards) {
  ResultsStore merged(out);
  for (const auto& shard : shards) {
    if (!std::filesystem::exists(shard)) {
      std::cerr << "satflow: " << shard << ": no such database\n";
      return kBadInput;
    }
    ResultsStore in(shard);
    const auto hash = in.plan_hash();
    if (!hash) {
      std::cerr << "satflow: " << shard << " holds no sweep plan\n";
      return kBadInput;
    }
    if (!merged.adopt_plan(*hash, in.plan_json())) {
      std::cerr << "satflow: " << shard << " is from a different sweep (plan " << *hash << ", " << out << " holds "
                << *merged.plan_hash() << ")\n";
      return kBadInput;
    }
    const auto runs = in.runs();
    merged.begin();
    for (const auto& run : runs)
      merged.put(run); // primary key (point, replication): merging twice changes nothing
    merged.commit();
  }
  std::cout << "merged " << shards.size() << " shard" << (shards.size() == 1 ? "" : "s") << " into " << out << "\n";
  return kOk;
}

} // namespace satflow::tools
