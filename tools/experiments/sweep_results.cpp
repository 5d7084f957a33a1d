#include "tools/experiments/sweep_results.hpp"

#include "simcore/intervals.hpp"
#include "simcore/units.hpp"
#include "tools/experiments/compare.hpp"
#include "tools/experiments/results_store.hpp"
#include "tools/experiments/sweep_plan.hpp"
#include "tools/report/sweep_charts.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

namespace satflow::tools {
namespace {

using Json = nlohmann::json;
constexpr int kOk = 0;
constexpr int kInternal = 1;
constexpr int kBadInput = 2;

/// The plan of an opened database when it holds a sound one; otherwise prints why and returns nullopt.
std::optional<StoredPlan> sound_plan(const ResultsStore& store, const std::string& file) {
  auto plan = store.plan();
  if (!plan) {
    std::cerr << "satflow: " << file << " holds no sweep plan\n";
    return std::nullopt;
  }
  if (const std::string damage = plan_damage(*plan); !damage.empty()) {
    std::cerr << "satflow: " << file << ": " << damage << "\n";
    return std::nullopt;
  }
  return plan;
}

/// How many of the runs check_run() finds damaged; prints each, naming the file and the row.
std::size_t count_damaged(const std::vector<StoredRun>& runs, const std::string& file) {
  std::size_t damaged = 0;
  for (const auto& run : runs)
    if (const RunCheck check = check_run(run); !check.damage.empty()) {
      std::cerr << "satflow: " << file << ": " << check.damage << "\n";
      ++damaged;
    }
  return damaged;
}

/// "1 damaged run", "3 damaged runs".
std::string runs_text(std::size_t n) { return std::to_string(n) + (n == 1 ? " damaged run" : " damaged runs"); }

} // namespace

int results_command(const std::string& db, const std::string& csv_file, const std::string& html_file,
                    const std::string& version) {
  if (!std::filesystem::exists(db)) {
    std::cerr << "satflow: " << db << ": no such database\n";
    return kBadInput;
  }
  // Everything is checked before the first line is printed: a damaged database gets no partial table.
  const ResultsStore store(db, ResultsStore::Access::read);
  const auto stored = sound_plan(store, db);
  if (!stored)
    return kBadInput;
  const std::vector<StoredRun> runs = store.runs();
  if (const std::size_t damaged = count_damaged(runs, db)) {
    std::cerr << "satflow: " << db << ": " << runs_text(damaged)
              << "; nothing was written to it (satflow sweep with this --db runs them again)\n";
    return kBadInput;
  }
  const Json plan = Json::parse(stored->json);
  const auto& kpis = compare_kpis();
  // values[point][kpi] over the done replications, in replication order.
  std::map<std::string, std::vector<std::vector<double>>> values;
  std::size_t failed = 0;
  for (const auto& run : runs) {
    if (run.status != "done") {
      ++failed;
      continue;
    }
    const RunCheck check = check_run(run);
    auto& v = values[run.point];
    v.resize(kpis.size());
    for (std::size_t i = 0; i < kpis.size(); ++i)
      if (const auto k = check.kpis.find(kpis[i].name); k != check.kpis.end() && !std::isnan(k->second))
        v[i].push_back(k->second);
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
  // Every shard is checked before the output is opened: a damaged one leaves the output as it was.
  std::vector<std::unique_ptr<ResultsStore>> inputs;
  std::optional<StoredPlan> plan;
  for (const auto& shard : shards) {
    if (!std::filesystem::exists(shard)) {
      std::cerr << "satflow: " << shard << ": no such database\n";
      return kBadInput;
    }
    inputs.push_back(std::make_unique<ResultsStore>(shard, ResultsStore::Access::read));
    const auto shard_plan = sound_plan(*inputs.back(), shard);
    if (!shard_plan)
      return kBadInput;
    if (plan && shard_plan->hash != plan->hash) {
      std::cerr << "satflow: " << shard << " is from a different sweep (plan " << shard_plan->hash << ", "
                << shards.front() << " holds " << plan->hash << ")\n";
      return kBadInput;
    }
    if (const std::size_t damaged = count_damaged(inputs.back()->runs(), shard)) {
      std::cerr << "satflow: " << shard << ": " << runs_text(damaged) << "; nothing was merged into " << out << "\n";
      return kBadInput;
    }
    plan = shard_plan;
  }
  ResultsStore merged(out, ResultsStore::Access::write);
  if (merged.plan()) {
    const auto existing = sound_plan(merged, out);
    if (!existing)
      return kBadInput;
    if (existing->hash != plan->hash) {
      std::cerr << "satflow: " << shards.front() << " is from a different sweep (plan " << plan->hash << ", " << out
                << " holds " << existing->hash << ")\n";
      return kBadInput;
    }
    if (const std::size_t damaged = count_damaged(merged.runs(), out)) {
      std::cerr << "satflow: " << out << ": " << runs_text(damaged) << "; nothing was merged into it\n";
      return kBadInput;
    }
  } else {
    merged.set_plan(*plan);
  }
  for (const auto& in : inputs) {
    const auto runs = in->runs();
    merged.begin();
    for (const auto& run : runs)
      merged.put(run); // primary key (point, replication): merging twice changes nothing
    merged.commit();
  }
  std::cout << "merged " << shards.size() << " shard" << (shards.size() == 1 ? "" : "s") << " into " << out << "\n";
  return kOk;
}

} // namespace satflow::tools
