#include "configs/yaml_cursor.hpp"

#include "simcore/units.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace satflow::configs {
namespace {

std::string join_path(const std::string& base, std::string_view key) {
  return base.empty() ? std::string(key) : base + "." + std::string(key);
}

// Whether s is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF). YAML
// files are UTF-8, but yaml-cpp passes any byte through, and names end up in JSON, which must be UTF-8.
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;                  // continuation bytes
    unsigned char lo = 0x80, hi = 0xBF; // the range of the first of them
    if (c >= 0xC2 && c <= 0xDF)
      n = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      lo = c == 0xE0 ? 0xA0 : 0x80;
      hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      lo = c == 0xF0 ? 0x90 : 0x80;
      hi = c == 0xF4 ? 0x8F : 0xBF;
    } else
      return false;
    if (i + n >= s.size()) // a sequence cut short by the end
      return false;
    for (std::size_t k = 1; k <= n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF))
        return false;
    }
    i += n + 1;
  }
  return true;
}

std::string show(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

} // namespace

YamlCursor::YamlCursor(const DocumentContext* context, YAML::Node node, std::string path, YAML::Mark parent_mark)
    : context_(context), path_(std::move(path)), parent_mark_(parent_mark) {
  // yaml-cpp hands out invalid "zombie" nodes for absent keys, which throw on use; an absent
  // value becomes a plain null node here, so every accessor can look at it safely.
  if (node.IsDefined())
    node_.reset(node);
}

YamlCursor YamlCursor::operator[](std::string_view key) const {
  const YAML::Node& self = node_; // const access never inserts the key
  return YamlCursor(context_, node_.IsMap() ? self[std::string(key)] : YAML::Node(), join_path(path_, key), mark());
}

YamlCursor YamlCursor::at(std::size_t index) const {
  const YAML::Node& self = node_;
  return YamlCursor(context_, node_.IsSequence() ? self[index] : YAML::Node(), join_path(path_, std::to_string(index)),
                    mark());
}

YamlCursor YamlCursor::child(const std::string& key, YAML::Node value) const {
  return YamlCursor(context_, std::move(value), join_path(path_, key), mark());
}

YAML::Mark YamlCursor::mark() const { return node_.Mark().line >= 0 ? node_.Mark() : parent_mark_; }

std::string YamlCursor::where() const {
  // A value replaced by --set has no place in the file: point at the override instead.
  for (const auto& [path, origin] : context_->overridden)
    if (path_ == path || path_.rfind(path + ".", 0) == 0)
      return origin;
  const YAML::Mark m = mark();
  if (m.line < 0)
    return context_->file;
  return context_->file + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

void YamlCursor::error(const std::string& message) const { context_->diagnostics->add({where(), path_, message}); }

bool YamlCursor::require() const {
  if (!defined())
    error("missing required key");
  return defined();
}

std::vector<YamlCursor::Entry> YamlCursor::unique_entries() const {
  std::vector<Entry> entries;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    // YAML allows any node as a key ({a: 1}: x, [1]: x); ours are names. yaml-cpp throws on reading
    // such a key as a string.
    if (!it->first.IsScalar() && !it->first.IsNull()) {
      YamlCursor(context_, it->first, path_, mark()).error("expected a key that is a name, not a map or a list");
      continue;
    }
    if (it->first.IsScalar() && !valid_utf8(it->first.Scalar())) {
      YamlCursor(context_, it->first, path_, mark())
          .error("expected a key in UTF-8 (the file has bytes that are not UTF-8 here)");
      continue;
    }
    const std::string key = it->first.as<std::string>();
    const auto first = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.key == key; });
    if (first == entries.end()) {
      entries.push_back({key, it->first, it->second});
      continue;
    }
    YamlCursor(context_, it->first, join_path(path_, key), mark())
        .error("duplicate key '" + key + "' (first at line " + std::to_string(first->key_node.Mark().line + 1) +
               "); keep one");
  }
  return entries;
}

std::vector<YamlCursor::Entry> YamlCursor::optional_map_entries(std::string_view shape) const {
  if (!defined())
    return {};
  if (!node_.IsMap()) {
    error("expected a map of " + std::string(shape));
    return {};
  }
  return unique_entries();
}

bool YamlCursor::expect_map(std::initializer_list<std::string_view> allowed) const {
  if (!node_.IsMap()) {
    error("expected a map with keys: " + [&] {
      std::string keys;
      for (auto k : allowed)
        keys += (keys.empty() ? "" : ", ") + std::string(k);
      return keys;
    }());
    return false;
  }
  std::vector<std::string> candidates(allowed.begin(), allowed.end());
  for (const Entry& e : unique_entries()) {
    const std::string& key = e.key;
    bool known = false;
    for (auto k : allowed)
      known = known || k == key;
    if (known)
      continue;
    std::string message = "unknown key '" + key + "'";
    if (auto guess = closest_match(key, candidates); !guess.empty())
      message += "; did you mean '" + guess + "'?";
    else {
      message += "; expected one of: ";
      for (std::size_t i = 0; i < candidates.size(); ++i)
        message += (i ? ", " : "") + candidates[i];
    }
    YamlCursor(context_, e.key_node, join_path(path_, key), mark()).error(message);
  }
  return true;
}

