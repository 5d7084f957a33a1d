// Runs SQL on a test's database through SQLite's C API: how the tests damage or trim a store as a
// crash or a hand edit would, behind the satflow code under test.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>

namespace satflow::test {

inline void execute_sql(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
  sqlite3_close(handle);
}

/// The rows of a query on a test's database as text, one a line, columns separated by tabs (NULL as
/// "NULL"): how tests compare two databases' contents whatever their files' layout.
inline std::string query_text(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  std::string text;
  EXPECT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
  auto row = [](void* out, int n, char** values, char**) {
    auto& t = *static_cast<std::string*>(out);
    for (int i = 0; i < n; ++i)
      t += std::string(i ? "\t" : "") + (values[i] ? values[i] : "NULL");
    t += "\n";
    return 0;
  };
  EXPECT_EQ(sqlite3_exec(handle, sql.c_str(), row, &text, nullptr), SQLITE_OK) << sql;
  sqlite3_close(handle);
  return text;
}

} // namespace satflow::test
