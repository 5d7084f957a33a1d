#include "configs/observations_file.hpp"

#include "configs/read_context.hpp"
#include "configs/yaml_cursor.hpp"
#include "configs/yaml_file.hpp"
#include "simcore/units.hpp"

#include <algorithm>

namespace satflow::configs {
namespace {

struct ItemName {
  std::string name;
  std::uint32_t source;
  std::uint64_t index;
};

std::vector<ItemName> scheduled_items(const models::Scenario& sc) {
  std::vector<ItemName> items;
  for (std::size_t s = 0; s < sc.arrivals.size(); ++s)
    for (std::size_t i = 0; i < sc.arrivals[s].item_names.size(); ++i)
      if (!sc.arrivals[s].item_names[i].empty())
        items.push_back({sc.arrivals[s].item_names[i], static_cast<std::uint32_t>(s), i});
  return items;
}

/// Sets o's item from `item`, a scheduled item's name; reports an unknown or ambiguous name.
bool read_item(const YamlCursor& c, const std::vector<ItemName>& items, models::Observation& o) {
  const auto name = c.require() ? c.string() : std::nullopt;
  if (!name)
    return false;
  std::vector<std::string> names;
  const ItemName* found = nullptr;
  std::size_t matches = 0;
  for (const auto& item : items) {
    names.push_back(item.name);
    if (item.name == *name && matches++ == 0)
      found = &item;
  }
  if (!found) {
    c.error(unknown_name_message("item", *name, names) + " (the names of the scenario's scheduled arrivals)");
    return false;
  }
  if (matches > 1) {
    c.error("the scenario has " + std::to_string(matches) + " items named '" + *name + "': expected one");
    return false;
  }
  o.item = found->name;
  o.source = found->source;
  o.index = found->index;
  return true;
}

bool read_milestone(const YamlCursor& c, models::Observation& o) {
  const auto name = c.require() ? c.string() : std::nullopt;
  if (!name)
    return false;
  if (auto m = models::milestone_by_name_or_null(*name)) {
    o.milestone = *m;
    return true;
  }
  std::string message = unknown_name_message("milestone", *name, {"ready", "launched", "exit"});
  if (*name == "shipped")
    message += " (the model keeps no shipment date: a shipment is an upper bound on ready, not_after)";
  c.error(message);
  return false;
}

/// date with sd, or not_before and/or not_after.
bool read_dates(const YamlCursor& c, double epoch_days, models::Observation& o) {
  const YamlCursor date = c["date"], sd = c["sd"], before = c["not_before"], after = c["not_after"];
  if (date.defined() && (before.defined() || after.defined())) {
    (before.defined() ? before : after)
        .error("expected either a date (with sd) or a censoring bound (not_before, not_after), not both");
    return false;
  }
  if (!date.defined() && !before.defined() && !after.defined()) {
    c.error("expected a date (with sd) or a censoring bound (not_before, not_after)");
    return false;
  }
  bool ok = true;
  if (date.defined()) {
    o.date_s = date.time_point(epoch_days);
    if (sd.require()) {
      if (auto v = sd.duration(); v && *v > 0)
        o.sd_s = *v;
      else if (v)
        sd.error("expected an sd above zero, got 0");
    }
    return o.date_s && o.sd_s > 0;
  }
  if (sd.defined()) // optional on a bound: how far beyond it a calibration counts a violation as far
    o.sd_s = sd.duration().value_or(0);
  if (before.defined())
    ok &= (o.not_before_s = before.time_point(epoch_days)).has_value();
  if (after.defined())
    ok &= (o.not_after_s = after.time_point(epoch_days)).has_value();
  if (o.not_before_s && o.not_after_s && *o.not_after_s < *o.not_before_s) {
    after.error("expected not_after on or after not_before");
    ok = false;
  }
  return ok;
}

std::optional<models::Observation> read_observation(const YamlCursor& c, double epoch_days,
                                                    const std::vector<ItemName>& items) {
  if (!c.expect_map({"item", "milestone", "date", "sd", "not_before", "not_after", "source"}))
    return std::nullopt;
  models::Observation o;
  bool ok = read_item(c["item"], items, o);
  ok &= read_milestone(c["milestone"], o);
  ok &= read_dates(c, epoch_days, o);
  if (c["source"].defined()) {
    const auto text = c["source"].string();
    ok &= text.has_value();
    o.source_text = text.value_or("");
  }
  return ok ? std::optional(std::move(o)) : std::nullopt;
}

} // namespace

ObservationsLoad load_observations_file(const std::filesystem::path& file, const models::Scenario& scenario) {
  ObservationsLoad result;
  MapFile document;
  if (!document.open(file, "observations file", result.diagnostics, {"description", "observations"}))
    return result;
  const YamlCursor top = document.top();
  const auto epoch_days = simcore::parse_date_days(scenario.epoch);
  if (!epoch_days) {
    top.error("the scenario has no 'epoch' (the date of its time 0): observations are dated");
    return result;
  }
  const YamlCursor list = top["observations"];
  if (!list.require() || !list.expect_sequence())
    return result;
  if (list.node().size() == 0)
    list.error("expected at least one observation");
  const std::vector<ItemName> items = scheduled_items(scenario);
  std::vector<models::Observation> observations;
  for (std::size_t i = 0; i < list.node().size(); ++i) {
    auto o = read_observation(list.at(i), *epoch_days, items);
    if (!o)
      continue;
    if (std::any_of(observations.begin(), observations.end(), [&](const models::Observation& other) {
          return other.source == o->source && other.index == o->index && other.milestone == o->milestone;
        }))
      list.at(i)["milestone"].error("a second observation of " + o->item + " " +
                                    models::kMilestoneNames[static_cast<std::size_t>(o->milestone)] +
                                    ": expected one per item and milestone");
    observations.push_back(std::move(*o));
  }
  if (result.diagnostics.empty())
    result.observations = std::move(observations);
  return result;
}

} // namespace satflow::configs
