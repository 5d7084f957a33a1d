// One SQLite database of satflow, whatever store it serves (sweep results, calibration, optimisation):
// the file opened, every page of it checked before anything is written (PRAGMA quick_check), the
// pragmas (WAL, synchronous=NORMAL), the store's tables created or, with read access, required,
// transactions, prepared statements, and one way of reporting SQLite's failures. A file that is not
// SQLite, is damaged or lacks the store's tables is bad input (BadDatabase) and is never written to.
// Each store keeps only what is its own: its tables' SQL, its schema version, its rows, and the rule
// for a sound row (a damaged row is refused by the store's reader, naming the row, through BadDatabase's
// details).
//
// Schema versions: a store declares the version of its tables' layout; the file carries it in SQLite's
// PRAGMA user_version. A newer file than this build reads is refused before anything else (its tables
// may mean something else); a file of version 0 (written before versions existed, or new) is read as
// it is and, opened for writing, stamped once its tables exist. A store that changes its tables so that
// an older satflow would misread them raises its version, and adds to the constructor the step that
// brings an older file up to date before writing to it; until it does, writing to a file of an older
// version (not 0) is refused, while reading it is not.
#pragma once

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace satflow::tools {

/// The file cannot serve as the database asked for: not SQLite, damaged, without satflow's tables, or
/// holding rows that cannot be used. Bad input (exit status 2); the message names the file and says
/// what is wrong.
struct BadDatabase : std::runtime_error {
  using std::runtime_error::runtime_error;
  /// `what` after the problems that led to it (one damaged row each), which are reported first.
  BadDatabase(std::vector<std::string> damaged_rows, const std::string& what)
      : std::runtime_error(what), details(std::move(damaged_rows)) {}

  std::vector<std::string> details; ///< one line each, without "satflow: "
};

/// What a store's database holds.
struct SqliteSchema {
  std::string kind; ///< in messages: "is not a satflow KIND database"
  /// The layout of the tables this build writes and reads, stamped as the file's PRAGMA user_version.
  /// REQUIRES: version >= 1. Default: 1
  int version = 1;
  /// The store's key/value table (key TEXT PRIMARY KEY, value TEXT NOT NULL), read by meta(): made and
  /// required as the first of the store's tables. Default: none
  std::string meta_table;
  std::vector<std::string> tables; ///< the store's tables by name: with read access, all must exist
  std::vector<std::string> create; ///< statements run with write access: CREATE TABLE IF NOT EXISTS ...
};

class SqliteDatabase {
public:
  enum class Access {
    read,  ///< an existing database; nothing is ever written to it
    write, ///< created if missing
  };

  /// Opens the file, checks every page of it (PRAGMA quick_check: a full read of the file) and its
  /// schema version. With write access, sets WAL and synchronous=NORMAL, runs schema.create and stamps
  /// schema.version on a file of version 0; with read access, requires schema.tables. Throws
  /// BadDatabase ("...; nothing was written to it") when the file is not SQLite, is damaged, has a newer
  /// schema version than schema.version (or, with write access, an older one but 0) or lacks the tables;
  /// std::runtime_error ("cannot open FILE: why") for other failures; std::invalid_argument if schema.version < 1.
  SqliteDatabase(const std::filesystem::path& file, Access access, SqliteSchema schema);
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  /// Whether `file` is an SQLite file holding a table named `table`; false for anything else, even a
  /// file that cannot be read (the caller's own open then says why). Never writes to the file.
  static bool holds_table(const std::filesystem::path& file, const std::string& table);

  /// Runs SQL that returns no rows; a failure throws (fail()).
  void exec(const char* sql);
  void begin();  ///< BEGIN IMMEDIATE: the one writer takes the lock at once
  void commit(); ///< COMMIT
  /// Runs `writes` in one transaction, rolled back if they throw.
  void in_transaction(const std::function<void()>& writes);

  /// Throws for SQLite's last failure: BadDatabase for a damaged file or one that is not SQLite,
  /// std::runtime_error for any other.
  [[noreturn]] void fail() const;

  /// The value of `key` in the schema's meta_table; nothing when it holds none. REQUIRES: a meta_table.
  std::optional<std::string> meta(const std::string& key) const;

  sqlite3* handle() const { return db_; }
  const std::string& file() const { return file_; } ///< as the user named it, for messages

private:
  void check_pages();
  /// The file's schema version (PRAGMA user_version); throws BadDatabase when it is newer than the store's.
  int check_version();
  void require_tables();

  std::string file_;
  SqliteSchema schema_;
  sqlite3* db_ = nullptr;
};

/// A prepared statement that finalizes itself. Failures throw through SqliteDatabase::fail().
class SqliteStatement {
public:
  SqliteStatement(const SqliteDatabase& db, const char* sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void bind(int i, const std::string& text);
  void bind(int i, std::int64_t v);
  void bind(int i, std::size_t v) { bind(i, static_cast<std::int64_t>(v)); }
  /// NULL for none or a non-finite value.
  void bind(int i, std::optional<double> v);
  /// Binds `values` to parameters 1, 2, ... in order: a row's fields in the order of the statement's `?`s.
  template <typename... Values> void bind_all(const Values&... values) {
    int i = 0;
    (bind(++i, values), ...);
  }
  /// Whether a row came; a failure throws.
  bool step();
  void reset();

  std::string text(int i) const; ///< "" for NULL
  std::int64_t integer(int i) const;
  std::size_t count(int i) const { return static_cast<std::size_t>(integer(i)); } ///< an integer >= 0
  std::optional<double> real(int i) const;                                        ///< nothing for NULL

private:
  const SqliteDatabase& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

} // namespace satflow::tools
