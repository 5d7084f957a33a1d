#include "tools/cli/cli_util.hpp"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <filesystem>
#include <fstream>

namespace satflow::cli {

std::optional<models::Scenario> load(const RunArgs& args, const std::vector<configs::Override>& more) {
  if (!args.layout.empty() && !layout_exists(args.layout, args.scenario, "--layout " + args.layout))
    return std::nullopt;
  std::vector<configs::Override> overrides = configs::command_line_overrides(args.sets);
  if (!args.horizon.empty()) // blamed on the flag that was typed, not on a --set that was not
    overrides.push_back({"horizon=" + args.horizon, "--horizon " + args.horizon});
  overrides.insert(overrides.end(), more.begin(), more.end());
  configs::LoadResult loaded = configs::load_scenario_file(args.scenario, overrides, args.layout);
  if (!loaded.scenario) {
    report_problems(loaded.diagnostics, args.scenario);
    return std::nullopt;
  }
  return loaded.scenario;
}

namespace {

/// " (No space left on device)" after a failed write, or "" when the system gave no reason.
std::string error_text() { return errno ? std::string(" (") + std::strerror(errno) + ")" : ""; }

} // namespace

bool stdout_written() {
  errno = 0;
  std::cout.flush();
  if (std::cout)
    return true;
  std::cerr << "satflow: failed writing standard output" << error_text() << "\n";
  return false;
}

bool layout_exists(const std::string& layout, const std::string& scenario, const std::string& typed) {
  const std::filesystem::path file = configs::layout_path(layout, scenario);
  std::error_code ec;
  if (std::filesystem::is_regular_file(file, ec))
    return true;
  if (file.parent_path() != std::filesystem::path(scenario).parent_path() / "layouts" || file.stem() != layout) {
    std::cerr << typed << ": no such file\n"; // a path, not a name
    return false;
  }
  std::vector<std::string> shipped;
  for (const auto& e : std::filesystem::directory_iterator(file.parent_path(), ec))
    if (e.path().extension() == ".yaml")
      shipped.push_back(e.path().stem().string());
  std::sort(shipped.begin(), shipped.end());
  std::cerr << typed << ": no such layout";
  if (shipped.empty()) {
    std::cerr << "; there is no layout in " << file.parent_path().string() << "\n";
    return false;
  }
  if (const auto guess = configs::closest_match(layout, shipped); !guess.empty())
    std::cerr << "; did you mean " << guess << "? shipped layouts:";
  else
    std::cerr << "; shipped layouts:";
  for (std::size_t i = 0; i < shipped.size(); ++i)
    std::cerr << (i ? ", " : " ") << shipped[i];
  std::cerr << "\n";
  return false;
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
    return stdout_written();
  }
  errno = 0;
  std::ofstream out(path, std::ios::binary);
  if (!out) {
    std::cerr << "satflow: cannot write " << path << error_text() << "\n";
    return false;
  }
  write(out);
  out.close();
  if (!out) {
    std::cerr << "satflow: failed writing " << path << error_text() << "\n";
    return false;
  }
  return true;
}

bool read_json_list(const std::string& text, const std::string& option, const std::string& what,
                    const std::function<bool(const nlohmann::json&)>& take) {
  const auto list = nlohmann::json::parse(text, nullptr, false);
  bool taken = list.is_array();
  try {
    for (std::size_t i = 0; taken && i < list.size(); ++i)
      taken = take(list[i]);
  } catch (const nlohmann::json::exception&) {
    taken = false;
  }
  if (!taken)
    std::cerr << "satflow: " << option << " expects a JSON list of " << what << "\n";
  return taken;
}

} // namespace satflow::cli
