// Errors that blame what the user typed (the flag and its value, the names that exist), and outputs
// that survive a reader that stops early: the real binary, run as a child process.
#include "test/tools/process_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

namespace satflow::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kKorea = source_path("configs/korea-three-hub.yaml").string();
const std::string kShipped =
    "shipped layouts: agency-hub, agency-in-daejeon, ait-in-daejeon, co-located, korea-three-hub, rd-in-sacheon\n";

TEST(Blame, AMistypedLayoutNamesTheFlagTheClosestLayoutAndEveryShippedOne) {
  for (const char* command : {"run", "validate"}) {
    const auto r = run_satflow({command, kKorea, "--layout", "co-locatd"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "--layout co-locatd: no such layout; did you mean co-located? " + kShipped);
  }
  const auto far = run_satflow({"run", kKorea, "--layout", "zzzzzzzz"});
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_EQ(far.err, "--layout zzzzzzzz: no such layout; " + kShipped);
  const auto file = run_satflow({"run", kKorea, "--layout", "nowhere/x.yaml"});
  EXPECT_EQ(file.exit_code, 2);
  EXPECT_EQ(file.err, "--layout nowhere/x.yaml: no such file\n");
  const auto compare = run_satflow({"compare", kKorea, "--layouts", "co-located", "agency-hubb", "-q"});
  EXPECT_EQ(compare.exit_code, 2);
  EXPECT_EQ(compare.err, "--layouts agency-hubb: no such layout; did you mean agency-hub? " + kShipped);
}

TEST(Blame, ABadHorizonNamesTheHorizonFlag) {
  const auto r = run_satflow({"run", kKorea, "--horizon", "10years"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("--horizon 10years: horizon: expected a date (YYYY-MM-DD) or a duration from the start "
                        "such as 18mo, got '10years'\n",
                        0),
            0u)
      << r.err;
  EXPECT_THAT(r.err, Not(HasSubstr("--set")));
}

TEST(Blame, AMissingListElementListsTheNamesThatExist) {
  const auto mm1 =
      run_satflow({"run", source_path("configs/mm1.yaml").string(), "--set", "process.design.duration=3d"});
  EXPECT_EQ(mm1.exit_code, 2);
  EXPECT_THAT(mm1.err,
              HasSubstr("--set process.design.duration=3d: process.design.duration: no element 'design' in the "
                        "list 'process'; known: serve\n"));
  const auto typo =
      run_satflow({"validate", source_path("configs/minimal.yaml").string(), "--set", "process.desgn.duration=3d"});
  EXPECT_THAT(typo.err, HasSubstr("no element 'desgn' in the list 'process'; did you mean 'design'? known: design, "
                                  "design_review, build\n"));
}

TEST(Blame, AReaderThatStopsEarlyDoesNotStopTheFileBeingWritten) {
  const auto dir = fresh_dir("closed-stdout");
  const std::string db = (dir / "many.sqlite").string();
  const std::string spec = source_path("test/data/sweeps/many-points.yaml").string();
  ASSERT_EQ(run_satflow({"sweep", spec, "--db", db, "-q"}).exit_code, 0);
  ASSERT_EQ(run_satflow({"results", db, "--html", (dir / "alone.html").string()}).exit_code, 0);
  // The summary (every point of the grid) outgrows the pipe: satflow is still writing it when head has
  // read its byte and gone, so its next write fails (SIGPIPE killed it there, before the page).
  const std::string command = "bash -c \"'" + satflow_binary().string() + "' results '" + db + "' --html '" +
                              (dir / "piped.html").string() + "' 2> '" + (dir / "err").string() +
                              "' | head -c 1 > /dev/null; exit \\${PIPESTATUS[0]}\"";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 1); // an ordinary error: it says what failed
  EXPECT_EQ(read_file(dir / "err"), "satflow: failed writing standard output\n");
  const std::string page = read_file(dir / "piped.html");
  ASSERT_GT(page.size(), 1000u);
  EXPECT_EQ(page.substr(page.size() - 8), "</html>\n");
  EXPECT_EQ(page, read_file(dir / "alone.html"));
  std::filesystem::remove_all(dir);
}

} // namespace
} // namespace satflow::test
