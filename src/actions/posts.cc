#include "actions/posts.h"

#include <boost/json.hpp>

#include "core/clock.h"
#include "core/json.h"
#include "core/text.h"
#include "events/event_log.h"
#include "model/post.h"
#include "policy/people.h"
#include "policy/posts.h"
#include "policy/records.h"
#include "policy/spaces.h"

namespace weft::actions {
namespace {

constexpr const char* kCountColumns[] = {"like_count", "celebrate_count", "insightful_count",
                                         "support_count"};

struct Thread {
  int64_t id = 0;
  int64_t author_id = 0;
  int64_t root_id = 0;
  int64_t root_author_id = 0;
  std::string audience;
  std::optional<int64_t> unit_id;
  std::optional<int64_t> space_id;
  std::optional<int64_t> reply_to;
  std::optional<int64_t> reshare_of;
  std::string body;
  std::optional<int64_t> record_id;
  bool hidden = false;
  // Whether the post counts in topics.post_count: to the whole organization, on no record (a
  // record's access list may narrow at any time), not hidden by a moderator (then its author's
  // alone; actions/moderation.cc takes it out of the counts and puts it back).
  bool counted() const { return audience == "public" && !record_id && !hidden; }
};

std::optional<Thread> load_post(store::Connection& c, int64_t id) {
  auto rows = c.query(
      "SELECT id, author_id, root_id, root_author_id, audience, unit_id, space_id, reply_to, "
      "reshare_of, body, record_id, hidden_at IS NOT NULL FROM posts WHERE id = ?",
      {id});
  if (!rows->next()) return std::nullopt;
  return Thread{rows->int64(0),         rows->int64(1),         rows->int64(2),
                rows->int64(3),         rows->text(4),          rows->optional_int64(5),
                rows->optional_int64(6), rows->optional_int64(7), rows->optional_int64(8),
                rows->text(9),          rows->optional_int64(10), rows->int64(11) != 0};
}

// The post, when it exists and `viewer` may see it; otherwise not_found.
Result<Thread> visible_post(store::Connection& c, const Viewer& viewer, int64_t id) {
  std::vector<store::Param> params{id};
  std::string sql = "SELECT 1 FROM posts p WHERE p.id = ? AND " +
                    policy::append(params, policy::visible_posts(viewer));
  if (!c.query_int(sql, params)) return not_found("No such post.");
  return *load_post(c, id);
}

Result<void> check_body(const std::string& body, bool may_be_empty) {
  std::size_t length = json::utf8_length(body);
  if (length == 0 && !may_be_empty) return invalid("body", "body must not be empty.");
  if (length > kMaxBodyLength) return invalid("body", "body must be at most 20,000 characters.");
  return {};
}

// topics.post_count counts only posts to the whole organization, so that topic suggestions never
// reveal a word used only where the asker cannot look.
void add_topics(store::Connection& c, int64_t post_id, const std::vector<std::string>& topics,
                bool counted) {
  for (const auto& topic : topics) {
    if (c.execute("INSERT INTO post_topics (topic, post_id) VALUES (?, ?) ON CONFLICT DO NOTHING", {topic, post_id}) > 0) {
      c.execute(
          "INSERT INTO topics (name, post_count) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET "
          "post_count = topics.post_count + excluded.post_count",
          {topic, counted ? 1 : 0});
    }
  }
}

void remove_topics(store::Connection& c, int64_t post_id, bool counted) {
  std::vector<std::string> old;
  {
    auto rows = c.query("SELECT topic FROM post_topics WHERE post_id = ?", {post_id});
    while (rows->next()) old.push_back(rows->text(0));
  }
  for (const auto& topic : old) {
    if (counted) c.execute("UPDATE topics SET post_count = post_count - 1 WHERE name = ?", {topic});
  }
  c.execute("DELETE FROM post_topics WHERE post_id = ?", {post_id});
}

// Mentioned people the author may see, in order.
std::vector<int64_t> add_mentions(store::Connection& c, const Viewer& author, int64_t post_id,
                                  const std::string& body) {
  std::vector<int64_t> ids;
  for (const auto& handle : text::mentions(body)) {
    auto id_found = c.query_int("SELECT id FROM people WHERE handle = ?", {handle});
    if (!id_found) continue;
    int64_t id = *id_found;
    if (!policy::can_see_person(c, author, id)) continue;
    c.execute("INSERT INTO post_mentions (post_id, person_id) VALUES (?, ?) ON CONFLICT DO NOTHING", {post_id, id});
    ids.push_back(id);
  }
  return ids;
}

}  // namespace

int64_t insert_post(store::Connection& c, const Viewer& author, const PostRow& row) {
  const int64_t now = row.created_at ? row.created_at : clock::now_seconds();
  std::optional<Thread> parent;
  std::optional<Thread> original;
  if (row.reply_to) parent = load_post(c, *row.reply_to);
  if (row.reshare_of) original = load_post(c, *row.reshare_of);
  const std::string audience = parent ? parent->audience : row.audience;
  const auto unit_id = parent ? parent->unit_id : row.unit_id;
  const auto space_id = parent ? parent->space_id : row.space_id;
  const auto record_id = parent ? parent->record_id : row.record_id;  // replies stay on the record
  const int64_t root_author = parent ? parent->root_author_id : author.person_id;
  const int64_t id = c.insert_returning_id(
      "INSERT INTO posts (author_id, body, audience, unit_id, space_id, record_id, root_id, "
      "root_author_id, reply_to, reshare_of, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {author.person_id, row.body, audience, unit_id, space_id, record_id,
       parent ? parent->root_id : 0, root_author, row.reply_to, row.reshare_of, now});
  if (!parent) c.execute("UPDATE posts SET root_id = id WHERE id = ?", {id});
  auto topics = text::topics(row.body);
  add_topics(c, id, topics, audience == "public" && !record_id);
  auto mentioned = add_mentions(c, author, id, row.body);

