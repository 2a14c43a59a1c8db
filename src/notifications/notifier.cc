#include "notifications/notifier.h"

#include <boost/json/parse.hpp>
#include <spdlog/spdlog.h>

#include <vector>

#include "queries/notifications.h"
#include "policy/spaces.h"
#include "queries/posts.h"

namespace weft::notifications {
namespace {

struct Recipient {
  int64_t person_id;
  std::string kind;
};

int64_t field(const boost::json::object& payload, const char* key) {
  const auto* value = payload.if_contains(key);
  return value && value->is_int64() ? value->as_int64() : 0;
}

std::optional<Viewer> viewer_of(store::Connection& c, int64_t person_id) {
  auto rows = c.query("SELECT role, unit_id FROM people WHERE id = ?", {person_id});
  if (!rows->next()) return std::nullopt;
  return Viewer{person_id, parse_role(rows->text(0)).value_or(Role::kGuest), rows->optional_int64(1)};
}

}  // namespace

// People listed by a query with one `?` for an id (members of a space, voters of an idea, …).
void add_all(store::Store& store, std::vector<Recipient>& recipients, const char* sql, int64_t id,
             const char* kind) {
  auto done = store::read(store, [&](store::Connection& c) -> Result<bool> {
    auto rows = c.query(sql, {id});
    while (rows->next()) recipients.push_back({rows->int64(0), kind});
    return true;
  });
  (void)done;
}

Result<void> Notifier::handle(const events::Event& event) {
  if (!event.object_id) return {};
  const int64_t actor = event.actor_id.value_or(0);  // 0: the system (a deadline passed)
  std::vector<Recipient> recipients;
  std::string subject_type = "post";
  int64_t subject_id = *event.object_id;
  int64_t post_id = *event.object_id;  // 0 when the subject is not a post
  boost::json::object payload;
  if (!event.payload.empty() && event.payload != "{}") {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(event.payload, ec);
    if (!ec && parsed.is_object()) payload = parsed.as_object();
  }
  auto mentions = [&] {
    if (const auto* list = payload.if_contains("mentions"); list && list->is_array()) {
      for (const auto& id : list->as_array()) {
        if (id.is_int64()) recipients.push_back({id.as_int64(), "mention"});
      }
    }
  };
  if (event.verb == "post.created") {
    mentions();
  } else if (event.verb == "post.replied") {
    recipients.push_back({field(payload, "parent_author"), "reply"});
    recipients.push_back({field(payload, "root_author"), "reply"});
    mentions();
  } else if (event.verb == "post.reshared") {
    recipients.push_back({field(payload, "original_author"), "reshare"});
    mentions();
  } else if (event.verb == "reaction.added") {
    recipients.push_back({field(payload, "post_author"), "reaction"});
  } else if (event.verb == "person.followed") {
    recipients.push_back({*event.object_id, "follow"});
    subject_type = "person";
    subject_id = actor;
    post_id = 0;
  } else {
    // Work in spaces: the subject is the problem, idea, proposal or space itself.
    post_id = 0;
    subject_type = event.object_type;
    const int64_t id = *event.object_id;
    if (event.verb == "solution.added") {
      recipients.push_back({field(payload, "problem_author"), "solution"});
    } else if (event.verb == "solution.accepted") {
      recipients.push_back({field(payload, "solution_author"), "accepted"});
    } else if (event.verb == "idea.stage_changed") {
      add_all(store_, recipients,
              "SELECT author_id FROM ideas WHERE id = ?1 UNION SELECT person_id FROM idea_votes WHERE idea_id = ?1",
              id, "stage");
    } else if (event.verb == "idea.commented") {
      recipients.push_back({field(payload, "idea_author"), "comment"});
    } else if (event.verb == "proposal.opened") {
      add_all(store_, recipients,
              "SELECT person_id FROM space_members WHERE space_id = (SELECT space_id FROM proposals WHERE id = ?)",
              id, "proposal_opened");
    } else if (event.verb == "proposal.stance") {
      recipients.push_back({field(payload, "proposal_author"), "stance"});
    } else if (event.verb == "proposal.closed") {
      add_all(store_, recipients,
              "SELECT author_id FROM proposals WHERE id = ?1 UNION SELECT person_id FROM stances WHERE proposal_id = ?1",
              id, "proposal_closed");
    } else if (event.verb == "space.join_requested") {
      add_all(store_, recipients, "SELECT person_id FROM space_members WHERE space_id = ? AND role = 'owner'",
              id, "join_request");
    } else if (event.verb == "space.member_added" && event.space_id) {
      recipients.push_back({id, "space_added"});
      subject_type = "space";
      subject_id = *event.space_id;
    } else {
      return {};
    }
  }

  std::vector<Notification> created;
  auto stored = store::transact(store_, [&](store::Connection& c) -> Result<bool> {
    std::vector<int64_t> done;
    for (const auto& recipient : recipients) {
      if (recipient.person_id == 0 || recipient.person_id == actor) continue;
      if (std::find(done.begin(), done.end(), recipient.person_id) != done.end()) continue;
      auto viewer = viewer_of(c, recipient.person_id);
      if (!viewer) continue;
      if (post_id != 0 && !queries::can_see_post(c, *viewer, post_id)) continue;
      if (post_id == 0 && event.space_id &&
          !policy::space_access(c, *viewer, *event.space_id).content) {
        continue;
      }
      if (c.execute(
              "INSERT OR IGNORE INTO notifications (person_id, kind, actor_id, subject_type, "
              "subject_id, post_id, space_id, event_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {recipient.person_id, recipient.kind,
               actor != 0 ? store::Param(actor) : store::Param(nullptr), subject_type, subject_id,
               post_id != 0 ? store::Param(post_id) : store::Param(nullptr), event.space_id,
               event.id, event.at}) == 0) {
        continue;
      }
      done.push_back(recipient.person_id);
      auto notification = queries::notification_by_id(c, c.last_insert_id());
      if (notification) created.push_back(std::move(*notification));
    }
    return true;
  });
  if (!stored) return std::unexpected(stored.error());
  if (published_) {
    for (const auto& notification : created) published_(notification, event.id);
  }
  return {};
}

}  // namespace weft::notifications
