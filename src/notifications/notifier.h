// Notifier: turns activity-log events into notifications — mention, reply, reaction, follow,
// reshare — for the people concerned. A durable event-bus subscriber ("notifications"), so a
// restart resumes where it stopped, and idempotent (one row per person, event and kind), so
// at-least-once delivery never doubles a notification. Never notifies people of their own acts or
// of posts they may not see. Runs on the bus thread.
#pragma once

#include <functional>
#include <span>

#include <tuple>
#include <vector>

#include "events/subscriber.h"
#include "model/notification.h"
#include "store/store.h"

namespace weft::notifications {

class Notifier final : public events::Subscriber {
 public:
  // `published` is called after each new notification is stored (realtime pushes it).
  using Published = std::function<void(const Notification&, int64_t event_id)>;
  Notifier(store::Store& store, Published published) : store_(store), published_(std::move(published)) {}
  // Called in the transaction that stores each new notification (e-mail queues a message there).
  using Mailer = std::function<void(store::Connection&, const Notification&)>;
  void set_mailer(Mailer mailer) { mailer_ = std::move(mailer); }
  std::string name() const override { return "notifications"; }
  // Fails (and is retried by the bus) when the notifications could not be stored.
  Result<void> handle(const events::Event& event) override {
    return handle_batch(std::span<const events::Event>(&event, 1));
  }
  // A batch's notifications are stored in one transaction (a rebuild replays millions of events).
  Result<void> handle_batch(std::span<const events::Event> events) override;
  // A rebuild keeps what people did: a notification that comes back keeps its read mark.
  Result<void> begin_rebuild(store::Connection& c) override;
  Result<void> end_rebuild(store::Connection& c) override;

 private:
  store::Store& store_;
  Published published_;
  Mailer mailer_;
  std::vector<std::tuple<int64_t, int64_t, std::string, int64_t>> read_marks_;  // person, event, kind, at
};

}  // namespace weft::notifications
