// Opens libsatflow_simgrid.so (network.hpp) with dlopen. Its path is the build tree's, fixed when
// satflow is built (the module and the executables that use it come out of the same build), unless
// the environment variable SATFLOW_SIMGRID_MODULE names another: for executables moved elsewhere.
#include "simcore/network.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace satflow::simcore {
namespace {

using BuildFn = Network* (*)(const PlatformSpec*);

BuildFn g_build = nullptr; // the module's entry point, once it is open
bool g_built = false;

BuildFn open_module() {
  if (g_build != nullptr)
    return g_build;
  const char* chosen = std::getenv("SATFLOW_SIMGRID_MODULE");
  const std::string path = chosen != nullptr && *chosen != '\0' ? chosen : SATFLOW_SIMGRID_MODULE;
  // RTLD_NOW: a missing symbol fails here, with a message, rather than in the middle of a run.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr)
    throw std::runtime_error("cannot open satflow's SimGrid module " + path + ": " + dlerror());
  void* entry = dlsym(handle, "satflow_build_network");
  if (entry == nullptr)
    throw std::runtime_error("satflow's SimGrid module " + path + " has no entry point: " + dlerror());
  g_build = reinterpret_cast<BuildFn>(entry);
  return g_build;
}

} // namespace

Network& build_network(const PlatformSpec& platform) {
  if (g_built)
    throw std::logic_error("a SimGrid engine already exists in this process; run each simulation in its own process");
  Network* network = open_module()(&platform);
  g_built = true;
  return *network;
}

bool preload_network_module() {
  try {
    open_module();
    return true;
  } catch (const std::runtime_error&) {
    return false; // reported by the run that needs the module, if one does
  }
}

} // namespace satflow::simcore
