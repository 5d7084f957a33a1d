#include "tools/experiments/calibration.hpp"

#include "configs/scenario_loader.hpp"
#include "models/pipeline.hpp"
#include "tools/experiments/process_pool.hpp"
#include "tools/experiments/results_store.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;
constexpr double kInf = std::numeric_limits<double>::infinity();
// Stream numbers of a calibration's other draws, away from any generation number.
constexpr std::uint64_t kTruncationStream = 1ULL << 40;
constexpr std::uint64_t kPredictiveStream = 1ULL << 41;

/// A stored proposal, read and checked.
struct Evaluated {
  std::string theta; ///< as stored: compared with the proposal the replay draws
  double distance = kInf;
  bool failed = false;
  std::vector<ObservedRun> runs;
};
using Book = std::map<std::pair<std::int64_t, std::size_t>, Evaluated>;

std::string theta_text(const std::optional<Point>& theta) { return theta ? Json(*theta).dump() : "null"; }

std::string row_name(std::int64_t generation, std::size_t index) {
  return generation == kPredictiveGeneration
             ? "predictive draw " + std::to_string(index)
             : "proposal (generation " + std::to_string(generation) + ", index " + std::to_string(index) + ")";
}

/// The row as the replay uses it; "" in `damage` when it is sound.
Evaluated check_row(const StoredProposal& row, const CalibrationPlan& plan, std::string& damage) {
  Evaluated e;
  e.theta = row.theta;
  e.failed = row.status == "failed";
  e.distance = row.distance.value_or(kInf);
  if (row.status != "done" && row.status != "failed") {
    damage = "status is '" + row.status.substr(0, 40) + "', expected 'done' or 'failed'";
    return e;
  }
  const Json runs = Json::parse(row.runs, nullptr, false);
  if (runs.is_discarded() || !runs.is_array()) {
    damage = "runs is not a JSON array";
    return e;
  }
  for (const auto& r : runs) {
    auto run = observed_run_from_json(r, plan.observations.size());
    if (!run) {
      damage = "a run's dates are not " + std::to_string(plan.observations.size()) + " dates";
      return e;
    }
    e.runs.push_back(std::move(*run));
  }
  const double recomputed =
      e.failed ? kInf : abc_distance(plan.observations, in_distance(plan), e.runs, plan.settings.censored_sd_s);
  if (row.generation != kPredictiveGeneration && !(recomputed == e.distance))
    damage = "its distance " + (row.distance ? std::to_string(*row.distance) : std::string("null")) +
             " is not the one its runs give (" + std::to_string(recomputed) + ")";
  return e;
}

Book read_book(const CalibrationStore& store, const std::string& db, const CalibrationPlan& plan) {
  Book book;
  std::vector<std::string> damaged;
  for (const auto& row : store.proposals()) {
    std::string damage;
    Evaluated e = check_row(row, plan, damage);
    if (!damage.empty())
      damaged.push_back(db + ": " + row_name(row.generation, row.index) + ": " + damage);
    else
      book[{row.generation, row.index}] = std::move(e);
  }
  if (!damaged.empty())
    throw BadDatabase(damaged, db + " has damaged rows; it cannot be used: use another --db");
  return book;
}

/// What the replay asks of its runner: evaluate these proposals of a generation (theta nothing: none
/// inside the priors) and put them in the book.
using Evaluate = std::function<void(std::int64_t, const std::vector<std::pair<std::size_t, std::optional<Point>>>&)>;

/// The stored row for a proposal the replay draws; nothing when it is missing.
const Evaluated* lookup(const Book& book, const std::string& db, std::int64_t generation, std::size_t index,
                        const std::optional<Point>& theta) {
  const auto it = book.find({generation, index});
  if (it == book.end())
    return nullptr;
  if (it->second.theta != theta_text(theta))
    throw BadDatabase({db + ": " + row_name(generation, index) + ": its parameters " + it->second.theta.substr(0, 80) +
                       " are not the ones this calibration draws there"},
                      db + " has damaged rows; it cannot be used: use another --db");
  return &it->second;
}

struct GenerationRun {
  std::vector<Particle> accepted;
  GenerationSummary summary;
  bool complete = false; ///< particles accepted
  bool missing = false;  ///< stopped for want of a stored proposal
};

