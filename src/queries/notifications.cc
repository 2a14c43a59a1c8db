#include "queries/notifications.h"

#include <map>
#include <set>
#include <tuple>

#include "core/clock.h"
#include "policy/posts.h"
#include "policy/records.h"
#include "policy/spaces.h"

namespace weft::queries {
namespace {

constexpr const char* kColumns =
    "n.id, n.person_id, n.kind, n.subject_type, n.subject_id, n.post_id, n.event_id, n.created_at, "
    "n.read_at, a.id, a.handle, a.name, a.title, a.unit_id, n.space_id, n.record_id, a.avatar_version";

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
    n.actor = {rows.int64(9), rows.text(10), rows.text(11), rows.text(12), rows.optional_int64(13),
                 rows.optional_int64(16)};
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
  sql += " AND " + policy::append(params, policy::record_gate(viewer, "n.record_id"));
  // One about a record itself, only while the reader may see the record (the gate lets guests
  // through for an unrestricted record; the record's own rule does not).
  return sql + " AND (n.subject_type <> 'record' OR EXISTS (SELECT 1 FROM records vr WHERE vr.id = n.subject_id AND " +
         policy::append(params, policy::visible_records(viewer, "vr")) + "))";
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

bool notification_visible(store::Connection& c, const Viewer& viewer, int64_t id) {
  std::vector<store::Param> params;
  std::string sql = "SELECT 1 FROM notifications n" + visible_join(params, viewer) + " AND n.id = ? AND n.person_id = ?";
  params.emplace_back(id);
  params.emplace_back(viewer.person_id);
  return c.query_int(sql, params).has_value();
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

const char* notification_priority(const std::string& kind) {
  if (kind == "reaction" || kind == "reshare" || kind == "follow") return "social";
  if (kind == "mention" || kind == "reply") return "conversation";
  return "work";
}

Result<std::vector<NotificationGroup>> notification_groups(store::Store& store, const Viewer& viewer,
                                                           bool unread_only, int limit) {
  WEFT_ASSIGN_OR_RETURN(auto latest, notifications(store, viewer, unread_only,
                                                   cursor::PageRequest{.after = {}, .numbers = {}, .limit = kNotificationsGrouped}));
  // Replies group by their thread: "Bea and 3 others replied to your post".
  std::map<int64_t, int64_t> root_of;
  {
    std::vector<int64_t> replies;
    for (const auto& n : latest.items) {
      if (n.kind == "reply" && n.post_id) replies.push_back(*n.post_id);
    }
    if (!replies.empty()) {
      WEFT_TRY_VOID(store::read(store, [&](store::Connection& c) -> Result<void> {
        // Onto a root the viewer may read only: one a moderator hid, for one, is its author's alone.
        std::vector<store::Param> params{store::Param::ids(replies)};
        const std::string sql = "SELECT p.id, p.root_id FROM posts p JOIN posts r ON r.id = p.root_id WHERE p.id IN (" +
                                c.ids_sql("?") + ") AND " + policy::append(params, policy::visible_posts(viewer, "r"));
        auto rows = c.query(sql, params);
        while (rows->next()) root_of[rows->int64(0)] = rows->int64(1);
        return {};
      }));
    }
  }
  std::vector<NotificationGroup> groups;
  std::map<std::tuple<std::string, std::string, int64_t>, std::size_t> index;
  std::map<std::size_t, std::set<int64_t>> actors;
  for (const auto& n : latest.items) {  // newest first
    std::string subject_type = n.subject_type;
    int64_t subject_id = n.subject_id;
    std::optional<int64_t> post_id = n.post_id;
    if (n.kind == "reply" && n.post_id) {
      if (auto root = root_of.find(*n.post_id); root != root_of.end()) {
        subject_type = "post";
        subject_id = root->second;
        post_id = root->second;
      }
    }
    auto key = std::make_tuple(n.kind, subject_type, subject_id);
    auto [it, inserted] = index.try_emplace(key, groups.size());
    if (inserted) {
      NotificationGroup g;
      g.kind = n.kind;
      g.priority = notification_priority(n.kind);
      g.subject_type = subject_type;
      g.subject_id = subject_id;
      g.post_id = post_id;
      g.space_id = n.space_id;
      g.latest_at = n.created_at;
      groups.push_back(std::move(g));
    }
    auto& g = groups[it->second];
    ++g.count;
    if (!n.read) ++g.unread;
    g.ids.push_back(n.id);
    if (n.actor.id != 0 && actors[it->second].insert(n.actor.id).second) {
      ++g.actor_count;
      if (static_cast<int>(g.actors.size()) < kGroupActors) g.actors.push_back(n.actor);
    }
  }
  auto rank = [](const NotificationGroup& g) {
    const int tier = g.priority == std::string("work") ? 0 : g.priority == std::string("conversation") ? 1 : 2;
    return g.unread > 0 ? tier : 3;
  };
  std::stable_sort(groups.begin(), groups.end(), [&](const NotificationGroup& a, const NotificationGroup& b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return a.latest_at > b.latest_at;
  });
  if (static_cast<int>(groups.size()) > limit) groups.resize(static_cast<std::size_t>(limit));
  // Excerpts and space names (the notifications were filtered by visibility already).
  WEFT_TRY_VOID(store::read(store, [&](store::Connection& c) -> Result<void> {
    for (auto& g : groups) {
      std::optional<std::string> text;
      if (g.post_id) {
        std::vector<store::Param> params{*g.post_id};
        auto row = c.query("SELECT p.body FROM posts p WHERE p.id = ? AND " +
                               policy::append(params, policy::visible_posts(viewer, "p")),
                           params);
        if (row->next()) text = row->text(0);
      } else if (g.subject_type == "problem" || g.subject_type == "idea" || g.subject_type == "proposal" ||
                 g.subject_type == "record" || g.subject_type == "page") {
        text = c.query_text("SELECT title FROM " + g.subject_type + "s WHERE id = ?", {g.subject_id});
      }
      if (text) {
        std::string excerpt = *text;
        if (excerpt.size() > 140) {
          std::size_t cut = 140;
          while (cut > 0 && (static_cast<unsigned char>(excerpt[cut]) & 0xC0) == 0x80) --cut;  // whole characters
          excerpt = excerpt.substr(0, cut) + "…";
        }
        g.excerpt = std::move(excerpt);
      }
      if (g.space_id) g.space_name = c.query_text("SELECT name FROM spaces WHERE id = ?", {*g.space_id}).value_or("");
    }
    return {};
  }));
  return groups;
}

}  // namespace weft::queries
