#include "tools/experiments/results_store.hpp"

#include "tools/experiments/sqlite_statement.hpp"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <limits>
#include <sstream>
#include <stdexcept>

namespace satflow::tools {
namespace {

constexpr char kKind[] = "results";
/// Throws for the last failure on db: BadDatabase when SQLite found the file damaged or not a
/// database, std::runtime_error otherwise.
[[noreturn]] void fail(sqlite3* db, const std::string& file) { fail_sqlite(db, file, kKind); }
using Statement = SqliteStatement<std::size_t, kKind>;

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

ResultsStore::ResultsStore(const std::filesystem::path& file, Access access) : file_(file.string()) {
  // Read access opens read-write all the same, made read-only by query_only: a read-only connection
  // to a WAL database would leave its -wal and -shm files behind.
  const int flags = SQLITE_OPEN_READWRITE | (access == Access::write ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(file.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error("cannot open " + file_ + ": " + message);
  }
  sqlite3_busy_timeout(db_, 5000);
  try {
    check_pages(); // before anything is written
    if (access == Access::read) {
      exec("PRAGMA query_only = ON");
      Statement s(db_, file_, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'runs')");
      if (s.step() && s.integer(0) != 2)
        throw BadDatabase(file_ + " is not a satflow results database (no meta and runs tables)");
      return;
    }
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL"); // WAL + NORMAL: a crash loses at most the last transaction
    exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    exec("CREATE TABLE IF NOT EXISTS runs(point TEXT NOT NULL, replication INTEGER NOT NULL, status TEXT NOT NULL, "
         "what TEXT NOT NULL, stderr TEXT NOT NULL, kpis TEXT NOT NULL, PRIMARY KEY(point, replication))");
  } catch (const BadDatabase& e) {
    sqlite3_close(db_);
    throw BadDatabase(std::string(e.what()) + "; nothing was written to it");
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

ResultsStore::~ResultsStore() { sqlite3_close(db_); }

void ResultsStore::check_pages() {
  // quick_check reads every page and checks each b-tree and record; only the comparison of
  // indexes with their tables (integrity_check) is left out, which costs far more.
  Statement s(db_, file_, "PRAGMA quick_check(3)");
  std::string problems, line; // one line per problem, some rows holding several, after a header line
  while (s.step())
    for (std::stringstream row(s.text(0)); std::getline(row, line);)
      if (line != "*** in database main ***")
        problems += (problems.empty() ? "" : "; ") + line;
  if (problems != "ok") {
    sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    throw BadDatabase(file_ + " is damaged (SQLite's quick_check: " + problems + ")");
  }
}

void ResultsStore::exec(const char* sql) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    fail(db_, file_);
}

std::optional<std::string> ResultsStore::meta(const char* key) const {
  Statement s(db_, file_, "SELECT value FROM meta WHERE key = ?");
  s.bind(1, std::string(key));
  if (s.step())
    return s.text(0);
  return std::nullopt;
}

std::optional<StoredPlan> ResultsStore::plan() const {
  auto hash = meta("plan_hash");
  if (!hash)
    return std::nullopt;
  return StoredPlan{*hash, meta("plan").value_or(""), meta("scenario_hash").value_or("")};
}

void ResultsStore::set_plan(const StoredPlan& plan) {
  begin();
  Statement s(db_, file_, "INSERT INTO meta(key, value) VALUES ('plan_hash', ?), ('plan', ?), ('scenario_hash', ?)");
  s.bind(1, plan.hash);
  s.bind(2, plan.json);
  s.bind(3, plan.scenario_hash);
  s.step();
  commit();
}

void ResultsStore::begin() { exec("BEGIN IMMEDIATE"); }

void ResultsStore::commit() { exec("COMMIT"); }

void ResultsStore::put(const StoredRun& run) {
  Statement s(db_, file_,
              "INSERT OR REPLACE INTO runs(point, replication, status, what, stderr, kpis) VALUES (?, ?, ?, ?, ?, ?)");
  s.bind(1, run.point);
  s.bind(2, run.replication);
  s.bind(3, run.status);
  s.bind(4, run.what);
  s.bind(5, run.stderr_tail);
  s.bind(6, run.kpis);
  s.step();
}

std::vector<StoredRun> ResultsStore::runs() const {
  Statement s(db_, file_,
              "SELECT point, replication, status, what, stderr, kpis FROM runs ORDER BY replication, point");
  std::vector<StoredRun> out;
  while (s.step())
    out.push_back({s.text(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.text(5)});
  return out;
}

} // namespace satflow::tools
