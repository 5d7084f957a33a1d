// --trace writes Chrome/Perfetto trace-event JSON: one process per item, one thread per lane.
#include "test/tools/process_util.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>

namespace satflow::test {
namespace {

constexpr double kDayUs = 86400e6;

TEST(Trace, HasOneSlicePerStageOnATrackPerItemAndBranch) {
  const auto r = run_satflow({"run", source_path("test/data/fork-join.yaml").string(), "--trace", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  std::map<std::pair<int, std::string>, std::pair<double, double>> slices; // (tid, name) -> (ts, dur)
  std::string process_name;
  for (const auto& e : doc["traceEvents"]) {
    if (e["ph"] == "M" && e["name"] == "process_name")
      process_name = e["args"]["name"];
    if (e["ph"] == "X") {
      EXPECT_EQ(e["pid"], 1);
      slices[{e["tid"].get<int>(), e["name"].get<std::string>()}] = {e["ts"].get<double>(), e["dur"].get<double>()};
    }
  }
  EXPECT_EQ(process_name, "SAT-1 (item)");
  using Slice = std::pair<double, double>;
  EXPECT_EQ((slices[{0, "design"}]), (Slice{0, 10 * kDayUs}));
  EXPECT_EQ((slices[{0, "build"}]), (Slice{10 * kDayUs, 5 * kDayUs}));
  EXPECT_EQ((slices[{0, "ship"}]), (Slice{15 * kDayUs, 2 * kDayUs}));
  EXPECT_EQ((slices[{1, "propulsion"}]), (Slice{10 * kDayUs, 3 * kDayUs}));
  EXPECT_EQ((slices[{2, "avionics"}]), (Slice{10 * kDayUs, 5 * kDayUs}));
  EXPECT_EQ(slices.size(), 5u);
}

TEST(Trace, TheKoreaBaselineTraceIsValidJsonWithAProcessPerSatellite) {
  const auto r = run_satflow({"run", source_path("configs/korea-three-hub.yaml").string(), "--trace", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  int processes = 0, negative = 0;
  for (const auto& e : doc["traceEvents"]) {
    processes += e["ph"] == "M" && e["name"] == "process_name";
    negative += e["ph"] == "X" && e["dur"].get<double>() < 0;
  }
  EXPECT_GT(processes, 50);
  EXPECT_EQ(negative, 0);
}

} // namespace
} // namespace satflow::test