bool YamlCursor::expect_sequence() const {
  if (!node_.IsSequence()) {
    error("expected a list");
    return false;
  }
  return true;
}

std::optional<std::string> YamlCursor::scalar(const char* expected) const {
  if (!require())
    return std::nullopt;
  if (!node_.IsScalar()) {
    error(std::string("expected ") + expected);
    return std::nullopt;
  }
  if (!valid_utf8(node_.Scalar())) {
    error(std::string("expected ") + expected + " in UTF-8 (the file has bytes that are not UTF-8 here)");
    return std::nullopt;
  }
  return node_.Scalar();
}

std::optional<std::string> YamlCursor::string() const { return scalar("a string"); }

std::optional<double> YamlCursor::number(double lo, double hi) const {
  auto text = scalar("a number");
  if (!text)
    return std::nullopt;
  double v = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, v);
  if (ec != std::errc() || ptr != end || !std::isfinite(v)) {
    if (simcore::parse_duration(*text))
      error("expected a plain number, got the duration '" + *text + "'");
    else
      error("expected a number, got '" + *text + "'");
    return std::nullopt;
  }
  if (v < lo || v > hi) {
    std::string range =
        hi == std::numeric_limits<double>::infinity() ? ">= " + show(lo) : "in [" + show(lo) + ", " + show(hi) + "]";
    error("expected a number " + range + ", got " + *text);
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> YamlCursor::integer(std::int64_t lo, std::int64_t hi) const {
  auto text = scalar("an integer");
  if (!text)
    return std::nullopt;
  std::int64_t v = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, v);
  if (ec != std::errc() || ptr != end) {
    error("expected an integer, got '" + *text + "'");
    return std::nullopt;
  }
  if (v < lo || v > hi) {
    error("expected an integer " +
          (hi >= std::numeric_limits<int>::max() ? ">= " + std::to_string(lo)
                                                 : "in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]") +
          ", got " + *text);
    return std::nullopt;
  }
  return v;
}

std::optional<bool> YamlCursor::boolean() const {
  auto text = scalar("true or false");
  if (!text)
    return std::nullopt;
  if (*text == "true")
    return true;
  if (*text == "false")
    return false;
  error("expected true or false, got '" + *text + "'");
  return std::nullopt;
}

std::optional<double> YamlCursor::with_unit(const char* wanted, std::optional<double> (*parse)(std::string_view),
                                            const std::string& expected, std::string* text_out) const {
  auto text = scalar(wanted);
  if (!text)
    return std::nullopt;
  auto v = parse(*text);
  if (!v)
    error("expected " + expected + ", got '" + *text + "'");
  if (text_out)
    *text_out = *text;
  return v;
}

std::optional<double> YamlCursor::duration(double min_s) const {
  std::string text;
  auto v = with_unit("a duration with a unit, such as 90d", simcore::parse_duration,
                     "a duration with a unit (" + std::string(simcore::duration_units_help()) + ")", &text);
  if (!v)
    return std::nullopt;
  if (*v < min_s) {
    error(min_s == 0 ? "expected a duration >= 0, got " + text
                     : "expected a duration >= " + simcore::format_duration(min_s) + ", got " + text);
    return std::nullopt;
  }
  return v;
}

std::optional<double> YamlCursor::rate() const {
  // parse_rate refuses negative rates; a rate of 0 is refused with the same words.
  static constexpr auto positive = [](std::string_view t) {
    auto v = simcore::parse_rate(t);
    return v && *v > 0 ? v : std::nullopt;
  };
  return with_unit("a rate such as 12/y", positive, "a positive rate with a unit, such as 12/y or 0.9/h");
}

std::optional<double> YamlCursor::mass() const {
  return with_unit("a mass such as 100kg or 1.8t", simcore::parse_mass_kg,
                   "a mass with a unit (kg or t), such as 100kg or 1.8t");
}

std::optional<double> YamlCursor::time_point(std::optional<double> epoch_days) const {
  auto text = scalar("a date (2026-09-15) or a duration from the start (18mo)");
  if (!text)
    return std::nullopt;
  if (auto days = simcore::parse_date_days(*text)) {
    if (!epoch_days) {
      error("a calendar date needs the scenario's 'epoch' (the date of time 0), got '" + *text + "'");
      return std::nullopt;
    }
    if (*days < *epoch_days) {
      error("expected a date on or after the epoch, got " + *text);
      return std::nullopt;
    }
    return (*days - *epoch_days) * simcore::kDay;
  }
  if (simcore::parse_duration(*text))
    return duration();
  error("expected a date (YYYY-MM-DD) or a duration from the start such as 18mo, got '" + *text + "'");
  return std::nullopt;
}

} // namespace satflow::configs
