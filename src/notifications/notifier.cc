#include "notifications/notifier.h"

#include <spdlog/spdlog.h>

#include <vector>

#include "policy/people.h"
#include "policy/records.h"
#include "policy/spaces.h"
#include "queries/notifications.h"
#include "queries/posts.h"

namespace weft::notifications {
namespace {

struct Recipient {
  int64_t person_id;
  std::string kind;
};

}  // namespace

// People listed by a query with one `?` for an id (members of a space, voters of an idea, …), or
// `?1` for the id and `?2` for the event's time when `at` is given: a list read as it was then
// (who had joined, followed or watched by the event), so that a rebuild from the log names the
// people the live view named, not those who came later.
// A failed read fails the event (it is offered again), never drops its recipients.
Result<void> add_all(store::Store& store, std::vector<Recipient>& recipients, const char* sql,
                     int64_t id, const char* kind, std::optional<int64_t> at = std::nullopt) {
  auto done = store::read(store, [&](store::Connection& c) -> Result<bool> {
    auto rows = at ? c.query(sql, {id, *at}) : c.query(sql, {id});
    while (rows->next()) recipients.push_back({rows->int64(0), kind});
    return true;
  });
  if (!done) return std::unexpected(done.error());
  return {};
}

namespace {

// What one event asks for: its recipients and the notification's subject.
struct Plan {
  const events::Event* event = nullptr;
  int64_t actor = 0;  // 0: the system (a deadline passed)
  std::vector<Recipient> recipients;
  std::string subject_type = "post";
  int64_t subject_id = 0;
  int64_t post_id = 0;  // 0 when the subject is not a post
  std::optional<int64_t> record_id;  // the record the subject is on: its gate applies
};

}  // namespace

// The plan for `event`, or nothing when it notifies no one. Reads (members of a space, voters…)
// happen here, before the batch's write transaction.
static Result<std::optional<Plan>> plan_for(store::Store& store_, const events::Event& event) {
  if (!event.object_id) return std::nullopt;
  Plan plan;
  plan.event = &event;
  plan.actor = event.actor_id.value_or(0);
  plan.subject_id = *event.object_id;
  plan.post_id = *event.object_id;
  std::vector<Recipient>& recipients = plan.recipients;
  std::string& subject_type = plan.subject_type;
  int64_t& subject_id = plan.subject_id;
  int64_t& post_id = plan.post_id;
  const int64_t actor = plan.actor;
  auto mentions = [&](const std::vector<int64_t>& ids) {
    for (int64_t id : ids) recipients.push_back({id, "mention"});
  };
  // Work in spaces: the subject is the problem, idea, proposal or space itself.
  auto work_subject = [&] {
    post_id = 0;
    subject_type = std::string(event.object_type());
  };
  const int64_t id = *event.object_id;
  // What hangs on a record: read the record, so that the notification keeps its gate.
  auto record_of = [&](const char* sql) -> Result<void> {
    auto found = store::read(store_, [&](store::Connection& c) -> Result<std::optional<int64_t>> {
      return c.query_int(sql, {id});
    });
    if (!found) return std::unexpected(found.error());
    plan.record_id = *found;
    return {};
  };
  if (event.kind() == events::Kind::kPostCreated || event.kind() == events::Kind::kPostReplied ||
      event.kind() == events::Kind::kPostReshared || event.kind() == events::Kind::kReactionAdded) {
    WEFT_TRY_VOID(record_of("SELECT record_id FROM posts WHERE id = ?"));
  } else if (event.object_type() == "problem") {
    WEFT_TRY_VOID(record_of("SELECT record_id FROM problems WHERE id = ?"));
  } else if (event.object_type() == "page") {
    // A page written up from a problem on a record keeps that record's gate.
    WEFT_TRY_VOID(record_of("SELECT pr.record_id FROM pages g JOIN problems pr ON g.source_type = 'problem' AND "
                            "pr.id = g.source_id WHERE g.id = ?"));
  }
  if (const auto* p = event.as<events::PostCreated>()) {
    mentions(p->mentions);
    if (plan.record_id) {
      // A new conversation on a record reaches the record's followers.
      if (auto added = add_all(store_, recipients,
                               "SELECT person_id FROM record_follows WHERE record_id = ?1 AND created_at <= ?2",
                               *plan.record_id, "record_post", event.at);
          !added) {
        return std::unexpected(added.error());
      }
    }
  } else if (event.as<events::WebhookDisabled>()) {
    // A webhook stopped delivering: every active admin may act on it.
    post_id = 0;
    subject_type = "webhook";
    if (auto added = add_all(store_, recipients,
                             "SELECT id FROM people WHERE role = 'admin' AND deactivated_at IS NULL AND id <> ?", 0,
                             "webhook_disabled");
        !added) {
      return std::unexpected(added.error());
    }
  } else if (const auto* p = event.as<events::RecordUpserted>()) {
    // A change someone may act on: not the record's arrival, not a quiet bulk load.
    if (p->created || p->quiet) return std::nullopt;
    bool tracked = false;
    for (const auto& what : p->changed) tracked = tracked || what == "title" || what == "url" || what.starts_with("fields.");
    if (!tracked) return std::nullopt;
    post_id = 0;
    subject_type = "record";
    plan.record_id = id;
    if (auto added = add_all(store_, recipients,
                             "SELECT person_id FROM record_follows WHERE record_id = ?1 AND created_at <= ?2", id,
                             "record_changed", event.at);
        !added) {
      return std::unexpected(added.error());
    }
  } else if (const auto* p = event.as<events::PostReplied>()) {
    recipients.push_back({p->parent_author, "reply"});
    recipients.push_back({p->root_author, "reply"});
    mentions(p->mentions);
  } else if (const auto* p = event.as<events::PostReshared>()) {
    recipients.push_back({p->original_author, "reshare"});
    mentions(p->mentions);
  } else if (const auto* p = event.as<events::ReactionAdded>()) {
    recipients.push_back({p->post_author, "reaction"});
  } else if (event.as<events::PersonFollowed>()) {
    recipients.push_back({id, "follow"});
    subject_type = "person";
    subject_id = actor;
    post_id = 0;
  } else if (const auto* p = event.as<events::SolutionAdded>()) {
    work_subject();
    recipients.push_back({p->problem_author, "solution"});
  } else if (const auto* p = event.as<events::ExpertsSuggested>()) {
    // People the expertise engine named for a new problem, under their daily cap.
    work_subject();
    for (int64_t person : p->notified) recipients.push_back({person, "expert_suggested"});
  } else if (const auto* p = event.as<events::SolutionAccepted>()) {
    work_subject();
    recipients.push_back({p->solution_author, "accepted"});
  } else if (event.as<events::IdeaStageChanged>()) {
    work_subject();
    if (auto added = add_all(store_, recipients,
                             "SELECT author_id FROM ideas WHERE id = ?1 UNION SELECT person_id "
                             "FROM idea_votes WHERE idea_id = ?1",
                             id, "stage");
        !added) {
      return std::unexpected(added.error());
    }
  } else if (const auto* p = event.as<events::IdeaCommented>()) {
    work_subject();
    recipients.push_back({p->idea_author, "comment"});
  } else if (event.as<events::ProposalOpened>()) {
    work_subject();
    if (auto added = add_all(store_, recipients,
                             "SELECT person_id FROM space_members WHERE space_id = (SELECT "
                             "space_id FROM proposals WHERE id = ?1) AND created_at <= ?2",
                             id, "proposal_opened", event.at);
        !added) {
      return std::unexpected(added.error());
    }
  } else if (const auto* p = event.as<events::ProposalStance>()) {
    work_subject();
    recipients.push_back({p->proposal_author, "stance"});
  } else if (event.as<events::ProposalClosed>()) {
    work_subject();
    if (auto added = add_all(store_, recipients,
                             "SELECT author_id FROM proposals WHERE id = ?1 UNION SELECT person_id "
                             "FROM stances WHERE proposal_id = ?1",
                             id, "proposal_closed");
        !added) {
      return std::unexpected(added.error());
    }
  } else if (event.as<events::PageEdited>() || event.as<events::PageRestored>()) {
    // An edit of a page: everyone watching it (the space's rule is checked per recipient below).
    work_subject();
    if (auto added = add_all(store_, recipients,
                             "SELECT person_id FROM page_watches WHERE page_id = ?1 AND created_at <= ?2", id,
                             "page_edited", event.at);
        !added) {
      return std::unexpected(added.error());
    }
  } else if (event.as<events::PageCommented>()) {
    // A comment on a page: its watchers (its writers, and those who asked).
    work_subject();
    if (auto added = add_all(store_, recipients,
                             "SELECT person_id FROM page_watches WHERE page_id = ?1 AND created_at <= ?2", id,
                             "page_comment", event.at);
        !added) {
      return std::unexpected(added.error());
    }
  } else if (const auto* p = event.as<events::PostHidden>()) {
    // The author is told, with the reason on the post itself (only they still see it).
    recipients.push_back({p->author_id, "post_hidden"});
  } else if (const auto* p = event.as<events::PostRestored>()) {
    recipients.push_back({p->author_id, "post_restored"});
  } else if (event.as<events::PostReported>()) {
    // Its moderators: a space's owners for a space post, the admins otherwise.
    const char* sql = event.space_id
                          ? "SELECT person_id FROM space_members WHERE space_id = ? AND role = 'owner'"
                          : "SELECT id FROM people WHERE role = 'admin' AND deactivated_at IS NULL AND id <> ?";
    if (auto added = add_all(store_, recipients, sql, event.space_id.value_or(0), "post_reported"); !added) {
      return std::unexpected(added.error());
    }
  } else if (event.as<events::SpaceJoinRequested>()) {
    work_subject();
    if (auto added =
            add_all(store_, recipients,
                    "SELECT person_id FROM space_members WHERE space_id = ? AND role = 'owner'", id,
                    "join_request");
        !added) {
      return std::unexpected(added.error());
    }
  } else if (event.as<events::SpaceMemberAdded>() && event.space_id) {
    post_id = 0;
    recipients.push_back({id, "space_added"});
    subject_type = "space";
    subject_id = *event.space_id;
  } else {
    return std::nullopt;
  }
  return plan;
}

Result<void> Notifier::handle_batch(std::span<const events::Event> events) {
  std::vector<Plan> plans;
  for (const auto& event : events) {
    auto plan = plan_for(store_, event);
    if (!plan) return std::unexpected(plan.error());
    if (*plan) plans.push_back(std::move(**plan));
  }
  if (plans.empty()) return {};
  // Each recipient once per event (the first reason named wins), never the actor.
  struct Item {
    const Plan* plan;
    const Recipient* recipient;
  };
  std::vector<Item> items;
  for (const auto& plan : plans) {
    std::vector<int64_t> named;
    for (const auto& recipient : plan.recipients) {
      if (recipient.person_id == 0 || recipient.person_id == plan.actor) continue;
      if (std::find(named.begin(), named.end(), recipient.person_id) != named.end()) continue;
      named.push_back(recipient.person_id);
      items.push_back({&plan, &recipient});
    }
  }
  // In transactions of at most kPerTransaction recipients, each pushed to realtime once it has
  // committed: the store's one writer is shared with the requests' writes, which wait behind a
  // view's transaction. A failure later in the batch offers the whole batch again; what was
  // stored is then found there (nothing comes back from the insert) and neither stored nor
  // pushed twice.
  constexpr std::size_t kPerTransaction = 64;
  for (std::size_t from = 0; from < items.size(); from += kPerTransaction) {
    const std::size_t to = std::min(items.size(), from + kPerTransaction);
    std::vector<std::pair<Notification, int64_t>> created;
    auto stored = store::transact(store_, [&](store::Connection& c) -> Result<bool> {
      created.clear();
      for (std::size_t i = from; i < to; ++i) {
        const Plan& plan = *items[i].plan;
        const Recipient& recipient = *items[i].recipient;
        const events::Event& event = *plan.event;
        // Someone deactivated is notified of nothing (not even once reactivated, of what happened
        // meanwhile).
        auto viewer = policy::viewer_of(c, recipient.person_id);
        if (!viewer) continue;
        if (plan.post_id != 0 && !queries::can_see_post(c, *viewer, plan.post_id)) continue;
        if (plan.post_id == 0 && event.space_id &&
            !policy::space_access(c, *viewer, *event.space_id).content) {
          continue;
        }
        if (plan.record_id && !policy::passes_record_gate(c, *viewer, plan.record_id)) continue;
        if (plan.subject_type == "record" && !policy::can_see_record(c, *viewer, plan.subject_id)) continue;
        if (plan.subject_type == "webhook" && !viewer->is_admin()) continue;
        // Nothing comes back when this notification exists already (at-least-once delivery).
        auto inserted = c.query_int(
            "INSERT INTO notifications (person_id, kind, actor_id, subject_type, subject_id, post_id, "
            "space_id, record_id, event_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO "
            "NOTHING RETURNING id",
            std::vector<store::Param>{recipient.person_id, recipient.kind,
                                      plan.actor != 0 ? store::Param(plan.actor) : store::Param(nullptr),
                                      plan.subject_type, plan.subject_id,
                                      plan.post_id != 0 ? store::Param(plan.post_id) : store::Param(nullptr),
                                      event.space_id, plan.record_id, event.id, event.at});
        if (!inserted) continue;
        if (!mailer_ && !published_) continue;  // a rebuild: nobody to mail or push it to
        auto notification = queries::notification_by_id(c, *inserted);
        if (!notification) continue;
        if (mailer_) mailer_(c, *notification);
        created.emplace_back(std::move(*notification), event.id);
      }
      return true;
    });
    if (!stored) return std::unexpected(stored.error());
    if (published_) {
      for (const auto& [notification, event_id] : created) published_(notification, event_id);
    }
  }
  return {};
}

Result<void> Notifier::begin_rebuild(store::Connection& c) {
  read_marks_.clear();
  auto rows = c.query("SELECT person_id, event_id, kind, read_at FROM notifications WHERE read_at IS NOT NULL");
  while (rows->next()) read_marks_.emplace_back(rows->int64(0), rows->int64(1), rows->text(2), rows->int64(3));
  c.execute("DELETE FROM notifications");
  return {};
}

Result<void> Notifier::end_rebuild(store::Connection& c) {
  for (const auto& [person, event, kind, at] : read_marks_) {
    c.execute("UPDATE notifications SET read_at = ? WHERE person_id = ? AND event_id = ? AND kind = ?",
              {at, person, event, kind});
  }
  read_marks_.clear();
  return {};
}

}  // namespace weft::notifications
