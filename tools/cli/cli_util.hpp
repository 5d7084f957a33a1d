// What the satflow commands share: exit statuses, the scenario options of a command line, loading a
// scenario with its overrides (problems printed, nothing thrown), and writing outputs ("-" for
// standard output; paths checked before anything long runs).
#pragma once

#include "configs/scenario_loader.hpp"
#include "models/scenario.hpp"
#include "tools/experiments/output_file.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace satflow::cli {

constexpr int kOk = 0;
constexpr int kInternal = 1;
constexpr int kBadInput = 2;
constexpr const char* kVersion = "0.1.0";

/// --uncertain [--draws M] (uncertain_command.hpp).
struct UncertainArgs {
  bool enabled = false;
  std::size_t draws = 100;
};

struct RunArgs {
  std::string scenario;
  std::string layout;
  std::size_t replications = 1;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  std::optional<std::uint64_t> seed;
  std::uint64_t replication = 0;
  std::vector<std::string> sets;
  std::string horizon;
  std::string json_file;
  std::string items_csv;
  std::string parts_csv;
  std::string trace_file;
  std::string html_file;
  std::string observations_file; ///< run --replications: the record to set the replications against
  bool verbose = false;
  bool quiet = false;
  UncertainArgs uncertain = {};
};

/// The scenario with the command line's --set and --horizon, then `more` (a variant's overrides) and
/// args.layout; prints every problem and returns nothing on bad input.
std::optional<models::Scenario> load(const RunArgs& args, const std::vector<configs::Override>& more = {});

/// Prints every problem, then "satflow: N problems in FILE".
void report_problems(const configs::Diagnostics& diagnostics, const std::string& file);

/// Checks, before a long run, that every output file can be created; reports those that cannot.
bool outputs_writable(std::initializer_list<std::string> paths);

using tools::write_output; // "-" is stdout

} // namespace satflow::cli
