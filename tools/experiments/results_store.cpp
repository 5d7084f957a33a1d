#include "tools/experiments/results_store.hpp"

#include <sqlite3.h>

#include <stdexcept>

namespace satflow::tools {
namespace {

/// A prepared statement that finalizes itself.
class Statement {
public:
  Statement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("SQLite: ") + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  void bind(int i, const std::string& text) { sqlite3_bind_text(stmt_, i, text.c_str(), -1, SQLITE_TRANSIENT); }
  void bind(int i, std::size_t v) { sqlite3_bind_int64(stmt_, i, static_cast<sqlite3_int64>(v)); }
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      throw std::runtime_error(std::string("SQLite: ") + sqlite3_errmsg(sqlite3_db_handle(stmt_)));
    return rc == SQLITE_ROW;
  }
  std::string text(int i) const {
    const auto* t = sqlite3_column_text(stmt_, i);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  std::size_t integer(int i) const { return static_cast<std::size_t>(sqlite3_column_int64(stmt_, i)); }

private:
  sqlite3_stmt* stmt_ = nullptr;
};

} // namespace

ResultsStore::ResultsStore(const std::filesystem::path& file) {
  if (sqlite3_open(file.c_str(), &db_) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error("cannot open " + file.string() + ": " + message);
  }
  sqlite3_busy_timeout(db_, 5000);
  // SQLite opens any file lazily; the first statement finds out what it is.
  if (sqlite3_exec(db_, "PRAGMA schema_version", nullptr, nullptr, nullptr) == SQLITE_NOTADB) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw NotADatabase(file.string() + " is not a satflow results database (not SQLite); nothing was written to it");
  }
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=NORMAL"); // WAL + NORMAL: a crash loses at most the last transaction
  exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  exec("CREATE TABLE IF NOT EXISTS runs(point TEXT NOT NULL, replication INTEGER NOT NULL, status TEXT NOT NULL, "
       "what TEXT NOT NULL, stderr TEXT NOT NULL, kpis TEXT NOT NULL, PRIMARY KEY(point, replication))");
}

ResultsStore::~ResultsStore() { sqlite3_close(db_); }

void ResultsStore::exec(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error("SQLite: " + message);
  }
}

std::optional<std::string> ResultsStore::meta(const std::string& key) const {
  Statement s(db_, "SELECT value FROM meta WHERE key = ?");
  s.bind(1, key);
  if (s.step())
    return s.text(0);
  return std::nullopt;
}

bool ResultsStore::adopt_plan(const std::string& hash, const std::string& plan_json) {
  if (auto existing = meta("plan_hash"))
    return *existing == hash;
  begin();
  Statement s(db_, "INSERT INTO meta(key, value) VALUES ('plan_hash', ?), ('plan', ?)");
  s.bind(1, hash);
  s.bind(2, plan_json);
  s.step();
  commit();
  return true;
}

std::optional<std::string> ResultsStore::plan_hash() const { return meta("plan_hash"); }

std::string ResultsStore::plan_json() const { return meta("plan").value_or(""); }

void ResultsStore::begin() { exec("BEGIN IMMEDIATE"); }

void ResultsStore::commit() { exec("COMMIT"); }

void ResultsStore::put(const StoredRun& run) {
  Statement s(db_, "INSERT OR REPLACE INTO runs(point, replication, status, what, stderr, kpis) "
                   "VALUES (?, ?, ?, ?, ?, ?)");
  s.bind(1, run.point);
  s.bind(2, run.replication);
  s.bind(3, run.status);
  s.bind(4, run.what);
  s.bind(5, run.stderr_tail);
  s.bind(6, run.kpis);
  s.step();
}

std::vector<StoredRun> ResultsStore::runs() const {
  Statement s(db_, "SELECT point, replication, status, what, stderr, kpis FROM runs ORDER BY replication, point");
  std::vector<StoredRun> out;
  while (s.step())
    out.push_back({s.text(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.text(5)});
  return out;
}

} // namespace satflow::tools
