// The activity log. Every action appends its event through append() inside the same store
// transaction as the change itself (outbox pattern), so derived views — realtime pushes,
// notifications, the expertise index, analytics — can follow the log and never miss a change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace weft::events {

struct Event {
  int64_t id = 0;
  int64_t at = 0;
  std::optional<int64_t> actor_id;
  std::string verb;         // "person.created", "person.followed", …
  std::string object_type;  // "person", "unit", …
  std::optional<int64_t> object_id;
  std::optional<int64_t> space_id;
  std::string audience = "public";
  std::string payload = "{}";  // JSON object text
};

// Appends `event` (its id and time are assigned here) and answers the new id.
int64_t append(store::Connection& connection, Event event);

// Events with id > after_id, oldest first, at most `limit`.
std::vector<Event> read_after(store::Connection& connection, int64_t after_id, int limit);
int64_t last_id(store::Connection& connection);

}  // namespace weft::events
