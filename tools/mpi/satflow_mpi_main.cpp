// satflow-mpi: an MPI task farm for sweeps on clusters. Rank 0 plans (through `satflow sweep
// --list-tasks`, which also records the plan and skips what is done) and is the only writer of the
// SQLite database; the other ranks ask for batches of tasks and run them as child processes
// (`satflow sweep --run-tasks`), sending each run's record back to rank 0.
//
// `satflow-mpi calibrate SPEC --db calib.sqlite` farms a calibration's proposals the same way, one
// batch at a time: rank 0 asks `satflow calibrate --list-proposals` for the batch the calibration
// needs next (it depends on the rows stored so far), farms it out (`satflow calibrate
// --run-proposals`), stores every row, and asks again until the batch is empty. The batches and
// their proposals are those `satflow calibrate` runs, so the posterior is the same.
// `satflow-mpi optimize SPEC --db opt.sqlite` farms an optimisation's runs alike (`satflow optimize
// --list-runs`: the runs the search needs next, replayed from the database; `--run-candidates`), so
// the search sees the records `satflow optimize` would and reaches the same plan.
//
// A sweep takes `--uncertain [--draws M]` or `--posterior DB` as `satflow sweep` does: they are passed
// to both satflow commands, whose plan then holds the input draws (sweep_uncertainty.hpp), so the
// farmed runs are the local sweep's.
//
// It links OpenMPI and SQLite but never SimGrid: libsimgrid exports MPI symbols of its own
// (ARCHITECTURE.md fact 4), so every simulation runs in a separate satflow process.
#include "tools/experiments/calibration_store.hpp"
#include "tools/experiments/optimize_store.hpp"
#include "tools/experiments/results_store.hpp"
#include "tools/experiments/shell_quote.hpp"

#include <mpi.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace {

constexpr int kTagReady = 1;
constexpr int kTagWork = 2;
constexpr int kTagStop = 3;
constexpr int kTagResult = 4;

/// What the farm runs: a sweep's tasks, or the batches of a calibration or an optimisation, each
/// listed once the previous one is stored.
enum class Mode { sweep, calibrate, optimize };

struct Args {
  Mode mode = Mode::sweep;
  std::string spec;
  std::string db;
  std::string satflow;
  int batch = 8;
  int jobs = 1;
  std::string inputs; ///< --uncertain, --draws and --posterior (sweep, optimize), quoted, each after a space
};

std::string quote(const std::string& s) { return satflow::tools::shell_quote(s); }

/// Runs a shell command and returns its standard output; exit status in `status`.
std::string capture(const std::string& command, int& status) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) {
    status = -1;
    return out;
  }
  char buf[65536];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0)
    out.append(buf, n);
  status = pclose(pipe);
  return out;
}

void send_string(const std::string& s, int dest, int tag) {
  MPI_Send(s.data(), static_cast<int>(s.size()), MPI_CHAR, dest, tag, MPI_COMM_WORLD);
}

