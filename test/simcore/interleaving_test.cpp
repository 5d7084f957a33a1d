// Known answers for the Scheduler's own calendar interleaved with SimGrid's network model: completions
// at their own dates between local events, transfers started from local events at the event's date,
// the same-date order, the horizon with transfers in flight, and a ten-year clock. Each test builds its
// own SimGrid engine: ctest runs every test in its own process.
#include "simcore/scheduler.hpp"

#include <gtest/gtest.h>
#include <simgrid/s4u/Activity.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <string>
#include <vector>

namespace satflow::simcore {
namespace {

// Two sites joined by one link of latency 3600 s and bandwidth 10 units/s: a lone message of 1000
// units takes 3600 + 100 s.
SiteGraph two_sites() {
  SiteGraph g;
  g.add_site({"a", {}, 60, 100});
  g.add_site({"b", {}, 60, 100});
  g.add_link(0, 1, {"", 3600, 10});
  return g;
}

struct Log {
  Scheduler* sched;
  std::vector<std::string> what;
  std::vector<double> when;
  void operator()(const char* name) {
    what.emplace_back(name);
    when.push_back(sched->now());
  }
};

TEST(Interleaving, ATransferCompletesBetweenTwoLocalEventsAndItsCallbackSchedulesBeforeTheLater) {
  Engine engine(two_sites());
  Scheduler sched(engine);
  Log log{&sched, {}, {}};
  sched.at(3000, [&log] { log("local 3000"); });
  sched.at(4000, [&log] { log("local 4000"); });
  sched.transfer(0, 1, 1000, [&] {
    log("completion");
    sched.after(50, [&log] { log("from completion"); }); // 3750: before the local event at 4000
  });
  sched.run();
  EXPECT_EQ(log.what, (std::vector<std::string>{"local 3000", "completion", "from completion", "local 4000"}));
  EXPECT_EQ(log.when, (std::vector<double>{3000, 3700, 3750, 4000}));
  EXPECT_EQ(sched.events_executed(), 4u);
}

// A starts alone at 0; B starts at 10 from a local event while A is in flight. A's bytes flow alone
// from 3600 to 3610 (100 units), then both share the link at 5 units/s: A's last 900 units end at
// 3790, B has 100 left then and ends alone at 3800. Had B started at SimGrid's idle clock (0) or a
// second late, both answers would differ.
TEST(Interleaving, ALocalEventStartsATransferAtItsOwnDateWhileAnotherIsInFlight) {
  Engine engine(two_sites());
  Scheduler sched(engine);
  double a_done = -1, b_done = -1;
  sched.transfer(0, 1, 1000, [&] { a_done = sched.now(); });
  sched.at(10, [&] {
    EXPECT_EQ(sched.transfers_in_flight(), 1u);
    sched.transfer(1, 0, 1000, [&] { b_done = sched.now(); });
  });
  sched.run();
  EXPECT_NEAR(a_done, 3790, 1e-6);
  EXPECT_NEAR(b_done, 3800, 1e-6);
}

// Nothing in flight when the event runs: SimGrid's clock has stayed at 0 and is brought to 1234.5.
TEST(Interleaving, ATransferStartedWithNothingInFlightStartsAtTheEventsDate) {
  Engine engine(two_sites());
  Scheduler sched(engine);
  double done = -1;
  sched.at(1234.5, [&] { sched.transfer(0, 1, 1000, [&] { done = sched.now(); }); });
  sched.run();
  EXPECT_NEAR(done, 1234.5 + 3700, 1e-6);
}

// The documented same-date order: local events first, in scheduling order, then the completions of
// that date in SimGrid's order; an event a completion schedules at that date runs before the
// completions still waiting.
TEST(Interleaving, AtOneDateLocalEventsRunBeforeCompletions) {
  Engine engine(two_sites());
  Scheduler sched(engine);
  Log log{&sched, {}, {}};
  // Both complete at 100 + 3600 + 2000/10 = 3900 (ARCHITECTURE.md fact 1), in one SimGrid turn, which
  // delivers the second one started first.
  sched.at(100, [&] {
    sched.transfer(0, 1, 1000, [&log] { log("completion 1"); });
    sched.transfer(1, 0, 1000, [&] {
      log("completion 2");
      sched.after(0, [&log] { log("from completion 2"); });
    });
  });
  sched.at(3900, [&log] { log("local 1"); });
  sched.at(3900, [&log] { log("local 2"); });
  sched.run();
  EXPECT_EQ(log.what,
            (std::vector<std::string>{"local 1", "local 2", "completion 2", "from completion 2", "completion 1"}));
  for (double t : log.when)
    EXPECT_NEAR(t, 3900, 1e-6);
}

TEST(Interleaving, ARunEndsAtTheHorizonWithTransfersInFlightAndTheNextRunCompletesThem) {
  Engine engine(two_sites());
  Scheduler sched(engine);
  std::vector<double> done;
  sched.transfer(0, 1, 1000, [&] { done.push_back(sched.now()); });                          // 3700
  sched.at(1000, [&] { sched.transfer(1, 0, 1000, [&] { done.push_back(sched.now()); }); }); // 4700
  sched.run_until(2000);
  EXPECT_DOUBLE_EQ(sched.now(), 2000);
  EXPECT_TRUE(done.empty());
  EXPECT_EQ(sched.transfers_in_flight(), 2u);
  sched.run_until(4000);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_NEAR(done[0], 3700, 1e-6);
  EXPECT_DOUBLE_EQ(sched.now(), 4000);
  EXPECT_EQ(sched.transfers_in_flight(), 1u);
  // The scheduler is destroyed with the second transfer still in flight: it is cancelled (ASan checks
  // that nothing leaks in the asan preset).
}

// Ten years of exchanges, each started by a local event 1234.5 s after the previous completion: the
// clock reaches 3e8 s, every completion is delivered at SimGrid's own clock to the last bit, and each
// exchange still takes its 3700 s (a drifting start date would show as a longer or shorter one).
TEST(Interleaving, TenYearsOfExchangesKeepTheirDatesExactly) {
  Engine engine(two_sites());
  Scheduler sched(engine);
  static std::vector<double> simgrid_dates; // the completion signal takes no capture of a local
  simgrid_dates.clear();
  simgrid::s4u::Activity::on_completion_cb(
      [](const simgrid::s4u::Activity&) { simgrid_dates.push_back(simgrid::s4u::Engine::get_clock()); });
  struct Chain {
    Scheduler* sched;
    std::vector<double> started, done;
    void start() {
      started.push_back(sched->now());
      sched->transfer(0, 1, 1000, [this] {
        done.push_back(sched->now());
        sched->after(1234.5, [this] { start(); });
      });
    }
  } chain{&sched, {}, {}};
  sched.at(0, [&chain] { chain.start(); });
  const double ten_years = 10 * 365 * 86400.0;
  sched.run_until(ten_years);
  ASSERT_GT(chain.done.size(), 60'000u);
  ASSERT_EQ(simgrid_dates.size(), chain.done.size());
  EXPECT_GT(chain.done.back(), 3e8);
  for (std::size_t i = 0; i < chain.done.size(); ++i) {
    ASSERT_EQ(chain.done[i], simgrid_dates[i]) << i; // bit for bit
    ASSERT_NEAR(chain.done[i] - chain.started[i], 3700, 1e-6) << i;
  }
  EXPECT_DOUBLE_EQ(sched.now(), ten_years);
}

} // namespace
} // namespace satflow::simcore
