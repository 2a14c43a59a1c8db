// Subscriber: a view derived from the activity log. Each has a name (its checkpoint key and its
// /metrics label) and handles events in id order; a failure leaves its checkpoint before the event
// and the bus offers it again after a backoff (bus.h).
//
// Durable subscribers (notifications, timelines, search, …) keep a checkpoint in the store and can
// be rebuilt: begin_rebuild empties the view, the whole log is replayed through handle, and
// end_rebuild finishes (for instance restores what people did to the old rows, such as read
// marks). Live subscribers (realtime pushes, the deadline timer) start at the log's end each time
// the server starts and have nothing to rebuild.
//
// The Registry lists every subscriber of a process, attaches them to the bus, and rebuilds one by
// name (`weft rebuild NAME`).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "events/bus.h"
#include "events/event_log.h"

namespace weft::events {

class Subscriber {
 public:
  virtual ~Subscriber() = default;
  virtual std::string name() const = 0;
  virtual Result<void> handle(const Event& event) = 0;
  // Durable subscribers are given the log a batch at a time (up to 500 events): a view that
  // writes may do so in one transaction per batch. By default, each event in turn. On failure
  // the whole batch is offered again, so handling must be idempotent (it is at-least-once anyway).
  virtual Result<void> handle_batch(std::span<const Event> events) {
    for (const Event& event : events) {
      if (auto handled = handle(event); !handled) return handled;
    }
    return {};
  }
  virtual bool durable() const { return true; }
  // Where a durable subscriber starts the first time (no checkpoint yet): from the first event, or,
  // for a view that builds what it needs lazily (timelines), after the last one.
  virtual bool starts_at_log_end() const { return false; }
  // In one transaction, before a replay from the first event.
  virtual Result<void> begin_rebuild(store::Connection& c) = 0;
  virtual Result<void> end_rebuild(store::Connection&) { return {}; }
  // A view of what items say now rather than of their history (the search index) is rebuilt from
  // the tables, in the transaction of begin_rebuild, instead of by replaying the log.
  virtual bool rebuilt_from_state() const { return false; }
  virtual Result<void> rebuild_from_state(store::Connection&, const std::function<void(int64_t, int64_t)>&) {
    return {};
  }
};

// A live subscriber: nothing stored, nothing to rebuild.
class LiveSubscriber : public Subscriber {
 public:
  bool durable() const override { return false; }
  Result<void> begin_rebuild(store::Connection&) override {
    return invalid("subscriber", name() + " is live: it keeps nothing to rebuild");
  }
};

// Fault injection for tests of recovery (WEFT_FAULT_SUBSCRIBER=name:count): wraps a durable
// subscriber so that its first `count` batches fail as a busy store would, before reaching it.
class FailingFirst final : public Subscriber {
 public:
  FailingFirst(Subscriber& inner, int count) : inner_(inner), left_(count) {}
  std::string name() const override { return inner_.name(); }
  Result<void> handle(const Event& event) override {
    return handle_batch(std::span<const Event>(&event, 1));
  }
  Result<void> handle_batch(std::span<const Event> events) override {
    if (left_ > 0) {
      --left_;
      return fail(ErrorCode::kUnavailable, "injected fault (WEFT_FAULT_SUBSCRIBER): the store is busy");
    }
    return inner_.handle_batch(events);
  }
  bool durable() const override { return inner_.durable(); }
  bool starts_at_log_end() const override { return inner_.starts_at_log_end(); }
  Result<void> begin_rebuild(store::Connection& c) override { return inner_.begin_rebuild(c); }
  Result<void> end_rebuild(store::Connection& c) override { return inner_.end_rebuild(c); }
  bool rebuilt_from_state() const override { return inner_.rebuilt_from_state(); }
  Result<void> rebuild_from_state(store::Connection& c,
                                  const std::function<void(int64_t, int64_t)>& progress) override {
    return inner_.rebuild_from_state(c, progress);
  }

 private:
  Subscriber& inner_;
  int left_;
};

struct RebuildReport {
  int64_t events = 0;  // replayed
  double seconds = 0;
};

class Registry {
 public:
  explicit Registry(store::Store& store) : store_(store) {}
  void add(Subscriber& subscriber) { subscribers_.push_back(&subscriber); }
  Subscriber* find(const std::string& name) const;
  std::vector<std::string> names(bool durable_only) const;

  // Durable subscribers resume from their checkpoint (the first time: from the first event, or
  // after `log_end` if they start at the log's end); live ones start after `log_end`.
  void attach(EventBus& bus, int64_t log_end) const { attach(bus, bus, log_end); }
  // Live subscribers on a bus of their own: a durable view catching up on a backlog (after a burst
  // of writes) then never holds back realtime pushes, which would otherwise wait for its batches.
  void attach(EventBus& durable, EventBus& live, int64_t log_end) const;

  // Empties the view of the durable subscriber `name`, replays the whole log into it and saves
  // its checkpoint at the last event. Run with the server stopped (the bus must not be feeding the
  // same view). `progress(done, total)` is called after each batch.
  Result<RebuildReport> rebuild(const std::string& name,
                                const std::function<void(int64_t, int64_t)>& progress) const;

  // Rebuilds, before the bus starts, every view rebuilt from state that has no checkpoint and
  // does not start at the log's end (the search index): its store lost it, or made it anew
  // (SQLite's search file after an upgrade or a restore). Replaying the whole log into such a
  // view would re-index each item once per event. Answers the names rebuilt.
  Result<std::vector<std::string>> rebuild_missing(
      const std::function<void(const std::string&, int64_t, int64_t)>& progress) const;

 private:
  store::Store& store_;
  std::vector<Subscriber*> subscribers_;
};

}  // namespace weft::events
