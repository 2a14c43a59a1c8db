#include "events/bus.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "core/threads.h"
#include "store/store.h"

namespace weft::events {

EventBus::EventBus(store::Store& store, std::chrono::milliseconds poll_interval,
                   std::chrono::milliseconds round_interval)
    : store_(store), poll_interval_(poll_interval), round_interval_(round_interval) {}

EventBus::~EventBus() { stop(); }

void EventBus::subscribe(const std::string& name, int64_t start_after, Handler handler) {
  add_durable(name, start_after, std::move(handler), nullptr);
}

void EventBus::subscribe_batch(const std::string& name, int64_t start_after, BatchHandler handler) {
  add_durable(name, start_after, nullptr, std::move(handler));
}

void EventBus::add_durable(const std::string& name, int64_t start_after, Handler handler,
                           BatchHandler batch_handler) {
  int64_t checkpoint = start_after;
  auto saved = store::read(store_, [&](store::Connection& c) -> Result<std::optional<int64_t>> {
    return c.query_int("SELECT last_id FROM event_checkpoints WHERE name = ?", {name});
  });
  if (saved && *saved) {
    checkpoint = **saved;
  } else if (saved && start_after > 0) {
    // The first start, after the log's end: recorded now, so that readers comparing the log with
    // this view's checkpoint (timelines) know where it begins.
    (void)store::transact(store_, [&](store::Connection& c) -> Result<bool> {
      c.execute("INSERT INTO event_checkpoints (name, last_id) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                {name, start_after});
      return true;
    });
  }
  std::lock_guard lock(mutex_);
  subscribers_.push_back({name, checkpoint, std::move(handler), name, std::move(batch_handler)});
  woken_ = true;
  wake_.notify_one();
}

void EventBus::subscribe_transient(int64_t start_after, Handler handler, std::string label) {
  std::lock_guard lock(mutex_);
  subscribers_.push_back({"", start_after, std::move(handler), std::move(label), nullptr});
  woken_ = true;
  wake_.notify_one();
}

void EventBus::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] {
    core::name_thread("weft-events");
    run();
  });
}

void EventBus::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void EventBus::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_one();
}

bool EventBus::wait_delivered(int64_t event_id, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return delivered_changed_.wait_for(lock, timeout, [&] { return delivered_.load() >= event_id; });
}

std::vector<EventBus::SubscriberStats> EventBus::stats() const {
  std::lock_guard lock(mutex_);
  std::vector<SubscriberStats> out;
  const auto now = std::chrono::steady_clock::now();
  for (const auto& s : subscribers_) {
    out.push_back({s.label, s.checkpoint, s.failures, s.retry_at > now, s.name.empty() || s.leased, s.busy_seconds,
                   s.slowest_seconds});
  }
  return out;
}

std::chrono::milliseconds EventBus::next_wait() {
  std::lock_guard lock(mutex_);
  auto wait = poll_interval_;
  const auto now = std::chrono::steady_clock::now();
  for (const auto& s : subscribers_) {
    if (s.retry_at > now) {
      auto due = std::chrono::duration_cast<std::chrono::milliseconds>(s.retry_at - now) +
                 std::chrono::milliseconds(1);
      wait = std::min(wait, due);
    }
  }
  return wait;
}

void EventBus::run() {
  std::chrono::steady_clock::time_point last_round{};
  while (true) {
    const auto wait = next_wait();
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, wait, [&] { return woken_ || stopping_; });
      if (stopping_) return;
      // Too soon after the last round: the events committed until it is due go out together.
      if (wake_.wait_until(lock, last_round + round_interval_, [&] { return stopping_; })) return;
      woken_ = false;
    }
    last_round = std::chrono::steady_clock::now();
    try {
      while (deliver_batch()) {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
      }
    } catch (const std::exception& e) {
      spdlog::error("event bus: {}", e.what());
    }
  }
}

void EventBus::renew_leases() {
  std::vector<Subscriber*> durable;
  {
    std::lock_guard lock(mutex_);
    for (auto& s : subscribers_) {
      if (!s.name.empty()) durable.push_back(&s);
    }
  }
  for (Subscriber* s : durable) {
    const bool held = store_.hold_lease("view:" + s->name);
    if (held && !s->leased) {
      // Another process may have worked it meanwhile: go on from where it stopped.
      auto saved = store::read(store_, [&](store::Connection& c) -> Result<std::optional<int64_t>> {
        return c.query_int("SELECT last_id FROM event_checkpoints WHERE name = ?", {s->name});
      });
      if (!saved) {
        spdlog::warn("event bus: {}: checkpoint not read: {}", s->name, saved.error().message);
        continue;
      }
      std::lock_guard lock(mutex_);
      if (*saved) s->checkpoint = **saved;
      s->leased = true;
    } else if (!held && s->leased) {
      spdlog::warn("event bus: {}: lease lost; another node works it now", s->name);
      std::lock_guard lock(mutex_);
      s->leased = false;
    }
  }
}

namespace {
constexpr int64_t kSlowHandlerMs = 250;
}  // namespace