std::string receive_string(const MPI_Status& probe) {
  int count = 0;
  MPI_Get_count(&probe, MPI_CHAR, &count);
  std::string s(static_cast<std::size_t>(count), '\0');
  MPI_Recv(s.data(), count, MPI_CHAR, probe.MPI_SOURCE, probe.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return s;
}

/// The command that runs a batch: the sweep tasks of a JSON list of indices, the calibration
/// proposals of a JSON list of {generation, index, theta}, or the optimisation runs of {x, replication}.
std::string run_batch_command(const Args& a, const nlohmann::json& batch) {
  if (a.mode == Mode::calibrate)
    return quote(a.satflow) + " calibrate " + quote(a.spec) + " --db " + quote(a.db) + " --jobs " +
           std::to_string(a.jobs) + " --run-proposals " + quote(batch.dump());
  if (a.mode == Mode::optimize)
    return quote(a.satflow) + " optimize " + quote(a.spec) + " --db " + quote(a.db) + " --jobs " +
           std::to_string(a.jobs) + a.inputs + " --run-candidates " + quote(batch.dump());
  std::string list;
  for (const auto& t : batch)
    list += (list.empty() ? "" : ",") + std::to_string(t.get<long>());
  return quote(a.satflow) + " sweep " + quote(a.spec) + " --db " + quote(a.db) + " --jobs " + std::to_string(a.jobs) +
         a.inputs + " --run-tasks " + list;
}

/// Calls `row` with each JSON line of a child's output (one stored row a line; blank lines skipped).
template <class Row> void for_each_json_line(const std::string& lines, Row row) {
  std::size_t start = 0;
  while (start < lines.size()) {
    const std::size_t end = lines.find('\n', start);
    const std::string line = lines.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? lines.size() : end + 1;
    if (!line.empty())
      row(nlohmann::json::parse(line));
  }
}

void store_lines(satflow::tools::ResultsStore& store, const std::string& lines, std::size_t& stored) {
  store.begin();
  for_each_json_line(lines, [&](const nlohmann::json& j) {
    store.put({j["point"], j["replication"], j["status"], j["what"], j["stderr"], j["kpis"]});
    ++stored;
  });
  store.commit();
}

int coordinator(const Args& a, int ranks) {
  int status = 0;
  const std::string listed = capture(
      quote(a.satflow) + " sweep " + quote(a.spec) + " --db " + quote(a.db) + a.inputs + " --list-tasks", status);
  std::vector<long> tasks;
  int code = 0;
  if (status != 0) { // satflow printed the problems; the workers still need their stop message
    std::cerr << "satflow-mpi: planning failed (satflow sweep --list-tasks)\n";
    code = 2;
  } else {
    tasks = nlohmann::json::parse(listed).get<std::vector<long>>();
  }
  std::optional<satflow::tools::ResultsStore> opened;
  if (code == 0) {
    try {
      opened.emplace(a.db, satflow::tools::ResultsStore::Access::write);
    } catch (const satflow::tools::BadDatabase& e) { // damaged since satflow checked it; stop the workers all the same
      std::cerr << "satflow-mpi: " << e.what() << "\n";
      code = 2;
      tasks.clear();
    }
  }
  std::size_t next = 0, stored = 0;
  if (ranks == 1) { // no workers: run everything here
    while (next < tasks.size()) {
      std::vector<long> batch(tasks.begin() + static_cast<long>(next),
                              tasks.begin() +
                                  static_cast<long>(std::min(tasks.size(), next + static_cast<std::size_t>(a.batch))));
      next += batch.size();
      store_lines(*opened, capture(run_batch_command(a, nlohmann::json(batch)), status), stored);
    }
  }
  int active = ranks - 1;
  while (active > 0) {
    MPI_Status probe;
    MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &probe);
    const std::string message = receive_string(probe);
    if (probe.MPI_TAG == kTagResult) {
      store_lines(*opened, message, stored);
      continue;
    }
    if (next >= tasks.size()) {
      send_string("", probe.MPI_SOURCE, kTagStop);
      --active;
      continue;
    }
    nlohmann::json batch = nlohmann::json::array();
    for (int k = 0; k < a.batch && next < tasks.size(); ++k)
      batch.push_back(tasks[next++]);
    send_string(batch.dump(), probe.MPI_SOURCE, kTagWork);
  }
  if (code == 0)
    std::cout << "satflow-mpi: " << stored << " runs stored in " << a.db << " (" << tasks.size() << " were pending)\n";
  return code;
}

void store_proposals(satflow::tools::CalibrationStore& store, const std::string& lines, std::size_t& stored) {
  for_each_json_line(lines, [&](const nlohmann::json& j) {
    store.put({j["generation"], j["index"], j["theta"], j["status"],
               j["distance"].is_null() ? std::nullopt : std::optional<double>(j["distance"].get<double>()), j["runs"],
               j["what"]});
    ++stored;
  });
}

