#include "configs/variants_spec.hpp"

#include "configs/overrides.hpp"
#include "configs/yaml_cursor.hpp"
#include "configs/yaml_file.hpp"

#include <algorithm>

namespace satflow::configs {
namespace {

std::optional<VariantSpec> read_variant(const YamlCursor& c, const std::string& file) {
  if (!c.expect_map({"name", "description", "layout", "set", "scale"}))
    return std::nullopt;
  VariantSpec v;
  const auto name = c["name"].require() ? c["name"].string() : std::nullopt;
  if (!name)
    return std::nullopt;
  v.name = *name;
  if (c["layout"].defined()) {
    v.layout = c["layout"].string().value_or("");
    v.layout_where = located(file, c["layout"].node().Mark()) + ": " + c["layout"].path();
  }
  if (const YamlCursor set = c["set"]; set.defined()) {
    if (!set.node().IsMap()) {
      set.error("expected a map of key paths to values, as for --set");
      return std::nullopt;
    }
    for (const auto& e : set.unique_entries())
      v.overrides.push_back({e.key + "=" + as_flow_yaml(e.value), located(file, e.value.Mark())});
  }
  if (const YamlCursor scale = c["scale"]; scale.defined()) {
    if (!scale.node().IsMap())
      scale.error("expected a map of uncertain inputs' key paths to factors, e.g. {coordination.step: 0.5}");
    else
      for (const auto& e : scale.unique_entries())
        if (const auto f = scale.child(e.key, e.value).number(-1e300, 1e300); f && *f <= 0)
          scale.child(e.key, e.value).error("expected a factor > 0, got " + e.value.Scalar());
        else if (f)
          v.scales.push_back({e.key, *f, located(file, e.value.Mark())});
  }
  return v;
}

} // namespace

VariantsLoad load_variants_file(const std::filesystem::path& file) {
  VariantsLoad result;
  MapFile document;
  if (!document.open(file, "variants file", result.diagnostics, {"description", "baseline", "variants"}))
    return result;
  const YamlCursor c = document.top();
  const YamlCursor list = c["variants"];
  if (!list.require() || !list.expect_sequence())
    return result;
  VariantsSpec spec;
  for (std::size_t i = 0; i < list.node().size(); ++i) {
    const YamlCursor entry = list.at(i);
    auto v = read_variant(entry, file.string());
    if (!v)
      continue;
    if (std::any_of(spec.variants.begin(), spec.variants.end(),
                    [&](const VariantSpec& o) { return o.name == v->name; }))
      entry["name"].error("duplicate variant name '" + v->name + "'");
    spec.variants.push_back(std::move(*v));
  }
  if (list.node().size() == 0)
    list.error("expected at least one variant");
  if (c["baseline"].defined()) {
    if (const auto baseline = c["baseline"].string()) {
      const auto it = std::find_if(spec.variants.begin(), spec.variants.end(),
                                   [&](const VariantSpec& v) { return v.name == *baseline; });
      if (it != spec.variants.end()) {
        spec.baseline = static_cast<std::size_t>(it - spec.variants.begin());
      } else {
        std::vector<std::string> names;
        for (const auto& v : spec.variants)
          names.push_back(v.name);
        std::string message = "the baseline '" + *baseline + "' is not one of the variants";
        if (auto guess = closest_match(*baseline, names); !guess.empty())
          message += "; did you mean '" + guess + "'?";
        c["baseline"].error(message);
      }
    }
  }
  if (result.diagnostics.empty())
    result.spec = std::move(spec);
  return result;
}

} // namespace satflow::configs
