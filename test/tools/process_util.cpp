#include "test/tools/process_util.hpp"

#include "tools/experiments/shell_quote.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace satflow::test {
namespace {

std::string quote(const std::string& s) { return satflow::tools::shell_quote(s); }

} // namespace

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::filesystem::path write_file(const std::filesystem::path& path, const std::string& text) {
  if (path.has_parent_path())
    std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.flush())
    throw std::runtime_error("cannot write " + path.string());
  return path;
}

std::filesystem::path fresh_dir(const std::string& tag) {
  auto dir = std::filesystem::temp_directory_path() / ("satflow-test-" + tag + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::filesystem::path satflow_binary() { return SATFLOW_BINARY; }

std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(SATFLOW_SOURCE_DIR) / relative;
}

std::vector<std::filesystem::path> corpus_files(const std::string& relative_dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(source_path(relative_dir)))
    if (e.path().extension() == ".yaml")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> expectations(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  const std::string tag = "# expect: ";
  for (std::string line; std::getline(in, line) && line.rfind("#", 0) == 0;)
    if (line.rfind(tag, 0) == 0)
      out.push_back(line.substr(tag.size()));
  return out;
}

std::string refusal_problems(const ProcessResult& r, const std::filesystem::path& corpus_file) {
  const auto expected = expectations(read_file(corpus_file));
  std::ostringstream problems;
  if (expected.empty())
    problems << "the corpus file has no '# expect:' line\n";
  if (r.exit_code != 2)
    problems << "exit status " << r.exit_code << ", expected 2\n";
  if (!r.out.empty())
    problems << "printed on stdout:\n" << r.out << "\n";
  for (const auto& e : expected)
    if (r.err.find(e) == std::string::npos)
      problems << "missing: " << e << "\n";
  // One line per diagnostic plus the summary line: nothing unexpected.
  const auto lines = static_cast<std::size_t>(std::count(r.err.begin(), r.err.end(), '\n'));
  if (lines != expected.size() + 1)
    problems << lines << " lines on stderr, expected " << expected.size() + 1 << "\n";
  if (problems.tellp() > 0)
    problems << "stderr:\n" << r.err;
  return problems.str();
}

void expect_every_file_refused(const Corpus& corpus) {
  const auto files = corpus_files(corpus.folder);
  EXPECT_GE(files.size(), corpus.at_least) << corpus.folder;
  const auto dir = fresh_dir("corpus");
  for (const auto& file : files) {
    const auto output = dir / (file.stem().string() + ".sqlite");
    for (const auto& args : corpus.commands(file, output)) {
      SCOPED_TRACE(file.filename().string() + ": satflow " + args.front());
      EXPECT_EQ(refusal_problems(run_satflow(args), file), "");
      EXPECT_FALSE(std::filesystem::exists(output)) << output;
    }
  }
  std::filesystem::remove_all(dir);
}

ProcessResult run_satflow(const std::vector<std::string>& args) {
  static int calls = 0;
  const auto dir = fresh_dir("run" + std::to_string(calls++));
  std::string command = quote(SATFLOW_BINARY);
  for (const auto& a : args) {
    command.push_back(' ');
    command.append(quote(a));
  }
  command.append(" > ").append(quote((dir / "out").string()));
  command.append(" 2> ").append(quote((dir / "err").string())).append(" < /dev/null");
  errno = 0;
  const int status = std::system(command.c_str());
  ProcessResult r;
  if (status == -1) { // no shell at all (fork failed): say so, rather than pass for satflow's exit status 255
    r.err = std::string("run_satflow: std::system could not start a shell: ") + std::strerror(errno) + "\n";
    std::filesystem::remove_all(dir);
    return r;
  }
  // std::system runs /bin/sh: a child killed by a signal shows as the shell's 128 + signal.
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(dir / "out");
  r.err = read_file(dir / "err");
  std::filesystem::remove_all(dir);
  return r;
}

} // namespace satflow::test
