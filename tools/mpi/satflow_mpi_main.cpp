// satflow-mpi: an MPI task farm for sweeps on clusters. Rank 0 plans (through `satflow sweep
// --list-tasks`, which also records the plan and skips what is done) and is the only writer of the
// SQLite database; the other ranks ask for batches of tasks and run them as child processes
// (`satflow sweep --run-tasks`), sending each run's record back to rank 0.
//
// It links OpenMPI and SQLite but never SimGrid: libsimgrid exports MPI symbols of its own
// (ARCHITECTURE.md fact 4), so every simulation runs in a separate satflow process.
#include "tools/experiments/results_store.hpp"
#include "tools/experiments/shell_quote.hpp"

#include <mpi.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace {

constexpr int kTagReady = 1;
constexpr int kTagWork = 2;
constexpr int kTagStop = 3;
constexpr int kTagResult = 4;

struct Args {
  std::string spec;
  std::string db;
  std::string satflow;
  int batch = 8;
  int jobs = 1;
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

std::string run_tasks_command(const Args& a, const std::vector<long>& tasks) {
  std::string list;
  for (long t : tasks)
    list += (list.empty() ? "" : ",") + std::to_string(t);
  return quote(a.satflow) + " sweep " + quote(a.spec) + " --db " + quote(a.db) + " --jobs " + std::to_string(a.jobs) +
         " --run-tasks " + list;
}

void store_lines(satflow::tools::ResultsStore& store, const std::string& lines, std::size_t& stored) {
  store.begin();
  std::size_t start = 0;
  while (start < lines.size()) {
    const std::size_t end = lines.find('\n', start);
    const std::string line = lines.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? lines.size() : end + 1;
    if (line.empty())
      continue;
    const auto j = nlohmann::json::parse(line);
    store.put({j["point"], j["replication"], j["status"], j["what"], j["stderr"], j["kpis"]});
    ++stored;
  }
  store.commit();
}

int coordinator(const Args& a, int ranks) {
  int status = 0;
  const std::string listed =
      capture(quote(a.satflow) + " sweep " + quote(a.spec) + " --db " + quote(a.db) + " --list-tasks", status);
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
      store_lines(*opened, capture(run_tasks_command(a, batch), status), stored);
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

void worker(const Args& a) {
  for (;;) {
    send_string("", 0, kTagReady);
    MPI_Status probe;
    MPI_Probe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &probe);
    const std::string message = receive_string(probe);
    if (probe.MPI_TAG == kTagStop)
      return;
    int status = 0;
    const std::string lines =
        capture(run_tasks_command(a, nlohmann::json::parse(message).get<std::vector<long>>()), status);
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
    else if (!arg.empty() && arg[0] == '-')
      usage = true;
    else
      positional.push_back(arg);
  }
  if (positional.size() != 1 || a.db.empty() || usage) {
    if (rank == 0)
      std::cerr << "usage: satflow-mpi SPEC --db results.sqlite [--batch N] [--jobs J] [--satflow PATH]\n";
    MPI_Finalize();
    return 2;
  }
  a.spec = positional[0];
  int code = 0;
  if (rank == 0)
    code = coordinator(a, ranks);
  else
    worker(a);
  MPI_Finalize();
  return code;
}
