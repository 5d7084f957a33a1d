#include "tools/experiments/calibration_plan.hpp"

#include "simcore/random_streams.hpp"
#include "tools/experiments/results_store.hpp"

#include <algorithm>
#include <cstdio>
#include <type_traits>

namespace satflow::tools {
namespace {

using Json = nlohmann::ordered_json;

Json optional_number(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

std::optional<double> number_or_null(const Json& j) {
  if (j.is_null())
    return std::nullopt;
  return j.get<double>();
}

/// The ABC-SMC settings as the plan holds them, key by key in order: the plan is written and read back
/// through this one list, so that the two cannot drift apart (a stored plan must resume).
template <class Visit> void for_each_setting(Visit&& visit) {
  using S = configs::AbcSmcSettings;
  visit("particles", &S::particles);
  visit("max_generations", &S::max_generations);
  visit("min_acceptance", &S::min_acceptance);
  visit("replications", &S::replications);
  visit("quantile", &S::quantile);
  visit("min_threshold", &S::min_threshold);
  visit("predictive", &S::predictive);
  visit("censored_sd_s", &S::censored_sd_s);
}

} // namespace

CalibrationPlan calibration_plan(const configs::CalibrationSpec& spec, const models::Scenario& scenario,
                                 const std::vector<models::Observation>& observations) {
  CalibrationPlan plan;
  plan.name = spec.name;
  for (const auto& p : spec.parameters) {
    plan.paths.push_back(p.path);
    plan.units.push_back(p.unit);
    plan.priors.push_back(p.prior);
  }
  plan.observations = observations;
  for (const auto& o : observations)
    plan.fitted.push_back(std::find(spec.holdout.begin(), spec.holdout.end(), o.item) == spec.holdout.end());
  plan.milestones = spec.milestones;
  plan.settings = spec.settings;
  plan.seed = spec.seed;
  plan.epoch = scenario.epoch;
  return plan;
}

std::vector<bool> in_distance(const CalibrationPlan& plan) {
  std::vector<bool> in(plan.observations.size());
  for (std::size_t i = 0; i < in.size(); ++i)
    in[i] = plan.fitted[i] &&
            (plan.milestones.empty() || std::find(plan.milestones.begin(), plan.milestones.end(),
                                                  plan.observations[i].milestone) != plan.milestones.end());
  return in;
}

Json plan_json(const CalibrationPlan& plan) {
  Json params = Json::array();
  for (std::size_t i = 0; i < plan.paths.size(); ++i)
    params.push_back({{"path", plan.paths[i]},
                      {"unit", plan.units[i]},
                      {"prior", static_cast<int>(plan.priors[i].kind)},
                      {"args", plan.priors[i].args}});
  Json observations = Json::array();
  for (std::size_t i = 0; i < plan.observations.size(); ++i) {
    const auto& o = plan.observations[i];
    observations.push_back({{"item", o.item},
                            {"source", o.source},
                            {"index", o.index},
                            {"milestone", static_cast<int>(o.milestone)},
                            {"date_s", optional_number(o.date_s)},
                            {"sd_s", o.sd_s},
                            {"not_before_s", optional_number(o.not_before_s)},
                            {"not_after_s", optional_number(o.not_after_s)},
                            {"fitted", static_cast<bool>(plan.fitted[i])}});
  }
  Json settings = Json::object();
  for_each_setting([&](const char* key, auto member) { settings[key] = plan.settings.*member; });
  Json j = {{"name", plan.name},
            {"seed", plan.seed},
            {"epoch", plan.epoch},
            {"parameters", params},
            {"observations", observations},
            {"abc_smc", settings}};
  // Only when set: the plan (and hash) of a calibration that fits every milestone is as it was before
  // the key existed, so its database still resumes.
  if (!plan.milestones.empty()) {
    Json names = Json::array();
    for (const auto m : plan.milestones)
      names.push_back(models::kMilestoneNames[static_cast<std::size_t>(m)]);
    j["milestones"] = names;
  }
  return j;
}

CalibrationPlan plan_from_json(const std::string& text, const std::string& db) {
  try {
    const Json j = Json::parse(text);
    CalibrationPlan plan;
    plan.name = j.at("name").get<std::string>();
    plan.seed = j.at("seed").get<std::uint64_t>();
    plan.epoch = j.at("epoch").get<std::string>();
    for (const auto& p : j.at("parameters")) {
      plan.paths.push_back(p.at("path").get<std::string>());
      plan.units.push_back(p.at("unit").get<std::string>());
      const int kind = p.at("prior").get<int>();
      if (kind < 0 || kind > static_cast<int>(configs::PriorKind::discrete))
        throw std::invalid_argument("unknown prior kind");
      plan.priors.push_back({static_cast<configs::PriorKind>(kind), p.at("args").get<std::vector<double>>()});
    }
    for (const auto& o : j.at("observations")) {
      models::Observation ob;
      ob.item = o.at("item").get<std::string>();
      ob.source = o.at("source").get<std::uint32_t>();
      ob.index = o.at("index").get<std::uint64_t>();
      const int m = o.at("milestone").get<int>();
      if (m < 0 || m > static_cast<int>(models::Milestone::exit))
        throw std::invalid_argument("unknown milestone");
      ob.milestone = static_cast<models::Milestone>(m);
      ob.date_s = number_or_null(o.at("date_s"));
      ob.sd_s = o.at("sd_s").get<double>();
      ob.not_before_s = number_or_null(o.at("not_before_s"));
      ob.not_after_s = number_or_null(o.at("not_after_s"));
      plan.observations.push_back(ob);
      plan.fitted.push_back(o.at("fitted").get<bool>());
    }
    if (j.contains("milestones"))
      for (const auto& name : j.at("milestones")) {
        const auto m = models::milestone_by_name_or_null(name.get<std::string>());
        if (!m)
          throw std::invalid_argument("unknown milestone");
        plan.milestones.push_back(*m);
      }
    const Json& settings = j.at("abc_smc");
    for_each_setting([&](const char* key, auto member) {
      auto& value = plan.settings.*member;
      value = settings.at(key).get<std::decay_t<decltype(value)>>();
    });
    if (plan.priors.empty() || plan.settings.particles == 0 || plan.settings.replications == 0 ||
        !(plan.settings.min_acceptance > 0))
      throw std::invalid_argument("settings out of range");
    return plan;
  } catch (const std::exception& e) {
    throw BadDatabase(db + ": the calibration plan (table meta, key 'plan') is damaged (" + e.what() +
                      "); it cannot be read or resumed");
  }
}

std::string plan_hash(const CalibrationPlan& plan, const std::string& scenario_text) {
  const std::uint64_t h = simcore::hash_name(plan_json(plan).dump() + "\n" + scenario_text);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

} // namespace satflow::tools
