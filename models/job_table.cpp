#include "models/job_table.hpp"

#include <algorithm>

namespace satflow::models {
namespace {
const Job kFreshJob{};
} // namespace

std::uint32_t JobTable::allocate() {
  std::uint32_t id;
  if (free_.empty()) {
    id = static_cast<std::uint32_t>(jobs_.size());
    jobs_.emplace_back();
    visits_.resize(visits_.size() + stages_, 0);
    units_.resize(units_.size() + stages_, 1);
  } else {
    id = free_.back();
    free_.pop_back();
    // The chunk and launch epochs carry on: an end event of the slot's previous job can never pass for one
    // of this job.
    Job& job = jobs_[id];
    const std::uint32_t epoch = job.chunk_epoch + 1;
    const std::uint32_t launch_epoch = job.launch_epoch + 1;
    // A copy of a fresh job kept aside: assigning Job{} built the 256-byte job on the stack and then
    // copied it, and constructing in place zeroes it with `rep stos`, whose start-up costs more than
    // the straight run of sixteen-byte moves a copy compiles to.
    job = kFreshJob;
    job.chunk_epoch = epoch;
    job.launch_epoch = launch_epoch;
    std::fill_n(visits_.begin() + static_cast<std::ptrdiff_t>(std::size_t{id} * stages_), stages_, 0);
  }
  jobs_[id].live = true;
  return id;
}

} // namespace satflow::models