  events::Payload payload = events::PostCreated{author.person_id, mentioned};
  if (parent) {
    c.execute("UPDATE posts SET reply_count = reply_count + 1 WHERE id = ?", {parent->id});
    if (parent->root_id != parent->id) {
      c.execute("UPDATE posts SET reply_count = reply_count + 1 WHERE id = ?", {parent->root_id});
    }
    payload = events::PostReplied{author.person_id,  mentioned,       parent->id,
                                  parent->author_id, parent->root_id, parent->root_author_id};
  }
  if (original) {
    c.execute("UPDATE posts SET reshare_count = reshare_count + 1 WHERE id = ?", {original->id});
    payload = events::PostReshared{author.person_id, mentioned, original->id, original->author_id};
  }
  events::append(c, {.actor_id = author.person_id,
                     .object_id = id,
                     .space_id = space_id,
                     .audience = audience,
                     .payload = std::move(payload)});
  return id;
}

void insert_reaction(store::Connection& c, int64_t post_id, int64_t person_id, int kind_index,
                     int64_t at) {
  if (c.execute("INSERT INTO reactions (post_id, person_id, kind, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                {post_id, person_id, kReactionKinds[kind_index], at}) == 0) {
    return;
  }
  c.execute(std::string("UPDATE posts SET ") + kCountColumns[kind_index] + " = " +
                kCountColumns[kind_index] + " + 1 WHERE id = ?",
            {post_id});
  auto author = c.query_int("SELECT author_id FROM posts WHERE id = ?", {post_id});
  events::append(
      c, {.actor_id = person_id,
          .object_id = post_id,
          .payload = events::ReactionAdded{std::string(kReactionKinds[kind_index]), author.value_or(0)}});
}

Result<int64_t> create_post(store::Store& store, const Viewer& viewer, const NewPost& post) {
  WEFT_TRY_VOID(check_body(post.body, post.reshare_of.has_value()));
  const std::string& audience = post.audience;
  if (audience != "public" && audience != "unit" && audience != "followers" && audience != "space") {
    return invalid("audience", "audience must be public, unit, followers or space.");
  }
  if (audience == "unit" && !viewer.unit_id) {
    return invalid("audience", "You belong to no unit, so you cannot post to your unit.");
  }
  if (audience == "space" && !post.space_id) return invalid("space_id", "space_id is required for a space post.");
  if (audience != "space" && post.space_id) {
    return invalid("space_id", "space_id goes only with audience space.");
  }
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    if (post.space_id) WEFT_TRY_VOID(policy::require_member(c, viewer, *post.space_id));
    if (post.record_id) WEFT_TRY_VOID(policy::require_record(c, viewer, *post.record_id));
    if (post.reshare_of) WEFT_TRY_VOID(visible_post(c, viewer, *post.reshare_of));
    if (!policy::can_post_with_audience(viewer, audience)) {
      return forbidden("Guests post only in the spaces they belong to.");
    }
    if (post.reshare_of) {
      WEFT_ASSIGN_OR_RETURN(auto original, visible_post(c, viewer, *post.reshare_of));
      if (original.reply_to) return invalid("reshare_of", "Replies cannot be reshared.");
      if (original.audience != "public") {
        return invalid("reshare_of", "Only posts to the whole organization can be reshared.");
      }
      if (original.record_id && c.query_int("SELECT 1 FROM records WHERE id = ? AND restricted",
                                             {*original.record_id})) {
        return invalid("reshare_of", "Posts on a record with an access list cannot be reshared.");
      }
      if (c.query_int("SELECT 1 FROM posts WHERE author_id = ? AND reshare_of = ? AND deleted_at IS NULL",
                      {viewer.person_id, *post.reshare_of})) {
        return fail(ErrorCode::kConflict, "You reshared this post already.", "reshare_of");
      }
    }
    PostRow row{.author_id = viewer.person_id, .body = post.body, .audience = audience,
                .unit_id = viewer.unit_id, .space_id = post.space_id, .record_id = post.record_id,
                .reshare_of = post.reshare_of};
    return insert_post(c, viewer, row);
  });
}

