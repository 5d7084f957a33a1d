// Problems found in user input (scenario files, --set overrides), each with where it is
// (file:line:column, or the --set that introduced it), the key path, and what was expected.
// The loader collects all of them in one pass; the CLI prints them and exits with status 2.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace satflow::configs {

struct Diagnostic {
  std::string where;    ///< "file:line:column", or "--set key=value"
  std::string key_path; ///< "stations.tvac.capacity"; empty for the document itself
  std::string message;  ///< what is wrong and what was expected

  /// "where: key.path: message", the form printed on stderr.
  std::string format() const;
};

class Diagnostics {
public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  /// All diagnostics, one formatted line each.
  std::string format() const;

private:
  std::vector<Diagnostic> items_;
};

/// The candidate closest to word by edit distance, if it is close enough to be a likely typo; else "".
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

} // namespace satflow::configs
