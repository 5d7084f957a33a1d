// What every store's database shares, on real SQLite files: the tables made or required, files that
// are not SQLite or lack the tables refused without a byte written, schema versions stamped and
// checked, statements, and transactions that roll back when their writes throw.
#include "tools/experiments/sqlite_database.hpp"

#include "test/tools/experiments/sql_util.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace satflow::tools {
namespace {

using Access = SqliteDatabase::Access;

std::filesystem::path fresh(const std::string& name) {
  const auto path = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".sqlite");
  std::filesystem::remove(path);
  return path;
}

std::string bytes_of(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

SqliteSchema schema() {
  return {.kind = "demo",
          .tables = {"a", "b", "c"},
          .create = {"CREATE TABLE IF NOT EXISTS a(x INTEGER)", "CREATE TABLE IF NOT EXISTS b(y TEXT)",
                     "CREATE TABLE IF NOT EXISTS c(z REAL)"}};
}

/// The message of the BadDatabase that opening `file` throws, or "" if it opens.
std::string refusal(const std::filesystem::path& file, Access access, SqliteSchema s = schema()) {
  try {
    SqliteDatabase db(file, access, std::move(s));
  } catch (const BadDatabase& e) {
    return e.what();
  }
  return "";
}

TEST(SqliteDatabase, WriteAccessMakesTheTablesAndReadAccessRequiresThemAll) {
  const auto file = fresh("sqlite-database-tables");
  { SqliteDatabase db(file, Access::write, schema()); }
  EXPECT_EQ(refusal(file, Access::read), "");
  EXPECT_TRUE(SqliteDatabase::holds_table(file, "c"));
  EXPECT_FALSE(SqliteDatabase::holds_table(file, "d"));

  test::execute_sql(file, "DROP TABLE b");
  const std::string before = bytes_of(file);
  EXPECT_EQ(refusal(file, Access::read),
            file.string() + " is not a satflow demo database (no a, b and c tables); nothing was written to it");
  EXPECT_EQ(bytes_of(file), before);
  std::filesystem::remove(file);
}

TEST(SqliteDatabase, AFileThatIsNotSqliteIsRefusedWithEitherAccessAndLeftAsItWas) {
  const auto file = fresh("sqlite-database-text");
  const std::string text(4096, 'x');
  std::ofstream(file, std::ios::binary) << text;
  for (const Access access : {Access::read, Access::write})
    EXPECT_EQ(refusal(file, access), file.string() + " is not a satflow demo database (not SQLite, or its header is "
                                                     "damaged); nothing was written to it");
  EXPECT_EQ(bytes_of(file), text);
  EXPECT_FALSE(SqliteDatabase::holds_table(file, "a"));
  std::filesystem::remove(file);
}

TEST(SqliteDatabase, AMissingFileIsNotCreatedByReadAccessNorByTheTableCheck) {
  const auto file = fresh("sqlite-database-missing");
  try {
    SqliteDatabase db(file, Access::read, schema());
    FAIL() << "opened a missing file";
  } catch (const BadDatabase& e) {
    FAIL() << e.what();
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot open " + file.string() + ": unable to open database file");
  }
  EXPECT_FALSE(SqliteDatabase::holds_table(file, "a"));
  EXPECT_FALSE(std::filesystem::exists(file));
}

/// The file's PRAGMA user_version, read behind satflow's back.
std::string user_version(const std::filesystem::path& file) { return test::query_text(file, "PRAGMA user_version"); }

SqliteSchema schema_of_version(int version) {
  SqliteSchema s = schema();
  s.version = version;
  return s;
}

TEST(SqliteDatabase, ANewDatabaseIsStampedWithItsSchemaVersion) {
  const auto file = fresh("sqlite-database-stamp");
  { SqliteDatabase db(file, Access::write, schema_of_version(3)); }
  EXPECT_EQ(user_version(file), "3\n");
  EXPECT_EQ(refusal(file, Access::read, schema_of_version(3)), "");
  EXPECT_EQ(refusal(file, Access::read, schema_of_version(4)), ""); // a newer build reads an older file
  EXPECT_EQ(user_version(file), "3\n");                             // and reading stamps nothing
  const std::string before = bytes_of(file);
  EXPECT_EQ(refusal(file, Access::write, schema_of_version(4)),
            file.string() + " was written by an older satflow: its schema version is 3, and this satflow has no "
                            "upgrade of demo databases from it to version 4; nothing was written to it");
  EXPECT_EQ(bytes_of(file), before); // writing to it would mix two layouts
  EXPECT_THROW(SqliteDatabase(file, Access::write, schema_of_version(0)), std::invalid_argument);
  std::filesystem::remove(file);
}

TEST(SqliteDatabase, ANewerSchemaVersionIsRefusedWithEitherAccessAndLeftAsItWas) {
  const auto file = fresh("sqlite-database-newer");
  { SqliteDatabase db(file, Access::write, schema()); }
  test::execute_sql(file, "PRAGMA user_version = 2");
  const std::string before = bytes_of(file);
  for (const Access access : {Access::read, Access::write})
    EXPECT_EQ(refusal(file, access), file.string() + " was written by a newer satflow: its schema version is 2, and "
                                                     "this satflow reads demo databases up to version 1; nothing "
                                                     "was written to it");
  EXPECT_EQ(bytes_of(file), before);
  std::filesystem::remove(file);
}

TEST(SqliteDatabase, AnUnstampedDatabaseIsReadAsItIsAndStampedWhenOpenedForWriting) {
  const auto file = fresh("sqlite-database-unstamped");
  // As satflow wrote it before schema versions: the tables, and user_version 0.
  for (const auto& sql : schema().create)
    test::execute_sql(file, sql);
  test::execute_sql(file, "INSERT INTO b(y) VALUES ('kept')");
  const std::string before = bytes_of(file);
  EXPECT_EQ(refusal(file, Access::read), "");
  EXPECT_EQ(bytes_of(file), before);
  {
    SqliteDatabase db(file, Access::write, schema());
    SqliteStatement s(db, "SELECT y FROM b");
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.text(0), "kept");
  }
  EXPECT_EQ(user_version(file), "1\n");
  std::filesystem::remove(file);
}

