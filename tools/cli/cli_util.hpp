// What the satflow commands share: exit statuses (defined here only: tools/experiments throws or
// returns, the handlers in tools/cli decide the status), the scenario options of a command line,
// loading a scenario with its overrides (problems printed, nothing thrown), and writing outputs ("-"
// for standard output; paths checked before anything long runs).
#pragma once

#include "configs/scenario_loader.hpp"
#include "models/scenario.hpp"

#include <nlohmann/json_fwd.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
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

/// --uncertain [--draws M] and --posterior DB (uncertain_command.hpp).
struct UncertainArgs {
  bool enabled = false;
  std::size_t draws = 100;
  std::string posterior; ///< a calibration database: draw the inputs from its posterior
  /// Whether the command runs a second-order Monte Carlo: --uncertain, or --posterior alone.
  bool active() const { return enabled || !posterior.empty(); }
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

/// Whether `layout` (NAME, or a file) names a layout file for `scenario`; otherwise prints the problem
/// blamed on what was typed, `typed` (e.g. "--layout co-locatd: no such layout; did you mean
/// co-located? shipped layouts: ..."), and returns false.
bool layout_exists(const std::string& layout, const std::string& scenario, const std::string& typed);

/// Prints every problem, then "satflow: N problems in FILE".
void report_problems(const configs::Diagnostics& diagnostics, const std::string& file);

/// Checks, before a long run, that every output file can be created; reports those that cannot.
bool outputs_writable(std::initializer_list<std::string> paths);

/// Flushes standard output; false, after reporting what failed, when it cannot be written (a closed
/// pipe: the CLI ignores SIGPIPE, so that a reader that stops early does not stop a file being written).
bool stdout_written();

/// Reads a JSON list given on the command line (satflow-mpi's --run-proposals, --run-candidates): calls
/// take(element) on each in order. Returns false after printing "satflow: OPTION expects a JSON list of
/// WHAT" when the text is not a JSON list or take refuses an element (returns false, or throws
/// nlohmann::json::exception reading it).
bool read_json_list(const std::string& text, const std::string& option, const std::string& what,
                    const std::function<bool(const nlohmann::json&)>& take);

/// Opens `path` for writing ("-" is standard output) and calls write(stream). Returns false after
/// reporting a failure. One rule for every command and every format (JSON, CSV, Markdown, HTML).
bool write_output(const std::string& path, const std::function<void(std::ostream&)>& write);

} // namespace satflow::cli
