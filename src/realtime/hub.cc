#include "realtime/hub.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "wire/wire.h"
#include "core/json.h"
#include "core/threads.h"
#include "queries/notifications.h"
#include "queries/posts.h"

namespace weft::realtime {
namespace {
constexpr int kReplayLimit = 500;

// A post as JSON text, written straight from the post (wire::append_post_json).
std::string post_text(const Post& post) {
  std::string text;
  wire::append_post_json(text, post);
  return text;
}
}  // namespace

std::string stream_message(int64_t id, const char* type, const std::string& data_json) {
  return "{\"id\":" + std::to_string(id) + ",\"type\":\"" + type + "\",\"data\":" + data_json + "}";
}

Hub::Replay Hub::replay(const Viewer& viewer, int64_t since) {
  Replay out;
  auto& messages = out.messages;
  // Each kind is read up to kReplayLimit; when one is cut there, the other is cut at the same id,
  // so that resuming from the last id sent leaves nothing of either kind behind.
  std::optional<int64_t> cut;
  auto done = store::read(store_, [&](store::Connection& c) -> Result<bool> {
    // The notifier's checkpoint, before the notifications are read: every notification of an
    // event up to it exists already, so the replay covers that far even when it sends none.
    const int64_t notified = c.query_int("SELECT last_id FROM event_checkpoints WHERE name = 'notifications'").value_or(0);
    const auto notifications = queries::notifications_after_event(c, viewer, since, kReplayLimit);
    if (static_cast<int>(notifications.size()) >= kReplayLimit) cut = notifications.back().event_id;
    for (const auto& n : notifications) {
      messages.emplace_back(n.event_id, stream_message(n.event_id, "notification",
                                                       json::to_text(wire::notification_json(n))));
    }
    std::vector<std::pair<int64_t, int64_t>> posts;  // event id, post id
    {
      auto rows = c.query(
          "SELECT id, object_id FROM events WHERE id > ? AND verb IN (?, ?) AND actor_id <> ? "
          "ORDER BY id LIMIT ?",
          {since, std::string(events::verb_of(events::Kind::kPostCreated)),
           std::string(events::verb_of(events::Kind::kPostReshared)), viewer.person_id,
           kReplayLimit});
      while (rows->next()) posts.emplace_back(rows->int64(0), rows->int64(1));
    }
    if (static_cast<int>(posts.size()) >= kReplayLimit) {
      cut = std::min(cut.value_or(INT64_MAX), posts.back().first);
    }
    // Each kind up to the last one read (a live message of that kind at or below it was read
    // here; one above it was not, and is sent as it comes).
    out.posts_through = posts.empty() ? since : posts.back().first;
    out.notifications_through =
        std::max({since, notified, notifications.empty() ? since : notifications.back().event_id});
    if (cut) {
      // Cut short: every kind was sent up to the cut, none beyond it.
      out.posts_through = *cut;
      out.notifications_through = *cut;
    }
    for (auto& [event_id, post_id] : posts) {
      if (cut && event_id > *cut) break;
      if (!queries::in_home_feed(c, viewer, post_id)) continue;
      auto loaded = queries::load_posts(c, viewer, {post_id});
      if (loaded.empty()) continue;
      messages.emplace_back(event_id, stream_message(event_id, "post", post_text(loaded[0])));
    }
    return true;
  });
  if (!done) spdlog::warn("stream replay: {}", done.error().message);
  if (cut) {
    std::erase_if(messages, [&](const auto& m) { return m.first > *cut; });
    out.truncated = true;
  }
  std::stable_sort(messages.begin(), messages.end(), [](auto& a, auto& b) { return a.first < b.first; });
  return out;
}

void Hub::attach(const actions::Authenticated& auth, std::shared_ptr<Sink> sink,
                 std::optional<int64_t> since) {
  auto client = std::make_shared<Client>();
  client->auth = auth;
  client->viewer = auth.viewer;
  client->sink = sink;
  {
    std::lock_guard lock(mutex_);
    clients_.push_back(client);
  }
  // The credential again, now that a change of rights would find this stream: one that ended
  // between the upgrade's check and here (a sign-out, a revocation, a deactivation) closes it.
  auto fresh = actions::recheck(store_, auth);
  if (!fresh) {
    detach(sink.get());
    sink->revoke();
    return;
  }
  Viewer viewer;
  {
    std::lock_guard lock(mutex_);
    client->auth = *fresh;
    client->viewer = fresh->viewer;
    viewer = client->viewer;
  }
  Replay replayed;
  if (since) {
    replayed = replay(viewer, *since);
    for (auto& [id, message] : replayed.messages) sink->send(std::move(message));
    if (replayed.truncated) {
      // More than one replay holds: this much, a line that says how far it went (every kind up to
      // there was sent), then the close; the client resumes from there.
      const int64_t through = replayed.posts_through;  // the cut, for both kinds
      sink->send(stream_message(through, "more", "{\"through\":" + std::to_string(through) + "}"));
      detach(sink.get());
      sink->close_for_more();
      return;
    }
  }
  auto last_event = store::read(store_, [](store::Connection& c) -> Result<int64_t> {
    return events::last_id(c);
  });
  std::vector<Client::Held> pending;
  {
    std::lock_guard lock(mutex_);
    client->replayed_posts = replayed.posts_through;
    client->replayed_notifications = replayed.notifications_through;
    client->live = true;
    pending.swap(client->pending);
  }
  for (auto& held : pending) {
    if (held.id > (held.notification ? replayed.notifications_through : replayed.posts_through)) {
      sink->send(std::move(held.message));
    }
  }
  // After a resume, how far the replay went of each kind: a client takes these as its last ids
  // (a kind it had seen nothing of no longer holds its resumes back).
  std::string hello = "{\"last_event_id\":" + std::to_string(last_event.value_or(0));
  if (since) {
    hello += ",\"replayed_through\":{\"post\":" + std::to_string(replayed.posts_through) +
             ",\"notification\":" + std::to_string(replayed.notifications_through) + "}";
  }
  sink->send(stream_message(0, "hello", hello + "}"));
}

void Hub::detach(const Sink* sink) {
  std::lock_guard lock(mutex_);
  std::erase_if(clients_, [&](const auto& client) { return client->sink.get() == sink; });
}

void Hub::close_all() {
  std::vector<std::shared_ptr<Client>> clients;
  {
    std::lock_guard lock(mutex_);
    clients = clients_;
  }
  for (auto& client : clients) client->sink->close();
}

std::size_t Hub::connections() const {
  std::lock_guard lock(mutex_);
  return clients_.size();
}

std::size_t Hub::connections_of(int64_t person_id) const {
  std::lock_guard lock(mutex_);
  return std::count_if(clients_.begin(), clients_.end(),
                       [&](const auto& client) { return client->viewer.person_id == person_id; });
}

class Hub::StreamSlot {
 public:
  StreamSlot(std::shared_ptr<StreamCounts> counts, int64_t person) : counts_(std::move(counts)), person_(person) {}
  StreamSlot(const StreamSlot&) = delete;
  StreamSlot& operator=(const StreamSlot&) = delete;
  ~StreamSlot() {
    std::lock_guard lock(counts_->mutex);
    if (--counts_->open[person_] <= 0) counts_->open.erase(person_);
  }

