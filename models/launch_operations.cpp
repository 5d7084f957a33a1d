#include "models/launch_operations.hpp"

#include "simcore/geo.hpp"

#include <algorithm>

namespace satflow::models {

LaunchOperations::LaunchOperations(const RunContext& context, const simcore::RandomStreams& streams, Hooks hooks)
    : ctx_(context), hooks_(std::move(hooks)), trace_launched_(ctx_.trace.state_id("launched")) {
  for (const auto& launcher : ctx_.scenario.launchers) {
    LaunchCampaign::Hooks campaign_hooks{[this](std::uint32_t id) { ship(id); },
                                         [this](std::uint32_t id) { ctx_.switch_to(ctx_.jobs[id], TimeKind::scrub); },
                                         [this](std::uint32_t id) { launched(id); }};
    campaigns_.push_back(std::make_unique<LaunchCampaign>(launcher, ctx_.sched,
                                                          streams.stream("scrubs:" + launcher.name), campaign_hooks));
    launch_sites_.push_back(index_of(ctx_.scenario.sites, launcher.site, "site"));
    flight_offsets_.push_back(total_flights_);
    total_flights_ += launcher.flights.size();
  }
}

void LaunchOperations::ready(std::uint32_t id) {
  Job& job = ctx_.jobs[id];
  const Stage& st = ctx_.stages[job.stage];
  ctx_.switch_to(job, TimeKind::launch_wait);
  ctx_.trace_state(id, st.trace_queued);
  const double mass = ctx_.scenario.classes[job.record.item_class].mass_kg;
  job.launcher = st.launcher[job.record.item_class];
  job.flight = campaigns_[job.launcher]->ready(id, mass);
  if (job.flight >= 0) // provisional: campaign offset + flight; flight_rows() maps it to the report's row
    job.record.flight = static_cast<std::int32_t>(flight_offsets_[job.launcher]) + job.flight;
}

void LaunchOperations::ship(std::uint32_t id) {
  Job& job = ctx_.jobs[id];
  const Stage& st = ctx_.stages[job.stage];
  ctx_.switch_to(job, TimeKind::transport);
  ctx_.trace_state(id, st.trace_transport);
  simcore::Stream draw = ctx_.visit_stream(st.draws, id);
  const LauncherSpec& launcher = ctx_.scenario.launchers[job.launcher];
  const SiteSpec& from = ctx_.scenario.sites[job.site];
  const SiteSpec& to = ctx_.scenario.sites[launch_sites_[job.launcher]];
  const double transport = launcher.transport.sample(draw) +
                           launcher.transport_per_km_s * simcore::great_circle_km(from.location, to.location);
  job.work_left_s = launcher.integration.sample(draw);
  ctx_.sched.after(transport, [this, id] {
    Job& j = ctx_.jobs[id];
    j.site = launch_sites_[j.launcher];
    ctx_.switch_to(j, TimeKind::working);
    ctx_.trace_state(id, ctx_.stages[j.stage].trace_integration);
    ctx_.sched.after(j.work_left_s, [this, id] {
      Job& k = ctx_.jobs[id];
      ctx_.switch_to(k, TimeKind::launch_wait);
      ctx_.trace_state(id, ctx_.stages[k.stage].trace_pad);
      campaigns_[k.launcher]->integrated(k.flight);
    });
  });
}

void LaunchOperations::launched(std::uint32_t id) {
  ctx_.jobs[id].record.launched_s = ctx_.sched.now();
  ctx_.trace_state(id, trace_launched_);
  hooks_.launched(id);
}

FlightRows LaunchOperations::flight_rows() const {
  struct Row {
    FlightResult result;
    std::size_t campaign;
    std::size_t flight;
  };
  std::vector<Row> rows;
  for (std::size_t c = 0; c < campaigns_.size(); ++c) {
    const LaunchCampaign& campaign = *campaigns_[c];
    for (std::size_t f = 0; f < campaign.flights().size(); ++f) {
      const auto& flight = campaign.flights()[f];
      if (flight.items.empty())
        continue;
      FlightResult fr;
      fr.launcher = campaign.spec().name;
      fr.name = flight.spec->name;
      fr.planned_s = flight.spec->date_s;
      fr.launched_s = flight.launched_s;
      fr.attempts = flight.attempts;
      fr.scrubs = flight.scrubs;
      fr.satellites = static_cast<std::uint32_t>(flight.items.size());
      fr.mass_kg = flight.mass_kg;
      fr.in_reserve_window =
          flight.launched_s >= 0 && flight.launched_s <= flight.spec->date_s + campaign.spec().reserve_s;
      rows.push_back({fr, c, f});
    }
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.result.planned_s < b.result.planned_s; });
  FlightRows out;
  out.row_of.assign(total_flights_, -1);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out.flights.push_back(rows[i].result);
    out.row_of[flight_offsets_[rows[i].campaign] + rows[i].flight] = static_cast<std::int32_t>(i);
  }
  return out;
}

} // namespace satflow::models
