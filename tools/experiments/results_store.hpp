// The sweep results database (SQLite, WAL): the plan and its hash, and one row per finished run,
// primary key (point, replication), so that writing a run twice is harmless and a resumed sweep
// runs only what is missing. The parent process is the only writer; writes are batched in
// transactions. A file that is not SQLite or is damaged is bad input (BadDatabase): SqliteDatabase
// checks every page when it opens a file and treats SQLITE_CORRUPT and SQLITE_NOTADB at any later
// step the same way. check_run() is the one rule for a sound row.
#pragma once

#include "tools/experiments/sqlite_database.hpp"

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace satflow::tools {

struct StoredRun {
  std::string point;
  std::size_t replication = 0;
  std::string status; ///< "done" or "failed"
  std::string what;   ///< for failures: "exit status 3", "timed out after 5 s"
  std::string stderr_tail;
  std::string kpis; ///< JSON object of KPI name -> number or null (done runs; "{}" for failures)
};

struct StoredPlan {
  std::string hash;          ///< of everything that determines the results (SweepPlan::hash)
  std::string json;          ///< the plan as plan_json() wrote it
  std::string scenario_hash; ///< of the scenario's text: with `json` it gives `hash` (plan_damage() checks it);
                             ///< empty in databases written before it was stored
};

/// A stored run read back: its KPIs, or why the row cannot be used.
struct RunCheck {
  std::map<std::string, double> kpis; ///< by name; NaN for null (the run did not produce that KPI)
  std::string damage;                 ///< "" for a sound row, else "run (point P, replication R): what is wrong"
};

/// The rule for a sound row, shared by `results`, `merge` and a resumed `sweep`: status is "done" or
/// "failed", and kpis is a JSON object whose every value is a number (within a double's range) or
/// null, as sweep.cpp writes them; failed rows hold "{}". KPI names are not checked: a name this
/// satflow does not know is ignored and one the row lacks counts as not produced, so databases stay
/// readable when KPIs are added.
RunCheck check_run(const StoredRun& run);

class ResultsStore {
public:
  using Access = SqliteDatabase::Access;

  /// Opens the database and checks every page of it (PRAGMA quick_check: a full read of the file).
  /// Throws BadDatabase when the file is not SQLite or is damaged, or, with read access, when it holds
  /// no satflow tables; nothing has been written to it then. Throws std::runtime_error for other failures.
  ResultsStore(const std::filesystem::path& file, Access access);

  /// The stored plan, if any.
  std::optional<StoredPlan> plan() const;
  /// Records the plan. Throws std::runtime_error when the database already holds one.
  void set_plan(const StoredPlan& plan);

  void begin() { db_.begin(); }
  void commit() { db_.commit(); }
  /// Inserts or replaces the run (point, replication).
  void put(const StoredRun& run);
  /// Every stored run, ordered by replication then point id.
  std::vector<StoredRun> runs() const;

private:
  SqliteDatabase db_;
};

} // namespace satflow::tools