Result<int64_t> reply(store::Store& store, const Viewer& viewer, int64_t parent_id,
                      const std::string& body) {
  WEFT_TRY_VOID(check_body(body, false));
  return store::transact(store, [&](store::Connection& c) { return reply_in(c, viewer, parent_id, body); });
}

Result<int64_t> reply_in(store::Connection& c, const Viewer& viewer, int64_t parent_id, const std::string& body) {
  WEFT_TRY_VOID(check_body(body, false));
  WEFT_ASSIGN_OR_RETURN(auto parent, visible_post(c, viewer, parent_id));
  // Replying takes what posting to the thread's audience takes: membership, for a space.
  if (parent.space_id) WEFT_TRY_VOID(policy::require_member(c, viewer, *parent.space_id));
  if (!policy::can_post_with_audience(viewer, parent.audience)) {
    return forbidden("Guests post only in the spaces they belong to.");
  }
  PostRow row{.author_id = viewer.person_id, .body = body, .reply_to = parent_id};
  return insert_post(c, viewer, row);
}

Result<void> edit_post(store::Store& store, const Viewer& viewer, int64_t post_id,
                       const std::string& body) {
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_ASSIGN_OR_RETURN(auto post, visible_post(c, viewer, post_id));
    if (!policy::can_edit_post(viewer, post.author_id)) {
      return forbidden("Only the author or an admin may edit a post.");
    }
    WEFT_TRY_VOID(check_body(body, post.reshare_of.has_value()));
    c.execute("UPDATE posts SET body = ?, edited_at = ? WHERE id = ?", {body, clock::now_seconds(), post_id});
    remove_topics(c, post_id, post.counted());
    add_topics(c, post_id, text::topics(body), post.counted());
    c.execute("DELETE FROM post_mentions WHERE post_id = ?", {post_id});
    Viewer author{post.author_id, Role::kMember};
    {
      auto role = c.query_text("SELECT role FROM people WHERE id = ?", {post.author_id});
      author.role = parse_role(role.value_or("member")).value_or(Role::kMember);
    }
    auto mentioned = add_mentions(c, author, post_id, body);
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = post_id,
                       .space_id = post.space_id,
                       .audience = post.audience,
                       .payload = events::PostEdited{post.author_id, mentioned}});
    return true;
  }));
}

