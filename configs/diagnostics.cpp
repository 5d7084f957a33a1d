#include "configs/diagnostics.hpp"

#include <algorithm>
#include <numeric>

namespace satflow::configs {

std::string Diagnostic::format() const {
  std::string out = where + ": ";
  if (!key_path.empty())
    out += key_path + ": ";
  return out + message;
}

std::string Diagnostics::format() const {
  std::string out;
  for (const auto& d : items_)
    out += d.format() + "\n";
  return out;
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

} // namespace

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  // Typo-sized differences only: up to a third of the word, at least 2, plus one.
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 2;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

} // namespace satflow::configs
