#include "queries/notifications.h"

#include "core/clock.h"
#include "policy/posts.h"
#include "policy/records.h"
#include "policy/spaces.h"

namespace weft::queries {
namespace {

constexpr const char* kColumns =
    "n.id, n.person_id, n.kind, n.subject_type, n.subject_id, n.post_id, n.event_id, n.created_at, "
    "n.read_at, a.id, a.handle, a.name, a.title, a.unit_id, n.space_id, n.record_id";

Notification read_row(store::Rows& rows) {
  Notification n;
  n.id = rows.int64(0);
  n.person_id = rows.int64(1);
  n.kind = rows.text(2);
  n.subject_type = rows.text(3);
  n.subject_id = rows.int64(4);
  n.post_id = rows.optional_int64(5);
  n.event_id = rows.int64(6);
  n.created_at = rows.int64(7);
  n.read = !rows.is_null(8);
  n.space_id = rows.optional_int64(14);
  n.record_id = rows.optional_int64(15);
  if (!rows.is_null(9)) {
    n.actor = {rows.int64(9), rows.text(10), rows.text(11), rows.text(12), rows.optional_int64(13)};
  }
  return n;
}

std::string visible_join(std::vector<store::Param>& params, const Viewer& viewer) {
  std::string sql =
      " LEFT JOIN posts p ON p.id = n.post_id LEFT JOIN people a ON a.id = n.actor_id WHERE "
      "(n.post_id IS NULL OR " + policy::append(params, policy::visible_posts(viewer)) + ")";
  sql += " AND (n.space_id IS NULL OR n.post_id IS NOT NULL OR " +
         policy::append(params, policy::space_content(viewer, "n.space_id")) + ")";
  // A notification about something on a record vanishes as soon as the record's list leaves the
  // reader out.
  return sql + " AND " + policy::append(params, policy::record_gate(viewer, "n.record_id"));
}

}  // namespace

Result<cursor::Page<Notification>> notifications(store::Store& store, const Viewer& viewer,
                                                 bool unread_only, const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<Notification>> {
    std::vector<store::Param> params;
    std::string sql = std::string("SELECT ") + kColumns + " FROM notifications n" + visible_join(params, viewer) +
                      " AND n.person_id = ? AND n.id < ?" + (unread_only ? " AND n.read_at IS NULL" : "") +
                      " ORDER BY n.id DESC LIMIT ?";
    params.emplace_back(viewer.person_id);
    params.emplace_back(page.number(0, INT64_MAX));
    params.emplace_back(page.limit + 1);
    cursor::Page<Notification> result;
    auto rows = c.query(sql, params);
    while (rows->next()) {
      if (static_cast<int>(result.items.size()) == page.limit && !result.items.empty()) {
        result.next_cursor = cursor::encode({std::to_string(result.items.back().id)});
        break;
      }
      result.items.push_back(read_row(*rows));
    }
    return result;
  });
}

Result<int64_t> unread_count(store::Store& store, const Viewer& viewer) {
  return store::read(store, [&](store::Connection& c) -> Result<int64_t> {
    std::vector<store::Param> params;
    std::string sql = "SELECT COUNT(*) FROM notifications n" + visible_join(params, viewer) +
                      " AND n.person_id = ? AND n.read_at IS NULL";
    params.emplace_back(viewer.person_id);
    return c.query_int(sql, params).value_or(0);
  });
}

std::optional<Notification> notification_by_id(store::Connection& c, int64_t id) {
  auto rows = c.query(std::string("SELECT ") + kColumns +
                          " FROM notifications n LEFT JOIN people a ON a.id = n.actor_id WHERE n.id = ?",
                      {id});
  if (!rows->next()) return std::nullopt;
  return read_row(*rows);
}

std::vector<Notification> notifications_after_event(store::Connection& c, const Viewer& viewer,
                                                    int64_t after_event_id, int limit) {
  std::vector<store::Param> params;
  std::string sql = std::string("SELECT ") + kColumns + " FROM notifications n" + visible_join(params, viewer) +
                    " AND n.person_id = ? AND n.event_id > ? ORDER BY n.event_id, n.id LIMIT ?";
  params.emplace_back(viewer.person_id);
  params.emplace_back(after_event_id);
  params.emplace_back(limit);
  std::vector<Notification> out;
  auto rows = c.query(sql, params);
  while (rows->next()) out.push_back(read_row(*rows));
  return out;
}

}  // namespace weft::queries
