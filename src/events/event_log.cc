#include "events/event_log.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>

#include "core/clock.h"

namespace weft::events {

std::string_view Event::verb() const {
  if (const auto* unknown = as<Unknown>()) return unknown->verb;
  return verb_of(kind());
}

int64_t append(store::Connection& connection, const Event& event) {
  const int64_t id = connection.insert_returning_id(
      "INSERT INTO events (at, actor_id, verb, object_type, object_id, space_id, audience, "
      "payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {clock::now_seconds(), event.actor_id, std::string(event.verb()),
       std::string(event.object_type()), event.object_id, event.space_id, event.audience,
       encode_payload(event.payload)});
  connection.mark_events_written();
  if (narrows_access(event)) {
    connection.execute("INSERT INTO meta (key, value) VALUES ('access_epoch', ?) ON CONFLICT (key) DO UPDATE SET "
                       "value = excluded.value",
                       {std::to_string(id)});
  }
  return id;
}

bool narrows_access(const Event& event) {
  switch (event.kind()) {
    case Kind::kPersonUpdated:
    case Kind::kPersonDeactivated:
    case Kind::kPersonUnfollowed:
    case Kind::kUnitUpdated:
    case Kind::kSpaceUpdated:
    case Kind::kSpaceMemberChanged:
    case Kind::kSpaceMemberRemoved:
      return true;
    case Kind::kRecordUpserted: {
      const auto& changed = event.as<RecordUpserted>()->changed;
      return std::find(changed.begin(), changed.end(), "access") != changed.end();
    }
    default:
      return false;
  }
}

int64_t access_epoch(store::Connection& connection) {
  auto value = connection.query_text("SELECT value FROM meta WHERE key = 'access_epoch'");
  return value ? std::strtoll(value->c_str(), nullptr, 10) : 0;
}

std::vector<Event> read_after(store::Connection& connection, int64_t after_id, int limit) {
  auto rows = connection.query(
      "SELECT id, at, actor_id, verb, object_id, space_id, audience, payload "
      "FROM events WHERE id > ? ORDER BY id LIMIT ?",
      {after_id, limit});
  std::vector<Event> out;
  while (rows->next()) {
    Event event;
    event.id = rows->int64(0);
    event.at = rows->int64(1);
    event.actor_id = rows->optional_int64(2);
    std::string verb = rows->text(3);
    event.object_id = rows->optional_int64(4);
    event.space_id = rows->optional_int64(5);
    event.audience = rows->text(6);
    auto payload = decode_payload(kind_of(verb), rows->text(7), verb);
    if (payload) {
      event.payload = std::move(*payload);
    } else {
      // Only a defect writes a payload of the wrong shape; the event is kept, as one nobody acts
      // on.
      spdlog::error("event {}: {}", event.id, payload.error().message);
      event.payload = Unknown{verb};
    }
    out.push_back(std::move(event));
  }
  return out;
}

int64_t last_id(store::Connection& connection) {
  return connection.query_int("SELECT COALESCE(MAX(id), 0) FROM events").value_or(0);
}

}  // namespace weft::events
