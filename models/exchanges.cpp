#include "models/exchanges.hpp"

namespace satflow::models {

void Exchanges::start(std::uint32_t id, Exchange exchange) {
  Job& job = ctx_.jobs[id];
  job.in_periodic = exchange == Exchange::periodic;
  job.rounds_left = job.in_periodic ? 1 : ctx_.stages[job.stage].rounds;
  send_round(id);
}

/// A request to every partner at once; the round ends with the last answer.
void Exchanges::send_round(std::uint32_t id) {
  Job& job = ctx_.jobs[id];
  const Stage& st = ctx_.stages[job.stage];
  if (job.in_periodic) {
    job.outstanding = 1;
    send_request(id, st.periodic_to);
    return;
  }
  job.outstanding = static_cast<std::uint32_t>(st.partners.size());
  for (const SiteRef partner : st.partners)
    send_request(id, partner);
}

void Exchanges::send_request(std::uint32_t id, SiteRef partner) {
  const double now = ctx_.sched.now();
  const Job& job = ctx_.jobs[id];
  send(id, ctx_.relocations.site_at(partner, now), false,
       ctx_.relocations.exchange_factor(job.site_function, partner.function, now));
}

double Exchanges::size(const Job& job, bool answer) const {
  const Stage& st = ctx_.stages[job.stage];
  return job.in_periodic ? (answer ? st.periodic_answer : st.periodic_request)
                         : (answer ? st.answer_size : st.request_size);
}

void Exchanges::send(std::uint32_t id, std::uint32_t partner, bool answer, double slowdown) {
  const Job& job = ctx_.jobs[id];
  std::uint32_t m;
  if (free_messages_.empty()) {
    m = static_cast<std::uint32_t>(messages_.size());
    messages_.emplace_back();
  } else {
    m = free_messages_.back();
    free_messages_.pop_back();
  }
  messages_[m] = {id, partner, ctx_.sched.now(), slowdown, answer};
  ctx_.sched.transfer(answer ? partner : job.site, answer ? job.site : partner, size(job, answer), [this, m] {
    const Message& msg = messages_[m];
    if (msg.slowdown > 1) // the network's time is SimGrid's; the transition stretches it
      ctx_.sched.after((msg.slowdown - 1) * (ctx_.sched.now() - msg.sent_s), [this, m] { delivered(m); });
    else
      delivered(m);
  });
}

void Exchanges::delivered(std::uint32_t m) {
  const Message msg = messages_[m];
  free_messages_.push_back(m);
  Job& job = ctx_.jobs[msg.job];
  hooks_.delivered(job.site, msg.partner, size(job, msg.answer), ctx_.sched.now() - msg.sent_s);
  if (!msg.answer) {
    send(msg.job, msg.partner, true, msg.slowdown);
    return;
  }
  if (--job.outstanding > 0)
    return;
  if (--job.rounds_left > 0) {
    send_round(msg.job);
    return;
  }
  if (job.in_periodic) {
    job.in_periodic = false;
    hooks_.periodic_done(msg.job);
    return;
  }
  hooks_.done(msg.job);
}

} // namespace satflow::models
