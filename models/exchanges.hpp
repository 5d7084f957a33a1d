// Coordination exchanges between sites: a coordinate stage's rounds (a request to every partner at
// once, each answered; the round ends with the last answer) and the single exchange of periodic
// design coordination. Every message is a transfer over the site graph, so its time is latency plus
// size over the bandwidth it shares with the messages in flight (MODEL.md, mechanisms 1 and 2). A
// request goes to where its partner is when it leaves (relocations.hpp); a relocation's transition
// stretches the request and its answer by the slowdown that held when the request left.
#pragma once

#include "models/run_part.hpp"

#include <cstdint>
#include <functional>
#include <vector>

namespace satflow::models {

struct ExchangesHooks {
  std::function<void(std::uint32_t job)> done;          ///< a coordinate stage's last round is answered
  std::function<void(std::uint32_t job)> periodic_done; ///< a periodic exchange is answered
  /// A message between the job's site `a` and its partner `b` arrived: its units and transfer time.
  std::function<void(std::uint32_t a, std::uint32_t b, double units, double transfer_s)> delivered;
};

class Exchanges : private RunPart<ExchangesHooks> {
public:
  using Hooks = ExchangesHooks;

  /// REQUIRES: context outlives this.
  Exchanges(const RunContext& context, Hooks hooks) : RunPart(context, std::move(hooks)) {}

  /// Starts the rounds of the job's coordinate stage with every partner; `done` when the last is answered.
  void start_rounds(std::uint32_t id) { start(id, Exchange::rounds); }
  /// Starts one periodic exchange with its station stage's partner; `periodic_done` when it is answered.
  void start_periodic(std::uint32_t id) { start(id, Exchange::periodic); }

private:
  enum class Exchange { rounds, periodic };
  struct Message {
    std::uint32_t job;
    std::uint32_t partner; ///< the partner's site when the request left (its answer comes from there)
    double sent_s;
    double slowdown; ///< a relocation's transition: the message takes this times its network time
    bool answer;
  };

  void start(std::uint32_t id, Exchange exchange);
  void send_round(std::uint32_t id);
  /// Asks where `partner` is now and how much a transition slows the exchange, then sends the request.
  void send_request(std::uint32_t id, SiteRef partner);
  void send(std::uint32_t id, std::uint32_t partner, bool answer, double slowdown);
  void delivered(std::uint32_t m);
  /// The size of a request or an answer of the job's exchange under way.
  double size(const Job& job, bool answer) const;

  std::vector<Message> messages_; // slots, reused
  std::vector<std::uint32_t> free_messages_;
};

} // namespace satflow::models
