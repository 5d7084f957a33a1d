#include "models/launch_operations.hpp"

#include "simcore/geo.hpp"

#include <algorithm>

namespace satflow::models {

LaunchOperations::LaunchOperations(const RunContext& context, const simcore::RandomStreams& streams, Hooks hooks)
    : RunPart(context, std::move(hooks)), trace_launched_(trace_state_id(ctx_.trace, "", TraceStep::launched)) {
  for (const auto& launcher : ctx_.scenario.launchers) {
    LaunchCampaign::Hooks campaign_hooks{[this](std::uint32_t id) { ship(id); },
                                         [this](std::uint32_t id) { ctx_.switch_to(ctx_.jobs[id], TimeKind::scrub); },
                                         [this](std::uint32_t id) { launched(id); },
                                         [this](std::uint32_t id) { bumped(id); }};
    campaigns_.push_back(std::make_unique<LaunchCampaign>(launcher, ctx_.sched,
                                                          streams.stream("scrubs:" + launcher.name),
                                                          streams.stream("slips:" + launcher.name), campaign_hooks));
    launch_sites_.push_back(resolve_site_ref(ctx_.scenario, launcher.site, launcher.site_function));
    rebook_to_.push_back(
        launcher.rebook_to.empty() ? kNone : index_of(ctx_.scenario.launchers, launcher.rebook_to, "launcher"));
    rebook_delays_.push_back(streams.stream("rebook:" + launcher.name));
    flight_offsets_.push_back(total_flights_);
    total_flights_ += launcher.flights.size();
  }
  for (const auto& source : ctx_.scenario.arrivals)
    booked_.push_back(source.launcher.empty() ? kNone : index_of(ctx_.scenario.launchers, source.launcher, "launcher"));
}

void LaunchOperations::start() {
  for (auto& campaign : campaigns_)
    campaign->start();
}

void LaunchOperations::ready(std::uint32_t id) {
  Job& job = ctx_.jobs[id];
  if (job.record.ready_s < 0)
    job.record.ready_s = ctx_.sched.now();
  const std::uint32_t booked = booked_[job.record.source];
  job.launcher = booked != kNone ? booked : ctx_.stages[job.stage].launcher[job.record.item_class];
  manifest(id);
}

void LaunchOperations::manifest(std::uint32_t id) {
  Job& job = ctx_.jobs[id];
  const Stage& st = ctx_.stages[job.stage];
  const double now = ctx_.sched.now();
  const OutageSpec* outage = campaigns_[job.launcher]->outage_at(now);
  job.disrupted = job.disrupted || outage != nullptr;
  if (outage && rebook_to_[job.launcher] != kNone) {
    // The programme contracts another launcher from the outage's first day: a satellite ready later waits
    // only for what is left of its (item-keyed, so common) contracting delay.
    simcore::Stream draw = rebook_delays_[job.launcher].derive(job.key);
    const double placed =
        std::max(now, outage->from_s + ctx_.scenario.launchers[job.launcher].rebook_delay.sample(draw));
    ctx_.switch_to(job, TimeKind::launcher_disruption);
    ctx_.trace_state(id, st.trace_disrupted);
    job.record.flight = -1;
    ctx_.sched.at(placed, [this, id, epoch = job.launch_epoch] {
      Job& j = ctx_.jobs[id];
      if (j.launch_epoch != epoch)
        return;
      j.launcher = rebook_to_[j.launcher];
      manifest(id);
    });
    return;
  }
  ctx_.switch_to(job, job.disrupted ? TimeKind::launcher_disruption : TimeKind::launch_wait);
  ctx_.trace_state(id, job.disrupted ? st.trace_disrupted : st.trace_queued);
  const double mass = ctx_.scenario.classes[job.record.item_class].mass_kg;
  job.flight = campaigns_[job.launcher]->ready(id, mass);
  // provisional: campaign offset + flight; flight_rows() maps it to the report's row
  job.record.flight = job.flight >= 0 ? static_cast<std::int32_t>(flight_offsets_[job.launcher]) + job.flight : -1;
}

void LaunchOperations::bumped(std::uint32_t id) {
  Job& job = ctx_.jobs[id];
  ++job.launch_epoch; // its trip or integration for the lost flight, if under way, ends nowhere
  job.disrupted = true;
  job.flight = -1;
  manifest(id);
}

void LaunchOperations::ship(std::uint32_t id) {
  Job& job = ctx_.jobs[id];
  const Stage& st = ctx_.stages[job.stage];
  job.disrupted = false;
  ctx_.switch_to(job, TimeKind::transport);
  ctx_.trace_state(id, st.trace_transport);
  simcore::Stream draw = ctx_.visit_stream(st.draws, id);
  const LauncherSpec& launcher = ctx_.scenario.launchers[job.launcher];
  const SiteSpec& from = ctx_.scenario.sites[job.site];
  // The trip is as long as the way to where the pad is as it leaves; it ends where the pad is on arrival.
  const SiteSpec& to = ctx_.scenario.sites[ctx_.relocations.site_at(launch_sites_[job.launcher], ctx_.sched.now())];
  const double transport = launcher.transport.sample(draw) +
                           launcher.transport_per_km_s * simcore::great_circle_km(from.location, to.location);
  job.work_left_s = launcher.integration.sample(draw);
  ctx_.sched.after(transport, [this, id, epoch = job.launch_epoch] {
    Job& j = ctx_.jobs[id];
    if (j.launch_epoch != epoch)
      return;
    ctx_.place(j, launch_sites_[j.launcher]);
    ctx_.switch_to(j, TimeKind::working);
    ctx_.trace_state(id, ctx_.stages[j.stage].trace_integration);
    ctx_.sched.after(j.work_left_s, [this, id, epoch] {
      Job& k = ctx_.jobs[id];
      if (k.launch_epoch != epoch)
        return;
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
  std::vector<CancelledFlightResult> cancelled;
  for (std::size_t c = 0; c < campaigns_.size(); ++c) {
    const LaunchCampaign& campaign = *campaigns_[c];
    for (std::size_t f = 0; f < campaign.flights().size(); ++f) {
      const auto& flight = campaign.flights()[f];
      if (flight.cancelled && flight.lost > 0)
        cancelled.push_back({campaign.spec().name, flight.spec->name, flight.spec->date_s, flight.cancelled_by->from_s,
                             flight.cancelled_by->reason, flight.lost});
      if (flight.items.empty())
        continue;
      FlightResult fr;
      fr.launcher = campaign.spec().name;
      fr.name = flight.spec->name;
      fr.planned_s = flight.spec->date_s; // as planned at the start: a programme-level slip shows as lateness
      fr.launched_s = flight.launched_s;
      fr.attempts = flight.attempts;
      fr.scrubs = flight.scrubs;
      fr.satellites = static_cast<std::uint32_t>(flight.items.size());
      fr.mass_kg = flight.mass_kg;
      fr.in_reserve_window = flight.launched_s >= 0 && flight.launched_s <= flight.date_s + campaign.spec().reserve_s;
      rows.push_back({fr, c, f});
    }
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.result.planned_s < b.result.planned_s; });
  FlightRows out;
  std::stable_sort(cancelled.begin(), cancelled.end(),
                   [](const auto& a, const auto& b) { return a.planned_s < b.planned_s; });
  out.cancelled = std::move(cancelled);
  out.row_of.assign(total_flights_, -1);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out.flights.push_back(rows[i].result);
    out.row_of[flight_offsets_[rows[i].campaign] + rows[i].flight] = static_cast<std::int32_t>(i);
  }
  return out;
}

} // namespace satflow::models
