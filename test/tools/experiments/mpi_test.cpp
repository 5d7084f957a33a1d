// satflow-mpi under a real `mpirun -np 3` on loopback: the same runs as a local sweep, and the same
// posterior as a local calibration; an uncertain sweep farmed out stores the local one's draws and runs; an
// optimisation farmed out reaches the local one's plan from the same stored runs.
#include "test/tools/experiments/sql_util.hpp"
#include "test/tools/process_util.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace satflow::test {
namespace {

#ifdef SATFLOW_WITH_ASAN
// OpenMPI leaks at exit, mostly from plugins it has unloaded by then: frames LeakSanitizer cannot name,
// so no suppression can match them. Leak checks are off for the ranks; ASan's other checks are not.
constexpr const char* kRankSanitizerOptions = "ASAN_OPTIONS=\"${ASAN_OPTIONS}:detect_leaks=0\" ";
#else
constexpr const char* kRankSanitizerOptions = "";
#endif

TEST(SweepMpi, ThreeRanksOnLoopbackGiveTheSameResultsAsALocalSweep) {
  const auto dir = fresh_dir("mpi");
  const auto spec = source_path("test/data/sweeps/small.yaml").string();
  const auto local = dir / "local.sqlite", farmed = dir / "mpi.sqlite";
  ASSERT_EQ(run_satflow({"sweep", spec, "--db", local.string(), "-q"}).exit_code, 0);
  // As root (CI) OpenMPI needs its consent variables; two cores need --oversubscribe for three ranks.
  const std::string command =
      std::string(kRankSanitizerOptions) +
      "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 "
      "mpirun -np 3 --mca btl self,tcp --mca btl_tcp_if_include lo --mca oob_tcp_if_include lo '" +
      std::string(SATFLOW_MPI_BINARY) + "' '" + spec + "' --db '" + farmed.string() + "' --batch 2 > '" +
      (dir / "mpi.log").string() + "' 2>&1";
  const int status = std::system(command.c_str());
  ASSERT_EQ(status, 0) << read_file(dir / "mpi.log");
  EXPECT_NE(read_file(dir / "mpi.log").find("12 runs stored"), std::string::npos) << read_file(dir / "mpi.log");
  auto csv = [&](const std::filesystem::path& db) {
    const auto out = db.string() + ".csv";
    EXPECT_EQ(run_satflow({"results", db.string(), "--csv", out}).exit_code, 0);
    return read_file(out);
  };
  EXPECT_EQ(csv(farmed), csv(local));
}

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

/// What a sweep's database holds (its plan with the draws, every run) and its report in text, JSON and CSV.
std::string sweep_contents(const std::filesystem::path& db) {
  std::string out = query_text(db, "SELECT * FROM meta ORDER BY key") +
                    query_text(db, "SELECT * FROM runs ORDER BY point, replication");
  for (const char* format : {"--json", "--csv"}) {
    const auto r = run_satflow({"results", db.string(), format, "-"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    out += r.out;
  }
  return out + run_satflow({"results", db.string()}).out;
}

TEST(SweepMpi, AnUncertainSweepFarmedOutIsTheLocalUncertainSweep) {
  const auto dir = fresh_dir("mpi-uncertain");
  const auto spec = source_path("test/data/uncertain/sweep.yaml").string();
  const auto local = dir / "local.sqlite", farmed = dir / "mpi.sqlite";
  const auto r =
      run_satflow({"sweep", spec, "--db", local.string(), "--uncertain", "--draws", "8", "--jobs", "2", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(
      mpirun("sweep '" + spec + "' --db '" + farmed.string() + "' --uncertain --draws 8 --batch 5", dir / "mpi.log"), 0)
      << read_file(dir / "mpi.log");
  // 3 points x 8 draws x 2 replications.
  EXPECT_NE(read_file(dir / "mpi.log").find("48 runs stored"), std::string::npos) << read_file(dir / "mpi.log");
  const std::string contents = sweep_contents(farmed);
  EXPECT_NE(contents.find("\"input_draws\""), std::string::npos) << contents;
  EXPECT_EQ(contents, sweep_contents(local));
  // Other draws make another sweep, refused by the database as satflow sweep refuses it.
  EXPECT_NE(mpirun("sweep '" + spec + "' --db '" + farmed.string() + "' --uncertain --draws 9", dir / "other.log"), 0);
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
  const auto local = dir / "local.sqlite", farmed = dir / "mpi.sqlite";
  const auto r = run_satflow(
      {"sweep", spec, "--db", local.string(), "--posterior", calib.string(), "--draws", "6", "--jobs", "2", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(mpirun("sweep '" + spec + "' --db '" + farmed.string() + "' --posterior '" + calib.string() +
                       "' --draws 6 --batch 3",
                   dir / "mpi.log"),
            0)
      << read_file(dir / "mpi.log");
  const std::string contents = sweep_contents(farmed);
  EXPECT_NE(contents.find("\"source\": \"posterior\""), std::string::npos) << contents;
  EXPECT_EQ(contents, sweep_contents(local));
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
  const auto local = dir / "local.sqlite", farmed = dir / "mpi.sqlite";
  ASSERT_EQ(run_satflow({"calibrate", spec, "--db", local.string(), "--jobs", "2", "-q"}).exit_code, 0);
  ASSERT_EQ(mpirun("calibrate '" + spec + "' --db '" + farmed.string() + "' --batch 4", dir / "mpi.log"), 0)
      << read_file(dir / "mpi.log");
  EXPECT_NE(read_file(dir / "mpi.log").find("satflow-mpi: calibration finished; "), std::string::npos)
      << read_file(dir / "mpi.log");
  const auto a = run_satflow({"results", local.string(), "--json", "-"});
  const auto b = run_satflow({"results", farmed.string(), "--json", "-"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_NE(a.out.find("\"stop\": \"max_generations\""), std::string::npos) << a.out;
  EXPECT_EQ(b.out, a.out);
  // Run again on the finished database: nothing is pending, nothing is stored.
  ASSERT_EQ(mpirun("calibrate '" + spec + "' --db '" + farmed.string() + "'", dir / "again.log"), 0)
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

/// What an optimisation's database holds (every candidate's runs by key, its report) and the report
/// in text, JSON and CSV.
std::string optimisation_contents(const std::filesystem::path& db) {
  std::string out = query_text(db, "SELECT c.key, r.replication, r.record FROM opt_runs r JOIN opt_candidates c "
                                   "ON c.id = r.candidate ORDER BY c.key, r.replication") +
                    query_text(db, "SELECT * FROM opt_meta ORDER BY key");
  for (const char* format : {"--json", "--csv"}) {
    const auto r = run_satflow({"results", db.string(), format, "-"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    out += r.out;
  }
  return out + run_satflow({"results", db.string()}).out;
}

// GACO's search (pagmo's populations, one batch each) and an enumerated space with its final
// selection on fresh replications: both farmed out give the plan and figures of satflow optimize.
TEST(OptimizeMpi, ThreeRanksOnLoopbackGiveTheSamePlanAsSatflowOptimize) {
  for (const char* name : {"mmc-gaco", "step-capacity"}) {
    const auto dir = fresh_dir(std::string("mpi-optimize-") + name);
    const auto spec = source_path("test/data/optimise/" + std::string(name) + ".yaml").string();
    const auto local = dir / "local.sqlite", farmed = dir / "mpi.sqlite";
    const auto r = run_satflow({"optimize", spec, "--db", local.string(), "--jobs", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(mpirun("optimize '" + spec + "' --db '" + farmed.string() + "' --batch 3", dir / "mpi.log"), 0)
        << read_file(dir / "mpi.log");
    const std::string log = read_file(dir / "mpi.log");
    EXPECT_NE(log.find("satflow-mpi: optimisation finished; "), std::string::npos) << log;
    const std::string contents = optimisation_contents(farmed);
    EXPECT_NE(contents.find("\"chosen\""), std::string::npos) << name << contents;
    EXPECT_EQ(contents, optimisation_contents(local)) << name;
    // Every run once: the runs stored are the rows of the database, and a rerun runs nothing.
    const std::string runs = query_text(farmed, "SELECT count(*) FROM opt_runs");
    EXPECT_NE(log.find("finished; " + runs.substr(0, runs.size() - 1) + " runs stored"), std::string::npos)
        << log << runs;
    ASSERT_EQ(mpirun("optimize '" + spec + "' --db '" + farmed.string() + "'", dir / "again.log"), 0)
        << read_file(dir / "again.log");
    EXPECT_NE(read_file(dir / "again.log").find("finished; 0 runs stored"), std::string::npos)
        << read_file(dir / "again.log");
    EXPECT_EQ(optimisation_contents(farmed), optimisation_contents(local)) << name;
    std::filesystem::remove_all(dir);
  }
}

TEST(OptimizeMpi, UnderUncertainInputsTheFarmRunsTheLocalDraws) {
  const auto dir = fresh_dir("mpi-optimize-uncertain");
  const auto spec = source_path("test/data/uncertain/target-optimize.yaml").string();
  const auto local = dir / "local.sqlite", farmed = dir / "mpi.sqlite";
  const auto r = run_satflow({"optimize", spec, "--db", local.string(), "--jobs", "2", "--uncertain"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(mpirun("optimize '" + spec + "' --db '" + farmed.string() + "' --uncertain --batch 40", dir / "mpi.log"), 0)
      << read_file(dir / "mpi.log");
  const std::string contents = optimisation_contents(farmed);
  EXPECT_NE(contents.find("inputs drawn (--uncertain)"), std::string::npos) << contents;
  EXPECT_EQ(contents, optimisation_contents(local));
  std::filesystem::remove_all(dir);
}

TEST(OptimizeMpi, ARunListThatIsNotTheSpecsCandidatesIsRefused) {
  const auto spec = source_path("test/data/optimise/step-capacity.yaml").string();
  const auto dir = fresh_dir("mpi-optimize-refused");
  for (const char* list : {"[{\"x\": [0], \"replication\": 0}]", "[{\"x\": [1, 2], \"replication\": 0}]",
                           "[{\"replication\": 0}]", "{}", "not json"}) {
    const auto r = run_satflow({"optimize", spec, "--db", (dir / "o.sqlite").string(), "--run-candidates", list});
    EXPECT_EQ(r.exit_code, 2) << list;
    EXPECT_NE(r.err.find("--run-candidates expects a JSON list of {x, replication}"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "") << list;
  }
  const auto r = run_satflow({"optimize", spec, "--db", (dir / "o.sqlite").string(), "--run-candidates",
                              "[{\"x\": [2], \"replication\": 1}]"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("{\"key\":\"stations.bench.capacity=2\\n\",\"record\":"), std::string::npos) << r.out;
  std::filesystem::remove_all(dir);
}

TEST(SweepMpi, TheFarmDoesNotLinkSimGrid) {
  // libsimgrid exports MPI symbols of its own (ARCHITECTURE.md fact 4): the two must never meet.
  const auto dir = fresh_dir("mpi-ldd");
  const std::string command = "ldd '" + std::string(SATFLOW_MPI_BINARY) + "' > '" + (dir / "ldd").string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const std::string libs = read_file(dir / "ldd");
  EXPECT_NE(libs.find("libmpi"), std::string::npos) << libs;
  EXPECT_EQ(libs.find("simgrid"), std::string::npos) << libs;
}

} // namespace
} // namespace satflow::test
