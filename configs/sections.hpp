// The readers of a scenario's sections, one file each, over one shared ReadContext. Each reads its
// part of the document into the Scenario and reports every problem it finds with file:line:column
// and key path; none throws for bad input. scenario_loader.cpp calls them in dependency order (a
// section may refer to what an earlier one defined): adding a key touches its section's file only.
#pragma once

#include "configs/read_context.hpp"
#include "models/scenario.hpp"

#include <functional>
#include <string>

namespace satflow::configs {

// sites_section.cpp
void read_sites(ReadContext& ctx, models::Scenario& sc);
void read_functions(ReadContext& ctx, models::Scenario& sc); ///< REQUIRES: sites read
void read_links(ReadContext& ctx, models::Scenario& sc);     ///< REQUIRES: sites, functions read
void read_coordination(ReadContext& ctx, models::Scenario& sc);
// relocations_section.cpp
void read_relocations(ReadContext& ctx, models::Scenario& sc); ///< REQUIRES: sites, functions, epoch read
// classes_section.cpp
void read_classes(ReadContext& ctx, models::Scenario& sc);
void read_learning(ReadContext& ctx, models::Scenario& sc);
// stations_section.cpp
void read_stations(ReadContext& ctx, models::Scenario& sc); ///< REQUIRES: sites, functions, horizon read
// launchers_section.cpp
void read_launchers(ReadContext& ctx, models::Scenario& sc); ///< REQUIRES: sites, functions, epoch, horizon read
// supply_section.cpp
void read_suppliers(ReadContext& ctx, models::Scenario& sc); ///< REQUIRES: classes, learning read
/// A stage's `parts`: the long-lead parts it cannot start without. REQUIRES: suppliers read
std::vector<models::PartSpec> read_parts(ReadContext& ctx, const YamlCursor& list, const std::string& stage,
                                         const models::Scenario& sc);
/// Every part is ordered at a stage that exists and that an item enters at or before the stage that
/// needs the part, and names arrival sources that exist. REQUIRES: stages and arrivals read
void check_parts(ReadContext& ctx, const models::Scenario& sc);
// process_section.cpp
void read_stages(ReadContext& ctx, models::Scenario& sc); ///< REQUIRES: every section above read
// arrivals_section.cpp
void read_arrivals(ReadContext& ctx, models::Scenario& sc); ///< REQUIRES: sites, classes, epoch read
// programme_section.cpp
void read_pace(ReadContext& ctx, models::Scenario& sc);
void read_start_types(ReadContext& ctx, models::Scenario& sc);
/// An arrival's `start_type` (REQUIRES: start types and the schedule read): moves its dates by the type's offset.
void read_start_type(ReadContext& ctx, const YamlCursor& c, const models::Scenario& sc, models::ArrivalSpec& a);
void read_heritage(ReadContext& ctx, models::Scenario& sc); ///< REQUIRES: stages read
/// A heritage level by name (first_of_kind, derivative, repeat_with_reuse); reports any other.
std::optional<models::HeritageLevel> read_heritage_level(const YamlCursor& c);
/// An arrival source's `heritage`: a level, or {level, technologies: {CURVE: level}}. REQUIRES: learning read
void read_arrival_heritage(ReadContext& ctx, const YamlCursor& c, const models::Scenario& sc, models::ArrivalSpec& a);
// targets_section.cpp
void read_targets(ReadContext& ctx, models::Scenario& sc); ///< REQUIRES: classes and epoch read
// flow_check.cpp
/// The process as a whole: reachability, route and failure targets, closed loops, link paths for every
/// coordination. Does nothing unless every section was read without a problem.
void check_flow(ReadContext& ctx, const models::Scenario& sc);

// uncertain_section.cpp
/// The `uncertain:` section: each key path must name a number, a duration or a rate written in the
/// document; its distribution is in that value's unit. `file` labels the declarations.
void read_uncertain(ReadContext& ctx, models::Scenario& sc, const std::string& file);
/// Reads the document again (with `read`) with every one of `inputs` at the low end of its range, at
/// the high end and at an inner point, and reports what the readers refuse at the declaration. The
/// `uncertain` section is left out of what `read` sees. REQUIRES: the document read without a problem
void check_uncertain_draws(const YAML::Node& root, const std::vector<models::UncertainInput>& inputs,
                           const DocumentContext& context,
                           const std::function<void(YAML::Node, DocumentContext&)>& read);
/// The text a --set writes for `value` of the input (in its unit: "86400s", "0.5", "0.0001/s").
std::string uncertain_value_text(const models::UncertainInput& input, double value);

} // namespace satflow::configs
