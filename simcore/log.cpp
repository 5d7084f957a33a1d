#include "simcore/log.hpp"

#include "simcore/scheduler.hpp"
#include "simcore/units.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace satflow::simcore {
namespace {

/// %* in a pattern: the simulated time, or "-" outside a run. The Scheduler's clock, not SimGrid's:
/// SimGrid's is brought forward only when a transfer needs it.
class SimulatedTime : public spdlog::custom_flag_formatter {
public:
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
    const Scheduler* sched = Scheduler::active();
    const std::string text = sched != nullptr ? "t=" + format_duration(sched->now()) : std::string("t=-");
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<SimulatedTime>(); }
};

spdlog::level::level_enum g_level = spdlog::level::warn;

} // namespace

spdlog::logger& logger(const char* name) {
  if (auto existing = spdlog::get(name))
    return *existing;
  auto created = spdlog::stderr_color_mt(name);
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<SimulatedTime>('*').set_pattern("[%*] [%n] %v");
  created->set_formatter(std::move(formatter));
  created->set_level(g_level);
  return *created;
}

void configure_logging(bool verbose) {
  g_level = verbose ? spdlog::level::debug : spdlog::level::warn;
  spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& l) { l->set_level(g_level); });
}

} // namespace satflow::simcore
