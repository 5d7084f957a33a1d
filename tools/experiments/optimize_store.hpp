// The optimisation database (SQLite): every evaluated candidate (its decisions as a key) and each of
// its replications' KPI records, primary key (candidate, replication), so that a candidate already run
// is never run again and a killed optimisation restarted replays the search from stored records to the
// identical answer. Beside them, a few named texts (the spec's hash, the final report). The parent
// process is the only writer; each batch is one transaction.
#pragma once

#include "tools/experiments/sqlite_database.hpp"

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace satflow::tools {

class OptimizeStore {
public:
  /// Opens (creating if missing) the database and checks every page. Throws BadDatabase
  /// (sqlite_database.hpp) for a file that is not SQLite or is damaged, std::runtime_error for other failures.
  explicit OptimizeStore(const std::filesystem::path& file);

  /// Whether `file` is an optimisation database (has its tables); false for a sweep's or any other file.
  static bool is_optimize_db(const std::filesystem::path& file);

  std::optional<std::string> meta(const std::string& key) const;
  void set_meta(const std::string& key, const std::string& value);

  /// The stored records of candidate `key` by replication.
  std::map<std::size_t, std::string> runs_of(const std::string& key) const;
  /// Stores runs of candidate `key` (created if new), in one transaction.
  void put_runs(const std::string& key, const std::map<std::size_t, std::string>& runs);

  std::size_t candidates() const; ///< candidates with at least one stored run
  std::size_t runs() const;       ///< rows of runs: each (candidate, replication) once

private:
  SqliteDatabase db_;
};

} // namespace satflow::tools
