#include "configs/variants_spec.hpp"

#include "test/tools/process_util.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace satflow::configs {
namespace {

using ::testing::HasSubstr;

/// Writes `text` as a variants file called `name` and loads it: (its path, what loading it gave).
std::pair<std::string, VariantsLoad> load_text(const std::string& name, const std::string& text) {
  const auto file = test::write_file(test::fresh_dir("variants") / name, text);
  return {file.string(), load_variants_file(file)};
}

TEST(VariantsSpec, ReadsNamesLayoutsAndOverridesWithWhereEachWasWritten) {
  const auto [file, r] = load_text("good.yaml", R"(baseline: two
variants:
  - {name: one}
  - {name: two, layout: co-located, set: {stations.tvac.capacity: 2, process.design.duration: {fixed: 90d}}}
)");
  ASSERT_TRUE(r.spec) << r.diagnostics.format();
  ASSERT_EQ(r.spec->variants.size(), 2u);
  EXPECT_EQ(r.spec->baseline, 1u);
  const VariantSpec& two = r.spec->variants[1];
  EXPECT_EQ(two.layout, "co-located");
  ASSERT_EQ(two.overrides.size(), 2u);
  EXPECT_EQ(two.overrides[0].assignment, "stations.tvac.capacity=2");
  EXPECT_EQ(two.overrides[0].origin, file + ":4:67");
  EXPECT_EQ(two.overrides[1].assignment, "process.design.duration={fixed: 90d}");
  EXPECT_TRUE(r.spec->variants[0].overrides.empty());
}

TEST(VariantsSpec, RefusesDuplicateNamesAnUnlistedBaselineAndUnknownKeysWithTheirPlace) {
  const auto [file, r] = load_text("bad.yaml", R"(baseline: bse
variants:
  - {name: base}
  - {name: base, sett: {a: 1}}
  - {name: x, set: [a]}
)");
  EXPECT_FALSE(r.spec);
  const std::string all = r.diagnostics.format();
  EXPECT_THAT(all, HasSubstr(file + ":4:18: variants.1.sett: unknown key 'sett'; did you mean 'set'?"));
  EXPECT_THAT(all, HasSubstr(":5:20: variants.2.set: expected a map of key paths to values"));
  EXPECT_THAT(all, HasSubstr(":1:11: baseline: the baseline 'bse' is not one of the variants; did you mean 'base'?"));
}

TEST(VariantsSpec, ReportsADuplicateNameAndAMissingFile) {
  const auto [file, r] = load_text("dup.yaml", "variants:\n  - {name: a}\n  - {name: a}\n");
  EXPECT_THAT(r.diagnostics.format(), HasSubstr(":3:12: variants.1.name: duplicate variant name 'a'"));
  EXPECT_EQ(load_variants_file("/nonexistent/v.yaml").diagnostics.format(),
            "/nonexistent/v.yaml: cannot open the variants file\n");
}

} // namespace
} // namespace satflow::configs
