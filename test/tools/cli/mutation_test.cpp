// Bad input, generated: scenarios with lines dropped, repeated, swapped or given odd values, checked
// by the real `satflow`. Whatever the mutation, the answer is "ok" (0) or a located list of problems
// (2): never an internal error, a crash or SimGrid's abort. Random mutations are drawn from a fixed
// seed, so a failure reproduces.
#include "test/tools/process_util.hpp"

#include "simcore/random_streams.hpp"

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace satflow::test {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

std::size_t pick(simcore::Stream& s, std::size_t n) {
  return static_cast<std::size_t>(s.uniform01() * static_cast<double>(n));
}

/// One to three edits of the kinds that found bugs: a line dropped or repeated, two lines swapped,
/// a value replaced by something odd.
std::vector<std::string> mutate(std::vector<std::string> lines, simcore::Stream& s) {
  static const std::array<const char*, 16> odd = {"-1",
                                                  "0",
                                                  "1e308",
                                                  "nan",
                                                  "0d",
                                                  "[]",
                                                  "{}",
                                                  "abc",
                                                  "{fixed: 0d}",
                                                  "~",
                                                  "[1, 2",
                                                  "1e-300d",
                                                  "1s",
                                                  "{exponential: 0d}",
                                                  "{uniform: [5d, 1d]}",
                                                  "99999999999999999999"};
  const std::size_t edits = 1 + pick(s, 3);
  for (std::size_t e = 0; e < edits && lines.size() > 2; ++e) {
    const std::size_t k = pick(s, lines.size());
    switch (pick(s, 4)) {
    case 0:
      lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(k));
      break;
    case 1:
      lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(k), lines[pick(s, lines.size())]);
      break;
    case 2:
      std::swap(lines[k], lines[pick(s, lines.size())]);
      break;
    default:
      if (const auto colon = lines[k].find(':'); colon != std::string::npos)
        lines[k] = lines[k].substr(0, colon) + ": " + odd[pick(s, odd.size())];
    }
  }
  return lines;
}

/// Exit 0 or 2 and no sign of a crash: what every input, however broken, must get.
void expect_handled(const ProcessResult& r, const std::filesystem::path& file) {
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 2) << "exit " << r.exit_code << " for " << file << "\n" << r.err;
  EXPECT_EQ(r.err.find("internal error"), std::string::npos) << file << "\n" << r.err;
  EXPECT_EQ(r.err.find("Backtrace"), std::string::npos) << file << "\n" << r.err;
}

// Systematically, on a small scenario with links, downtime, a fork and a test loop: each line
// dropped, and each line written twice (a repeated site or link used to crash). What still validates
// is also run, briefly.
TEST(Mutations, EveryLineDroppedOrRepeatedIsHandled) {
  const auto original = lines_of(read_file(source_path("test/data/downtime.yaml")));
  const auto dir = fresh_dir("line-mutations");
  int ran = 0;
  for (std::size_t i = 0; i < original.size(); ++i)
    for (const bool repeat : {false, true}) {
      auto lines = original;
      if (repeat)
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(i), lines[i]);
      else
        lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(i));
      const auto file = dir / ((repeat ? "twice" : "without") + std::to_string(i) + ".yaml");
      {
        std::ofstream out(file);
        for (const auto& line : lines)
          out << line << "\n";
      }
      const auto v = run_satflow({"validate", file.string()});
      expect_handled(v, file);
      if (v.exit_code == 0) {
        ++ran;
        expect_handled(run_satflow({"run", file.string(), "-q", "--horizon", "1y"}), file);
      }
    }
  EXPECT_GE(ran, 3); // some mutants are harmless (a comment line), and those run
}

class Mutations : public ::testing::TestWithParam<const char*> {};

TEST_P(Mutations, AreAcceptedOrRefusedWithLocatedProblemsNeverCrash) {
  const auto original = lines_of(read_file(source_path(GetParam())));
  ASSERT_GT(original.size(), 10u);
  const auto dir = fresh_dir("mutations");
  simcore::Stream stream(20261126);
  int refused = 0;
  for (int i = 0; i < 60; ++i) {
    const auto file = dir / ("case" + std::to_string(i) + ".yaml");
    {
      std::ofstream out(file);
      for (const auto& line : mutate(original, stream))
        out << line << "\n";
    }
    const auto r = run_satflow({"validate", file.string()});
    expect_handled(r, file);
    if (r.exit_code == 2) {
      ++refused;
      EXPECT_NE(r.err.find(file.filename().string()), std::string::npos) << "problems not located: " << r.err;
    }
  }
  EXPECT_GT(refused, 20); // the mutations do break things, so the refusals above were exercised
}

INSTANTIATE_TEST_SUITE_P(Scenarios, Mutations,
                         ::testing::Values("configs/korea-three-hub.yaml", "test/data/downtime.yaml"));

} // namespace
} // namespace satflow::test
