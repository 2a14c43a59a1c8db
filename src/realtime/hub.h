// Hub: the realtime fan-out. Each WebSocket connection registers a Client (who it is, and a Sink
// that queues text frames on the connection's own strand). The hub is fed from the activity log
// on the bus thread: a new post goes to every connected person whose home feed it enters (checked
// against the store with the person's own visibility), a new notification to its person. A client
// resuming with `since` first gets what it missed, then live messages, in event-id order. When a
// person's rights change (sign-out, password, tokens, deactivation, role or unit), their streams
// are checked again: those whose credential ended are closed, the others carry the new rights.
//
// Thread-safety: attach/detach from io threads, publish_* from the bus thread; the client list is
// copied under the lock and sends happen outside it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "actions/accounts.h"
#include "events/subscriber.h"
#include "model/notification.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::realtime {

class Sink {
 public:
  virtual ~Sink() = default;
  // Queues a text frame; never blocks. A sink whose queue overflows closes itself.
  virtual void send(std::string text) = 0;
  virtual void close() = 0;
  // Closes with 1008 (policy violation): the credential the stream was opened with no longer holds.
  virtual void revoke() = 0;
  // Closes with 4000 ("more to replay") once what was queued is sent: a resume had more to send
  // than one replay holds, and the client resumes again from the last id it got.
  virtual void close_for_more() = 0;
};

class Hub final : public events::LiveSubscriber {
 public:
  explicit Hub(store::Store& store) : store_(store) {}
  ~Hub() override;
  // Checks every open stream's credential again every `every` (a session or token that expired
  // is no event): those that no longer hold are closed.
  void start_rechecks(std::chrono::seconds every);
  void recheck_all();
  std::string name() const override { return "realtime"; }
  Result<void> handle(const events::Event& event) override {
    on_event(event);
    return {};
  }

  // Registers a connection opened with `auth`; sends missed messages after `since` (when given),
  // then "hello".
  void attach(const actions::Authenticated& auth, std::shared_ptr<Sink> sink, std::optional<int64_t> since);
  void detach(const Sink* sink);
  void close_all();
  std::size_t connections() const;
  std::size_t connections_of(int64_t person_id) const;

  // A place for one of the person's streams, taken when the upgrade is accepted and given back
  // when the last copy of it goes (with the connection, or the refused upgrade): the cap holds
  // however many streams open at once. Null when the person has `cap` already.
  class StreamSlot;
  std::shared_ptr<StreamSlot> reserve_stream(int64_t person_id, int cap);

  // Bus thread: a new event from the log.
  void on_event(const events::Event& event);
  // Bus thread (the notifier): a notification was stored.
  void on_notification(const Notification& notification, int64_t event_id);

 private:
  struct StreamCounts {
    std::mutex mutex;
    std::unordered_map<int64_t, int> open;
  };
  std::shared_ptr<StreamCounts> stream_counts_ = std::make_shared<StreamCounts>();

  struct Client {
    actions::Authenticated auth;  // the credential the stream was opened with
    Viewer viewer;
    std::shared_ptr<Sink> sink;
    bool live = false;
    // What the replay covered, per kind: a live message at or below it was sent already. Kept
    // apart because notifications come from the notifier, behind the posts of the same events.
    int64_t replayed_posts = 0;
    int64_t replayed_notifications = 0;
    struct Held {
      int64_t id;
      bool notification;
      std::string message;
    };
    std::vector<Held> pending;  // live messages held during replay
  };
  void deliver(const std::shared_ptr<Client>& client, int64_t id, bool notification, std::string message);
  // A change of rights: each affected stream is checked against its credential again.
  void recheck(const events::Event& event);
  // What a resume after `since` sends, in id order; `truncated` when there was more (then every
  // message up to the last one sent was sent, of each kind).
  struct Replay {
    std::vector<std::pair<int64_t, std::string>> messages;
    bool truncated = false;
    int64_t posts_through = 0;          // every post event up to here was considered
    int64_t notifications_through = 0;  // the last notification's event sent
  };
  Replay replay(const Viewer& viewer, int64_t since);

  void recheck_clients(const std::vector<std::shared_ptr<Client>>& clients);
  store::Store& store_;
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<Client>> clients_;
  std::mutex sweep_mutex_;
  std::condition_variable sweep_wake_;
  bool stopping_ = false;
  std::thread sweeper_;
};

std::string stream_message(int64_t id, const char* type, const std::string& data_json);

}  // namespace weft::realtime
