// The checks of the process as a whole, after every section was read cleanly.
#include "configs/scenario_loader.hpp"

#include "simcore/units.hpp"
#include "test/configs/scenario_texts.hpp"

#include <gtest/gtest.h>

namespace satflow::configs {
namespace {

using namespace testing;
using simcore::kDay;

TEST(FlowCheck, ReportsUnreachableStagesAndDanglingRoutes) {
  std::string text =
      edited(kGood, "next: [{to: design, p: 0.2}, {to: exit, p: 0.8}]", "next: exit\n  - {name: orphan, delay: 1d}");
  EXPECT_EQ(only_error(load(text)),
            "s.yaml:22:5: process.orphan: stage 'orphan' cannot be reached from the first stage 'design'");
  text = edited(kGood, "{to: design", "{to: desing");
  EXPECT_EQ(only_error(load(text)),
            "s.yaml:21:17: process.review.next.0.to: unknown stage 'desing'; did you mean 'design'?");
}

TEST(FlowCheck, RefusesCoordinationBetweenUnlinkedSites) {
  std::string text = kGood;
  const std::string links = "links:\n  - {between: [daejeon, sacheon], latency: 4h, bandwidth: 12/d}\n";
  text.replace(text.find(links), links.size(), "");
  EXPECT_EQ(only_error(load(text)),
            "s.yaml:18:24: process.review.coordinate.with: no link path between sites 'daejeon' "
            "and 'sacheon'; add one under 'links' or a 'coordination' model");
}

TEST(FlowCheck, RefusesALoopThatItemsCanNeverLeaveOnEachOfItsStages) {
  const std::string text = edited(kGood, "next: [{to: design, p: 0.2}, {to: exit, p: 0.8}]", "next: design");
  const LoadResult r = load(text);
  ASSERT_EQ(r.diagnostics.size(), 2u) << r.diagnostics.format();
  EXPECT_EQ(r.diagnostics.items()[0].key_path, "process.design");
  EXPECT_EQ(r.diagnostics.items()[1].key_path, "process.review");
  EXPECT_NE(r.diagnostics.items()[0].message.find("in a loop that items can never leave"), std::string::npos);
}

TEST(FlowCheck, RunsOnlyOnSoundReferences) {
  const std::string text =
      edited(edited(kGood, "station: team", "station: tem"), "next: [{to: design, p: 0.2}, {to: exit, p: 0.8}]",
             "next: exit\n  - {name: orphan, delay: 1d}"); // the flow would be checked on a guess
  EXPECT_EQ(only_error(load(text)),
            "s.yaml:16:14: process.design.station: unknown station 'tem'; did you mean 'team'?");
}

} // namespace
} // namespace satflow::configs