/// Stores an optimisation's runs, each candidate's in one transaction.
void store_runs(satflow::tools::OptimizeStore& store, const std::string& lines, std::size_t& stored) {
  std::map<std::string, std::map<std::size_t, std::string>> by_candidate;
  for_each_json_line(lines, [&](const nlohmann::json& j) {
    by_candidate[j["key"]][j["replication"]] = j["record"];
    ++stored;
  });
  for (const auto& [key, runs] : by_candidate)
    store.put_runs(key, runs);
}

/// The batch the calibration or optimisation needs next (empty when it has finished); nothing when
/// planning failed.
std::optional<nlohmann::json> next_batch(const Args& a) {
  const std::string list = a.mode == Mode::calibrate ? " calibrate " : " optimize ";
  const std::string option = a.mode == Mode::calibrate ? " --list-proposals" : a.inputs + " --list-runs";
  int status = 0;
  const std::string listed = capture(quote(a.satflow) + list + quote(a.spec) + " --db " + quote(a.db) + option, status);
  if (status != 0) { // satflow printed the problems
    std::cerr << "satflow-mpi: planning failed (satflow" << list << "..." << option << ")\n";
    return std::nullopt;
  }
  return nlohmann::json::parse(listed);
}

/// Stops every worker rank: the idle ones now, the others when they next ask (their results ignored).
void stop_workers(std::vector<int>& idle, int& stopped, int ranks) {
  for (; !idle.empty(); idle.pop_back(), ++stopped)
    send_string("", idle.back(), kTagStop);
  while (stopped < ranks - 1) {
    MPI_Status probe;
    MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &probe);
    receive_string(probe);
    if (probe.MPI_TAG == kTagReady) {
      send_string("", probe.MPI_SOURCE, kTagStop);
      ++stopped;
    }
  }
}

/// Stores a child's rows (the database opened on first use, once listing has created it); counts them.
using StoreRows = std::function<void(const std::string& lines, std::size_t& stored)>;

/// Rank 0 of `satflow-mpi calibrate` and `optimize`: each batch farmed to the ranks that ask (or run
/// here without workers) and stored; the next batch is listed only once this one is stored, since it
/// depends on it. Returns the rows stored; nothing (the reason printed) when listing failed or a whole
/// batch stored nothing: its runs failed before printing a row, and listing again would give the same
/// batch forever.
std::optional<std::size_t> farm_batches(const Args& a, int ranks, const StoreRows& store) {
  auto batch = next_batch(a);
  std::size_t next = 0, stored = 0, outstanding = 0, stored_before = 0;
  std::vector<int> idle;
  int stopped = 0;
  auto slice = [&] {
    nlohmann::json out = nlohmann::json::array();
    for (int k = 0; k < a.batch && next < batch->size(); ++k)
      out.push_back((*batch)[next++]);
    return out;
  };
  while (batch && !batch->empty()) {
    if (next >= batch->size() && outstanding == 0) {
      if (stored == stored_before) {
        std::cerr << "satflow-mpi: a batch of " << batch->size() << " stored nothing: every satflow"
                  << (a.mode == Mode::calibrate ? " calibrate --run-proposals" : " optimize --run-candidates")
                  << " of it failed (its messages are above); stopping rather than listing the same batch again\n";
        batch.reset();
        break;
      }
      stored_before = stored;
      batch = next_batch(a);
      next = 0;
      continue;
    }
    if (ranks == 1) {
      int status = 0;
      store(capture(run_batch_command(a, slice()), status), stored);
      continue;
    }
    MPI_Status probe;
    MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &probe);
    const std::string message = receive_string(probe);
    if (probe.MPI_TAG == kTagResult) {
      store(message, stored);
      --outstanding;
    } else {
      idle.push_back(probe.MPI_SOURCE);
    }
    for (; !idle.empty() && next < batch->size(); idle.pop_back(), ++outstanding)
      send_string(slice().dump(), idle.back(), kTagWork);
  }
  stop_workers(idle, stopped, ranks);
  if (!batch)
    return std::nullopt;
  return stored;
}