Result<void> delete_post(store::Store& store, const Viewer& viewer, int64_t post_id) {
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_ASSIGN_OR_RETURN(auto post, visible_post(c, viewer, post_id));
    if (!policy::can_edit_post(viewer, post.author_id)) {
      return forbidden("Only the author or an admin may delete a post.");
    }
    const int64_t now = clock::now_seconds();
    // A root takes its whole thread with it, each reply as deleted as if on its own (its topics, an
    // event of its own for the views that follow its author or its words); a reply goes alone.
    if (post.id == post.root_id) {
      struct Reply {
        int64_t id;
        std::optional<int64_t> space_id;
        std::string audience;
        bool counted;
      };
      std::vector<Reply> replies;
      {
        auto rows = c.query("SELECT id, space_id, audience, record_id, hidden_at FROM posts WHERE root_id = ? AND id <> ? "
                            "AND deleted_at IS NULL ORDER BY id",
                            {post.id, post.id});
        while (rows->next()) {
          replies.push_back({rows->int64(0), rows->optional_int64(1), rows->text(2),
                             rows->text(2) == "public" && rows->is_null(3) && rows->is_null(4)});
        }
      }
      c.execute("UPDATE posts SET deleted_at = ? WHERE root_id = ? AND deleted_at IS NULL", {now, post.id});
      for (const Reply& reply : replies) {
        remove_topics(c, reply.id, reply.counted);
        events::append(c, {.actor_id = viewer.person_id,
                           .object_id = reply.id,
                           .space_id = reply.space_id,
                           .audience = reply.audience,
                           .payload = events::PostDeleted{}});
      }
    } else {
      c.execute("UPDATE posts SET deleted_at = ? WHERE id = ?", {now, post.id});
    }
    remove_topics(c, post.id, post.counted());
    // A hidden post left these counts when it was hidden (actions/moderation.cc).
    if (post.reply_to && !post.hidden) {
      c.execute("UPDATE posts SET reply_count = reply_count - 1 WHERE id = ?", {*post.reply_to});
      if (post.root_id != *post.reply_to) {
        c.execute("UPDATE posts SET reply_count = reply_count - 1 WHERE id = ?", {post.root_id});
      }
    }
    if (post.reshare_of && !post.hidden) {
      c.execute("UPDATE posts SET reshare_count = reshare_count - 1 WHERE id = ?", {*post.reshare_of});
    }
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = post_id,
                       .space_id = post.space_id,
                       .audience = post.audience,
                       .payload = events::PostDeleted{}});
    return true;
  }));
}

Result<void> react(store::Store& store, const Viewer& viewer, int64_t post_id,
                   const std::string& kind, bool add) {
  int index = reaction_index(kind);
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    // Visibility first: a hidden post is 404 whatever else is wrong with the request.
    WEFT_TRY_VOID(visible_post(c, viewer, post_id));
    if (index < 0) return invalid("kind", "kind must be like, celebrate, insightful or support.");
    if (add) {
      insert_reaction(c, post_id, viewer.person_id, index, clock::now_seconds());
      return true;
    }
    if (c.execute("DELETE FROM reactions WHERE post_id = ? AND person_id = ? AND kind = ?",
                  {post_id, viewer.person_id, kind}) > 0) {
      c.execute(std::string("UPDATE posts SET ") + kCountColumns[index] + " = " +
                    kCountColumns[index] + " - 1 WHERE id = ?",
                {post_id});
      events::append(c, {.actor_id = viewer.person_id,
                         .object_id = post_id,
                         .payload = events::ReactionRemoved{kind}});
    }
    return true;
  }));
}

Result<void> follow_topic(store::Store& store, const Viewer& viewer, const std::string& topic_in,
                          bool follow) {
  std::string topic = text::lowercase_ascii(topic_in);
  if (!text::valid_topic(topic)) {
    return invalid("name", "A topic is 1 to 50 letters, digits, '_' or '-', not only digits.");
  }
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    if (follow) {
      if (c.execute("INSERT INTO topic_follows (person_id, topic, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    {viewer.person_id, topic, clock::now_seconds()}) == 0) {
        return true;
      }
      c.execute(
          "INSERT INTO topics (name, followers_count) VALUES (?, 1) ON CONFLICT (name) DO UPDATE "
          "SET followers_count = topics.followers_count + 1",
          {topic});
    } else {
      if (c.execute("DELETE FROM topic_follows WHERE person_id = ? AND topic = ?",
                    {viewer.person_id, topic}) == 0) {
        return true;
      }
      c.execute("UPDATE topics SET followers_count = followers_count - 1 WHERE name = ?", {topic});
    }
    events::append(c, {.actor_id = viewer.person_id,
                       .payload = follow ? events::Payload(events::TopicFollowed{topic})
                                         : events::Payload(events::TopicUnfollowed{topic})});
    return true;
  }));
}

}  // namespace weft::actions
