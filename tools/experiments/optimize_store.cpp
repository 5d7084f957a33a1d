#include "tools/experiments/optimize_store.hpp"

namespace satflow::tools {

OptimizeStore::OptimizeStore(const std::filesystem::path& file)
    : db_(file, SqliteDatabase::Access::write,
          {.kind = "optimisation",
           .version = 1,
           .meta_table = "opt_meta",
           .tables = {"opt_candidates", "opt_runs"},
           .create = {"CREATE TABLE IF NOT EXISTS opt_candidates(id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL)",
                      "CREATE TABLE IF NOT EXISTS opt_runs(candidate INTEGER NOT NULL, replication INTEGER NOT NULL, "
                      "record TEXT NOT NULL, PRIMARY KEY(candidate, replication))"}}) {}

bool OptimizeStore::is_optimize_db(const std::filesystem::path& file) {
  return SqliteDatabase::holds_table(file, "opt_runs");
}

std::optional<std::string> OptimizeStore::meta(const std::string& key) const { return db_.meta(key); }

void OptimizeStore::set_meta(const std::string& key, const std::string& value) {
  SqliteStatement st(db_, "INSERT OR REPLACE INTO opt_meta(key, value) VALUES(?, ?)");
  st.bind_all(key, value);
  st.step();
}

std::map<std::size_t, std::string> OptimizeStore::runs_of(const std::string& key) const {
  SqliteStatement st(db_, "SELECT r.replication, r.record FROM opt_runs r JOIN opt_candidates c ON c.id = r.candidate "
                          "WHERE c.key = ? ORDER BY r.replication");
  st.bind(1, key);
  std::map<std::size_t, std::string> out;
  while (st.step())
    out[st.count(0)] = st.text(1);
  return out;
}

void OptimizeStore::put_runs(const std::string& key, const std::map<std::size_t, std::string>& runs) {
  db_.in_transaction([&] {
    SqliteStatement add(db_, "INSERT OR IGNORE INTO opt_candidates(key) VALUES(?)");
    add.bind(1, key);
    add.step();
    SqliteStatement put(db_, "INSERT OR REPLACE INTO opt_runs(candidate, replication, record) "
                             "SELECT id, ?, ? FROM opt_candidates WHERE key = ?");
    for (const auto& [replication, record] : runs) {
      put.bind_all(replication, record, key);
      put.step();
      put.reset();
    }
  });
}

std::size_t OptimizeStore::candidates() const {
  SqliteStatement st(db_, "SELECT COUNT(DISTINCT candidate) FROM opt_runs");
  st.step();
  return st.count(0);
}

std::size_t OptimizeStore::runs() const {
  SqliteStatement st(db_, "SELECT COUNT(*) FROM opt_runs");
  st.step();
  return st.count(0);
}

} // namespace satflow::tools
