#include "tools/experiments/sqlite_database.hpp"

#include <sqlite3.h>

#include <sstream>

namespace satflow::tools {
namespace {

/// "meta and runs", "a, b and c".
std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  return out;
}

} // namespace

SqliteDatabase::SqliteDatabase(const std::filesystem::path& file, Access access, SqliteSchema schema)
    : file_(file.string()), schema_(std::move(schema)) {
  if (schema_.version < 1)
    throw std::invalid_argument("SqliteDatabase: the schema version of a " + schema_.kind + " database must be >= 1");
  if (!schema_.meta_table.empty()) {
    schema_.tables.insert(schema_.tables.begin(), schema_.meta_table);
    schema_.create.insert(schema_.create.begin(), "CREATE TABLE IF NOT EXISTS " + schema_.meta_table +
                                                      "(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  }
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
    const int found = check_version();
    if (access == Access::read) {
      exec("PRAGMA query_only = ON");
      require_tables();
      return;
    }
    // No store has raised its version yet, so there is no step that brings an older layout up to date:
    // until a store that raises its version adds one here, writing to such a file is refused, not mixed.
    if (found > 0 && found < schema_.version)
      throw BadDatabase(file_ + " was written by an older satflow: its schema version is " + std::to_string(found) +
                        ", and this satflow has no upgrade of " + schema_.kind + " databases from it to version " +
                        std::to_string(schema_.version));
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL"); // WAL + NORMAL: a crash loses at most the last transaction
    for (const auto& sql : schema_.create)
      exec(sql.c_str());
    if (found == 0) // PRAGMA takes no bound parameters
      exec(("PRAGMA user_version = " + std::to_string(schema_.version)).c_str());
  } catch (const BadDatabase& e) {
    sqlite3_close(db_);
    throw BadDatabase(std::string(e.what()) + "; nothing was written to it");
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close(db_); }

bool SqliteDatabase::holds_table(const std::filesystem::path& file, const std::string& table) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    return false; // opening would create it
  sqlite3* db = nullptr;
  bool found = false;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    // Read-write so that no -wal or -shm file is left behind; closing must not checkpoint into a
    // file that is perhaps damaged.
    sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", -1, &s,
                           nullptr) == SQLITE_OK &&
        sqlite3_bind_text(s, 1, table.c_str(), -1, SQLITE_TRANSIENT) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
      found = sqlite3_column_int(s, 0) == 1;
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return found;
}

void SqliteDatabase::check_pages() {
  // quick_check reads every page and checks each b-tree and record; only the comparison of
  // indexes with their tables (integrity_check) is left out, which costs far more.
  SqliteStatement s(*this, "PRAGMA quick_check(3)");
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

int SqliteDatabase::check_version() {
  SqliteStatement s(*this, "PRAGMA user_version");
  const int found = s.step() ? static_cast<int>(s.integer(0)) : 0;
  if (found > schema_.version)
    throw BadDatabase(file_ + " was written by a newer satflow: its schema version is " + std::to_string(found) +
                      ", and this satflow reads " + schema_.kind + " databases up to version " +
                      std::to_string(schema_.version));
  return found;
}

void SqliteDatabase::require_tables() {
  std::size_t found = 0;
  for (const auto& table : schema_.tables) {
    SqliteStatement s(*this, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
    s.bind(1, table);
    found += s.step() && s.integer(0) == 1 ? 1 : 0;
  }
  if (found != schema_.tables.size())
    throw BadDatabase(file_ + " is not a satflow " + schema_.kind + " database (no " + joined(schema_.tables) +
                      " tables)");
}

std::optional<std::string> SqliteDatabase::meta(const std::string& key) const {
  if (schema_.meta_table.empty())
    throw std::invalid_argument("SqliteDatabase::meta: the " + schema_.kind + " database has no meta table");
  SqliteStatement s(*this, ("SELECT value FROM " + schema_.meta_table + " WHERE key = ?").c_str());
  s.bind(1, key);
  return s.step() ? std::optional(s.text(0)) : std::nullopt;
}

void SqliteDatabase::exec(const char* sql) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    fail();
}

void SqliteDatabase::begin() { exec("BEGIN IMMEDIATE"); }

void SqliteDatabase::commit() { exec("COMMIT"); }

void SqliteDatabase::in_transaction(const std::function<void()>& writes) {
  begin();
  try {
    writes();
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); // the first failure is the one to report
    throw;
  }
  commit();
}

void SqliteDatabase::fail() const {
  const int code = sqlite3_errcode(db_) & 0xff; // the primary code of an extended one
  const std::string message = sqlite3_errmsg(db_);
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
    // Closing would checkpoint the WAL into the file: a damaged file is not written to, not even so.
    sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    if (code == SQLITE_NOTADB)
      throw BadDatabase(file_ + " is not a satflow " + schema_.kind +
                        " database (not SQLite, or its header is damaged)");
    throw BadDatabase(file_ + " is damaged (SQLite: " + message + ")");
  }
  throw std::runtime_error("SQLite: " + message);
}

SqliteStatement::SqliteStatement(const SqliteDatabase& db, const char* sql) : db_(db) {
  if (sqlite3_prepare_v2(db.handle(), sql, -1, &stmt_, nullptr) != SQLITE_OK)
    db_.fail();
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

void SqliteStatement::bind(int i, const std::string& text) {
  sqlite3_bind_text(stmt_, i, text.c_str(), -1, SQLITE_TRANSIENT);
}

void SqliteStatement::bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, static_cast<sqlite3_int64>(v)); }

void SqliteStatement::bind(int i, std::optional<double> v) {
  if (v && std::isfinite(*v))
    sqlite3_bind_double(stmt_, i, *v);
  else
    sqlite3_bind_null(stmt_, i);
}

bool SqliteStatement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    db_.fail();
  return rc == SQLITE_ROW;
}

void SqliteStatement::reset() { sqlite3_reset(stmt_); }

std::string SqliteStatement::text(int i) const {
  const auto* t = sqlite3_column_text(stmt_, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}

std::int64_t SqliteStatement::integer(int i) const { return sqlite3_column_int64(stmt_, i); }

std::optional<double> SqliteStatement::real(int i) const {
  if (sqlite3_column_type(stmt_, i) == SQLITE_NULL)
    return std::nullopt;
  return sqlite3_column_double(stmt_, i);
}

} // namespace satflow::tools
