#include "tools/experiments/calibration_store.hpp"

#include "tools/experiments/sqlite_statement.hpp"

#include "tools/experiments/results_store.hpp"

#include <sqlite3.h>

#include <cmath>
#include <sstream>

namespace satflow::tools {
namespace {

constexpr char kKind[] = "calibration";
[[noreturn]] void fail(sqlite3* db, const std::string& file) { fail_sqlite(db, file, kKind); }
using Statement = SqliteStatement<std::int64_t, kKind>;

} // namespace

bool CalibrationStore::holds_calibration(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  bool found = false;
  if (std::error_code ec; std::filesystem::is_regular_file(file, ec) &&
                          sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'proposals'", -1, &s,
                           nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
      found = sqlite3_column_int(s, 0) == 1;
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return found;
}

CalibrationStore::CalibrationStore(const std::filesystem::path& file, Access access) : file_(file.string()) {
  const int flags = SQLITE_OPEN_READWRITE | (access == Access::write ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(file.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error("cannot open " + file_ + ": " + message);
  }
  sqlite3_busy_timeout(db_, 5000);
  try {
    Statement check(db_, file_, "PRAGMA quick_check(3)");
    std::string problems, line;
    while (check.step())
      for (std::stringstream row(check.text(0)); std::getline(row, line);)
        problems += (problems.empty() ? "" : "; ") + line;
    if (problems != "ok") {
      sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
      throw BadDatabase(file_ + " is damaged (SQLite's quick_check: " + problems + ")");
    }
    if (access == Access::read) {
      exec("PRAGMA query_only = ON");
      Statement s(db_, file_,
                  "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'proposals')");
      if (s.step() && s.integer(0) != 2)
        throw BadDatabase(file_ + " is not a satflow calibration database (no meta and proposals tables)");
      return;
    }
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
    exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    exec("CREATE TABLE IF NOT EXISTS proposals(generation INTEGER NOT NULL, idx INTEGER NOT NULL, theta TEXT NOT NULL, "
         "status TEXT NOT NULL, distance REAL, runs TEXT NOT NULL, what TEXT NOT NULL, PRIMARY KEY(generation, idx))");
  } catch (const BadDatabase& e) {
    sqlite3_close(db_);
    throw BadDatabase(std::string(e.what()) + "; nothing was written to it");
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

CalibrationStore::~CalibrationStore() { sqlite3_close(db_); }

void CalibrationStore::exec(const char* sql) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    fail(db_, file_);
}

std::optional<std::pair<std::string, std::string>> CalibrationStore::plan() const {
  Statement s(db_, file_, "SELECT key, value FROM meta WHERE key IN ('plan_hash', 'plan') ORDER BY key");
  std::optional<std::string> hash, json;
  while (s.step())
    (s.text(0) == "plan" ? json : hash) = s.text(1);
  if (!hash)
    return std::nullopt;
  return std::pair{*hash, json.value_or("")};
}

void CalibrationStore::set_plan(const std::string& hash, const std::string& json) {
  Statement s(db_, file_, "INSERT INTO meta(key, value) VALUES ('plan_hash', ?), ('plan', ?)");
  s.bind(1, hash);
  s.bind(2, json);
  s.step();
}

void CalibrationStore::put(const StoredProposal& p) {
  Statement s(db_, file_,
              "INSERT OR REPLACE INTO proposals(generation, idx, theta, status, distance, runs, what) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, p.generation);
  s.bind(2, static_cast<std::int64_t>(p.index));
  s.bind(3, p.theta);
  s.bind(4, p.status);
  s.bind(5, p.distance);
  s.bind(6, p.runs);
  s.bind(7, p.what);
  s.step();
}

std::vector<StoredProposal> CalibrationStore::proposals() const {
  Statement s(db_, file_,
              "SELECT generation, idx, theta, status, distance, runs, what FROM proposals ORDER BY generation, idx");
  std::vector<StoredProposal> out;
  while (s.step())
    out.push_back(
        {s.integer(0), static_cast<std::size_t>(s.integer(1)), s.text(2), s.text(3), s.real(4), s.text(5), s.text(6)});
  return out;
}

} // namespace satflow::tools
