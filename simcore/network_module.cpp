// Opens libsatflow_simgrid.so (network.hpp) with dlopen. Its path is the build tree's, fixed when
// satflow is built (the module and the executables that use it come out of the same build), unless
// the environment variable SATFLOW_SIMGRID_MODULE names another: for executables moved elsewhere.
#include "simcore/network.hpp"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace satflow::simcore {
namespace {

using BuildFn = Network* (*)(const PlatformSpec*);

BuildFn g_build = nullptr; // the module's entry point, once it is open

// Whether the executable holds copies of shared libraries' data (copy relocations: std::cout,
// vtables, libc's __libc_single_threaded); true when it cannot tell. The rest of the process uses the
// copies, while a library opened with RTLD_DEEPBIND would bind to the originals, which nobody
// initialises or updates. CMakeLists.txt builds satflow without any (-mno-direct-extern-access).
bool executable_has_copy_relocations() {
#if defined(__x86_64__)
  constexpr unsigned kCopy = R_X86_64_COPY;
#elif defined(__aarch64__)
  constexpr unsigned kCopy = R_AARCH64_COPY;
#else
  constexpr unsigned kCopy = 0;
  return true;
#endif
  struct Scan {
    unsigned copy_type;
    bool found = true;
  } scan{kCopy};
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* data) {
        auto& result = *static_cast<Scan*>(data);
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          if (info->dlpi_phdr[i].p_type != PT_DYNAMIC)
            continue;
          const auto* dyn = reinterpret_cast<const ElfW(Dyn)*>(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
          ElfW(Addr) rela = 0;
          std::size_t size = 0;
          for (; dyn->d_tag != DT_NULL; ++dyn) {
            if (dyn->d_tag == DT_RELA)
              rela = dyn->d_un.d_ptr;
            else if (dyn->d_tag == DT_RELASZ)
              size = dyn->d_un.d_val;
          }
          // ld.so may have made the address absolute in place (it does on x86-64), or not.
          if (rela != 0 && rela < info->dlpi_addr)
            rela += info->dlpi_addr;
          const auto* r = reinterpret_cast<const ElfW(Rela)*>(rela);
          result.found = false;
          for (std::size_t k = 0; rela != 0 && k < size / sizeof(ElfW(Rela)); ++k)
            result.found = result.found || ELF64_R_TYPE(r[k].r_info) == result.copy_type;
        }
        return 1; // the first object is the executable
      },
      &scan);
  return scan.found;
}

// RTLD_DEEPBIND: the module, libsimgrid and ns-3 look their symbols up in their own dependencies
// first, not in the executable's libraries first: 105.6 M -> 83.0 M instructions to open them
// (callgrind; linking the executable with libsimgrid cost about 78 M at start-up). Safe only without
// copy relocations (above). The sanitizers' runtimes refuse it: they must interpose malloc.
int deep_bind() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return 0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
  return 0;
#endif
#endif
  return executable_has_copy_relocations() ? 0 : RTLD_DEEPBIND;
}

BuildFn open_module() {
  if (g_build != nullptr)
    return g_build;
  const char* chosen = std::getenv("SATFLOW_SIMGRID_MODULE");
  const std::string path = chosen != nullptr && *chosen != '\0' ? chosen : SATFLOW_SIMGRID_MODULE;
  // RTLD_NOW: a missing symbol fails here, with a message, rather than in the middle of a run.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | deep_bind());
  if (handle == nullptr)
    throw std::runtime_error("cannot open satflow's SimGrid module " + path + ": " + dlerror());
  void* entry = dlsym(handle, "satflow_build_network");
  if (entry == nullptr)
    throw std::runtime_error("satflow's SimGrid module " + path + " has no entry point: " + dlerror());
  g_build = reinterpret_cast<BuildFn>(entry);
  return g_build;
}

} // namespace

// A second call throws std::logic_error from the module, which refuses a second SimGrid engine.
Network& build_network(const PlatformSpec& platform) { return *open_module()(&platform); }

bool preload_network_module() {
  try {
    open_module();
    return true;
  } catch (const std::runtime_error&) {
    return false; // reported by the run that needs the module, if one does
  }
}

} // namespace satflow::simcore
