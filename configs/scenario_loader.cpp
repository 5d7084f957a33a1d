#include "configs/scenario_loader.hpp"

#include "configs/overrides.hpp"
#include "configs/sections.hpp"
#include "configs/yaml_file.hpp"
#include "simcore/units.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>

namespace satflow::configs {
namespace {

using models::Scenario;
constexpr double kInf = std::numeric_limits<double>::infinity();

/// The top-level keys that belong to no section (name, seed, epoch, horizon), then every section in
/// the order their references need.
Scenario read_scenario(ReadContext& ctx, const std::string& default_name) {
  Scenario sc;
  if (!ctx.root.expect_map({"name",      "description", "seed",         "epoch",      "horizon",   "sites",
                            "functions", "links",       "coordination", "classes",    "learning",  "stations",
                            "launchers", "suppliers",   "process",      "arrivals",   "uncertain", "heritage",
                            "pace",      "start_types", "targets",      "relocations"}))
    return sc;
  sc.name = ctx.root["name"].defined() ? ctx.root["name"].string().value_or(default_name) : default_name;
  if (ctx.root["seed"].defined())
    sc.seed =
        static_cast<std::uint64_t>(ctx.root["seed"].integer(0, std::numeric_limits<std::int64_t>::max()).value_or(1));
  if (ctx.root["epoch"].defined()) {
    if (auto text = ctx.root["epoch"].string()) {
      ctx.epoch_days = simcore::parse_date_days(*text);
      if (ctx.epoch_days)
        sc.epoch = *text;
      else
        ctx.root["epoch"].error("expected a calendar date YYYY-MM-DD, got '" + *text + "'");
    }
  }
  if (ctx.root["horizon"].defined()) {
    if (auto h = ctx.root["horizon"].time_point(ctx.epoch_days); h && *h <= 0)
      ctx.root["horizon"].error("expected a horizon after the start");
    else
      sc.horizon_s = h.value_or(kInf);
  }
  read_sites(ctx, sc);
  read_functions(ctx, sc);
  read_relocations(ctx, sc); // before links and friction, which refuse a function that moves
  read_links(ctx, sc);
  read_coordination(ctx, sc);
  read_classes(ctx, sc);
  read_learning(ctx, sc);
  read_suppliers(ctx, sc);
  read_stations(ctx, sc);
  read_launchers(ctx, sc);
  read_stages(ctx, sc);
  read_heritage(ctx, sc);
  read_pace(ctx, sc);
  read_start_types(ctx, sc);
  read_arrivals(ctx, sc);
  read_targets(ctx, sc);
  check_parts(ctx, sc);
  check_flow(ctx, sc);
  return sc;
}

} // namespace

std::filesystem::path layout_path(const std::string& layout, const std::filesystem::path& scenario_file) {
  const std::filesystem::path given(layout);
  if (layout.find('/') != std::string::npos || given.extension() == ".yaml")
    return given;
  return scenario_file.parent_path() / "layouts" / (layout + ".yaml");
}

std::vector<Override> command_line_overrides(const std::vector<std::string>& assignments) {
  std::vector<Override> out;
  for (const auto& a : assignments)
    out.push_back({a, "--set " + a});
  return out;
}

LoadResult load_scenario_text(std::string_view text, const std::string& file_label,
                              const std::vector<std::string>& overrides, const std::string& layout) {
  return load_scenario_text(text, file_label, command_line_overrides(overrides), layout);
}

namespace {

/// Whether a load probes the ranges of the `uncertain:` inputs it does not fix.
enum class UncertainRanges { probe, trust };

LoadResult load_text(std::string_view text, const std::string& file_label, const std::vector<Override>& overrides,
                     const std::string& layout, UncertainRanges ranges) {
  LoadResult result;
  DocumentContext context{file_label, &result.diagnostics, {}};
  const auto document = parse_yaml(text, file_label, result.diagnostics);
  if (!document)
    return result;
  YAML::Node root = *document;
  if (!root.IsMap()) {
    result.diagnostics.add({file_label, "", "expected a scenario: a map with sites, stations, process and arrivals"});
    return result;
  }
  std::string layout_name;
  if (!layout.empty())
    layout_name = apply_layout(root, layout_path(layout, file_label), context);
  for (const auto& o : overrides)
    apply_override(root, o, context);
  std::string stem = std::filesystem::path(file_label).stem().string();
  ReadContext ctx{YamlCursor(&context, root, ""), result.diagnostics};
  Scenario sc = read_scenario(ctx, stem);
  read_uncertain(ctx, sc, file_label);
  // An input this load fixes (a draw, a proposal, a sweep point set it) is not drawn here: its range
  // was checked by the load that did not fix it, so only the others are probed. A load that fixes
  // every input, as each draw of --uncertain and each calibration proposal does, reads the scenario
  // once instead of four times.
  std::vector<models::UncertainInput> probed;
  for (const auto& input : sc.uncertain)
    if (ranges == UncertainRanges::probe && std::none_of(overrides.begin(), overrides.end(), [&](const Override& o) {
          return o.assignment.starts_with(input.path + "=");
        }))
      probed.push_back(input);
  if (result.diagnostics.empty() && !probed.empty())
    check_uncertain_draws(root, probed, context, [&](YAML::Node probe, DocumentContext& probe_context) {
      ReadContext probe_ctx{YamlCursor(&probe_context, probe, ""), *probe_context.diagnostics};
      read_scenario(probe_ctx, stem);
    });
  sc.layout = layout_name;
  if (result.diagnostics.empty())
    result.scenario = std::move(sc);
  return result;
}

LoadResult load_file(const std::filesystem::path& file, const std::vector<Override>& overrides,
                     const std::string& layout, UncertainRanges ranges) {
  LoadResult result;
  const auto text = read_text_file(file, "file", result.diagnostics);
  if (!text)
    return result;
  return load_text(*text, file.string(), overrides, layout, ranges);
}

} // namespace

LoadResult load_scenario_text(std::string_view text, const std::string& file_label,
                              const std::vector<Override>& overrides, const std::string& layout) {
  return load_text(text, file_label, overrides, layout, UncertainRanges::probe);
}

LoadResult load_scenario_file(const std::filesystem::path& file, const std::vector<std::string>& overrides,
                              const std::string& layout) {
  return load_scenario_file(file, command_line_overrides(overrides), layout);
}

LoadResult load_scenario_file(const std::filesystem::path& file, const std::vector<Override>& overrides,
                              const std::string& layout) {
  return load_file(file, overrides, layout, UncertainRanges::probe);
}

LoadResult load_experiment_point(const std::filesystem::path& file, const std::vector<Override>& overrides,
                                 const std::string& layout) {
  return load_file(file, overrides, layout, UncertainRanges::trust);
}

} // namespace satflow::configs
