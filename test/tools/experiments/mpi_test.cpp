// satflow-mpi under a real `mpirun -np 3` on loopback: the same runs as a local sweep, and the same
// posterior as a local calibration.
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
