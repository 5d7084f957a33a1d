#include "tools/experiments/optimize_store.hpp"

#include "tools/experiments/sqlite_statement.hpp"

#include "tools/experiments/results_store.hpp"

#include <sqlite3.h>

#include <stdexcept>

namespace satflow::tools {
namespace {

constexpr char kKind[] = "optimisation";
[[noreturn]] void fail(sqlite3* db, const std::string& file) { fail_sqlite(db, file, kKind); }
using Statement = SqliteStatement<std::size_t, kKind>;

} // namespace

OptimizeStore::OptimizeStore(const std::filesystem::path& file) : file_(file.string()) {
  if (sqlite3_open_v2(file_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error("cannot open " + file_ + ": " + message);
  }
  try {
    exec("PRAGMA journal_mode=WAL");
    exec("CREATE TABLE IF NOT EXISTS opt_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    exec("CREATE TABLE IF NOT EXISTS opt_candidates(id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL)");
    exec("CREATE TABLE IF NOT EXISTS opt_runs(candidate INTEGER NOT NULL, replication INTEGER NOT NULL, "
         "record TEXT NOT NULL, PRIMARY KEY(candidate, replication))");
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

OptimizeStore::~OptimizeStore() { sqlite3_close(db_); }

bool OptimizeStore::is_optimize_db(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  bool found = false;
  if (sqlite3_open_v2(file.string().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name='opt_runs'", -1, &st,
                           nullptr) == SQLITE_OK)
      found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return found;
}

void OptimizeStore::exec(const char* sql) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    fail(db_, file_);
}

std::optional<std::string> OptimizeStore::meta(const std::string& key) const {
  Statement st(db_, file_, "SELECT value FROM opt_meta WHERE key = ?");
  st.bind(1, key);
  return st.step() ? std::optional(st.text(0)) : std::nullopt;
}

void OptimizeStore::set_meta(const std::string& key, const std::string& value) {
  Statement st(db_, file_, "INSERT OR REPLACE INTO opt_meta(key, value) VALUES(?, ?)");
  st.bind(1, key);
  st.bind(2, value);
  st.step();
}

std::map<std::size_t, std::string> OptimizeStore::runs_of(const std::string& key) const {
  Statement st(db_, file_,
               "SELECT r.replication, r.record FROM opt_runs r JOIN opt_candidates c ON c.id = r.candidate "
               "WHERE c.key = ? ORDER BY r.replication");
  st.bind(1, key);
  std::map<std::size_t, std::string> out;
  while (st.step())
    out[st.integer(0)] = st.text(1);
  return out;
}

void OptimizeStore::put_runs(const std::string& key, const std::map<std::size_t, std::string>& runs) {
  exec("BEGIN");
  {
    Statement add(db_, file_, "INSERT OR IGNORE INTO opt_candidates(key) VALUES(?)");
    add.bind(1, key);
    add.step();
    Statement put(db_, file_,
                  "INSERT OR REPLACE INTO opt_runs(candidate, replication, record) "
                  "SELECT id, ?, ? FROM opt_candidates WHERE key = ?");
    for (const auto& [replication, record] : runs) {
      put.bind(1, replication);
      put.bind(2, record);
      put.bind(3, key);
      put.step();
      put.reset();
    }
  }
  exec("COMMIT");
}

std::size_t OptimizeStore::candidates() const {
  Statement st(db_, file_, "SELECT COUNT(DISTINCT candidate) FROM opt_runs");
  st.step();
  return st.integer(0);
}

std::size_t OptimizeStore::runs() const {
  Statement st(db_, file_, "SELECT COUNT(*) FROM opt_runs");
  st.step();
  return st.integer(0);
}

} // namespace satflow::tools
