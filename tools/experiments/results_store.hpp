// The sweep results database (SQLite, WAL): the plan and its hash, and one row per finished run,
// primary key (point, replication), so that writing a run twice is harmless and a resumed sweep
// runs only what is missing. The parent process is the only writer; writes are batched in
// transactions.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;

namespace satflow::tools {

struct StoredRun {
  std::string point;
  std::size_t replication = 0;
  std::string status;      ///< "done" or "failed"
  std::string what;        ///< for failures: "exit status 3", "timed out after 5 s"
  std::string stderr_tail;
  std::string kpis;        ///< JSON object of KPI name -> value (done runs)
};

/// The file exists but is not a SQLite database (bad input: nothing was written to it).
struct NotADatabase : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ResultsStore {
public:
  /// Opens or creates the database. Throws std::runtime_error with SQLite's message on failure.
  /// Opens or creates the database. Throws NotADatabase when the file is something else.
  explicit ResultsStore(const std::filesystem::path& file);
  ~ResultsStore();
  ResultsStore(const ResultsStore&) = delete;
  ResultsStore& operator=(const ResultsStore&) = delete;

  /// Records the plan in a new database. Returns false, changing nothing, when the database already
  /// holds a plan with another hash.
  bool adopt_plan(const std::string& hash, const std::string& plan_json);
  std::optional<std::string> plan_hash() const;
  std::string plan_json() const;

  void begin();
  void commit();
  /// Inserts or replaces the run (point, replication).
  void put(const StoredRun& run);
  /// Every stored run, ordered by replication then point id.
  std::vector<StoredRun> runs() const;

private:
  void exec(const std::string& sql);
  std::optional<std::string> meta(const std::string& key) const;

  sqlite3* db_ = nullptr;
};

} // namespace satflow::tools
