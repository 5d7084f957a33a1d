// Every number a person reads in the text of the shipped scenarios' run, compare and results outputs:
// no scientific notation and at most four significant digits, and a variant that changes nothing is
// named as such (issue: a ministry briefing cannot use 8.882e-18).
#include "test/tools/process_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

namespace satflow::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

/// Every problem of the text: an exponent, or a decimal number with more than four significant digits.
std::vector<std::string> unreadable_numbers(const std::string& text) {
  std::vector<std::string> problems;
  static const std::regex exponent(R"([0-9]\.?[0-9]*[eE][+-][0-9]+)");
  for (std::sregex_iterator it(text.begin(), text.end(), exponent), end; it != end; ++it)
    problems.push_back("exponent: " + it->str());
  // A decimal number standing alone (not part of a version, an id or a path).
  static const std::regex decimal(R"((^|[^0-9A-Za-z_.])([0-9]+\.[0-9]+)(?![0-9.eE]))");
  for (std::sregex_iterator it(text.begin(), text.end(), decimal), end; it != end; ++it) {
    std::string digits;
    for (char c : (*it)[2].str())
      if (c != '.')
        digits += c;
    digits.erase(0, digits.find_first_not_of('0'));
    if (digits.size() > 4)
      problems.push_back("more than four significant digits: " + (*it)[2].str());
  }
  return problems;
}

void expect_readable(const std::vector<std::string>& args) {
  const auto r = run_satflow(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_FALSE(r.out.empty());
  const auto problems = unreadable_numbers(r.out);
  std::string command;
  for (const auto& a : args)
    command += a + " ";
  EXPECT_TRUE(problems.empty()) << command << "\n" << problems.front() << "\n" << r.out;
}

TEST(ReadableOutput, TheCheckFindsExponentsAndLongDecimals) {
  EXPECT_EQ(unreadable_numbers("+8.882e-18 and 7.93035e+07").size(), 2u);
  EXPECT_EQ(unreadable_numbers("[-0.0002627, 0.12345]").size(), 1u); // 2627 is four digits, 12345 five
  EXPECT_TRUE(unreadable_numbers("2.57y -1.39w 5.7% 20000 2031-05-12 f05e86f51bc505d1 SimGrid 3.32").empty());
}

TEST(ReadableOutput, ARunOfEveryShippedScenarioReadsWell) {
  for (const char* name : {"minimal", "mm1", "tandem", "korea-three-hub"})
    expect_readable({"run", source_path(std::string("configs/") + name + ".yaml").string()});
}

TEST(ReadableOutput, ReplicationsAndComparisonsReadWell) {
  const std::string korea = source_path("configs/korea-three-hub.yaml").string();
  expect_readable({"run", korea, "--replications", "3"});
  expect_readable({"run", source_path("configs/mm1.yaml").string(), "--replications", "3"});
  expect_readable({"compare", korea, "--layouts", "korea-three-hub", "co-located", "agency-in-daejeon", "agency-hub",
                   "--replications", "3"});
  for (const char* variants : {"launch-risks", "localisation", "tvac-vs-latency"})
    expect_readable({"compare", korea, "--variants",
                     source_path(std::string("configs/variants/") + variants + ".yaml").string(), "--replications",
                     "3"});
}

TEST(ReadableOutput, ASweepsResultsReadWell) {
  const auto dir = fresh_dir("readable-sweep");
  const std::string db = (dir / "capacity.sqlite").string();
  ASSERT_EQ(run_satflow({"sweep", source_path("configs/sweeps/capacity.yaml").string(), "--db", db, "-q"}).exit_code,
            0);
  expect_readable({"results", db});
}

TEST(ReadableOutput, AVariantThatChangesNothingIsNamedAsSuch) {
  // agency-hub moves nothing that the Korea baseline has: every replication gives the baseline's results.
  const auto r = run_satflow({"compare", source_path("configs/korea-three-hub.yaml").string(), "--layouts",
                              "korea-three-hub", "agency-hub", "co-located", "--replications", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("agency-hub is identical to the baseline"));
  EXPECT_TRUE(std::regex_search(r.out, std::regex("\n  agency-hub +[^\n]+identical to the baseline\n"))) << r.out;
  EXPECT_THAT(r.out, Not(HasSubstr("0s [0s, 0s]")));
  EXPECT_THAT(r.out, Not(HasSubstr("co-located is identical")));
}

} // namespace
} // namespace satflow::test
