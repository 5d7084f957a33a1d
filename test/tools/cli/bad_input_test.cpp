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
  expect_every_file_refused({.folder = "test/data/bad", .at_least = 10, .commands = [](const auto& file, const auto&) {
                               return CommandLines{{"validate", file.string()}, {"run", file.string()}};
                             }});
}

TEST(BadInput, EverySpecOfTheCorpusIsRefusedAtItsLinesBeforeAnythingRuns) {
  expect_every_file_refused(
      {.folder = "test/data/bad-specs", .at_least = 5, .commands = [](const auto& file, const auto& db) {
         const bool optimize = file.filename().string().rfind("optimize-", 0) == 0;
         return CommandLines{{optimize ? "optimize" : "sweep", file.string(), "--db", db.string()}};
       }});
}

} // namespace
} // namespace satflow::test
