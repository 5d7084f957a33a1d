#include "tools/experiments/calibration_store.hpp"

namespace satflow::tools {

bool CalibrationStore::holds_calibration(const std::filesystem::path& file) {
  return SqliteDatabase::holds_table(file, "proposals");
}

CalibrationStore::CalibrationStore(const std::filesystem::path& file, Access access)
    : db_(file, access,
          {.kind = "calibration",
           .version = 1,
           .meta_table = "meta",
           .tables = {"proposals"},
           .create = {"CREATE TABLE IF NOT EXISTS proposals(generation INTEGER NOT NULL, idx INTEGER NOT NULL, theta "
                      "TEXT NOT NULL, status TEXT NOT NULL, distance REAL, runs TEXT NOT NULL, what TEXT NOT NULL, "
                      "PRIMARY KEY(generation, idx))"}}) {}

std::optional<std::pair<std::string, std::string>> CalibrationStore::plan() const {
  const auto hash = db_.meta("plan_hash");
  if (!hash)
    return std::nullopt;
  return std::pair{*hash, db_.meta("plan").value_or("")};
}

void CalibrationStore::set_plan(const std::string& hash, const std::string& json) {
  SqliteStatement s(db_, "INSERT INTO meta(key, value) VALUES ('plan_hash', ?), ('plan', ?)");
  s.bind_all(hash, json);
  s.step();
}

void CalibrationStore::put(const StoredProposal& p) {
  SqliteStatement s(db_, "INSERT OR REPLACE INTO proposals(generation, idx, theta, status, distance, runs, what) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)");
  s.bind_all(p.generation, p.index, p.theta, p.status, p.distance, p.runs, p.what);
  s.step();
}

std::vector<StoredProposal> CalibrationStore::proposals() const {
  SqliteStatement s(
      db_, "SELECT generation, idx, theta, status, distance, runs, what FROM proposals ORDER BY generation, idx");
  std::vector<StoredProposal> out;
  while (s.step())
    out.push_back({s.integer(0), s.count(1), s.text(2), s.text(3), s.real(4), s.text(5), s.text(6)});
  return out;
}

} // namespace satflow::tools
