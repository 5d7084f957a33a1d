// The calibration database (SQLite, WAL): the calibration's plan (everything its results depend on,
// as JSON, and its hash) and one row per proposal, primary key (generation, index), written as each
// run completes. Generation -1 holds the posterior predictive draws. The rows are the only state: a
// resumed calibration or `satflow results` replays the algorithm over them (calibration.hpp), so the
// store checks only that the file is sound SQLite with its tables; what a row must hold is checked
// where it is replayed, and a damaged row is refused there, by its (generation, index).
#pragma once

#include "tools/experiments/sqlite_database.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace satflow::tools {

/// Generation number of the rows that hold posterior predictive draws.
inline constexpr std::int64_t kPredictiveGeneration = -1;

struct StoredProposal {
  std::int64_t generation = 0;
  std::size_t index = 0;
  std::string theta;              ///< JSON array: one value per parameter, base units
  std::string status;             ///< "done" or "failed"
  std::optional<double> distance; ///< nothing: infinite (a failed run, or a proposal outside the priors)
  std::string runs;               ///< JSON array of each replication's observed_run_json ("[]" when failed)
  std::string what;               ///< for failures: why
};

class CalibrationStore {
public:
  using Access = SqliteDatabase::Access;

  /// Opens the database and checks every page (PRAGMA quick_check). Throws BadDatabase
  /// (sqlite_database.hpp) when the file is not SQLite, is damaged or, with read access, holds no
  /// calibration; std::runtime_error for other failures.
  CalibrationStore(const std::filesystem::path& file, Access access);

  /// Whether `file` is an SQLite file with a calibration's tables (false for anything else, even a
  /// file that cannot be read: the caller's own open then says why).
  static bool holds_calibration(const std::filesystem::path& file);

  /// The stored plan's hash and JSON, if any.
  std::optional<std::pair<std::string, std::string>> plan() const;
  /// Records the plan. REQUIRES: none stored yet.
  void set_plan(const std::string& hash, const std::string& json);
  /// Inserts or replaces a proposal, in a transaction of its own (durable when this returns).
  void put(const StoredProposal& p);
  /// Every stored proposal, by generation then index.
  std::vector<StoredProposal> proposals() const;

private:
  SqliteDatabase db_;
};

} // namespace satflow::tools
