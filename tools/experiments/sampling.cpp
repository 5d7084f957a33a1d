#include "tools/experiments/sampling.hpp"

#include <numeric>
#include <utility>

namespace satflow::tools {

std::vector<std::vector<double>> latin_hypercube(const simcore::RandomStreams& streams,
                                                 const std::vector<std::string>& names, std::size_t m) {
  std::vector<std::vector<double>> u(names.size(), std::vector<double>(m));
  for (std::size_t j = 0; j < names.size(); ++j) {
    simcore::Stream s = streams.stream(names[j]);
    std::vector<std::size_t> strata(m);
    std::iota(strata.begin(), strata.end(), std::size_t{0});
    for (std::size_t i = m; i-- > 1;) // Fisher-Yates on our own stream
      std::swap(strata[i], strata[static_cast<std::size_t>(s.uniform01() * static_cast<double>(i + 1))]);
    for (std::size_t i = 0; i < m; ++i)
      u[j][i] = (static_cast<double>(strata[i]) + s.uniform01()) / static_cast<double>(m);
  }
  return u;
}

SaltelliSample saltelli_sample(const simcore::RandomStreams& streams, const std::vector<std::string>& names,
                               std::size_t rows) {
  std::vector<std::string> columns;
  for (const char* matrix : {"sobol:A:", "sobol:B:"})
    for (const auto& name : names)
      columns.push_back(matrix + name);
  const auto u = latin_hypercube(streams, columns, rows);
  const std::size_t k = names.size();
  SaltelliSample sample;
  sample.a.assign(rows, std::vector<double>(k));
  sample.b.assign(rows, std::vector<double>(k));
  for (std::size_t n = 0; n < rows; ++n)
    for (std::size_t j = 0; j < k; ++j) {
      sample.a[n][j] = u[j][n];
      sample.b[n][j] = u[k + j][n];
    }
  return sample;
}

} // namespace satflow::tools