 private:
  std::shared_ptr<StreamCounts> counts_;  // outlives the hub if a connection does
  int64_t person_;
};

std::shared_ptr<Hub::StreamSlot> Hub::reserve_stream(int64_t person_id, int cap) {
  std::lock_guard lock(stream_counts_->mutex);
  int& open = stream_counts_->open[person_id];
  if (open >= cap) return nullptr;
  ++open;
  return std::make_shared<StreamSlot>(stream_counts_, person_id);
}

Hub::~Hub() {
  {
    std::lock_guard lock(sweep_mutex_);
    stopping_ = true;
  }
  sweep_wake_.notify_all();
  if (sweeper_.joinable()) sweeper_.join();
}

void Hub::start_rechecks(std::chrono::seconds every) {
  sweeper_ = std::thread([this, every] {
    core::name_thread("weft-streams");
    std::unique_lock lock(sweep_mutex_);
    while (!sweep_wake_.wait_for(lock, every, [this] { return stopping_; })) {
      lock.unlock();
      recheck_all();
      lock.lock();
    }
  });
}

void Hub::recheck_all() {
  std::vector<std::shared_ptr<Client>> clients;
  {
    std::lock_guard lock(mutex_);
    clients = clients_;
  }
  recheck_clients(clients);
}

void Hub::recheck(const events::Event& event) {
  if (!event.object_id) return;
  std::vector<std::shared_ptr<Client>> affected;
  {
    std::lock_guard lock(mutex_);
    for (auto& client : clients_) {
      const bool hit = event.object_type() == "token"
                           ? client->auth.token_id == *event.object_id
                           : client->viewer.person_id == *event.object_id;
      if (hit) affected.push_back(client);
    }
  }
  recheck_clients(affected);
}

void Hub::recheck_clients(const std::vector<std::shared_ptr<Client>>& clients) {
  for (auto& client : clients) {
    actions::Authenticated auth;
    {
      std::lock_guard lock(mutex_);
      auth = client->auth;
    }
    auto fresh = actions::recheck(store_, auth);
    if (!fresh) {
      client->sink->revoke();
      continue;
    }
    // Written only when the rights changed (a role, a unit): a fan-out may be reading the viewer.
    const Viewer& now = fresh->viewer;
    std::lock_guard lock(mutex_);
    if (now.person_id != client->viewer.person_id || now.role != client->viewer.role ||
        now.unit_id != client->viewer.unit_id) {
      client->auth = *fresh;
      client->viewer = now;
    }
  }
}

void Hub::deliver(const std::shared_ptr<Client>& client, int64_t id, bool notification, std::string message) {
  {
    std::lock_guard lock(mutex_);
    if (!client->live) {
      client->pending.push_back({id, notification, std::move(message)});
      return;
    }
    if (id <= (notification ? client->replayed_notifications : client->replayed_posts)) return;
  }
  client->sink->send(std::move(message));
}

void Hub::on_event(const events::Event& event) {
  using events::Kind;
  switch (event.kind()) {
    case Kind::kSessionEnded:
    case Kind::kPersonPasswordChanged:
    case Kind::kPersonCredentialsEnded:
    case Kind::kTokenRevoked:
    case Kind::kPersonUpdated:
    case Kind::kPersonDeactivated:
    case Kind::kPersonReactivated:
      recheck(event);
      return;
    case Kind::kPostCreated:
    case Kind::kPostReshared:
      break;
    default:
      return;
  }
  if (!event.object_id) return;
  // Each client with a copy of its viewer, taken under the lock: a recheck on the sweeper may
  // change a client's viewer while this event is being fanned out.
  std::vector<std::pair<std::shared_ptr<Client>, Viewer>> clients;
  {
    std::lock_guard lock(mutex_);
    for (auto& client : clients_) clients.emplace_back(client, client->viewer);
  }
  if (clients.empty()) return;
  // Who of the people connected (each once, however many tabs) gets the post: one query over
  // their people rows for all of them, then the post loaded as each connection's viewer sees it
  // (load_posts drops what that viewer may not read: a token never sees more than its person).
  std::vector<int64_t> people;
  for (const auto& [client, viewer] : clients) {
    if (!event.actor_id || viewer.person_id != *event.actor_id) people.push_back(viewer.person_id);
  }
  std::sort(people.begin(), people.end());
  people.erase(std::unique(people.begin(), people.end()), people.end());
  std::unordered_set<int64_t> audience;
  // The message as each viewer sees it, once per viewer rather than per person: one person's
  // connections may see differently (an admin's token without the admin scope reads as a member).
  std::map<std::tuple<int64_t, int, int64_t>, std::optional<std::string>> by_viewer;
  auto done = store::read(store_, [&](store::Connection& c) -> Result<bool> {
    for (int64_t person : queries::home_feed_audience(c, *event.object_id, people)) audience.insert(person);
    for (const auto& [client, v] : clients) {
      if (!audience.contains(v.person_id)) continue;
      auto [it, fresh] = by_viewer.try_emplace({v.person_id, static_cast<int>(v.role), v.unit_id.value_or(0)});
      if (fresh) {
        auto posts = queries::load_posts(c, v, {*event.object_id});
        if (!posts.empty()) it->second = stream_message(event.id, "post", post_text(posts[0]));
      }
      if (it->second) deliver(client, event.id, false, *it->second);
    }
    return true;
  });
  if (!done) spdlog::warn("realtime: event {}: {}", event.id, done.error().message);
}

void Hub::on_notification(const Notification& notification, int64_t event_id) {
  std::vector<std::pair<std::shared_ptr<Client>, Viewer>> clients;  // viewers copied under the lock
  {
    std::lock_guard lock(mutex_);
    for (auto& client : clients_) {
      if (client->viewer.person_id == notification.person_id) clients.emplace_back(client, client->viewer);
    }
  }
  if (clients.empty()) return;
  std::string message = stream_message(event_id, "notification",
                                       json::to_text(wire::notification_json(notification)));
  // The notifier checked the person's rights; a connection may have fewer (a token without the
  // admin scope), so each is checked as its own viewer, as replay and GET /notifications do.
  std::map<std::tuple<int64_t, int, int64_t>, bool> visible;
  auto done = store::read(store_, [&](store::Connection& c) -> Result<bool> {
    for (const auto& [client, v] : clients) {
      auto [it, fresh] = visible.try_emplace({v.person_id, static_cast<int>(v.role), v.unit_id.value_or(0)});
      if (fresh) it->second = queries::notification_visible(c, v, notification.id);
      if (it->second) deliver(client, event_id, true, message);
    }
    return true;
  });
  if (!done) spdlog::warn("realtime: notification {}: {}", notification.id, done.error().message);
}

}  // namespace weft::realtime
