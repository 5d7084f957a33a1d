// Damaged results databases: `results`, `merge` and `sweep` through the real binary on real SQLite
// files made by a small real sweep, then damaged with SQLite's C API or by writing random bytes over
// the file.
#include "test/tools/process_util.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <random>

namespace satflow::test {
namespace {

const std::string kSmall = source_path("test/data/sweeps/small.yaml").string();

/// A finished sweep of test/data/sweeps/small.yaml (4 points x 3 replications) in dir/name.
std::filesystem::path swept(const std::filesystem::path& dir, const std::string& name) {
  const auto db = dir / name;
  const auto r = run_satflow({"sweep", kSmall, "--db", db.string(), "-q"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return db;
}

/// A copy of a database to damage.
std::filesystem::path copy_of(const std::filesystem::path& db, const std::string& name) {
  const auto copy = db.parent_path() / name;
  std::filesystem::copy_file(db, copy, std::filesystem::copy_options::overwrite_existing);
  return copy;
}

/// Runs SQL on the database with SQLite's C API; returns the result rows, columns joined by '|'.
std::vector<std::string> sql(const std::filesystem::path& db, const std::string& statements) {
  sqlite3* handle = nullptr;
  EXPECT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
  std::vector<std::string> rows;
  char* error = nullptr;
  sqlite3_exec(
      handle, statements.c_str(),
      [](void* out, int n, char** values, char**) {
        std::string row;
        for (int i = 0; i < n; ++i)
          row += (i ? "|" : "") + std::string(values[i] ? values[i] : "NULL");
        static_cast<std::vector<std::string>*>(out)->push_back(row);
        return 0;
      },
      &rows, &error);
  EXPECT_EQ(error, nullptr) << error;
  sqlite3_free(error);
  sqlite3_close(handle);
  return rows;
}

/// Whether the file still holds exactly these bytes (compared, not printed: they are binary).
bool holds(const std::filesystem::path& file, const std::string& bytes) { return read_file(file) == bytes; }

/// Writes seeded random bytes over [offset, offset + length) of the file.
void scribble(const std::filesystem::path& file, std::size_t offset, std::size_t length) {
  std::mt19937 random(7);
  std::string bytes(length, '\0');
  for (auto& b : bytes)
    b = static_cast<char>(random() & 0xff);
  std::fstream out(file, std::ios::binary | std::ios::in | std::ios::out);
  out.seekp(static_cast<std::streamoff>(offset));
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good());
}

TEST(ResultsStore, PagesOfRandomBytesAreFoundAndRefusedByEveryCommandWithoutWritingToTheFile) {
  const auto dir = fresh_dir("damaged-pages");
  const auto pristine = swept(dir, "pristine.sqlite");
  const std::size_t page = std::stoul(sql(pristine, "PRAGMA page_size").at(0));
  const std::size_t size = std::filesystem::file_size(pristine);
  ASSERT_GE(size, 4 * page);
  struct Damage {
    std::size_t offset, length;
    std::string expect;
  };
  // Every page after the first (quick_check names them), and the first page's tables after the
  // 100-byte header (SQLite cannot even read the schema).
  for (const Damage& damage : {Damage{page, size - page, " is damaged (SQLite's quick_check: Page "},
                               Damage{100, page - 100, " is damaged (SQLite: "}}) {
    SCOPED_TRACE(damage.expect);
    const auto db = copy_of(pristine, "damaged.sqlite");
    scribble(db, damage.offset, damage.length);
    const std::string before = read_file(db);
    for (const std::vector<std::string>& args : {std::vector<std::string>{"results", db.string()},
                                                 {"merge", (dir / "new.sqlite").string(), db.string()},
                                                 {"sweep", kSmall, "--db", db.string(), "-q"}}) {
      const auto r = run_satflow(args);
      EXPECT_EQ(r.exit_code, 2) << args[0] << ": " << r.err;
      EXPECT_NE(r.err.find(db.string() + damage.expect), std::string::npos) << r.err;
      EXPECT_NE(r.err.find("nothing was written to it"), std::string::npos) << r.err;
      EXPECT_EQ(r.out, "");
    }
    EXPECT_TRUE(holds(db, before)) << db << " was written to";
    EXPECT_FALSE(std::filesystem::exists(dir / "new.sqlite"));
  }
}

TEST(ResultsStore, AnotherProgramsSqliteDatabaseIsRefusedWithoutBeingWrittenTo) {
  const auto dir = fresh_dir("foreign-sqlite");
  const auto db = dir / "notes.sqlite";
  sql(db, "CREATE TABLE notes(text TEXT); INSERT INTO notes VALUES ('keep me')");
  const std::string before = read_file(db);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"results", db.string()}, {"merge", (dir / "new.sqlite").string(), db.string()}}) {
    const auto r = run_satflow(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(db.string() + " is not a satflow results database (no meta and runs tables)"), std::string::npos)
        << r.err;
  }
  EXPECT_TRUE(holds(db, before)) << db << " was written to";
  EXPECT_EQ(sql(db, "SELECT name FROM sqlite_master"), std::vector<std::string>{"notes"});
}

} // namespace
} // namespace satflow::test
