// Writing a command's output file, where "-" means standard output: one rule for every command
// (run, compare, sweep results) and every format (JSON, CSV, Markdown, HTML).
#pragma once

#include <fstream>
#include <iostream>
#include <string>

namespace satflow::tools {

/// Opens `path` for writing ("-" is stdout) and calls write(stream). Returns false after reporting a failure.
template <class F> bool write_output(const std::string& path, F&& write) {
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

} // namespace satflow::tools
