#include "models/class_work.hpp"

#include <stdexcept>

namespace satflow::models {

ClassWork::ClassWork(const RunContext& context) : RunPart(context) {
  for (const auto& a : ctx_.scenario.arrivals) {
    double work = 1; // a source without a class (scenarios built in code) works at the written durations
    if (!a.item_class.empty()) {
      work = -1;
      for (const auto& c : ctx_.scenario.classes)
        if (c.name == a.item_class)
          work = c.work;
    }
    if (!(work > 0))
      throw std::invalid_argument("class work: arrival source '" + a.name + "' has no class with a work factor > 0");
    factors_.push_back(work);
  }
}

} // namespace satflow::models
