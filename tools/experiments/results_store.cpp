#include "tools/experiments/results_store.hpp"

#include <nlohmann/json.hpp>

#include <limits>

namespace satflow::tools {
namespace {

/// Text cut to a length that fits in a message.
std::string shorten(const std::string& text) {
  constexpr std::size_t kMax = 40;
  return text.size() > kMax ? text.substr(0, kMax) + "..." : text;
}

/// A damaged text as a short JSON string: quoted and escaped, printable whatever bytes it holds.
std::string excerpt(const std::string& text) {
  return nlohmann::json(shorten(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// "a string: \"soon\"", "an array: [1,2]".
std::string describe(const nlohmann::json& value) {
  const std::string type = value.type_name();
  return (type.find_first_of("aeiou") == 0 ? "an " : "a ") + type + ": " + shorten(value.dump());
}

} // namespace

RunCheck check_run(const StoredRun& run) {
  RunCheck check;
  auto damaged = [&](const std::string& why) {
    check.kpis.clear();
    check.damage = "run (point " + run.point + ", replication " + std::to_string(run.replication) + "): " + why;
    return check;
  };
  if (run.status != "done" && run.status != "failed")
    return damaged("status is " + excerpt(run.status) + ", expected \"done\" or \"failed\"");
  const std::string rule = "kpis is not a JSON object of numbers: ";
  const auto kpis = nlohmann::json::parse(run.kpis, nullptr, false); // also refuses numbers beyond a double's range
  if (kpis.is_discarded())
    return damaged(rule + excerpt(run.kpis) + " is not JSON");
  if (!kpis.is_object())
    return damaged(rule + "it is " + describe(kpis));
  for (const auto& [name, value] : kpis.items()) {
    if (value.is_null()) {
      check.kpis[name] = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    if (!value.is_number())
      return damaged(rule + name + " is " + describe(value));
    check.kpis[name] = value.get<double>();
  }
  return check;
}

ResultsStore::ResultsStore(const std::filesystem::path& file, Access access)
    : db_(file, access,
          {.kind = "results",
           .version = 1,
           .meta_table = "meta",
           .tables = {"runs"},
           .create = {"CREATE TABLE IF NOT EXISTS runs(point TEXT NOT NULL, replication INTEGER NOT NULL, status TEXT "
                      "NOT NULL, what TEXT NOT NULL, stderr TEXT NOT NULL, kpis TEXT NOT NULL, PRIMARY KEY(point, "
                      "replication))"}}) {}

std::optional<StoredPlan> ResultsStore::plan() const {
  auto hash = db_.meta("plan_hash");
  if (!hash)
    return std::nullopt;
  return StoredPlan{*hash, db_.meta("plan").value_or(""), db_.meta("scenario_hash").value_or("")};
}

void ResultsStore::set_plan(const StoredPlan& plan) {
  db_.in_transaction([&] {
    SqliteStatement s(db_, "INSERT INTO meta(key, value) VALUES ('plan_hash', ?), ('plan', ?), ('scenario_hash', ?)");
    s.bind_all(plan.hash, plan.json, plan.scenario_hash);
    s.step();
  });
}

void ResultsStore::put(const StoredRun& run) {
  SqliteStatement s(
      db_, "INSERT OR REPLACE INTO runs(point, replication, status, what, stderr, kpis) VALUES (?, ?, ?, ?, ?, ?)");
  s.bind_all(run.point, run.replication, run.status, run.what, run.stderr_tail, run.kpis);
  s.step();
}

std::vector<StoredRun> ResultsStore::runs() const {
  SqliteStatement s(db_, "SELECT point, replication, status, what, stderr, kpis FROM runs ORDER BY replication, point");
  std::vector<StoredRun> out;
  while (s.step())
    out.push_back({s.text(0), s.count(1), s.text(2), s.text(3), s.text(4), s.text(5)});
  return out;
}

} // namespace satflow::tools
