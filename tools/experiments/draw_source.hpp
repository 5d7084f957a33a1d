// Where the outer loop of a second-order Monte Carlo gets its inputs (EXPERIMENTS.md, "Uncertain
// inputs"): draw m is one value per uncertain input. A DrawSource is the one interface the nested
// runner asks, so that the scenario's declared ranges (PriorDraws, here) and a calibrated posterior
// (another source, later) are interchangeable.
#pragma once

#include "models/uncertain_input.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace satflow::tools {

class DrawSource {
public:
  virtual ~DrawSource() = default;
  /// The inputs, in the order of draw()'s values.
  virtual const std::vector<models::UncertainInput>& inputs() const = 0;
  /// Draw m's value of every input (each in its input's unit). The same m gives the same values on
  /// every call: every variant, layout and sweep point of draw m sees the same inputs.
  virtual std::vector<double> draw(std::size_t m) const = 0;
};

/// Draws from the scenario's declared distributions. Input i of draw m is the first draw of the stream
/// named "uncertain:" + path of replication m under `seed` (simcore::RandomStreams): keyed by
/// (seed, m, path), so adding or removing another input leaves this one's draws unchanged, and the
/// streams differ by name from every stream a run uses.
class PriorDraws final : public DrawSource {
public:
  PriorDraws(std::vector<models::UncertainInput> inputs, std::uint64_t seed);
  const std::vector<models::UncertainInput>& inputs() const override { return inputs_; }
  std::vector<double> draw(std::size_t m) const override;

private:
  std::vector<models::UncertainInput> inputs_;
  std::uint64_t seed_;
};

} // namespace satflow::tools
