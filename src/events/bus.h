// EventBus: lets in-process subscribers follow the activity log from a checkpoint.
//
// The bus owns one thread. It wakes when a local commit appended events (Store's commit listener)
// and otherwise every `poll_interval` (to see writes by other processes on the same store), reads
// new events in id order and hands each to every subscriber whose checkpoint is below it. Named
// subscribers have their checkpoint saved in the store after each batch, so after a restart they
// continue where they stopped: delivery is at least once, in order. Handlers run on the bus thread
// and must not block for long.
//
// Where several processes share the store, each durable subscriber is worked by one of them: the
// one holding its lease ("view:NAME", Store::hold_lease). The others keep it idle and try for the
// lease on every pass (at least each poll interval); a process that gains it reads the saved
// checkpoint first, so it continues exactly where the last holder stopped.
//
// A handler that fails (answers an error or throws) never loses its event: its checkpoint stays
// before it, and the subscriber is retried from there after a backoff (50 ms doubling to 30 s)
// while the other subscribers go on. Failures and checkpoints are exposed for /metrics.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <list>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "events/event_log.h"

namespace weft::events {

class EventBus {
 public:
  // Answers an error (or throws) when the event could not be handled; it will be offered again.
  using Handler = std::function<Result<void>(const Event&)>;
  // Given every event of a batch past its checkpoint, oldest first; a failure retries them all.
  using BatchHandler = std::function<Result<void>(std::span<const Event>)>;

  struct SubscriberStats {
    std::string name;
    int64_t checkpoint = 0;
    int64_t failures = 0;   // handler failures since start
    bool retrying = false;  // waiting out a backoff
    bool leased = true;     // this process works it (durable subscribers: holds its lease)
    double busy_seconds = 0;     // time spent in its handler since start (the bus thread is shared)
    double slowest_seconds = 0;  // its slowest single call since start
  };

  // `round_interval`: the least time between the starts of two delivery rounds. Under a stream of
  // commits a round then takes every event committed meanwhile, and a view that writes commits
  // once for all of them instead of once per write; when the log is quiet the first event still
  // goes out at once. Zero: a round per wake.
  explicit EventBus(store::Store& store,
                    std::chrono::milliseconds poll_interval = std::chrono::milliseconds(1000),
                    std::chrono::milliseconds round_interval = std::chrono::milliseconds(0));
  ~EventBus();
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  // A durable subscriber: starts after its saved checkpoint, or after `start_after` the first time.
  void subscribe(const std::string& name, int64_t start_after, Handler handler);
  // A durable subscriber that takes events a batch at a time (one transaction per batch).
  void subscribe_batch(const std::string& name, int64_t start_after, BatchHandler handler);
  // A transient subscriber: starts after `start_after`, nothing saved; `label` names it in metrics.
  void subscribe_transient(int64_t start_after, Handler handler, std::string label = "transient");

  void start();
  void stop();
  void wake();

  // The highest event id every subscriber has been given (for the lag metric).
  int64_t delivered_up_to() const { return delivered_.load(); }
  std::vector<SubscriberStats> stats() const;
  // Blocks until every subscriber has seen `event_id` or `timeout` passes (tests, shutdown).
  bool wait_delivered(int64_t event_id, std::chrono::milliseconds timeout);

 private:
  struct Subscriber {
    std::string name;
    int64_t checkpoint;
    Handler handler;
    std::string label;
    BatchHandler batch_handler;
    int64_t failures = 0;
    std::chrono::milliseconds backoff{0};
    std::chrono::steady_clock::time_point retry_at{};
    bool leased = false;  // durable: holds the lease (transient ones need none)
    double busy_seconds = 0;
    double slowest_seconds = 0;
  };
  // Takes or keeps each durable subscriber's lease; on gaining one, reloads its checkpoint.
  void renew_leases();
  void add_durable(const std::string& name, int64_t start_after, Handler handler, BatchHandler batch_handler);
  void run();
  bool deliver_batch();
  // The wait until the earliest subscriber in backoff is due (or the poll interval).
  std::chrono::milliseconds next_wait();

  store::Store& store_;
  std::chrono::milliseconds poll_interval_;
  std::chrono::milliseconds round_interval_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable delivered_changed_;
  std::list<Subscriber> subscribers_;  // a list: delivery keeps pointers across subscribe()
  bool woken_ = false;
  bool stopping_ = false;
  std::atomic<int64_t> delivered_{0};
  std::thread thread_;
};

}  // namespace weft::events
