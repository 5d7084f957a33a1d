// ABC-SMC's pure parts against hand-computed answers: ESS, thresholds, the distance with dated and
// censored observations, the milestones a plan fits, weighted quantiles, prior densities, and the truncated kernel's
// share.
#include "tools/experiments/abc_smc.hpp"
#include "tools/experiments/calibration_plan.hpp"
#include "tools/experiments/calibration_report.hpp"

#include <gtest/gtest.h>

#include <map>

#include <cmath>

namespace satflow::tools {
namespace {

constexpr double kDay = 86400;

TEST(AbcSmc, EffectiveSampleSizeOfEqualWeightsIsTheCountAndOfOneWeightIsOne) {
  std::vector<Particle> equal(8, Particle{{0.0}, 0.125, 0});
  EXPECT_DOUBLE_EQ(effective_sample_size(equal), 8);
  std::vector<Particle> one{{{0.0}, 1, 0}, {{1.0}, 0, 0}, {{2.0}, 0, 0}};
  EXPECT_DOUBLE_EQ(effective_sample_size(one), 1);
}

TEST(AbcSmc, TheThresholdIsTheQuantileOfTheDistances) {
  std::vector<Particle> pop;
  for (double d : {4.0, 1.0, 3.0, 2.0})
    pop.push_back({{0.0}, 0.25, d});
  EXPECT_DOUBLE_EQ(next_threshold(pop, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(next_threshold(pop, 0.0), 1.0);
}

TEST(AbcSmc, TheDistanceStandardisesDatesAndCountsABoundOnlyWhenBroken) {
  models::Observation dated;
  dated.date_s = 100 * kDay;
  dated.sd_s = 10 * kDay;
  models::Observation bound; // not launched before day 50, no sd: the censored scale applies
  bound.not_before_s = 50 * kDay;
  const std::vector<models::Observation> obs{dated, bound};
  ObservedRun early{300 * kDay, {130 * kDay, 40 * kDay}}; // 3 sd late; bound broken by 10 d
  EXPECT_DOUBLE_EQ(abc_distance(obs, {true, true}, {early}, 5 * kDay), std::sqrt(9.0 + 4.0));
  ObservedRun kept{300 * kDay, {130 * kDay, 60 * kDay}};
  EXPECT_DOUBLE_EQ(abc_distance(obs, {true, true}, {kept}, 5 * kDay), 3.0);
  EXPECT_DOUBLE_EQ(abc_distance(obs, {false, true}, {kept}, 5 * kDay), 0.0); // held out: not counted
  ObservedRun unreached{200 * kDay, {std::nullopt, std::nullopt}};           // counts at the run's end
  EXPECT_DOUBLE_EQ(abc_distance(obs, {true, true}, {unreached}, 5 * kDay), 10.0);
  EXPECT_TRUE(std::isinf(abc_distance(obs, {true, true}, {}, 5 * kDay)));
}

TEST(AbcSmc, ADistanceOfReadyOnlyLeavesOutTheLaunchesAndTheHeldOutItems) {
  // Two programmes, each with AIT complete (sd 30 d) and a launch (sd 1 d); B is held out.
  CalibrationPlan plan;
  plan.paths = {"p"};
  plan.units = {""};
  plan.priors = {{configs::PriorKind::uniform, {0, 1}}};
  for (const char* item : {"A", "B"})
    for (const auto m : {models::Milestone::ready, models::Milestone::launched}) {
      models::Observation o;
      o.item = item;
      o.milestone = m;
      o.date_s = (m == models::Milestone::ready ? 100 : 200) * kDay;
      o.sd_s = (m == models::Milestone::ready ? 30 : 1) * kDay;
      plan.observations.push_back(o);
      plan.fitted.push_back(std::string(item) == "A");
    }
  // Ready 60 d late (2 sd), launched 365 d late (365 sd), for both programmes.
  const ObservedRun late{1000 * kDay, {160 * kDay, 565 * kDay, 160 * kDay, 565 * kDay}};
  EXPECT_EQ(in_distance(plan), (std::vector<bool>{true, true, false, false}));
  EXPECT_DOUBLE_EQ(abc_distance(plan.observations, in_distance(plan), {late}, 90 * kDay),
                   std::sqrt(4.0 + 365.0 * 365.0));
  plan.milestones = {models::Milestone::ready};
  EXPECT_EQ(in_distance(plan), (std::vector<bool>{true, false, false, false}));
  EXPECT_DOUBLE_EQ(abc_distance(plan.observations, in_distance(plan), {late}, 90 * kDay), 2.0);
  // The plan keeps the choice through its JSON, and a plan without it keeps its old JSON (and hash).
  EXPECT_EQ(plan_from_json(plan_json(plan).dump(), "db").milestones, plan.milestones);
  plan.milestones.clear();
  EXPECT_FALSE(plan_json(plan).contains("milestones"));
}

TEST(AbcSmc, WeightedQuantilesFollowTheWeights) {
  EXPECT_DOUBLE_EQ(weighted_quantile({{1, 0.1}, {2, 0.1}, {3, 0.8}}, 0.5), 3);
  EXPECT_DOUBLE_EQ(weighted_quantile({{3, 0.25}, {1, 0.25}, {2, 0.5}}, 0.5), 2);
}

TEST(AbcSmc, PriorDensitiesIntegrateToOneOverTheirSupport) {
  const configs::Prior priors[] = {{configs::PriorKind::uniform, {1, 4}},
                                   {configs::PriorKind::normal, {0, 1, -1, 2}},
                                   {configs::PriorKind::lognormal, {2, 1}},
                                   {configs::PriorKind::triangular, {0, 1, 3}}};
  for (const auto& p : priors) {
    double sum = 0;
    const double lo = p.lower(), hi = std::isinf(p.upper()) ? 40 : p.upper(), h = (hi - lo) / 200000;
    for (double x = lo + h / 2; x < hi; x += h)
      sum += prior_density(p, x) * h;
    EXPECT_NEAR(sum, 1, 1e-3) << p.describe("");
    EXPECT_EQ(prior_density(p, lo - 1), 0);
  }
}

TEST(AbcSmc, TheKernelOfAParticleDividesByItsShareInsideTheBox) {
  const std::vector<configs::Prior> priors{{configs::PriorKind::uniform, {0, 100}}};
  const std::vector<Particle> pop{{{0.0}, 0.5, 0}, {{50.0}, 0.5, 0}}; // sd of the kernel: sqrt(2 * 625)
  const Kernel kernel(pop, priors, 7);
  // At the same offset from each centre: half of the edge particle's kernel is inside, and
  // P(|z| < 50 / 35.36) = 0.8427 of the middle one's, so the ratio is 0.8427 / 0.5.
  EXPECT_NEAR(kernel.density({10.0}, 0) / kernel.density({60.0}, 1), 0.8427 / 0.5, 0.1);
  simcore::Stream s(3);
  for (int i = 0; i < 200; ++i) {
    const auto x = propose(priors, pop, &kernel, s);
    ASSERT_TRUE(x);
    EXPECT_GE((*x)[0], 0);
    EXPECT_LE((*x)[0], 100);
  }
}

// A discrete parameter beside a continuous one: it stays with probability 1/2 and moves to a neighbour
// with 1/4 each, its density is that (divided by 3/4 at its first or last value, where one move is
// outside), and the continuous parameter keeps its Gaussian kernel.
TEST(AbcSmc, ADiscreteParameterStaysOrMovesToANeighbour) {
  const configs::Prior discrete{configs::PriorKind::discrete, {1, 2, 3, 5}};
  EXPECT_EQ(prior_density(discrete, 2), 0.25);
  EXPECT_EQ(prior_density(discrete, 4), 0);
  EXPECT_EQ(prior_density(discrete, 2.5), 0);
  EXPECT_EQ(prior_quantile(discrete, 0), 1);
  EXPECT_EQ(prior_quantile(discrete, 0.74), 3);
  EXPECT_EQ(prior_quantile(discrete, 0.999), 5);
  const std::vector<configs::Prior> priors{discrete, {configs::PriorKind::uniform, {0, 100}}};
  const std::vector<Particle> pop{{{2.0, 50.0}, 0.5, 0}, {{1.0, 50.0}, 0.5, 0}};
  const Kernel kernel(pop, priors, 7);
  const double gaussian = kernel.density({2.0, 50.0}, 0) / 0.5; // the continuous factor at its centre
  EXPECT_NEAR(kernel.density({3.0, 50.0}, 0), 0.25 * gaussian, 1e-12);
  EXPECT_NEAR(kernel.density({1.0, 50.0}, 0), 0.25 * gaussian, 1e-12);
  EXPECT_EQ(kernel.density({5.0, 50.0}, 0), 0);
  EXPECT_EQ(kernel.density({2.5, 50.0}, 0), 0);
  EXPECT_NEAR(kernel.density({1.0, 50.0}, 1), 0.5 * gaussian / 0.75, 1e-12);
  std::map<double, int> moved;
  simcore::Stream s(5);
  for (int i = 0; i < 4000; ++i) {
    const Point x = kernel.perturb({2.0, 50.0}, s);
    ++moved[x[0]];
    EXPECT_NE(x[1], 50.0);
  }
  ASSERT_EQ(moved.size(), 3u);
  EXPECT_NEAR(moved[2.0] / 4000.0, 0.5, 0.03);
  EXPECT_NEAR(moved[1.0] / 4000.0, 0.25, 0.03);
  EXPECT_NEAR(moved[3.0] / 4000.0, 0.25, 0.03);
}

TEST(AbcSmc, ProposalsDependOnlyOnSeedGenerationAndIndex) {
  EXPECT_EQ(proposal_stream(1, 2, 3).key(), proposal_stream(1, 2, 3).key());
  EXPECT_NE(proposal_stream(1, 2, 3).key(), proposal_stream(1, 3, 2).key());
  EXPECT_NE(proposal_stream(1, 2, 3).key(), proposal_stream(2, 2, 3).key());
}

} // namespace
} // namespace satflow::tools
