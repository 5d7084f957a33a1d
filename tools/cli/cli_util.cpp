#include "tools/cli/cli_util.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace satflow::cli {

std::optional<models::Scenario> load(const RunArgs& args, const std::vector<configs::Override>& more) {
  std::vector<std::string> sets = args.sets;
  if (!args.horizon.empty())
    sets.push_back("horizon=" + args.horizon);
  std::vector<configs::Override> overrides = configs::command_line_overrides(sets);
  overrides.insert(overrides.end(), more.begin(), more.end());
  configs::LoadResult loaded = configs::load_scenario_file(args.scenario, overrides, args.layout);
  if (!loaded.scenario) {
    report_problems(loaded.diagnostics, args.scenario);
    return std::nullopt;
  }
  return loaded.scenario;
}

void report_problems(const configs::Diagnostics& diagnostics, const std::string& file) {
  std::cerr << diagnostics.format();
  std::cerr << "satflow: " << diagnostics.size() << " problem" << (diagnostics.size() == 1 ? "" : "s") << " in " << file
            << "\n";
}

bool outputs_writable(std::initializer_list<std::string> paths) {
  bool ok = true;
  for (const auto& path : paths) {
    if (path.empty() || path == "-")
      continue;
    const std::filesystem::path file(path);
    const std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : ".";
    std::error_code ec;
    std::string why;
    if (std::filesystem::is_directory(file, ec))
      why = "it is a folder";
    else if (!std::filesystem::is_directory(dir, ec) || access(dir.c_str(), W_OK) != 0)
      why = "no writable folder '" + dir.string() + "'";
    if (!why.empty()) {
      std::cerr << "satflow: cannot write " << path << " (" << why << "); nothing was run\n";
      ok = false;
    }
  }
  return ok;
}

bool write_output(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (path == "-") {
    write(std::cout);
    std::cout.flush();
    return true;
  }
  std::ofstream out(path, std::ios::binary);
  if (!out) {
    std::cerr << "satflow: cannot write " << path << "\n";
    return false;
  }
  write(out);
  out.close();
  if (!out) {
    std::cerr << "satflow: failed writing " << path << "\n";
    return false;
  }
  return true;
}

} // namespace satflow::cli
