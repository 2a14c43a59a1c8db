#include "events/subscriber.h"

#include <chrono>
#include <thread>

namespace weft::events {

Subscriber* Registry::find(const std::string& name) const {
  for (Subscriber* s : subscribers_) {
    if (s->name() == name) return s;
  }
  return nullptr;
}

std::vector<std::string> Registry::names(bool durable_only) const {
  std::vector<std::string> out;
  for (Subscriber* s : subscribers_) {
    if (!durable_only || s->durable()) out.push_back(s->name());
  }
  return out;
}

void Registry::attach(EventBus& durable, EventBus& live, int64_t log_end) const {
  for (Subscriber* s : subscribers_) {
    if (s->durable()) {
      durable.subscribe_batch(s->name(), s->starts_at_log_end() ? log_end : 0,
                              [s](std::span<const Event> events) { return s->handle_batch(events); });
    } else {
      live.subscribe_transient(log_end, [s](const Event& event) { return s->handle(event); }, s->name());
    }
  }
}

Result<RebuildReport> Registry::rebuild(const std::string& name,
                                        const std::function<void(int64_t, int64_t)>& progress) const {
  Subscriber* subscriber = find(name);
  if (subscriber == nullptr) {
    std::string known;
    for (const auto& n : names(true)) known += (known.empty() ? "" : ", ") + n;
    return invalid("subscriber", "no subscriber named " + name + " (durable ones: " + known + ")");
  }
  if (!subscriber->durable()) {
    return invalid("subscriber", name + " is live: it keeps nothing to rebuild");
  }
  const auto started = std::chrono::steady_clock::now();
  auto bounds = store::read(store_, [&](store::Connection& c) -> Result<std::pair<int64_t, int64_t>> {
    auto total = c.query_int("SELECT COUNT(*) FROM events").value_or(0);
    return std::pair{total, last_id(c)};
  });
  if (!bounds) return std::unexpected(bounds.error());
  const auto [total, last] = *bounds;
  RebuildReport report;
  if (subscriber->rebuilt_from_state()) {
    auto rebuilt = store::transact(store_, [&](store::Connection& c) -> Result<bool> {
      if (auto begun = subscriber->begin_rebuild(c); !begun) return std::unexpected(begun.error());
      if (auto built = subscriber->rebuild_from_state(c, progress); !built) return std::unexpected(built.error());
      c.execute(
          "INSERT INTO event_checkpoints (name, last_id) VALUES (?, ?) "
          "ON CONFLICT (name) DO UPDATE SET last_id = excluded.last_id",
          {name, last});
      return true;
    });
    if (!rebuilt) return std::unexpected(rebuilt.error());
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
  }
  auto emptied = store::transact(store_, [&](store::Connection& c) -> Result<bool> {
    if (auto begun = subscriber->begin_rebuild(c); !begun) return std::unexpected(begun.error());
    c.execute("DELETE FROM event_checkpoints WHERE name = ?", {name});
    return true;
  });
  if (!emptied) return std::unexpected(emptied.error());
  int64_t after = 0;
  constexpr int kBatch = 1000;
  while (after < last) {
    auto batch = store::read(store_, [&](store::Connection& c) -> Result<std::vector<Event>> {
      return read_after(c, after, kBatch);
    });
    if (!batch) return std::unexpected(batch.error());
    if (batch->empty()) break;
    std::size_t count = 0;
    while (count < batch->size() && (*batch)[count].id <= last) ++count;
    if (count == 0) break;
    std::span<const Event> events(batch->data(), count);
    // A failure here is retried like the bus would, a few times, then ends the rebuild.
    Result<void> handled;
    for (int attempt = 0; attempt < 5; ++attempt) {
      handled = subscriber->handle_batch(events);
      if (handled) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50 << attempt));
    }
    if (!handled) {
      return fail(handled.error().code,
                  "events " + std::to_string(events.front().id) + "-" + std::to_string(events.back().id) + ": " +
                      handled.error().message);
    }
    after = events.back().id;
    report.events += static_cast<int64_t>(count);
    if (progress) progress(report.events, total);
  }
  auto finished = store::transact(store_, [&](store::Connection& c) -> Result<bool> {
    if (auto ended = subscriber->end_rebuild(c); !ended) return std::unexpected(ended.error());
    c.execute(
        "INSERT INTO event_checkpoints (name, last_id) VALUES (?, ?) "
        "ON CONFLICT (name) DO UPDATE SET last_id = excluded.last_id",
        {name, last});
    return true;
  });
  if (!finished) return std::unexpected(finished.error());
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

Result<std::vector<std::string>> Registry::rebuild_missing(
    const std::function<void(const std::string&, int64_t, int64_t)>& progress) const {
  std::vector<std::string> rebuilt;
  for (Subscriber* s : subscribers_) {
    // One that starts at the log's end without a checkpoint (timelines, built lazily) needs nothing.
    if (!s->durable() || !s->rebuilt_from_state() || s->starts_at_log_end()) continue;
    const std::string name = s->name();
    auto kept = store::read(store_, [&](store::Connection& c) -> Result<bool> {
      return c.query_int("SELECT 1 FROM event_checkpoints WHERE name = ?", {name}).has_value();
    });
    if (!kept) return std::unexpected(kept.error());
    if (*kept || !store_.hold_lease("view:" + name)) continue;
    auto report = rebuild(name, [&](int64_t done, int64_t total) {
      if (progress) progress(name, done, total);
    });
    if (!report) return std::unexpected(report.error());
    rebuilt.push_back(name);
  }
  return rebuilt;
}

}  // namespace weft::events
