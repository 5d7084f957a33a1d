// Each test builds its own SimGrid engine: ctest runs every test in its own process.
#include "simcore/scheduler.hpp"
#include "test/simcore/site_graphs.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace satflow::simcore {
namespace {

using testing::three_sites;

TEST(Scheduler, RunsEventsInDateOrderAndSameDateInSchedulingOrder) {
  Engine engine(three_sites());
  Scheduler sched(engine);
  std::vector<int> order;
  std::vector<double> dates;
  sched.at(5, [&order] { order.push_back(3); });
  sched.at(2, [&order] { order.push_back(1); });
  for (int i = 0; i < 50; ++i) // many ties: SimGrid's heap alone would not keep them in order
    sched.at(4, [&order, i] { order.push_back(100 + i); });
  sched.at(2, [&order, &sched] {
    order.push_back(2);
    sched.after(0, [&order] { order.push_back(99); }); // same date, scheduled last: runs last at t=2
  });
  sched.at(7, [&dates, &sched] { dates.push_back(sched.now()); });
  sched.run_until(1e9);
  std::vector<int> expected{1, 2, 99};
  for (int i = 0; i < 50; ++i)
    expected.push_back(100 + i);
  expected.push_back(3);
  EXPECT_EQ(order, expected);
  ASSERT_EQ(dates.size(), 1u);
  EXPECT_DOUBLE_EQ(dates[0], 7);
  EXPECT_EQ(sched.events_executed(), 55u);
}

// SimGrid's engine and platform are built at the first transfer over a bounded link, not before:
// events and transfers over unbounded routes (exactly their latency) never need them.
TEST(Scheduler, BuildsSimGridsNetworkAtTheFirstBoundedTransferOnly) {
  SiteGraph g;
  g.add_site({"x", {}, 30}); // intra-site: latency 30 s, no bandwidth limit
  g.add_site({"y", {}});
  g.add_link(0, 1, {"", 100, 2}); // 100 s, 2 units/s
  Engine engine(g);
  Scheduler sched(engine);
  std::vector<double> done;
  sched.at(10, [&] { sched.transfer(0, 0, 500, [&] { done.push_back(sched.now()); }); });
  sched.run_until(1000);
  EXPECT_FALSE(engine.network_built());
  sched.at(1000, [&] { sched.transfer(0, 1, 50, [&] { done.push_back(sched.now()); }); });
  sched.run();
  EXPECT_TRUE(engine.network_built());
  EXPECT_EQ(done, (std::vector<double>{40, 1000 + 100 + 50.0 / 2}));
}

TEST(Scheduler, RefusesDatesInThePast) {
  Engine engine(three_sites());
  Scheduler sched(engine);
  bool threw = false;
  sched.at(10, [&] {
    try {
      sched.at(9, [] {});
    } catch (const std::invalid_argument&) {
      threw = true;
    }
  });
  sched.run_until(100);
  EXPECT_TRUE(threw);
  EXPECT_THROW(sched.after(-1, [] {}), std::invalid_argument);
}

TEST(Scheduler, StopsAtTheEndDate) {
  Engine engine(three_sites());
  Scheduler sched(engine);
  int ran = 0;
  sched.at(10, [&ran] { ++ran; });
  sched.at(20, [&ran] { ++ran; });
  sched.run_until(15);
  EXPECT_EQ(ran, 1);
  EXPECT_DOUBLE_EQ(sched.now(), 15);
}

// An exception out of an event (std::bad_alloc in a runaway run) ends the run and reaches the caller,
// without unwinding through SimGrid: SimGrid frees a fired timer only when its callback returns, so
// the asan preset used to report the timer that threw as leaked. The scheduler must cancel the events
// still pending, not the one that fired and threw.
TEST(Scheduler, AnEventThatThrowsLeavesTheSchedulerSafeToDestroy) {
  Engine engine(three_sites());
  bool later_ran = false;
  {
    Scheduler sched(engine);
    sched.at(10, [] { throw std::runtime_error("boom"); });
    sched.at(20, [&later_ran] { later_ran = true; });
    EXPECT_THROW(sched.run_until(100), std::runtime_error);
    EXPECT_DOUBLE_EQ(sched.now(), 10);
    EXPECT_EQ(sched.events_executed(), 1u);
  }
  EXPECT_FALSE(later_ran);
}

TEST(Scheduler, AnExceptionOutOfATransfersCallbackReachesTheCaller) {
  Engine engine(three_sites());
  Scheduler sched(engine);
  bool later_ran = false;
  sched.transfer(0, 1, 1000, [] { throw std::runtime_error("boom"); }); // completes at 3600 + 100
  sched.at(5000, [&later_ran] { later_ran = true; });
  try {
    sched.run();
    ADD_FAILURE() << "run returned";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "boom");
  }
  EXPECT_NEAR(sched.now(), 3700, 1e-6);
  EXPECT_FALSE(later_ran);
  EXPECT_EQ(sched.transfers_in_flight(), 0u);
}

