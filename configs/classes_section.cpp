// Item classes (priority, mass, due lead time) and learning curves.
#include "configs/sections.hpp"

#include <limits>

namespace satflow::configs {

using models::Scenario;
constexpr double kInf = std::numeric_limits<double>::infinity();

void read_classes(ReadContext& ctx, Scenario& sc) {
  const YamlCursor classes = ctx.root["classes"];
  if (!classes.defined()) {
    sc.classes.push_back({"item", 0}); // one implicit class keeps simple scenarios short
    return;
  }
  if (!classes.node().IsMap() || classes.node().size() == 0) {
    classes.error("expected a map of class names to {priority}");
    return;
  }
  ctx.for_each_entry(classes, [&](const std::string& name, const YamlCursor& c) {
    models::ItemClassSpec cls{name, 0};
    if (c.defined() && c.expect_map({"priority", "mass", "due", "work"})) {
      if (c["priority"].defined())
        cls.priority = static_cast<int>(c["priority"].integer(-1000000, 1000000).value_or(0));
      if (c["mass"].defined())
        cls.mass_kg = c["mass"].mass().value_or(0);
      if (c["due"].defined())
        cls.due_s = c["due"].duration(1).value_or(kInf);
      if (c["work"].defined()) // the class's durations as one factor (MODEL.md mechanism 15)
        cls.work = c["work"].number(1e-3, 100).value_or(1);
    }
    sc.classes.push_back(cls);
  });
}

void read_learning(ReadContext& ctx, Scenario& sc) {
  ctx.read_named("learning", "learning-curve names to {rate, failure_rate, prior_units}",
                 {"rate", "failure_rate", "prior_units"}, sc.learning,
                 [&](const YamlCursor& c, models::LearningSpec& curve) {
                   curve.rate = c["rate"].number(1e-6, 1).value_or(1);
                   if (c["failure_rate"].defined())
                     curve.failure_rate = c["failure_rate"].number(1e-6, 1).value_or(1);
                   if (c["prior_units"].defined())
                     curve.prior_units = c["prior_units"].number(0, 1e9).value_or(0);
                 });
}

} // namespace satflow::configs
