// Every output excerpt in README.md and docs/*.md is what the current build prints: tools/update_docs.py
// regenerates them from their markers, and here checks them, so that an excerpt edited by hand or left
// behind by a change of the program fails (as the goldens do for results).
#include "test/tools/process_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace satflow::test {
namespace {

using ::testing::HasSubstr;

struct Shell {
  int status;
  std::string out;
};

Shell shell(const std::string& line) {
  Shell r{-1, ""};
  if (FILE* p = popen((line + " 2>&1").c_str(), "r")) {
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;)
      r.out.append(buf, n);
    r.status = pclose(p);
  }
  return r;
}

bool python_installed() { return shell("command -v python3").status == 0; }

std::string check_command(const std::filesystem::path& root) {
  return "python3 '" + (root / "tools/update_docs.py").string() + "' --check --satflow '" + SATFLOW_BINARY + "'";
}

TEST(DocsExcerpts, EveryExcerptIsWhatTheBuildPrints) {
  if (!python_installed())
    GTEST_SKIP() << "python3 is not installed";
  const auto r = shell(check_command(source_path("")));
  EXPECT_EQ(r.status, 0) << r.out;
}

TEST(DocsExcerpts, AnExcerptChangedByHandFails) {
  if (!python_installed())
    GTEST_SKIP() << "python3 is not installed";
  // A copy of the tree's docs with one number of an excerpt changed (the README's drift: 2.35y for 2.57y).
  const auto dir = fresh_dir("docs-excerpts");
  std::filesystem::create_directories(dir / "tools");
  std::filesystem::create_directories(dir / "docs");
  std::filesystem::create_directories(dir / "configs");
  std::filesystem::copy_file(source_path("tools/update_docs.py"), dir / "tools/update_docs.py");
  std::filesystem::copy(source_path("configs"), dir / "configs", std::filesystem::copy_options::recursive);
  const std::string readme = read_file(source_path("README.md"));
  const std::string marker = "<!-- excerpt: run configs/minimal.yaml";
  const auto at = readme.find(marker);
  ASSERT_NE(at, std::string::npos);
  // Only the minimal run's excerpt, so that the check is quick; then the same with one figure changed.
  const auto fence = readme.find("```\n", readme.find("```", at) + 3);
  const std::string excerpt = readme.substr(at, fence + 4 - at);
  std::ofstream(dir / "README.md") << excerpt;
  EXPECT_EQ(shell(check_command(dir)).status, 0) << shell(check_command(dir)).out;
  std::string edited = excerpt;
  const auto figure = edited.find("7.89mo");
  ASSERT_NE(figure, std::string::npos) << excerpt;
  edited.replace(figure, 6, "7.91mo");
  std::ofstream(dir / "README.md") << edited;
  const auto r = shell(check_command(dir));
  EXPECT_NE(r.status, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("-  all              11  7.91mo"));
  EXPECT_THAT(r.out, HasSubstr("stale excerpts"));
}

} // namespace
} // namespace satflow::test