int calibration_coordinator(const Args& a, int ranks) {
  std::optional<satflow::tools::CalibrationStore> store;
  const auto stored = farm_batches(a, ranks, [&](const std::string& lines, std::size_t& count) {
    if (!store)
      store.emplace(a.db, satflow::tools::CalibrationStore::Access::write);
    store_proposals(*store, lines, count);
  });
  if (!stored) // the reason is printed
    return 2;
  std::cout << "satflow-mpi: calibration finished; " << *stored << " proposals stored in " << a.db << "\n";
  return 0;
}

int optimization_coordinator(const Args& a, int ranks) {
  std::optional<satflow::tools::OptimizeStore> store;
  const auto stored = farm_batches(a, ranks, [&](const std::string& lines, std::size_t& count) {
    if (!store)
      store.emplace(a.db);
    store_runs(*store, lines, count);
  });
  if (!stored) // the reason is printed
    return 2;
  std::cout << "satflow-mpi: optimisation finished; " << *stored << " runs stored in " << a.db
            << " (satflow results shows the plan)\n";
  return 0;
}

void worker(const Args& a) {
  for (;;) {
    send_string("", 0, kTagReady);
    MPI_Status probe;
    MPI_Probe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &probe);
    const std::string message = receive_string(probe);
    if (probe.MPI_TAG == kTagStop)
      return;
    int status = 0;
    const std::string lines = capture(run_batch_command(a, nlohmann::json::parse(message)), status);
    send_string(lines, 0, kTagResult);
  }
}

} // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  Args a;
  a.satflow = (std::filesystem::path(argv[0]).parent_path() / "satflow").string();
  std::vector<std::string> positional;
  bool usage = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : (usage = true, std::string()); };
    if (arg == "--db")
      a.db = value();
    else if (arg == "--batch")
      a.batch = std::max(1, std::atoi(value().c_str()));
    else if (arg == "--jobs")
      a.jobs = std::max(1, std::atoi(value().c_str()));
    else if (arg == "--satflow")
      a.satflow = value();
    else if (arg == "--uncertain")
      a.inputs += " --uncertain";
    else if (arg == "--draws" || arg == "--posterior")
      a.inputs += " " + arg + " " + quote(value());
    else if (!arg.empty() && arg[0] == '-')
      usage = true;
    else
      positional.push_back(arg);
  }
  const std::string command = positional.size() == 2 ? positional[0] : "sweep";
  a.mode = command == "calibrate" ? Mode::calibrate : command == "optimize" ? Mode::optimize : Mode::sweep;
  const bool known =
      positional.size() == 1 || (positional.size() == 2 && (a.mode != Mode::sweep || command == "sweep"));
  if (!known || (a.mode == Mode::calibrate && !a.inputs.empty()) || a.db.empty() || usage) {
    if (rank == 0)
      std::cerr
          << "usage: satflow-mpi [sweep] SPEC --db results.sqlite [--uncertain] [--draws M] [--posterior DB] "
             "[--batch N] [--jobs J] [--satflow PATH]\n"
             "       satflow-mpi calibrate SPEC --db calib.sqlite [--batch N] [--jobs J] [--satflow PATH]\n"
             "       satflow-mpi optimize SPEC --db opt.sqlite [--uncertain] [--posterior DB] [--batch N] [--jobs J] "
             "[--satflow PATH]\n";
    MPI_Finalize();
    return 2;
  }
  a.spec = positional.back();
  int code = 0;
  if (rank == 0)
    code = a.mode == Mode::calibrate  ? calibration_coordinator(a, ranks)
           : a.mode == Mode::optimize ? optimization_coordinator(a, ranks)
                                      : coordinator(a, ranks);
  else
    worker(a);
  MPI_Finalize();
  return code;
}
