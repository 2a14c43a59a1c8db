#include "actions/moderation.h"

#include "core/clock.h"
#include "core/json.h"
#include "core/limits.h"
#include "events/event_log.h"
#include "policy/posts.h"

namespace weft::actions {
namespace {

struct Target {
  int64_t author_id = 0;
  std::optional<int64_t> space_id;
  std::string audience;
  bool hidden = false;
  std::optional<int64_t> record_id;
  int64_t id = 0;
  int64_t root_id = 0;
  std::optional<int64_t> reply_to;
  std::optional<int64_t> reshare_of;
  // Whether its topics count in topics.post_count while it is shown (actions/posts.cc, counted()).
  bool counted() const { return audience == "public" && !record_id; }
};

// A hidden reply or reshare leaves its thread's reply counts and its original's reshare count
// (they count what readers may open), and comes back when restored. Replies to it keep their
// places (each is moderated as itself).
void count_in_thread(store::Connection& c, const Target& t, int delta) {
  if (t.reply_to) {
    c.execute("UPDATE posts SET reply_count = reply_count + ? WHERE id = ?", {delta, *t.reply_to});
    if (t.root_id != *t.reply_to) {
      c.execute("UPDATE posts SET reply_count = reply_count + ? WHERE id = ?", {delta, t.root_id});
    }
  }
  if (t.reshare_of) c.execute("UPDATE posts SET reshare_count = reshare_count + ? WHERE id = ?", {delta, *t.reshare_of});
}

// A hidden post is its author's alone: its topics leave the counts that topic suggestions show
// everyone (delta -1), and come back when it is restored (+1).
void count_topics(store::Connection& c, int64_t post_id, int delta) {
  c.execute("UPDATE topics SET post_count = post_count + ? WHERE name IN (SELECT topic FROM post_topics WHERE "
            "post_id = ?)",
            {delta, post_id});
}

Result<void> check_reason(const std::string& reason) {
  const std::size_t length = json::utf8_length(reason);
  if (length < limits::kModerationReason.min || length > limits::kModerationReason.max) {
    return invalid("reason", "reason must be 1 to 500 characters.");
  }
  return {};
}

// The post as `viewer` may see it (404 otherwise), and whether they moderate it (403 otherwise).
Result<Target> target(store::Connection& c, const Viewer& viewer, int64_t post_id, bool moderating) {
  std::vector<store::Param> params{post_id};
  std::string sql = "SELECT p.author_id, p.space_id, p.audience, p.hidden_at IS NOT NULL, p.record_id, p.id, "
                    "p.root_id, p.reply_to, p.reshare_of FROM posts p WHERE p.id = ? AND ";
  // A moderator finds a hidden post too (to restore it); a reporter only what they may read.
  if (moderating) {
    const std::string moderated = policy::append(params, policy::moderated_posts(viewer));
    const std::string visible = policy::append(params, policy::visible_posts(viewer));
    sql += "p.deleted_at IS NULL AND (" + moderated + " OR " + visible + ")";
  } else {
    sql += policy::append(params, policy::visible_posts(viewer));
  }
  auto rows = c.query(sql, params);
  if (!rows->next()) return not_found("No such post.");
  Target t{rows->int64(0), rows->optional_int64(1), rows->text(2),          rows->int64(3) != 0,
           rows->optional_int64(4), rows->int64(5), rows->int64(6), rows->optional_int64(7),
           rows->optional_int64(8)};
  rows.reset();
  if (moderating) {
    std::vector<store::Param> check{post_id};
    std::string may = "SELECT 1 FROM posts p WHERE p.id = ? AND " + policy::append(check, policy::moderated_posts(viewer));
    if (!c.query_int(may, check)) return forbidden("Only an admin or the space's owners moderate this post.");
  }
  return t;
}

events::Event event_on(const Viewer& viewer, int64_t post_id, const Target& t, events::Payload payload) {
  return {.actor_id = viewer.person_id,
          .object_id = post_id,
          .space_id = t.space_id,
          .audience = "self",
          .payload = std::move(payload)};
}

}  // namespace

Result<int64_t> report_post(store::Store& store, const Viewer& viewer, int64_t post_id, const std::string& reason) {
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    WEFT_ASSIGN_OR_RETURN(auto t, target(c, viewer, post_id, false));
    WEFT_TRY_VOID(check_reason(reason));
    if (t.author_id == viewer.person_id) return invalid("post", "You cannot report your own post.");
    auto id = c.query_int(
        "INSERT INTO post_reports (post_id, reporter_id, reason, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO "
        "NOTHING RETURNING id",
        {post_id, viewer.person_id, reason, clock::now_seconds()});
    if (!id) return fail(ErrorCode::kConflict, "You reported this post already.", "post");
    events::append(c, event_on(viewer, post_id, t, events::PostReported{reason}));
    return *id;
  });
}

Result<void> hide_post(store::Store& store, const Viewer& viewer, int64_t post_id, const std::string& reason) {
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_ASSIGN_OR_RETURN(auto t, target(c, viewer, post_id, true));
    WEFT_TRY_VOID(check_reason(reason));
    if (t.hidden) return fail(ErrorCode::kConflict, "The post is hidden already.", "post");
    const int64_t now = clock::now_seconds();
    c.execute("UPDATE posts SET hidden_at = ?, hidden_reason = ? WHERE id = ?", {now, reason, post_id});
    if (t.counted()) count_topics(c, post_id, -1);
    count_in_thread(c, t, -1);
    c.execute("UPDATE post_reports SET resolved_at = ?, resolved_by = ?, resolution = 'hidden' WHERE post_id = ? AND "
              "resolved_at IS NULL",
              {now, viewer.person_id, post_id});
    events::append(c, event_on(viewer, post_id, t, events::PostHidden{reason, t.author_id}));
    return true;
  }));
}

Result<void> restore_post(store::Store& store, const Viewer& viewer, int64_t post_id, const std::string& reason) {
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_ASSIGN_OR_RETURN(auto t, target(c, viewer, post_id, true));
    WEFT_TRY_VOID(check_reason(reason));
    if (!t.hidden) return fail(ErrorCode::kConflict, "The post is not hidden.", "post");
    c.execute("UPDATE posts SET hidden_at = NULL, hidden_reason = NULL WHERE id = ?", {post_id});
    if (t.counted()) count_topics(c, post_id, +1);
    count_in_thread(c, t, +1);
    events::append(c, event_on(viewer, post_id, t, events::PostRestored{reason, t.author_id}));
    return true;
  }));
}

Result<void> dismiss_reports(store::Store& store, const Viewer& viewer, int64_t post_id, const std::string& reason) {
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_ASSIGN_OR_RETURN(auto t, target(c, viewer, post_id, true));
    WEFT_TRY_VOID(check_reason(reason));
    if (c.execute("UPDATE post_reports SET resolved_at = ?, resolved_by = ?, resolution = 'dismissed' WHERE post_id "
                  "= ? AND resolved_at IS NULL",
                  {clock::now_seconds(), viewer.person_id, post_id}) == 0) {
      return fail(ErrorCode::kConflict, "The post has no open report.", "post");
    }
    events::append(c, event_on(viewer, post_id, t, events::PostReportsDismissed{reason}));
    return true;
  }));
}

}  // namespace weft::actions