TEST(Scheduler, WithAnEventLimitOfNExactlyNEventsRunThenTheRunThrows) {
  Engine engine(three_sites());
  Scheduler sched(engine);
  EXPECT_EQ(sched.event_limit(), 0u);
  sched.set_event_limit(5);
  std::vector<int> ran;
  for (int i = 0; i < 4; ++i)
    sched.at(10, [&ran, i] { ran.push_back(i); }); // four in one bucket: the limit falls inside the next
  sched.at(20, [&ran, &sched] {
    ran.push_back(4);
    sched.after(0, [&ran] { ran.push_back(5); }); // the sixth event, at the same date: refused
  });
  sched.at(30, [&ran] { ran.push_back(6); });
  try {
    sched.run_until(100);
    ADD_FAILURE() << "run_until returned";
  } catch (const EventLimitExceeded& e) {
    EXPECT_EQ(e.limit(), 5u);
    EXPECT_NE(std::string(e.what()).find("5 events"), std::string::npos) << e.what();
  }
  EXPECT_EQ(ran, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(sched.events_executed(), 5u);
  EXPECT_DOUBLE_EQ(sched.now(), 20); // the date of the event refused
  // Spent is spent: a later run throws again and runs nothing.
  EXPECT_THROW(sched.run(), EventLimitExceeded);
  EXPECT_EQ(ran.size(), 5u);
}

// A run that schedules events at its own date forever never advances the clock; the limit ends it.
TEST(Scheduler, AnEventLimitEndsARunStuckAtOneDate) {
  Engine engine(three_sites());
  Scheduler sched(engine);
  sched.set_event_limit(1000);
  std::uint64_t ran = 0;
  std::function<void()> again;
  again = [&] {
    ++ran;
    sched.after(0, [&again] { again(); });
  };
  sched.at(3, [&again] { again(); });
  EXPECT_THROW(sched.run(), EventLimitExceeded);
  EXPECT_EQ(ran, 1000u);
  EXPECT_DOUBLE_EQ(sched.now(), 3);
}

// A completed transfer is an event too. The exception never passes through SimGrid: transfers in flight
// when the budget runs out complete there without their callbacks, the caller catches the exception,
// and the scheduler and the engine are destroyed as usual (ASan and LSan check that in the asan preset).
TEST(Scheduler, AnEventLimitCountsTransfersAndReachesTheCallerCleanly) {
  Engine engine(three_sites());
  bool caught = false;
  std::vector<double> done;
  {
    Scheduler sched(engine);
    sched.set_event_limit(2);
    sched.at(100, [&] {
      sched.transfer(0, 1, 1000, [&] { done.push_back(sched.now()); }); // at 100 + 3600 + 100: never called
      sched.transfer(1, 2, 1000, [&] { done.push_back(sched.now()); }); // event 3, at 100 + 400 + 200: refused
      sched.transfer(0, 0, 1, [&] { done.push_back(sched.now()); });    // event 2, at 100 + 60 + 0.01
    });
    sched.at(5000, [&] { done.push_back(-1); });
    try {
      sched.run_until(1e9);
    } catch (const EventLimitExceeded&) {
      caught = true;
    }
    EXPECT_EQ(sched.events_executed(), 2u);
    EXPECT_EQ(sched.transfers_in_flight(), 0u);
    EXPECT_NEAR(sched.now(), 700, 1e-6); // the date of the completion refused
  }
  EXPECT_TRUE(caught);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_NEAR(done[0], 160.01, 1e-6);
}

/// When a lone transfer of `size` from site `from` to site `to` of three_sites(), sent by an event at
/// `sent_s`, is delivered (-1 if never).
double lone_transfer_delivered_at(double sent_s, std::size_t from, std::size_t to, double size) {
  Engine engine(three_sites());
  Scheduler sched(engine);
  // One capture each: a callback holds at most 16 bytes.
  struct Lone {
    Scheduler& sched;
    std::size_t from, to;
    double size, done = -1;
  } lone{sched, from, to, size};
  sched.at(sent_s,
           [&lone] { lone.sched.transfer(lone.from, lone.to, lone.size, [&lone] { lone.done = lone.sched.now(); }); });
  sched.run_until(1e9);
  return lone.done;
}

TEST(Transfer, ALoneMessageTakesLatencyPlusSizeOverBandwidth) {
  EXPECT_NEAR(lone_transfer_delivered_at(100, 0, 1, 1000), 100 + 3600 + 1000.0 / 10, 1e-6);
}

TEST(Transfer, ConcurrentMessagesShareTheBandwidth) {
  Engine engine(three_sites());
  Scheduler sched(engine);
  std::vector<double> done;
  sched.at(100, [&] {
    sched.transfer(0, 1, 1000, [&] { done.push_back(sched.now()); });
    sched.transfer(1, 0, 1000, [&] { done.push_back(sched.now()); });
  });
  sched.run_until(1e9);
  ASSERT_EQ(done.size(), 2u);
  // ARCHITECTURE.md fact 1: 100 + 3600 + 2000/10 with the two flows sharing the link max-min.
  EXPECT_NEAR(done[0], 3900, 1e-6);
  EXPECT_NEAR(done[1], 3900, 1e-6);
  EXPECT_EQ(sched.transfers_in_flight(), 0u);
}

TEST(Transfer, AMultiHopRouteAddsLatenciesAndTakesTheNarrowestBandwidth) {
  EXPECT_NEAR(lone_transfer_delivered_at(0, 0, 2, 50), 3600 + 400 + 50.0 / 5, 1e-6);
}

TEST(Transfer, WithinASiteUsesTheIntraSiteLink) {
  EXPECT_NEAR(lone_transfer_delivered_at(0, 2, 2, 200), 60 + 200.0 / 100, 1e-6);
}

TEST(Transfer, RefusesUnconnectedSitesAndNegativeSizes) {
  SiteGraph g;
  g.add_site({"a", {}});
  g.add_site({"island", {}});
  Engine engine(g);
  Scheduler sched(engine);
  EXPECT_THROW(sched.transfer(0, 1, 1, [] {}), std::invalid_argument);
  EXPECT_THROW(sched.transfer(0, 0, -1, [] {}), std::invalid_argument);
  EXPECT_THROW(sched.transfer(0, 5, 1, [] {}), std::invalid_argument);
}

TEST(Engine, IsOnePerProcess) {
  Engine engine(three_sites());
  EXPECT_THROW(Engine second(three_sites()), std::logic_error);
}

} // namespace
} // namespace satflow::simcore

namespace satflow::simcore {
namespace {

TEST(Transfer, OnARouteWithoutABandwidthLimitAMessageTakesExactlyItsLatency) {
  SiteGraph g;
  g.add_site({"a", {}, 30}); // unbounded intra-site bandwidth by default
  g.add_site({"b", {}});
  g.add_site({"c", {}});
  g.add_link(0, 1, {"", 100});
  g.add_link(1, 2, {"", 50});
  Engine engine(g);
  Scheduler sched(engine);
  std::vector<double> done;
  sched.at(10, [&] {
    for (int i = 0; i < 3; ++i) // concurrent, but there is nothing to share
      sched.transfer(0, 2, 1e6, [&] { done.push_back(sched.now()); });
    sched.transfer(0, 0, 1e6, [&] { done.push_back(sched.now()); });
  });
  sched.run_until(1e9);
  EXPECT_EQ(done, (std::vector<double>{40, 160, 160, 160}));
  EXPECT_EQ(sched.transfers_in_flight(), 0u);
}

} // namespace
} // namespace satflow::simcore
