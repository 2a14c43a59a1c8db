#include "events/bus.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace weft::events {

EventBus::EventBus(store::Store& store, std::chrono::milliseconds poll_interval)
    : store_(store), poll_interval_(poll_interval) {}

EventBus::~EventBus() { stop(); }

void EventBus::subscribe(const std::string& name, int64_t start_after, Handler handler) {
  int64_t checkpoint = start_after;
  auto saved = store::read(store_, [&](store::Connection& c) -> Result<std::optional<int64_t>> {
    return c.query_int("SELECT last_id FROM event_checkpoints WHERE name = ?", {name});
  });
  if (saved && *saved) checkpoint = **saved;
  std::lock_guard lock(mutex_);
  subscribers_.push_back({name, checkpoint, std::move(handler)});
  woken_ = true;
  wake_.notify_one();
}

void EventBus::subscribe_transient(int64_t start_after, Handler handler) {
  std::lock_guard lock(mutex_);
  subscribers_.push_back({"", start_after, std::move(handler)});
  woken_ = true;
  wake_.notify_one();
}

void EventBus::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
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

void EventBus::run() {
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, poll_interval_, [&] { return woken_ || stopping_; });
      if (stopping_) return;
      woken_ = false;
    }
    try {
      while (deliver_batch()) {
      }
    } catch (const std::exception& e) {
      spdlog::error("event bus: {}", e.what());
    }
  }
}

bool EventBus::deliver_batch() {
  constexpr int kBatch = 500;
  std::vector<Subscriber*> subscribers;
  int64_t from;
  {
    std::lock_guard lock(mutex_);
    if (subscribers_.empty()) return false;
    from = subscribers_.front().checkpoint;
    for (auto& s : subscribers_) {
      from = std::min(from, s.checkpoint);
      subscribers.push_back(&s);  // subscribers_ only grows while the bus thread is not reading it
    }
  }
  auto batch = store::read(store_, [&](store::Connection& c) -> Result<std::vector<Event>> {
    return read_after(c, from, kBatch);
  });
  if (!batch) {
    spdlog::warn("event bus: {}", batch.error().message);
    return false;
  }
  int64_t last_seen = from;
  for (const Event& event : *batch) {
    std::vector<std::pair<Subscriber*, Handler>> due;
    {
      std::lock_guard lock(mutex_);
      for (auto& s : subscribers_) {
        if (s.checkpoint < event.id) due.emplace_back(&s, s.handler);
      }
    }
    for (auto& [subscriber, handler] : due) {
      try {
        handler(event);
      } catch (const std::exception& e) {
        spdlog::error("event bus: subscriber {} failed on event {}: {}", subscriber->name, event.id,
                      e.what());
      }
      std::lock_guard lock(mutex_);
      subscriber->checkpoint = event.id;
    }
    last_seen = event.id;
  }
  // Save durable checkpoints once per batch.
  std::vector<std::pair<std::string, int64_t>> to_save;
  int64_t lowest = last_seen;
  {
    std::lock_guard lock(mutex_);
    for (auto& s : subscribers_) {
      if (!s.name.empty()) to_save.emplace_back(s.name, s.checkpoint);
      lowest = std::min(lowest, s.checkpoint);
    }
  }
  if (!batch->empty() && !to_save.empty()) {
    auto saved = store::transact(store_, [&](store::Connection& c) -> Result<bool> {
      for (auto& [name, id] : to_save) {
        c.execute(
            "INSERT INTO event_checkpoints (name, last_id) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET last_id = excluded.last_id",
            {name, id});
      }
      return true;
    });
    if (!saved) spdlog::warn("event bus: checkpoint not saved: {}", saved.error().message);
  }
  {
    std::lock_guard lock(mutex_);
    if (lowest > delivered_.load()) delivered_.store(lowest);
  }
  delivered_changed_.notify_all();
  return static_cast<int>(batch->size()) == kBatch;
}

}  // namespace weft::events
