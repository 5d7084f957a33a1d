// Variance-based sensitivity (Sobol indices) from Saltelli's scheme: per row n of the matrices A and
// B (sampling.hpp) the outputs f(A_n), f(B_n) and f(A_B^(i)_n), where A_B^(i) is A with its column i
// taken from B. First order (Saltelli et al. 2010, "Variance based sensitivity analysis of model
// output", table 2, (b)): S_i = mean((f(B) - f0) (f(A_B^i) - f(A))) / V, f(B) centred on the mean f0
// of f over A and B (the same expectation, far less noise for outputs far from zero). Total (Jansen
// 1999, the same table, (f)): ST_i = mean((f(A) - f(A_B^i))^2) / (2 V). V is the variance of f over
// A and B together. 1 - alpha intervals by the percentile bootstrap over the rows, on a seeded stream: the
// same inputs give the same intervals.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace satflow::tools {

struct SobolEstimate {
  double value = 0;
  double lower = 0; ///< the bootstrap interval
  double upper = 0;
};

struct SobolIndices {
  std::size_t rows = 0;             ///< rows used (those where every output is a number)
  double variance = 0;              ///< V
  std::vector<SobolEstimate> first; ///< S_i, per parameter
  std::vector<SobolEstimate> total; ///< ST_i
};

/// f_ab[i][n] = f(A_B^(i)_n). Rows with a NaN output are left out. With fewer than 2 rows or V = 0
/// (the output never moves, up to rounding) every estimate is NaN. Throws std::invalid_argument when sizes differ.
SobolIndices sobol_indices(const std::vector<double>& f_a, const std::vector<double>& f_b,
                           const std::vector<std::vector<double>>& f_ab, std::uint64_t seed,
                           std::size_t resamples = 1000, double alpha = 0.05);

} // namespace satflow::tools
