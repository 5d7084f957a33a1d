// The random base samples of the sampled sweep designs, on satflow's own random streams (portable
// and reproducible: no std::shuffle): a Latin hypercube, and the two matrices A and B of Saltelli's
// scheme for Sobol indices, taken from one Latin hypercube of twice the dimension.
#pragma once

#include "simcore/random_streams.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace satflow::tools {

/// u[j][i] in [0, 1): sample i of column j, one sample in every stratum [s/m, (s+1)/m) of every
/// column; column j draws from the stream named names[j], so adding a column moves no other.
std::vector<std::vector<double>> latin_hypercube(const simcore::RandomStreams& streams,
                                                 const std::vector<std::string>& names, std::size_t m);

/// Saltelli's matrices: a[n][j] and b[n][j], n < rows, j < names.size(), in [0, 1).
struct SaltelliSample {
  std::vector<std::vector<double>> a, b;
};
/// A and B from one Latin hypercube of 2k columns (streams "sobol:A:" + name and "sobol:B:" + name).
SaltelliSample saltelli_sample(const simcore::RandomStreams& streams, const std::vector<std::string>& names,
                               std::size_t rows);

} // namespace satflow::tools
