// Runs the real satflow binary as a child process and captures what it printed.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace satflow::test {

struct ProcessResult {
  int exit_code = -1; ///< the exit status, or 128 + signal number when killed by a signal
  std::string out;
  std::string err;
};

/// Runs `satflow ARGS...` (arguments are shell-quoted) and waits for it.
ProcessResult run_satflow(const std::vector<std::string>& args);
/// The satflow binary under test, for commands that need a shell of their own (pipelines).
std::filesystem::path satflow_binary();
/// The whole content of a file ("" if it cannot be read).
std::string read_file(const std::filesystem::path& path);
/// Writes `text` as the whole content of the file `path`, creating its folders; returns `path`. For the
/// input files a test makes (variants, specs, layouts). Throws std::runtime_error if it cannot be written.
std::filesystem::path write_file(const std::filesystem::path& path, const std::string& text);
/// A fresh empty directory under the system temp directory, unique to this process and tag.
std::filesystem::path fresh_dir(const std::string& tag);
/// Path of a file in the source tree, e.g. source_path("configs/mm1.yaml").
std::filesystem::path source_path(const std::string& relative);

/// The .yaml files of a bad-input corpus folder in the source tree (e.g. "test/data/bad"), sorted.
std::vector<std::filesystem::path> corpus_files(const std::string& relative_dir);
/// The `# expect: ...` lines of a corpus file's leading comment block, without their tag: the
/// diagnostics (as substrings) that refusing the file must print.
std::vector<std::string> expectations(const std::string& text);
/// What is wrong with a refusal of a corpus file, "" when nothing is: exit status 2, nothing on
/// stdout, each of the file's `# expect:` lines on stderr and no other line but the summary.
std::string refusal_problems(const ProcessResult& r, const std::filesystem::path& corpus_file);

/// Command lines of satflow, each its list of arguments.
using CommandLines = std::vector<std::vector<std::string>>;

/// A corpus of bad input and the satflow command lines that must refuse each of its files.
struct Corpus {
  std::string folder;       ///< in the source tree, e.g. "test/data/bad"
  std::size_t at_least = 1; ///< fewer files means the folder moved or emptied: a failure, not a pass
  /// The command lines (satflow's arguments) that must each refuse `file`; `output` is a path in a fresh
  /// folder (NAME.sqlite) that they may name as their database, which no refusal may create.
  std::function<CommandLines(const std::filesystem::path& file, const std::filesystem::path& output)> commands;
};
/// Runs every command line on every file of the corpus and reports (as GoogleTest failures naming the file
/// and the command) each refusal that refusal_problems finds fault with and each output created.
void expect_every_file_refused(const Corpus& corpus);

} // namespace satflow::test