bool EventBus::deliver_batch() {
  // Whatever the subscribers write here, and their checkpoints, can be made again from the log.
  store::DerivedWrites derived;
  constexpr int kBatch = 500;
  constexpr auto kFirstBackoff = std::chrono::milliseconds(50);
  constexpr auto kMaxBackoff = std::chrono::milliseconds(30000);
  renew_leases();
  const auto now = std::chrono::steady_clock::now();
  // Subscribers without their lease, and those waiting out a backoff, sit this batch out, so one failing view never holds the
  // others back; they read from their own checkpoint again when due.
  std::vector<Subscriber*> ready;
  {
    std::lock_guard lock(mutex_);
    for (auto& s : subscribers_) {  // subscribers_ only grows while the bus thread is not reading it
      if (s.retry_at > now || (!s.name.empty() && !s.leased)) continue;
      ready.push_back(&s);
    }
  }
  if (ready.empty()) return false;
  // Each checkpoint reads the log from itself: a view far behind (one added to a store with a
  // long history, one back from a long failure) catches up a batch at a time between the others'
  // rounds instead of holding them all back at its place in the log.
  std::map<int64_t, std::vector<Subscriber*>> by_checkpoint;
  for (Subscriber* s : ready) by_checkpoint[s->checkpoint].push_back(s);
  std::vector<Subscriber*> failed;
  bool progressed = false;
  bool more = false;
  auto failure = [&](Subscriber* subscriber, int64_t event_id, const Error& error) {
    std::lock_guard lock(mutex_);
    subscriber->failures += 1;
    subscriber->backoff = subscriber->backoff.count() == 0 ? kFirstBackoff
                                                           : std::min(kMaxBackoff, subscriber->backoff * 2);
    subscriber->retry_at = std::chrono::steady_clock::now() + subscriber->backoff;
    failed.push_back(subscriber);
    spdlog::error("event bus: subscriber {} failed on event {} (retry in {} ms): {}", subscriber->label,
                  event_id, subscriber->backoff.count(), error.message);
  };
  // Every subscriber of this bus waits while one handles: a slow call is logged with what it was
  // given, and each one's time is counted for /metrics.
  auto timed = [&](Subscriber* subscriber, int64_t first_id, std::size_t events, auto&& call) {
    const auto began = std::chrono::steady_clock::now();
    Result<void> handled;
    try {
      handled = call();
    } catch (const std::exception& e) {
      handled = fail(ErrorCode::kInternal, e.what());
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    {
      std::lock_guard lock(mutex_);
      subscriber->busy_seconds += seconds;
      subscriber->slowest_seconds = std::max(subscriber->slowest_seconds, seconds);
    }
    if (seconds * 1000 >= static_cast<double>(kSlowHandlerMs)) {
      spdlog::warn("event bus: subscriber {} took {:.0f} ms on {} event(s) from {}", subscriber->label, seconds * 1000,
                   events, first_id);
    }
    return handled;
  };
  auto handled_up_to = [&](Subscriber* subscriber, int64_t event_id) {
    std::lock_guard lock(mutex_);
    subscriber->checkpoint = event_id;
    subscriber->backoff = std::chrono::milliseconds(0);
    progressed = true;
  };
  for (auto& [from, group] : by_checkpoint) {
    auto batch = store::read(store_, [&](store::Connection& c) -> Result<std::vector<Event>> {
      return read_after(c, from, kBatch);
    });
    if (!batch) {
      spdlog::warn("event bus: {}", batch.error().message);
      return false;
    }
    if (static_cast<int>(batch->size()) == kBatch) more = true;
    for (const Event& event : *batch) {
      for (Subscriber* subscriber : group) {
        if (subscriber->batch_handler) continue;
        if (std::find(failed.begin(), failed.end(), subscriber) != failed.end()) continue;
        Result<void> handled = timed(subscriber, event.id, 1, [&] { return subscriber->handler(event); });
        if (!handled) {
          failure(subscriber, event.id, handled.error());
          continue;
        }
        handled_up_to(subscriber, event.id);
      }
    }
    if (batch->empty()) continue;
    // Batch subscribers (durable views): the whole batch at once, after the live ones above, so
    // that a realtime push never waits for a view's transactions.
    for (Subscriber* subscriber : group) {
      if (!subscriber->batch_handler) continue;
      std::span<const Event> events(*batch);
      Result<void> handled =
          timed(subscriber, events.front().id, events.size(), [&] { return subscriber->batch_handler(events); });
      if (!handled) {
        failure(subscriber, events.front().id, handled.error());
      } else {
        handled_up_to(subscriber, events.back().id);
      }
    }
  }
  // Save durable checkpoints once per batch.
  std::vector<std::pair<std::string, int64_t>> to_save;
  int64_t lowest = INT64_MAX;
  {
    std::lock_guard lock(mutex_);
    for (auto& s : subscribers_) {
      if (!s.name.empty() && !s.leased) continue;  // another process works it
      if (!s.name.empty()) to_save.emplace_back(s.name, s.checkpoint);
      lowest = std::min(lowest, s.checkpoint);
    }
  }
  if (progressed && !to_save.empty()) {
    auto saved = store::transact(store_, [&](store::Connection& c) -> Result<bool> {
      for (auto& [name, id] : to_save) {
        c.execute(
            "INSERT INTO event_checkpoints (name, last_id) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET last_id = excluded.last_id "
            "WHERE event_checkpoints.last_id < excluded.last_id",  // never back (a lease just lost)
            {name, id});
      }
      return true;
    });
    if (!saved) spdlog::warn("event bus: checkpoint not saved: {}", saved.error().message);
  }
  {
    std::lock_guard lock(mutex_);
    if (lowest != INT64_MAX && lowest > delivered_.load()) delivered_.store(lowest);
  }
  delivered_changed_.notify_all();
  return progressed && more;
}

}  // namespace weft::events
