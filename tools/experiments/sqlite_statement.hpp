// What every SQLite store of satflow (sweep results, calibration, optimisation) shares: a prepared
// statement that finalizes itself, and one way of reporting SQLite's failures, where a damaged file or
// one that is not SQLite is bad input (BadDatabase) and is never written to.
#pragma once

#include "tools/experiments/results_store.hpp"

#include <sqlite3.h>

#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

namespace satflow::tools {

/// Throws BadDatabase for a damaged file or one that is not SQLite ("is not a satflow KIND database"),
/// std::runtime_error for any other SQLite failure.
[[noreturn]] inline void fail_sqlite(sqlite3* db, const std::string& file, const char* kind) {
  const int code = sqlite3_errcode(db) & 0xff; // the primary code of an extended one
  const std::string message = sqlite3_errmsg(db);
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
    // Closing would checkpoint the WAL into the file: a damaged file is not written to, not even so.
    sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    if (code == SQLITE_NOTADB)
      throw BadDatabase(file + " is not a satflow " + kind + " database (not SQLite, or its header is damaged)");
    throw BadDatabase(file + " is damaged (SQLite: " + message + ")");
  }
  throw std::runtime_error("SQLite: " + message);
}

/// A prepared statement of a store whose database is a satflow `Kind` database; integers as `Int`.
template <class Int, const char* Kind> class SqliteStatement {
public:
  SqliteStatement(sqlite3* db, const std::string& file, const char* sql) : db_(db), file_(file) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
      fail_sqlite(db_, file_, Kind);
  }
  ~SqliteStatement() { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  void bind(int i, const std::string& text) { sqlite3_bind_text(stmt_, i, text.c_str(), -1, SQLITE_TRANSIENT); }
  void bind(int i, Int v) { sqlite3_bind_int64(stmt_, i, static_cast<sqlite3_int64>(v)); }
  /// NULL for none or a non-finite value.
  void bind(int i, std::optional<double> v) {
    if (v && std::isfinite(*v))
      sqlite3_bind_double(stmt_, i, *v);
    else
      sqlite3_bind_null(stmt_, i);
  }
  /// Whether a row came; a failure throws (fail_sqlite).
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      fail_sqlite(db_, file_, Kind);
    return rc == SQLITE_ROW;
  }
  std::string text(int i) const {
    const auto* t = sqlite3_column_text(stmt_, i);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  Int integer(int i) const { return static_cast<Int>(sqlite3_column_int64(stmt_, i)); }
  std::optional<double> real(int i) const {
    if (sqlite3_column_type(stmt_, i) == SQLITE_NULL)
      return std::nullopt;
    return sqlite3_column_double(stmt_, i);
  }
  void reset() { sqlite3_reset(stmt_); }

private:
  sqlite3* db_;
  const std::string& file_;
  sqlite3_stmt* stmt_ = nullptr;
};

} // namespace satflow::tools
