// The activity log. Every action appends its event through append() inside the same store
// transaction as the change itself (outbox pattern), so derived views — realtime pushes,
// notifications, timelines, search, expertise, analytics — follow the log and never miss a change.
// What an event says is typed: its payload is one of the catalog's structs (catalog.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "events/catalog.h"
#include "store/store.h"

namespace weft::events {

struct Event {
  int64_t id = 0;
  int64_t at = 0;
  std::optional<int64_t> actor_id;
  std::optional<int64_t> object_id;  // what object_type() names
  std::optional<int64_t> space_id;
  std::string audience = "public";  // public, unit, followers, space, self
  Payload payload;                  // its alternative is the event's kind

  Kind kind() const { return static_cast<Kind>(payload.index()); }
  // "post.replied"; for an event this version does not know, the verb as stored.
  std::string_view verb() const;
  std::string_view object_type() const { return object_type_of(kind()); }
  template <class T>
  const T* as() const {
    return std::get_if<T>(&payload);
  }
};

// Appends `event` (its id and time are assigned here) and answers the new id. An event that may
// take from someone what they could see (narrows_access) also moves the access epoch to its id.
int64_t append(store::Connection& connection, const Event& event);

// Whether `event` may leave someone seeing less than before: a role, unit or deactivation, an
// unfollow, a space's visibility or members, a record's access list. Figures kept for an asker
// (analytics' caches) are not served from before such an event.
bool narrows_access(const Event& event);
// The id of the latest event that narrows access (0 before any): cached figures carry it.
int64_t access_epoch(store::Connection& connection);

// Events with id > after_id, oldest first, at most `limit`.
std::vector<Event> read_after(store::Connection& connection, int64_t after_id, int limit);
int64_t last_id(store::Connection& connection);

}  // namespace weft::events