/// Generation t: proposals in index order, in batches whose size depends only on the state, never on
/// --jobs, so that every run of the calibration evaluates the same proposals.
GenerationRun run_generation(const CalibrationPlan& plan, std::size_t t, double eps,
                             const std::vector<Particle>& previous, Book& book, const std::string& db,
                             const Evaluate* evaluate, double last_acceptance) {
  const auto& s = plan.settings;
  std::optional<Kernel> kernel;
  if (t > 0)
    kernel.emplace(previous, plan.priors, proposal_stream(plan.seed, kTruncationStream, t).key());
  GenerationRun g;
  g.summary.generation = t;
  g.summary.threshold = eps;
  const auto cap = static_cast<std::size_t>(std::ceil(static_cast<double>(s.particles) / s.min_acceptance));
  std::size_t next = 0;
  while (g.accepted.size() < s.particles && next < cap) {
    const double rate = std::max(last_acceptance, s.min_acceptance);
    const double needed = static_cast<double>(s.particles - g.accepted.size());
    const std::size_t end = std::min(cap, next + static_cast<std::size_t>(std::ceil(needed / rate)) + 8);
    std::vector<std::optional<Point>> thetas;
    std::vector<std::pair<std::size_t, std::optional<Point>>> todo;
    for (std::size_t i = next; i < end; ++i) {
      simcore::Stream stream = proposal_stream(plan.seed, t, i);
      thetas.push_back(propose(plan.priors, previous, kernel ? &*kernel : nullptr, stream));
      if (!book.count({static_cast<std::int64_t>(t), i}))
        todo.emplace_back(i, thetas.back());
    }
    if (!todo.empty()) {
      if (!evaluate) {
        g.missing = true;
        return g;
      }
      (*evaluate)(static_cast<std::int64_t>(t), todo);
    }
    for (std::size_t i = next; i < end && g.accepted.size() < s.particles; ++i) {
      const Evaluated* e = lookup(book, db, static_cast<std::int64_t>(t), i, thetas[i - next]);
      if (!e) {
        g.missing = true;
        return g;
      }
      g.summary.failed += e->failed;
      g.summary.proposals = i + 1;
      if (std::isfinite(e->distance) && e->distance <= eps)
        g.accepted.push_back({*thetas[i - next],
                              particle_weight(plan.priors, *thetas[i - next], previous, kernel ? &*kernel : nullptr),
                              e->distance});
    }
    next = end;
  }
  g.complete = g.accepted.size() == s.particles;
  if (!g.complete)
    return g;
  normalise_weights(g.accepted);
  g.summary.accepted = g.accepted.size();
  g.summary.acceptance = static_cast<double>(g.accepted.size()) / static_cast<double>(g.summary.proposals);
  g.summary.ess = effective_sample_size(g.accepted);
  return g;
}

/// Posterior draws by weight, each run as the scenario runs, for the predictive and held-out checks.
void run_predictive(const CalibrationPlan& plan, Book& book, const std::string& db, const Evaluate* evaluate,
                    CalibrationState& state) {
  std::vector<std::pair<std::size_t, std::optional<Point>>> todo;
  for (std::size_t k = 0; k < plan.settings.predictive; ++k) {
    simcore::Stream s = proposal_stream(plan.seed, kPredictiveStream, k);
    const double u = s.uniform01();
    double cumulative = 0;
    std::size_t j = state.posterior.size() - 1;
    for (std::size_t i = 0; i < state.posterior.size(); ++i)
      if ((cumulative += state.posterior[i].weight) > u) {
        j = i;
        break;
      }
    state.predictive_theta.push_back(state.posterior[j].theta);
    if (!book.count({kPredictiveGeneration, k}))
      todo.emplace_back(k, state.posterior[j].theta);
  }
  if (!todo.empty() && evaluate)
    (*evaluate)(kPredictiveGeneration, todo);
  for (std::size_t k = 0; k < state.predictive_theta.size(); ++k) {
    const Evaluated* e = lookup(book, db, kPredictiveGeneration, k, state.predictive_theta[k]);
    if (!e) {
      state.stop = StopReason::unfinished;
      return;
    }
    state.predictive.push_back(e->runs);
  }
}

