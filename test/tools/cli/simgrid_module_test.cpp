// When satflow loads SimGrid: only for a run with a transfer over a link with a bandwidth limit, and
// once per forking runner, in the parent. Seen through the dynamic linker's own record of the
// libraries it initialises (LD_DEBUG=files, written to files by LD_DEBUG_OUTPUT, one per process
// started; a forked child writes into its parent's).
#include "test/tools/process_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <elf.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>

namespace satflow::test {
namespace {

using ::testing::HasSubstr;

const std::string kMm1 = source_path("configs/mm1.yaml").string();
const std::string kMinimal = source_path("configs/minimal.yaml").string();
const std::string kKorea = source_path("configs/korea-three-hub.yaml").string();

/// Runs satflow with the dynamic linker's record on; `inits` is how many times it initialised
/// libsimgrid, in satflow and every child it forked.
struct TracedRun {
  ProcessResult result;
  int inits = 0;
};

TracedRun run_traced(const std::vector<std::string>& args) {
  const auto dir = fresh_dir("ld-debug");
  setenv("LD_DEBUG", "files", 1);
  setenv("LD_DEBUG_OUTPUT", (dir / "ld").c_str(), 1);
  TracedRun traced{run_satflow(args)};
  unsetenv("LD_DEBUG");
  unsetenv("LD_DEBUG_OUTPUT");
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::istringstream lines(read_file(entry.path()));
    for (std::string line; std::getline(lines, line);)
      if (line.find("calling init:") != std::string::npos && line.find("/libsimgrid.so") != std::string::npos)
        ++traced.inits;
  }
  std::filesystem::remove_all(dir);
  return traced;
}

TEST(SimGridModule, ARunWhoseRoutesHaveNoBandwidthLimitNeverLoadsSimGrid) {
  const TracedRun traced = run_traced({"run", kMm1, "--horizon", "1000h", "-q"});
  ASSERT_EQ(traced.result.exit_code, 0) << traced.result.err;
  EXPECT_EQ(traced.inits, 0);
}

TEST(SimGridModule, ARunWithBoundedTransfersLoadsItOnce) {
  const TracedRun traced = run_traced({"run", kMinimal, "-q"});
  ASSERT_EQ(traced.result.exit_code, 0) << traced.result.err;
  EXPECT_EQ(traced.inits, 1);
}

// Four children, each with a SimGrid engine of its own, and one load: the parent's, before it forks.
TEST(SimGridModule, ForkingRunnersLoadItOnceInTheParent) {
  const TracedRun traced = run_traced({"run", kMinimal, "--replications", "4", "--jobs", "2", "-q"});
  ASSERT_EQ(traced.result.exit_code, 0) << traced.result.err;
  EXPECT_EQ(traced.inits, 1);
}

#if defined(__x86_64__)
// What makes opening the module with RTLD_DEEPBIND safe (simcore/network_module.cpp): satflow holds
// no copy of a shared library's data, so SimGrid and the rest of the process bind to the same objects.
TEST(SimGridModule, SatflowHasNoCopyRelocations) {
  const std::string elf = read_file(SATFLOW_BINARY);
  ASSERT_GT(elf.size(), sizeof(Elf64_Ehdr));
  Elf64_Ehdr header;
  std::memcpy(&header, elf.data(), sizeof header);
  ASSERT_EQ(std::memcmp(header.e_ident, ELFMAG, SELFMAG), 0);
  std::size_t relocations = 0, copies = 0;
  for (std::size_t i = 0; i < header.e_shnum; ++i) {
    Elf64_Shdr section;
    std::memcpy(&section, elf.data() + header.e_shoff + i * header.e_shentsize, sizeof section);
    if (section.sh_type != SHT_RELA)
      continue;
    for (std::size_t k = 0; k < section.sh_size / sizeof(Elf64_Rela); ++k) {
      Elf64_Rela rela;
      std::memcpy(&rela, elf.data() + section.sh_offset + k * sizeof rela, sizeof rela);
      ++relocations;
      copies += ELF64_R_TYPE(rela.r_info) == R_X86_64_COPY;
    }
  }
  EXPECT_GT(relocations, 100u); // the sections were found and read
  EXPECT_EQ(copies, 0u);
}
#endif

// A module that cannot be opened fails only the runs that need it, with a message that names it.
TEST(SimGridModule, AMissingModuleFailsOnlyTheRunsThatNeedItAndSaysWhere) {
  setenv("SATFLOW_SIMGRID_MODULE", "/nonexistent/libsatflow_simgrid.so", 1);
  const ProcessResult unbounded = run_satflow({"run", kMm1, "--horizon", "1000h", "-q"});
  const ProcessResult bounded = run_satflow({"run", kKorea, "-q"});
  const ProcessResult forked = run_satflow({"run", kMinimal, "--replications", "2", "-q"});
  unsetenv("SATFLOW_SIMGRID_MODULE");
  EXPECT_EQ(unbounded.exit_code, 0) << unbounded.err;
  EXPECT_EQ(bounded.exit_code, 1);
  EXPECT_THAT(bounded.err, HasSubstr("cannot open satflow's SimGrid module /nonexistent/libsatflow_simgrid.so"));
  EXPECT_EQ(forked.exit_code, 1); // every replication failed
  EXPECT_THAT(forked.err, HasSubstr("every run failed; minimal replication 0: exit status 1\nsatflow: cannot open "
                                    "satflow's SimGrid module /nonexistent/libsatflow_simgrid.so"));
}

} // namespace
} // namespace satflow::test
