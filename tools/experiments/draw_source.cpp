#include "tools/experiments/draw_source.hpp"

#include "simcore/random_streams.hpp"

namespace satflow::tools {

PriorDraws::PriorDraws(std::vector<models::UncertainInput> inputs, std::uint64_t seed)
    : inputs_(std::move(inputs)), seed_(seed) {}

std::vector<double> PriorDraws::draw(std::size_t m) const {
  const simcore::RandomStreams streams(seed_, m);
  std::vector<double> values;
  values.reserve(inputs_.size());
  for (const auto& input : inputs_) {
    simcore::Stream s = streams.stream("uncertain:" + input.path);
    values.push_back(input.distribution.sample(s));
  }
  return values;
}

} // namespace satflow::tools
