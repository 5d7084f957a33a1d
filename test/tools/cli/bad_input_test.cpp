// The corpus of bad scenarios in test/data/bad/: each file lists, in `# expect:` lines at its top,
// every diagnostic `satflow validate` must print (as substrings), and nothing else may be printed.
// The corpus of bad sweep specs in test/data/bad-specs/ works the same way with `satflow sweep`
// (`satflow optimize` for the files named optimize-*): every problem at its line and column in the
// spec, exit status 2, no database created.
#include "test/tools/process_util.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace satflow::test {
namespace {

TEST(BadInput, EveryCorpusFileIsRefusedWithItsExpectedDiagnostics) {
  const auto files = corpus_files("test/data/bad");
  ASSERT_GE(files.size(), 10u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    for (const char* command : {"validate", "run"})
      EXPECT_EQ(refusal_problems(run_satflow({command, file.string()}), file), "") << command;
  }
}

TEST(BadInput, EverySpecOfTheCorpusIsRefusedAtItsLinesBeforeAnythingRuns) {
  const auto files = corpus_files("test/data/bad-specs");
  ASSERT_GE(files.size(), 5u);
  const auto dir = fresh_dir("bad-specs");
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    const auto db = dir / (file.stem().string() + ".sqlite");
    const bool optimize = file.filename().string().rfind("optimize-", 0) == 0;
    const auto r = run_satflow({optimize ? "optimize" : "sweep", file.string(), "--db", db.string()});
    EXPECT_EQ(refusal_problems(r, file), "");
    EXPECT_FALSE(std::filesystem::exists(db));
  }
  std::filesystem::remove_all(dir);
}

} // namespace
} // namespace satflow::test