TEST(SqliteDatabase, AMetaTableIsMadeAndRequiredFirstAndReadByKey) {
  const auto file = fresh("sqlite-database-meta");
  const SqliteSchema with_meta = {
      .kind = "demo", .meta_table = "m", .tables = {"a"}, .create = {"CREATE TABLE IF NOT EXISTS a(x INTEGER)"}};
  { SqliteDatabase db(file, Access::write, with_meta); }
  test::execute_sql(file, "INSERT INTO m(key, value) VALUES ('plan', 'p1')");
  {
    SqliteDatabase db(file, Access::read, with_meta);
    EXPECT_EQ(db.meta("plan"), "p1");
    EXPECT_EQ(db.meta("none"), std::nullopt);
  }
  EXPECT_THROW(SqliteDatabase(file, Access::read, {.kind = "demo", .tables = {"a"}}).meta("plan"),
               std::invalid_argument); // a schema without a meta table
  test::execute_sql(file, "DROP TABLE m");
  EXPECT_EQ(refusal(file, Access::read, with_meta),
            file.string() + " is not a satflow demo database (no m and a tables); nothing was written to it");
  std::filesystem::remove(file);
}

TEST(SqliteDatabase, StatementsBindAndReadBackEveryTypeWithNullForNone) {
  const auto file = fresh("sqlite-database-statements");
  SqliteDatabase db(file, Access::write, {.kind = "demo", .create = {"CREATE TABLE t(i INTEGER, s TEXT, r REAL)"}});
  {
    SqliteStatement put(db, "INSERT INTO t(i, s, r) VALUES (?, ?, ?)");
    put.bind(1, std::int64_t{-3});
    put.bind(2, std::string("naïve, \"quoted\""));
    put.bind(3, std::optional<double>(2.5));
    EXPECT_FALSE(put.step());
    put.reset();
    put.bind(1, std::size_t{7});
    put.bind(2, std::string());
    put.bind(3, std::optional<double>(std::nan(""))); // not finite: stored as NULL
    put.step();
  }
  SqliteStatement get(db, "SELECT i, s, r FROM t ORDER BY i");
  ASSERT_TRUE(get.step());
  EXPECT_EQ(get.integer(0), -3);
  EXPECT_EQ(get.text(1), "naïve, \"quoted\"");
  EXPECT_EQ(get.real(2), 2.5);
  ASSERT_TRUE(get.step());
  EXPECT_EQ(get.count(0), 7u);
  EXPECT_EQ(get.real(2), std::nullopt);
  EXPECT_FALSE(get.step());
  EXPECT_THROW(SqliteStatement(db, "SELECT nonsense FROM nowhere"), std::runtime_error);
  std::filesystem::remove(file);
}

TEST(SqliteDatabase, BindAllNumbersTheValuesInTheirOrder) {
  const auto file = fresh("sqlite-database-bind-all");
  SqliteDatabase db(file, Access::write, {.kind = "demo", .create = {"CREATE TABLE t(i INTEGER, s TEXT, r REAL)"}});
  {
    SqliteStatement put(db, "INSERT INTO t(r, s, i) VALUES (?, ?, ?)");
    put.bind_all(std::optional<double>(0.25), std::string("b"), std::size_t{9});
    put.step();
  }
  SqliteStatement get(db, "SELECT i, s, r FROM t");
  ASSERT_TRUE(get.step());
  EXPECT_EQ(get.integer(0), 9);
  EXPECT_EQ(get.text(1), "b");
  EXPECT_EQ(get.real(2), 0.25);
  std::filesystem::remove(file);
}

TEST(SqliteDatabase, ATransactionWhoseWritesThrowLeavesNothingAndTheNextOneCommits) {
  const auto file = fresh("sqlite-database-transaction");
  SqliteDatabase db(file, Access::write, schema());
  auto insert = [&](std::int64_t x) {
    SqliteStatement s(db, "INSERT INTO a(x) VALUES (?)");
    s.bind(1, x);
    s.step();
  };
  EXPECT_THROW(db.in_transaction([&] {
    insert(1);
    throw std::runtime_error("stop");
  }),
               std::runtime_error);
  db.in_transaction([&] { insert(2); });
  SqliteStatement all(db, "SELECT group_concat(x) FROM a");
  ASSERT_TRUE(all.step());
  EXPECT_EQ(all.text(0), "2");
  std::filesystem::remove(file);
}

} // namespace
} // namespace satflow::tools
