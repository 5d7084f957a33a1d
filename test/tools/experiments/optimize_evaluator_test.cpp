// The optimisation's resume check: the hash of what decides every run is the same on every build and
// machine (FNV-1a 64 then SplitMix64's finalizer, pinned to values computed independently of this code),
// and a database written with the old std::hash still resumes on the build that wrote it.
#include "tools/experiments/optimize_evaluator.hpp"

#include "configs/optimize_spec.hpp"
#include "test/tools/process_util.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace satflow::tools {
namespace {

TEST(OptimizeEvaluator, StableHashIsPinnedToAnIndependentReference) {
  // FNV-1a 64 of the bytes (offset 0xcbf29ce484222325, prime 0x100000001b3), then mix64, by hand in Python.
  EXPECT_EQ(stable_hash(""), "f52a15e9a9b5e89b");
  EXPECT_EQ(stable_hash("satflow"), "f8c2fcd802aca079");
  EXPECT_EQ(stable_hash("name: step\nreplications 3\nstations.bench.capacity\n"), "7fb6d54d3caf5786");
}

TEST(OptimizeEvaluator, SpecHashCoversTheScenarioTextTheReplicationsAndTheDecisions) {
  auto loaded = configs::load_optimize_spec(test::source_path("test/data/optimise/step-capacity.yaml"), {});
  ASSERT_TRUE(loaded.spec);
  const configs::OptimizeSpec& spec = *loaded.spec;
  std::ifstream in(test::source_path("test/data/optimise/step.yaml"), std::ios::binary);
  std::stringstream scenario;
  scenario << in.rdbuf();
  const std::string input = spec_hash_input(spec);
  EXPECT_EQ(input, scenario.str() + "\nreplications 3\nstations.bench.capacity\n");
  EXPECT_EQ(spec_hash(spec), stable_hash(input));
  EXPECT_EQ(spec_hash(spec).size(), 16u);
  // The hash an older build stored (std::hash, this build's) is recognised; any other value is not.
  EXPECT_TRUE(legacy_spec_hash(spec, std::to_string(std::hash<std::string>{}(input))));
  EXPECT_FALSE(legacy_spec_hash(spec, spec_hash(spec)));
  EXPECT_FALSE(legacy_spec_hash(spec, "0"));
}

} // namespace
} // namespace satflow::tools
