// Quoting for /bin/sh command lines built by the tools and their tests.
#pragma once

#include <string>

namespace satflow::tools {

/// s in single quotes, with every ' written as '\'' : safe as one word for /bin/sh.
inline std::string shell_quote(const std::string& s) {
  std::string q(1, '\'');
  for (char c : s) {
    if (c == '\'')
      q.append("'\\''");
    else
      q.push_back(c);
  }
  q.push_back('\'');
  return q;
}

} // namespace satflow::tools
