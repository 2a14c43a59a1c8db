// Notifier: turns activity-log events into notifications — mention, reply, reaction, follow,
// reshare — for the people concerned. A durable event-bus subscriber ("notifications"), so a
// restart resumes where it stopped, and idempotent (one row per person, event and kind), so
// at-least-once delivery never doubles a notification. Never notifies people of their own acts or
// of posts they may not see. Runs on the bus thread.
#pragma once

#include <functional>

#include "events/event_log.h"
#include "model/notification.h"
#include "store/store.h"

namespace weft::notifications {

class Notifier {
 public:
  // `published` is called after each new notification is stored (realtime pushes it).
  using Published = std::function<void(const Notification&, int64_t event_id)>;
  Notifier(store::Store& store, Published published) : store_(store), published_(std::move(published)) {}
  // Fails (and is retried by the bus) when the notifications could not be stored.
  Result<void> handle(const events::Event& event);

 private:
  store::Store& store_;
  Published published_;
};

}  // namespace weft::notifications
