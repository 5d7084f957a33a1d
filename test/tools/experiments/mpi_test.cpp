// satflow-mpi under a real `mpirun -np 3` on loopback: the same runs as a local sweep, and the same
// posterior as a local calibration; an uncertain sweep farmed out stores the local one's draws and runs; an
// optimisation farmed out reaches the local one's plan from the same stored runs.
#include "test/tools/experiments/sql_util.hpp"
#include "test/tools/process_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <initializer_list>

namespace satflow::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

#ifdef SATFLOW_WITH_ASAN
// OpenMPI leaks at exit, mostly from plugins it has unloaded by then: frames LeakSanitizer cannot name,
// so no suppression can match them. Leak checks are off for the ranks; ASan's other checks are not.
constexpr const char* kRankSanitizerOptions = "ASAN_OPTIONS=\"${ASAN_OPTIONS}:detect_leaks=0\" ";
#else
constexpr const char* kRankSanitizerOptions = "";
#endif

/// `mpirun -np 3 satflow-mpi ARGS` on loopback; its exit status, its output in `log`.
int mpirun(const std::string& args, const std::filesystem::path& log) {
  // As root (CI) OpenMPI needs its consent variables; two cores need --oversubscribe for three ranks.
  const std::string command =
      std::string(kRankSanitizerOptions) +
      "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 "
      "mpirun -np 3 --mca btl self,tcp --mca btl_tcp_if_include lo --mca oob_tcp_if_include lo '" +
      std::string(SATFLOW_MPI_BINARY) + "' " + args + " > '" + log.string() + "' 2>&1";
  return std::system(command.c_str());
}

