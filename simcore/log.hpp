// Logging (spdlog): named loggers per layer ("simcore", "models", "satflow"), every line stamped
// with the simulated time. Off the hot path only: models log rare events (launches, scrubs, test
// failures) at debug level, shown by `satflow run -v`.
#pragma once

#include <spdlog/logger.h>

#include <memory>

namespace satflow::simcore {

/// The logger of a layer, created on first use with the simulated-time pattern. Level: warn, or
/// debug after configure_logging(true).
spdlog::logger& logger(const char* name);

/// Sets every satflow logger's level: debug when verbose, warnings otherwise.
void configure_logging(bool verbose);

} // namespace satflow::simcore
