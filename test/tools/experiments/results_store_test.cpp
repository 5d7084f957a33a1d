// Damaged results databases: the rule for a sound row (check_run), and `results`, `merge` and
// `sweep` through the real binary on real SQLite files made by a small real sweep, then damaged
// with SQLite's C API or by writing random bytes over the file.
#include "test/tools/process_util.hpp"
#include "test/tools/text_util.hpp"
#include "tools/experiments/results_store.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <cmath>
#include <fstream>
#include <random>

namespace satflow::test {
namespace {

using ::testing::HasSubstr;

using tools::check_run;
using tools::StoredRun;

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

/// Every stored run, in a fixed order, as "point|replication|status|kpis".
std::vector<std::string> stored_runs(const std::filesystem::path& db) {
  return sql(db, "SELECT point, replication, status, kpis FROM runs ORDER BY point, replication");
}

/// The id of the n-th point in id order: a row to damage that exists in every replication.
std::string point_id(const std::filesystem::path& db, int n) {
  return sql(db, "SELECT DISTINCT point FROM runs ORDER BY point LIMIT 1 OFFSET " + std::to_string(n)).at(0);
}

/// The message naming a row, as the commands print it after the file name.
std::string row(const std::filesystem::path& db, const std::string& point, int replication) {
  return db.string() + ": run (point " + point + ", replication " + std::to_string(replication) + "): ";
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

/// Runs results, merge (from db into a new file) and a resumed sweep on db: each must exit with status 2,
/// print nothing and `message` and "nothing was written to it" on stderr, and leave db as it was and no
/// merged file.
void expect_refused_untouched(const std::filesystem::path& db, const std::string& message) {
  const auto merged = db.parent_path() / "new.sqlite";
  const std::string before = read_file(db);
  for (const std::vector<std::string>& args : {std::vector<std::string>{"results", db.string()},
                                               {"merge", merged.string(), db.string()},
                                               {"sweep", kSmall, "--db", db.string(), "-q"}}) {
    const auto r = run_satflow(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr(message));
    EXPECT_THAT(r.err, HasSubstr("nothing was written to it"));
    EXPECT_EQ(r.out, "");
  }
  EXPECT_TRUE(holds(db, before)) << db << " was written to";
  EXPECT_FALSE(std::filesystem::exists(merged));
}

TEST(ResultsStore, ARowIsSoundWithAKnownStatusAndAnObjectOfNumbersOrNulls) {
  const auto sound = check_run({"p3", 2, "done", "", "", R"({"lead_time_mean_s": 1.5, "completed": 30, "x": null})"});
  EXPECT_EQ(sound.damage, "");
  EXPECT_EQ(sound.kpis.at("lead_time_mean_s"), 1.5);
  EXPECT_EQ(sound.kpis.at("completed"), 30);
  EXPECT_TRUE(std::isnan(sound.kpis.at("x")));
  EXPECT_EQ(check_run({"p3", 2, "failed", "exit status 3", "", "{}"}).damage, "");
  const std::string prefix = "run (point p3, replication 2): kpis is not a JSON object of numbers: ";
  auto damage = [](const std::string& status, const std::string& kpis) {
    return check_run({"p3", 2, status, "", "", kpis}).damage;
  };
  EXPECT_EQ(damage("done", "{not json"), prefix + "\"{not json\" is not JSON");
  EXPECT_EQ(damage("done", "[1,2]"), prefix + "it is an array: [1,2]");
  EXPECT_EQ(damage("done", R"({"lead_time_mean_s": "soon"})"), prefix + "lead_time_mean_s is a string: \"soon\"");
  EXPECT_EQ(damage("done", R"({"completed": true})"), prefix + "completed is a boolean: true");
  EXPECT_EQ(damage("done", R"({"completed": {"n": 1}})"), prefix + "completed is an object: {\"n\":1}");
  EXPECT_EQ(damage("done", R"({"completed": 1e999})"),
            prefix + "\"{\\\"completed\\\": 1e999}\" is not JSON");               // beyond a double
  EXPECT_EQ(damage("failed", "{not json"), prefix + "\"{not json\" is not JSON"); // failed rows too
  EXPECT_EQ(damage("dnoe", "{}"), "run (point p3, replication 2): status is \"dnoe\", expected \"done\" or \"failed\"");
  // Bytes that are no text at all come out escaped and cut short, never raw on the terminal.
  const std::string binary = damage("done", std::string("\x01\xff\xfe{", 4) + std::string(100, 'x'));
  EXPECT_THAT(binary, HasSubstr(prefix + "\"\\u0001\xef\xbf\xbd"));
  EXPECT_THAT(binary, HasSubstr("xxx...\" is not JSON"));
}

TEST(ResultsStore, DamagedRowsAreRefusedByResultsAndMergeWhichLeaveEveryFileAsItWas) {
  const auto dir = fresh_dir("damaged-rows");
  const auto pristine = swept(dir, "pristine.sqlite");
  const auto merged = dir / "merged.sqlite";
  ASSERT_EQ(run_satflow({"merge", merged.string(), pristine.string()}).exit_code, 0);
  const std::string merged_before = read_file(merged);
  const std::string point = point_id(pristine, 1);
  for (const std::string kpis : {"'{not json'", "json_set(kpis, '$.lead_time_mean_s', 'soon')", "'[1,2]'"}) {
    SCOPED_TRACE(kpis);
    const auto db = copy_of(pristine, "damaged.sqlite");
    sql(db, "UPDATE runs SET kpis = " + kpis + " WHERE point = '" + point + "' AND replication = 2");
    const std::string before = read_file(db);
    const auto results = run_satflow({"results", db.string()});
    EXPECT_EQ(results.exit_code, 2) << results.err;
    EXPECT_THAT(results.err, HasSubstr(row(db, point, 2) + "kpis is not a JSON object of numbers: "));
    EXPECT_EQ(results.out, ""); // no partial table
    for (const auto& out : {merged, dir / "new.sqlite"}) {
      const auto merge = run_satflow({"merge", out.string(), pristine.string(), db.string()});
      EXPECT_EQ(merge.exit_code, 2) << merge.err;
      EXPECT_THAT(merge.err, HasSubstr(row(db, point, 2) + "kpis is not a JSON object of numbers: "));
      EXPECT_THAT(merge.err, HasSubstr("nothing was merged into " + out.string()));
    }
    EXPECT_TRUE(holds(db, before)) << db << " was written to";
    EXPECT_TRUE(holds(merged, merged_before)) << merged << " was written to";
    EXPECT_FALSE(std::filesystem::exists(dir / "new.sqlite"));
  }
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
    expect_refused_untouched(db, db.string() + damage.expect);
  }
}

TEST(ResultsStore, ADamagedPlanIsRefusedByEveryCommand) {
  const auto dir = fresh_dir("damaged-plan");
  const auto pristine = swept(dir, "pristine.sqlite");
  const std::string hash = sql(pristine, "SELECT value FROM meta WHERE key = 'plan_hash'").at(0);
  struct Damage {
    std::string sql;
    std::string expect;
  };
  const std::string set_plan = "UPDATE meta SET value = ";
  for (const Damage& damage : {
           Damage{set_plan + "'{not json' WHERE key = 'plan'", "it is not JSON"},
           Damage{set_plan + "json_set(value, '$.replications', 2) WHERE key = 'plan'",
                  "it does not match its hash " + hash},
           // Without the scenario's hash, as in older databases, the hash cannot be checked; the shape still is.
           Damage{"DELETE FROM meta WHERE key = 'scenario_hash'; " + set_plan +
                      "json_set(value, '$.points', json('[]')) WHERE key = 'plan'",
                  "its points are not a non-empty list"},
       }) {
    SCOPED_TRACE(damage.sql);
    const auto db = copy_of(pristine, "damaged.sqlite");
    sql(db, damage.sql);
    const std::string before = read_file(db);
    const std::string message = db.string() + ": the sweep plan is damaged: " + damage.expect;
    const auto results = run_satflow({"results", db.string()});
    EXPECT_EQ(results.exit_code, 2) << results.err;
    EXPECT_THAT(results.err, HasSubstr(message));
    EXPECT_EQ(results.out, "");
    const auto merge = run_satflow({"merge", (dir / "new.sqlite").string(), db.string()});
    EXPECT_EQ(merge.exit_code, 2) << merge.err;
    EXPECT_THAT(merge.err, HasSubstr(message));
    EXPECT_FALSE(std::filesystem::exists(dir / "new.sqlite"));
    const auto sweep = run_satflow({"sweep", kSmall, "--db", db.string()});
    EXPECT_EQ(sweep.exit_code, 2) << sweep.err;
    EXPECT_THAT(sweep.err, HasSubstr(message + "; it cannot be resumed"));
    EXPECT_EQ(sweep.out, "");
    EXPECT_TRUE(holds(db, before)) << db << " was written to";
  }
  // An older database edited where only a resumed sweep, knowing the plan, can tell.
  const auto db = copy_of(pristine, "old.sqlite");
  sql(db, "DELETE FROM meta WHERE key = 'scenario_hash'; " + set_plan +
              "json_set(value, '$.replications', 2) WHERE key = 'plan'");
  const auto sweep = run_satflow({"sweep", kSmall, "--db", db.string()});
  EXPECT_EQ(sweep.exit_code, 2) << sweep.err;
  EXPECT_THAT(sweep.err, HasSubstr(db.string() +
                                   ": the sweep plan is damaged: it differs from this spec's plan of the same hash"));
}

TEST(ResultsStore, AResumedSweepRerunsExactlyTheDamagedRowsAndGetsTheirKpisBack) {
  const auto dir = fresh_dir("damaged-resume");
  const auto reference = swept(dir, "reference.sqlite");
  const auto db = copy_of(reference, "damaged.sqlite");
  const std::string a = point_id(db, 0), b = point_id(db, 2), c = point_id(db, 3);
  sql(db, "UPDATE runs SET kpis = '{not json' WHERE point = '" + a +
              "' AND replication = 2; "
              "UPDATE runs SET kpis = json_set(kpis, '$.lead_time_mean_s', 'soon') WHERE point = '" +
              b +
              "' AND replication = 0; "
              "UPDATE runs SET kpis = '[1,2]' WHERE point = '" +
              c + "' AND replication = 1");
  // What satflow-mpi is given to farm out: exactly the three damaged runs.
  const auto listed = run_satflow({"sweep", kSmall, "--db", db.string(), "--list-tasks"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(nlohmann::json::parse(listed.out).size(), 3u) << listed.out;
  const auto resumed = run_satflow({"sweep", kSmall, "--db", db.string(), "--jobs", "2"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_THAT(resumed.out,
              HasSubstr("this run: 3 done, 0 failed, 9 already in " + db.string() + "; 3 damaged rows run again"));
  for (const auto& [point, replication] : {std::pair{a, 2}, {b, 0}, {c, 1}})
    EXPECT_THAT(resumed.err, HasSubstr(row(db, point, replication)));
  EXPECT_EQ(count_of(resumed.err, "; running it again\n"), 3) << resumed.err;
  EXPECT_EQ(stored_runs(db), stored_runs(reference)); // runs are deterministic: the same KPIs as never damaged
  EXPECT_EQ(run_satflow({"results", db.string()}).exit_code, 0);
}

TEST(ResultsStore, ANewerSchemaVersionIsRefusedByEveryCommandWithoutWritingToTheFile) {
  const auto dir = fresh_dir("newer-schema");
  const auto db = swept(dir, "newer.sqlite");
  EXPECT_EQ(sql(db, "PRAGMA user_version"), std::vector<std::string>{"1"}); // a new database is stamped
  sql(db, "PRAGMA user_version = 2");
  expect_refused_untouched(db, "satflow: " + db.string() +
                                   " was written by a newer satflow: its schema version is 2, and this satflow reads "
                                   "results databases up to version 1; nothing was written to it\n");
}

TEST(ResultsStore, AnUnstampedDatabaseIsReadAsBeforeAndStampedWhenASweepResumesIt) {
  const auto dir = fresh_dir("unstamped-schema");
  const auto reference = swept(dir, "reference.sqlite");
  const auto db = copy_of(reference, "unstamped.sqlite");
  // As a sweep wrote it before schema versions: user_version 0, and one run still to do.
  sql(db, "PRAGMA user_version = 0; DELETE FROM runs WHERE point = '" + point_id(db, 1) + "' AND replication = 0");
  const auto before = stored_runs(db);
  ASSERT_EQ(sql(db, "PRAGMA user_version"), std::vector<std::string>{"0"});
  EXPECT_EQ(run_satflow({"results", db.string()}).exit_code, 0);
  EXPECT_EQ(sql(db, "PRAGMA user_version"), std::vector<std::string>{"0"}); // reading stamps nothing
  const auto resumed = run_satflow({"sweep", kSmall, "--db", db.string()});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.out.find("this run: 1 done, 0 failed, 11 already in " + db.string()), std::string::npos)
      << resumed.out;
  EXPECT_EQ(stored_runs(db), stored_runs(reference));
  EXPECT_EQ(sql(db, "PRAGMA user_version"), std::vector<std::string>{"1"});
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
    EXPECT_THAT(r.err, HasSubstr(db.string() + " is not a satflow results database (no meta and runs tables)"));
  }
  EXPECT_TRUE(holds(db, before)) << db << " was written to";
  EXPECT_EQ(sql(db, "SELECT name FROM sqlite_master"), std::vector<std::string>{"notes"});
}

} // namespace
} // namespace satflow::test