/// What a database of satflow's holds (the rows of `queries`) and its report in text, JSON and CSV: two
/// databases that agree on this are the same experiment.
std::string database_contents(const std::filesystem::path& db, std::initializer_list<const char*> queries) {
  std::string out;
  for (const char* query : queries)
    out += query_text(db, query);
  for (const char* format : {"--json", "--csv"}) {
    const auto r = run_satflow({"results", db.string(), format, "-"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    out += r.out;
  }
  return out + run_satflow({"results", db.string()}).out;
}

/// A sweep's database: its plan with the draws, every run.
std::string sweep_contents(const std::filesystem::path& db) {
  return database_contents(db, {"SELECT * FROM meta ORDER BY key", "SELECT * FROM runs ORDER BY point, replication"});
}

/// One experiment's databases, run locally and farmed out.
struct LocalAndFarmed {
  std::filesystem::path local, farmed, log;
};

/// Runs `satflow ARGS --db DIR/local.sqlite --jobs 2` and, farmed out, `mpirun -np 3 satflow-mpi ARGS --db
/// DIR/mpi.sqlite --batch BATCH` (its output in DIR/mpi.log). Both must succeed: a failure is reported
/// here (the caller checks HasFailure()).
LocalAndFarmed run_local_and_farmed(const std::filesystem::path& dir, const std::vector<std::string>& args, int batch) {
  const LocalAndFarmed d{dir / "local.sqlite", dir / "mpi.sqlite", dir / "mpi.log"};
  std::vector<std::string> local = args;
  local.insert(local.end(), {"--db", d.local.string(), "--jobs", "2"});
  const auto r = run_satflow(local);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string farmed;
  for (const auto& a : args)
    farmed += "'" + a + "' ";
  EXPECT_EQ(mpirun(farmed + "--db '" + d.farmed.string() + "' --batch " + std::to_string(batch), d.log), 0)
      << read_file(d.log);
  return d;
}

/// The farmed database holds what the local one does (as `contents` sees them), `mark` among it: the
/// experiment the test is about, not some other one both happen to agree on.
void expect_farmed_is_local(const LocalAndFarmed& d, std::string (*contents)(const std::filesystem::path&),
                            const std::string& mark) {
  const std::string farmed = contents(d.farmed);
  EXPECT_THAT(farmed, HasSubstr(mark));
  EXPECT_EQ(farmed, contents(d.local));
}

TEST(SweepMpi, ThreeRanksOnLoopbackGiveTheSameResultsAsALocalSweep) {
  const auto dir = fresh_dir("mpi");
  const auto spec = source_path("test/data/sweeps/small.yaml").string();
  const auto local = dir / "local.sqlite", farmed = dir / "mpi.sqlite";
  ASSERT_EQ(run_satflow({"sweep", spec, "--db", local.string(), "-q"}).exit_code, 0);
  ASSERT_EQ(mpirun("'" + spec + "' --db '" + farmed.string() + "' --batch 2", dir / "mpi.log"), 0)
      << read_file(dir / "mpi.log");
  EXPECT_NE(read_file(dir / "mpi.log").find("12 runs stored"), std::string::npos) << read_file(dir / "mpi.log");
  auto csv = [&](const std::filesystem::path& db) {
    const auto out = db.string() + ".csv";
    EXPECT_EQ(run_satflow({"results", db.string(), "--csv", out}).exit_code, 0);
    return read_file(out);
  };
  EXPECT_EQ(csv(farmed), csv(local));
}

TEST(SweepMpi, AnUncertainSweepFarmedOutIsTheLocalUncertainSweep) {
  const auto dir = fresh_dir("mpi-uncertain");
  const auto spec = source_path("test/data/uncertain/sweep.yaml").string();
  const auto d = run_local_and_farmed(dir, {"sweep", spec, "--uncertain", "--draws", "8"}, 5);
  ASSERT_FALSE(HasFailure());
  // 3 points x 8 draws x 2 replications.
  EXPECT_NE(read_file(d.log).find("48 runs stored"), std::string::npos) << read_file(d.log);
  expect_farmed_is_local(d, sweep_contents, "\"input_draws\"");
  // Other draws make another sweep, refused by the database as satflow sweep refuses it.
  EXPECT_NE(mpirun("sweep '" + spec + "' --db '" + d.farmed.string() + "' --uncertain --draws 9", dir / "other.log"),
            0);
  std::filesystem::remove_all(dir);
}

TEST(SweepMpi, APosteriorSweepFarmedOutIsTheLocalPosteriorSweep) {
  const auto dir = fresh_dir("mpi-posterior");
  const auto calib = dir / "calib.sqlite";
  ASSERT_EQ(run_satflow({"calibrate", source_path("test/data/calibration/small-calibration.yaml").string(), "--db",
                         calib.string(), "--jobs", "2", "-q"})
                .exit_code,
            0);
  const auto spec = source_path("test/data/calibration/closed-form-sweep.yaml").string();
  const auto d = run_local_and_farmed(dir, {"sweep", spec, "--posterior", calib.string(), "--draws", "6"}, 3);
  ASSERT_FALSE(HasFailure());
  expect_farmed_is_local(d, sweep_contents, "\"source\": \"posterior\"");
  std::filesystem::remove_all(dir);
}

TEST(SweepMpi, InputDrawsAreASweepsOptions) {
  const auto dir = fresh_dir("mpi-usage");
  const auto spec = source_path("test/data/calibration/small-calibration.yaml").string();
  EXPECT_EQ(mpirun("calibrate '" + spec + "' --db '" + (dir / "c.sqlite").string() + "' --uncertain", dir / "log"),
            2 << 8)
      << read_file(dir / "log");
  EXPECT_NE(read_file(dir / "log").find("usage: satflow-mpi [sweep] SPEC"), std::string::npos)
      << read_file(dir / "log");
  std::filesystem::remove_all(dir);
}

TEST(CalibrateMpi, ThreeRanksOnLoopbackGiveTheSamePosteriorAsSatflowCalibrate) {
  const auto dir = fresh_dir("mpi-calibrate");
  const auto spec = source_path("test/data/calibration/small-calibration.yaml").string();
  const auto d = run_local_and_farmed(dir, {"calibrate", spec}, 4);
  ASSERT_FALSE(HasFailure());
  EXPECT_NE(read_file(d.log).find("satflow-mpi: calibration finished; "), std::string::npos) << read_file(d.log);
  const auto a = run_satflow({"results", d.local.string(), "--json", "-"});
  const auto b = run_satflow({"results", d.farmed.string(), "--json", "-"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_THAT(a.out, HasSubstr("\"stop\": \"max_generations\""));
  EXPECT_EQ(b.out, a.out);
  // Run again on the finished database: nothing is pending, nothing is stored.
  ASSERT_EQ(mpirun("calibrate '" + spec + "' --db '" + d.farmed.string() + "'", dir / "again.log"), 0)
      << read_file(dir / "again.log");
  EXPECT_NE(read_file(dir / "again.log").find("finished; 0 proposals stored"), std::string::npos)
      << read_file(dir / "again.log");
  std::filesystem::remove_all(dir);
}

TEST(CalibrateMpi, AProposalListThatIsNotOneIsRefused) {
  const auto spec = source_path("test/data/calibration/small-calibration.yaml").string();
  const auto db = fresh_dir("mpi-calibrate-refused") / "c.sqlite";
  for (const char* list : {"[{\"generation\": 0, \"index\": 0}]",
                           "[{\"generation\": 0, \"index\": -1, \"theta\": null}]", "{}", "not json"}) {
    const auto r = run_satflow({"calibrate", spec, "--db", db.string(), "--run-proposals", list});
    EXPECT_EQ(r.exit_code, 2) << list;
    EXPECT_EQ(r.err, "satflow: --run-proposals expects a JSON list of {generation, index, theta}\n") << list;
    EXPECT_EQ(r.out, "") << list;
  }
  std::filesystem::remove_all(db.parent_path());
}

// A batch whose every run fails stores nothing, and the calibration would list the same batch again:
// the farm stops with the reason (it used to list and run that batch forever). The runs fail through a
// satflow that plans as the real one and refuses every --run-proposals.
TEST(CalibrateMpi, ABatchThatStoresNothingStopsTheFarm) {
  const auto dir = fresh_dir("mpi-calibrate-stalled");
  const auto satflow = write_file(dir / "satflow", "#!/bin/sh\ncase \"$*\" in *--run-proposals*) echo refused >&2; "
                                                   "exit 2;; esac\nexec '" +
                                                       std::string(SATFLOW_BINARY) + "' \"$@\"\n");
  std::filesystem::permissions(satflow, std::filesystem::perms::owner_all);
  const auto spec = source_path("test/data/calibration/small-calibration.yaml").string();
  const int status =
      mpirun("calibrate '" + spec + "' --db '" + (dir / "c.sqlite").string() + "' --satflow '" + satflow.string() + "'",
             dir / "run.log");
  const std::string log = read_file(dir / "run.log");
  EXPECT_NE(status, 0) << log;
  EXPECT_THAT(log, HasSubstr("satflow-mpi: a batch of "));
  EXPECT_THAT(log, HasSubstr(" stored nothing: every satflow calibrate --run-proposals of it failed"));
  EXPECT_THAT(log, HasSubstr("refused"));
  std::filesystem::remove_all(dir);
}

/// An optimisation's database: every candidate's runs by key, its report.
std::string optimisation_contents(const std::filesystem::path& db) {
  return database_contents(db, {"SELECT c.key, r.replication, r.record FROM opt_runs r JOIN opt_candidates c ON "
                                "c.id = r.candidate ORDER BY c.key, r.replication",
                                "SELECT * FROM opt_meta ORDER BY key"});
}

// GACO's search (pagmo's populations, one batch each) and an enumerated space with its final
// selection on fresh replications: both farmed out give the plan and figures of satflow optimize.
TEST(OptimizeMpi, ThreeRanksOnLoopbackGiveTheSamePlanAsSatflowOptimize) {
  for (const char* name : {"mmc-gaco", "step-capacity"}) {
    const auto dir = fresh_dir(std::string("mpi-optimize-") + name);
    const auto spec = source_path("test/data/optimise/" + std::string(name) + ".yaml").string();
    SCOPED_TRACE(name);
    const auto d = run_local_and_farmed(dir, {"optimize", spec}, 3);
    ASSERT_FALSE(HasFailure());
    const std::string log = read_file(d.log);
    EXPECT_THAT(log, HasSubstr("satflow-mpi: optimisation finished; "));
    expect_farmed_is_local(d, optimisation_contents, "\"chosen\"");
    // Every run once: the runs stored are the rows of the database, and a rerun runs nothing.
    const std::string runs = query_text(d.farmed, "SELECT count(*) FROM opt_runs");
    EXPECT_THAT(log, HasSubstr("finished; " + runs.substr(0, runs.size() - 1) + " runs stored")) << runs;
    ASSERT_EQ(mpirun("optimize '" + spec + "' --db '" + d.farmed.string() + "'", dir / "again.log"), 0)
        << read_file(dir / "again.log");
    EXPECT_NE(read_file(dir / "again.log").find("finished; 0 runs stored"), std::string::npos)
        << read_file(dir / "again.log");
    EXPECT_EQ(optimisation_contents(d.farmed), optimisation_contents(d.local));
    std::filesystem::remove_all(dir);
  }
}

TEST(OptimizeMpi, UnderUncertainInputsTheFarmRunsTheLocalDraws) {
  const auto dir = fresh_dir("mpi-optimize-uncertain");
  const auto spec = source_path("test/data/uncertain/target-optimize.yaml").string();
  const auto d = run_local_and_farmed(dir, {"optimize", spec, "--uncertain"}, 40);
  ASSERT_FALSE(HasFailure());
  expect_farmed_is_local(d, optimisation_contents, "inputs drawn (--uncertain)");
  std::filesystem::remove_all(dir);
}

TEST(OptimizeMpi, ARunListThatIsNotTheSpecsCandidatesIsRefused) {
  const auto spec = source_path("test/data/optimise/step-capacity.yaml").string();
  const auto dir = fresh_dir("mpi-optimize-refused");
  for (const char* list : {"[{\"x\": [0], \"replication\": 0}]", "[{\"x\": [1, 2], \"replication\": 0}]",
                           "[{\"replication\": 0}]", "{}", "not json"}) {
    const auto r = run_satflow({"optimize", spec, "--db", (dir / "o.sqlite").string(), "--run-candidates", list});
    EXPECT_EQ(r.exit_code, 2) << list;
    EXPECT_THAT(r.err, HasSubstr("--run-candidates expects a JSON list of {x, replication}"));
    EXPECT_EQ(r.out, "") << list;
  }
  const auto r = run_satflow({"optimize", spec, "--db", (dir / "o.sqlite").string(), "--run-candidates",
                              "[{\"x\": [2], \"replication\": 1}]"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("{\"key\":\"stations.bench.capacity=2\\n\",\"record\":"));
  std::filesystem::remove_all(dir);
}

TEST(SweepMpi, TheFarmDoesNotLinkSimGrid) {
  // libsimgrid exports MPI symbols of its own (ARCHITECTURE.md fact 4): the two must never meet.
  const auto dir = fresh_dir("mpi-ldd");
  const std::string command = "ldd '" + std::string(SATFLOW_MPI_BINARY) + "' > '" + (dir / "ldd").string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const std::string libs = read_file(dir / "ldd");
  EXPECT_THAT(libs, HasSubstr("libmpi"));
  EXPECT_THAT(libs, Not(HasSubstr("simgrid")));
}

} // namespace
} // namespace satflow::test