CalibrationState replay(const CalibrationPlan& plan, Book& book, const std::string& db, const Evaluate* evaluate,
                        const std::function<void(const CalibrationState&)>& progress) {
  CalibrationState state;
  const auto& s = plan.settings;
  double last_acceptance = 1;
  for (std::size_t t = 0; t < s.max_generations; ++t) {
    const double eps = t == 0 ? kInf : next_threshold(state.posterior, s.quantile);
    if (t > 0 && eps <= s.min_threshold) {
      state.stop = StopReason::threshold_floor;
      break;
    }
    GenerationRun g = run_generation(plan, t, eps, state.posterior, book, db, evaluate, last_acceptance);
    if (g.missing) { // a later generation's stop reason must not stand for this one
      state.stop = StopReason::unfinished;
      return state;
    }
    if (!g.complete) {
      state.stop = StopReason::min_acceptance;
      break;
    }
    state.generations.push_back(g.summary);
    state.posterior = std::move(g.accepted);
    last_acceptance = g.summary.acceptance;
    progress(state);
    state.stop = StopReason::max_generations;
    if (g.summary.acceptance < s.min_acceptance) {
      state.stop = StopReason::min_acceptance;
      break;
    }
  }
  if (state.posterior.empty())
    return state;
  run_predictive(plan, book, db, evaluate, state);
  return state;
}

std::uint64_t replication_key(const CalibrationPlan& plan, std::int64_t generation, std::size_t index, std::size_t r) {
  return proposal_stream(plan.seed, static_cast<std::uint64_t>(generation), index).derive(1000 + r).key();
}

/// One proposal in a child process: the scenario with its values, run `replications` times; writes the
/// runs' dates as a JSON array.
int run_proposal(const Calibration& c, std::int64_t generation, std::size_t index, const Point& theta, int out_fd) {
  std::vector<configs::Override> overrides;
  for (std::size_t j = 0; j < theta.size(); ++j)
    overrides.push_back(configs::parameter_override(c.spec.parameters[j], theta[j]));
  const auto loaded = configs::load_experiment_point(c.spec.scenario, overrides, c.spec.layout);
  if (!loaded.scenario) {
    std::fputs(loaded.diagnostics.format().c_str(), stderr);
    return 3;
  }
  Json runs = Json::array();
  // One engine per process: each further replication runs in a grandchild.
  for (std::size_t r = 0; r < c.plan.settings.replications; ++r) {
    models::RunOptions options;
    options.seed = c.plan.seed;
    options.replication = replication_key(c.plan, generation, index, r);
    if (r + 1 == c.plan.settings.replications) {
      runs.push_back(observed_run_json(models::run_scenario(*loaded.scenario, options), c.plan.observations));
      break;
    }
    std::string out;
    run_in_children(
        1, {1, 0},
        [&](std::size_t, int fd) {
          return write_all(
                     fd, observed_run_json(models::run_scenario(*loaded.scenario, options), c.plan.observations).dump())
                     ? 0
                     : 1;
        },
        [&](std::size_t, ChildOutcome o) { out = o.ok() ? o.output : ""; });
    runs.push_back(Json::parse(out, nullptr, false));
  }
  return write_all(out_fd, runs.dump()) ? 0 : 1;
}

} // namespace

const char* stop_reason_name(StopReason reason) {
  switch (reason) {
  case StopReason::min_acceptance:
    return "min_acceptance";
  case StopReason::max_generations:
    return "max_generations";
  case StopReason::threshold_floor:
    return "threshold_floor";
  case StopReason::unfinished:
    return "unfinished";
  }
  return "unfinished";
}

