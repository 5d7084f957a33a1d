// Validation against queueing theory through the shipped scenario files, one child process per
// replication: the exact mean must fall inside the 95% confidence interval of the replications.
#include "test/tools/process_util.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <numeric>

namespace satflow::test {
namespace {

struct Interval {
  double mean;
  double half_width;
};

/// The 95% Student-t interval of the mean of xs.
Interval interval_of(const std::vector<double>& xs) {
  const double n = static_cast<double>(xs.size());
  const double mean = std::accumulate(xs.begin(), xs.end(), 0.0) / n;
  double ss = 0;
  for (double x : xs)
    ss += (x - mean) * (x - mean);
  const double t = boost::math::quantile(boost::math::students_t(n - 1), 0.975);
  return {mean, t * std::sqrt(ss / (n - 1)) / std::sqrt(n)};
}

/// Runs `replications` replications of the M/M/c scenario and returns the 95% CI of `kpi`(json).
template <class Kpi> Interval replicate(int servers, double rate_per_h, int customers, int replications, Kpi kpi) {
  std::vector<double> xs;
  for (int k = 0; k < replications; ++k) {
    const auto r = run_satflow({"run", source_path("configs/mm1.yaml").string(), "--replication", std::to_string(k),
                                "--set", "stations.server.capacity=" + std::to_string(servers), "--set",
                                "arrivals.customers.rate=" + std::to_string(rate_per_h) + "/h", "--set",
                                "arrivals.customers.count=" + std::to_string(customers), "--json", "-"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    xs.push_back(kpi(nlohmann::json::parse(r.out)));
  }
  return interval_of(xs);
}

double hours_in_system(const nlohmann::json& j) { return j["time_in_system_s"]["mean"].get<double>() / 3600; }

/// Erlang C: probability that an arrival waits, for c servers and offered load a = lambda/mu.
double erlang_c(int c, double a) {
  double sum = 0, term = 1;
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double top = term / (1 - a / c); // a^c / c! / (1 - rho)
  return top / (sum + top);
}

TEST(QueueingTheory, MM1MeanTimeInSystemIsOneOverMuMinusLambda) {
  const double lambda = 0.5, mu = 1.0; // per hour
  const Interval ci = replicate(1, lambda, 20000, 30, hours_in_system);
  const double exact = 1 / (mu - lambda); // 2 h
  EXPECT_NEAR(ci.mean, exact, ci.half_width) << "CI " << ci.mean << " +- " << ci.half_width;
  EXPECT_LT(ci.half_width, 0.05 * exact); // and the interval is tight enough to mean something
}

TEST(QueueingTheory, MM1UtilizationIsRho) {
  const Interval ci = replicate(1, 0.5, 20000, 30,
                                [](const nlohmann::json& j) { return j["stations"][0]["utilization"].get<double>(); });
  EXPECT_NEAR(ci.mean, 0.5, ci.half_width) << "CI " << ci.mean << " +- " << ci.half_width;
}

TEST(QueueingTheory, MMcMeanTimeInSystemFollowsErlangC) {
  const int c = 3;
  const double lambda = 2.4, mu = 1.0; // rho = 0.8
  const Interval ci = replicate(c, lambda, 40000, 30, hours_in_system);
  const double exact = erlang_c(c, lambda / mu) / (c * mu - lambda) + 1 / mu; // 2.0787 h
  EXPECT_NEAR(exact, 2.0787, 1e-4);                                           // the formula itself, checked by hand
  EXPECT_NEAR(ci.mean, exact, ci.half_width) << "CI " << ci.mean << " +- " << ci.half_width;
  EXPECT_LT(ci.half_width, 0.05 * exact);
}

// A Jackson network: configs/tandem.yaml, five M/M/3 stations in series (lambda 1/h, mean service 2.5 h)
// with a fixed 1 h move after each. By Burke's theorem every station sees Poisson arrivals, so the mean
// time in system is five M/M/3 sojourns plus the five moves.
TEST(QueueingTheory, TandemOfMMcStationsAddsTheirErlangCSojourns) {
  std::vector<double> xs;
  for (int k = 0; k < 20; ++k) {
    const auto r = run_satflow({"run", source_path("configs/tandem.yaml").string(), "--replication", std::to_string(k),
                                "--set", "arrivals.items.count=20000", "--json", "-"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    xs.push_back(hours_in_system(nlohmann::json::parse(r.out)));
  }
  const Interval ci = interval_of(xs);
  const double exact = 5 * (erlang_c(3, 2.5) / (3 * 0.4 - 1) + 2.5) + 5 * 1.0; // 35.056 h
  EXPECT_NEAR(exact, 35.056, 1e-3);
  EXPECT_NEAR(ci.mean, exact, ci.half_width) << "CI " << ci.mean << " +- " << ci.half_width;
  EXPECT_LT(ci.half_width, 0.03 * exact);
}

} // namespace
} // namespace satflow::test
