// Records what the mechanisms of a run report (arrivals, test outcomes, messages, launches, exits)
// and turns it, with the stations' own statistics, the site graph's links and the flights, into the
// run's Results. The models emit; this records (STYLE.md 8), so a new KPI touches this file only.
#pragma once

#include "models/job_table.hpp"
#include "models/launch_operations.hpp"
#include "models/results.hpp"
#include "models/scenario.hpp"
#include "models/station.hpp"
#include "models/targets.hpp"
#include "simcore/site_graph.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace satflow::models {

class ResultsCollector {
public:
  /// `test_names`: the test stages, as StageTable::test_names(). keep_items: keep one ItemRecord per item.
  /// REQUIRES: scenario outlives this.
  ResultsCollector(const Scenario& scenario, const std::vector<std::string>& test_names, bool keep_items);

  /// An item arrived; returns its arrival order over all sources (its id in records and traces).
  std::uint64_t arrived() {
    if (keep_items_)
      records_.emplace_back();
    return arrived_++;
  }
  /// A visit of test stage `test` (StageTable index) ended, failed or passed.
  void tested(std::int32_t test, bool failed);
  /// A coordination message between sites a and b (either order) arrived after transfer_s seconds.
  void delivered(std::uint32_t a, std::uint32_t b, double units, double transfer_s);
  /// The item became ready to ship for the first time (record.ready_s set).
  void ready(const ItemRecord& record);
  /// The item launched (record.launched_s set).
  void launched(const ItemRecord& record);
  /// The item left the process (record.exit_s set, its buckets closed).
  void exited(const Job& job);

  /// A long-lead part as the supply chain resolved it: its name, its supplier (index into the
  /// scenario's suppliers) and the stage that needs it.
  struct PartDeclared {
    std::string name;
    std::uint32_t supplier = 0;
    std::string stage;
  };
  /// The supply chain's facts at the end of the run: its parts, in process order, and every order
  /// placed, in order (PartOrder::part indexes `parts`). Waits still open at the end count up to it.
  void parts_ordered(std::vector<PartDeclared> parts, std::vector<PartOrder> orders);

  /// Everything the run ends with. What is inside at `end_s` counts up to it.
  struct RunEnd {
    double end_s = 0;
    std::uint64_t seed = 0;
    std::uint64_t replication = 0;
    std::uint64_t events = 0;
    const std::vector<Station>* stations = nullptr;
    const simcore::SiteGraph* graph = nullptr;
    FlightRows flights;
    JobTable* jobs = nullptr; ///< items still inside get their current bucket closed at end_s and count in the totals
    simcore::TraceRecorder* trace = nullptr; ///< moved into the results
  };
  /// The run's results. Call once, at the end.
  Results finish(RunEnd end);

private:
  struct PairStats {
    std::uint64_t messages = 0;
    double units = 0;
    double transfer_s = 0;
  };

  void add_stations(Results& r, const std::vector<Station>& stations, double end) const;
  void add_links(Results& r, const simcore::SiteGraph& graph, double end) const;
  void add_supply_chain(Results& r, double end) const;

  const Scenario& scenario_;
  bool keep_items_;
  std::vector<TestResult> tests_;
  std::vector<ItemRecord> records_; // by arrival order, when kept
  std::uint64_t arrived_ = 0;
  std::uint64_t completed_ = 0;
  std::vector<PairStats> pairs_; // sites x sites, lower index first
  simcore::Tally time_in_system_;
  std::vector<simcore::Tally> by_class_;
  std::array<double, kTimeKinds> time_totals_{};           // every item, up to the end
  std::array<double, kTimeKinds> time_totals_completed_{}; // completed items
  simcore::Tally lead_time_;
  std::vector<simcore::Tally> lead_by_class_;
  TargetRecorder targets_;
  simcore::Tally ready_time_;
  std::vector<simcore::Tally> ready_by_class_;
  std::vector<std::uint64_t> launched_by_class_;
  std::vector<std::uint64_t> on_time_by_class_;
  std::vector<std::vector<std::uint64_t>> launched_by_year_;
  std::vector<PartDeclared> parts_;
  std::vector<PartOrder> part_orders_;
};

} // namespace satflow::models