CalibrationPreparation prepare_calibration(const std::filesystem::path& spec_file) {
  CalibrationPreparation out;
  configs::CalibrationLoad loaded = configs::load_calibration_spec(spec_file);
  if (!loaded.spec) {
    const std::size_t n = loaded.diagnostics.size();
    out.conclusion = std::to_string(n) + " problem" + (n == 1 ? "" : "s") + " in " + spec_file.string();
    out.diagnostics = std::move(loaded.diagnostics);
    return out;
  }
  Calibration c{std::move(*loaded.spec), std::move(*loaded.scenario), {}, {}};
  c.plan = calibration_plan(c.spec, c.scenario, loaded.observations);
  std::ifstream in(c.spec.scenario, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  c.hash = plan_hash(c.plan, text.str());
  out.calibration = std::move(c);
  return out;
}

namespace {

/// Records the plan in a new database, or checks that the database holds this calibration's.
void record_plan(CalibrationStore& store, const std::string& db, const Calibration& c) {
  if (const auto stored = store.plan()) {
    if (stored->first != c.hash)
      throw BadDatabase(db + " holds another calibration (plan " + stored->first + ", this spec's plan " + c.hash +
                        "); use another --db");
    plan_from_json(stored->second, db); // a damaged plan is refused, even with the right hash
  } else {
    store.set_plan(c.hash, plan_json(c.plan).dump());
  }
}

/// The row of a proposal whose child ended with `outcome` (its runs' dates as output when it succeeded).
StoredProposal proposal_row(const Calibration& c, const PendingProposal& p, const ChildOutcome& outcome) {
  StoredProposal row{p.generation, p.index, theta_text(p.theta), "done", std::nullopt, "[]", ""};
  std::string damage;
  if (outcome.ok()) {
    row.runs = outcome.output;
    Evaluated e = check_row(row, c.plan, damage); // distance null: the check reports it, ignored here
    row.distance = abc_distance(c.plan.observations, in_distance(c.plan), e.runs, c.plan.settings.censored_sd_s);
    if (e.runs.size() != c.plan.settings.replications)
      row.runs = "[]";
  }
  if (!outcome.ok() || row.runs == "[]") {
    row.status = "failed";
    row.runs = "[]";
    row.distance = std::nullopt;
    row.what = p.theta ? outcome.describe() + ": " + outcome.stderr_tail.substr(0, 400)
                       : "no proposal inside the priors' support in 10000 tries";
  }
  return row;
}

} // namespace

void run_proposals(const Calibration& c, const std::vector<PendingProposal>& todo, unsigned jobs,
                   const std::function<void(const StoredProposal&)>& done) {
  run_in_children(
      todo.size(), {jobs, 0},
      [&](std::size_t i, int fd) {
        return todo[i].theta ? run_proposal(c, todo[i].generation, todo[i].index, *todo[i].theta, fd) : 4;
      },
      [&](std::size_t i, ChildOutcome outcome) { done(proposal_row(c, todo[i], outcome)); });
}

std::vector<PendingProposal> pending_proposals(CalibrationStore& store, const std::string& db, const Calibration& c) {
  record_plan(store, db, c);
  Book book = read_book(store, db, c.plan);
  std::vector<PendingProposal> out;
  // The replay stops at the first proposal it lacks, after asking for its batch: that batch is the answer.
  const Evaluate record = [&](std::int64_t generation, const auto& todo) {
    for (const auto& [index, theta] : todo)
      if (out.size() < todo.size())
        out.push_back({generation, index, theta});
  };
  replay(c.plan, book, db, &record, [](const CalibrationState&) {});
  return out;
}

CalibrationState run_calibration(CalibrationStore& store, const std::string& db, const Calibration& c, unsigned jobs,
                                 const std::function<void(const CalibrationState&)>& progress) {
  record_plan(store, db, c);
  Book book = read_book(store, db, c.plan);
  std::size_t runs = 0;
  const Evaluate evaluate = [&](std::int64_t generation, const auto& todo) {
    std::vector<PendingProposal> batch;
    for (const auto& [index, theta] : todo)
      batch.push_back({generation, index, theta});
    run_proposals(c, batch, jobs, [&](const StoredProposal& row) {
      store.put(row);
      std::string ignored;
      book[{generation, row.index}] = check_row(row, c.plan, ignored);
      ++runs;
    });
  };
  CalibrationState state = replay(c.plan, book, db, &evaluate, progress);
  state.runs = runs;
  return state;
}

CalibrationState read_calibration(const CalibrationStore& store, const std::string& db, const CalibrationPlan& plan) {
  Book book = read_book(store, db, plan);
  return replay(plan, book, db, nullptr, [](const CalibrationState&) {});
}

} // namespace satflow::tools
