#include "queries/posts.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "core/text.h"
#include "policy/people.h"
#include "policy/posts.h"
#include "policy/records.h"
#include "timelines/timelines.h"
#include "policy/spaces.h"

namespace weft::queries {
namespace {

int64_t before_id(const cursor::PageRequest& page) {
  return page.number(0, INT64_MAX);
}

// Runs `sql` (selecting post ids, at most limit + 1) and assembles the page.
cursor::Page<Post> id_page(store::Connection& c, const Viewer& viewer, const std::string& sql,
                           const std::vector<store::Param>& params, int limit) {
  std::vector<int64_t> ids;
  {
    auto rows = c.query(sql, params);
    while (rows->next()) ids.push_back(rows->int64(0));
  }
  cursor::Page<Post> page;
  if (limit > 0 && static_cast<int>(ids.size()) > limit) {
    ids.resize(limit);
    page.next_cursor = cursor::encode({std::to_string(ids.back())});
  }
  page.items = load_posts(c, viewer, ids);
  return page;
}

std::vector<Post> load_without_originals(store::Connection& c, const Viewer& viewer,
                                         const std::vector<int64_t>& ids) {
  std::vector<Post> out;
  if (ids.empty()) return out;
  const store::Param list = store::Param::ids(ids);
  std::unordered_map<int64_t, Post> by_id;
  {
    std::vector<store::Param> params{list};
    std::string sql =
        "SELECT p.id, p.author_id, p.body, p.audience, p.space_id, p.record_id, p.reply_to, "
        "p.root_id, p.reshare_of, p.reply_count, p.reshare_count, p.like_count, p.celebrate_count, "
        "p.insightful_count, p.support_count, p.created_at, p.edited_at, a.handle, a.name, a.title, "
        "a.unit_id, a.avatar_version, p.hidden_at, p.hidden_reason FROM posts p JOIN people a ON a.id = p.author_id WHERE p.id IN (" + c.ids_sql() +
        ") AND " + policy::append(params, policy::visible_posts(viewer));
    auto rows = c.query(sql, params);
    while (rows->next()) {
      Post post;
      post.id = rows->int64(0);
      post.author.id = rows->int64(1);
      post.body = rows->text(2);
      post.audience = rows->text(3);
      post.space_id = rows->optional_int64(4);
      post.record_id = rows->optional_int64(5);
      post.reply_to = rows->optional_int64(6);
      post.root_id = rows->int64(7);
      post.reshare_of = rows->optional_int64(8);
      post.reply_count = rows->int64(9);
      post.reshare_count = rows->int64(10);
      for (int k = 0; k < 4; ++k) post.reactions[k] = rows->int64(11 + k);
      post.created_at = rows->int64(15);
      post.edited_at = rows->optional_int64(16);
      post.author.handle = rows->text(17);
      post.author.name = rows->text(18);
      post.author.title = rows->text(19);
      post.author.unit_id = rows->optional_int64(20);
      post.author.avatar_version = rows->optional_int64(21);
      if (!rows->is_null(22)) post.hidden_reason = rows->text(23);
      post.can_edit = policy::can_edit_post(viewer, post.author.id);
      by_id.emplace(post.id, std::move(post));
    }
  }
  if (by_id.empty()) return out;
  // A post's topics and mentions are read from its body as it is written or edited (#topic,
  // @handle; actions/posts.cc): only posts whose body holds a '#' or an '@' are looked up.
  // Likewise the viewer's own reshares and reactions are looked up only on posts whose counts
  // (kept with each reshare and reaction, added or taken back) say there are some.
  std::vector<int64_t> with_topics, with_mentions, reshared, reacted;
  for (const auto& [id, post] : by_id) {
    if (post.body.find('#') != std::string::npos) with_topics.push_back(id);
    if (post.body.find('@') != std::string::npos) with_mentions.push_back(id);
    if (post.reshare_count > 0) reshared.push_back(id);
    if (std::any_of(std::begin(post.reactions), std::end(post.reactions), [](int64_t n) { return n > 0; })) {
      reacted.push_back(id);
    }
  }
  if (!with_topics.empty()) {
    auto rows = c.query("SELECT post_id, topic FROM post_topics WHERE post_id IN (" + c.ids_sql() + ")",
                        {store::Param::ids(with_topics)});
    while (rows->next()) {
      if (auto it = by_id.find(rows->int64(0)); it != by_id.end()) it->second.topics.push_back(rows->text(1));
    }
  }
  if (!with_mentions.empty()) {
    auto rows = c.query("SELECT m.post_id, m.person_id, pe.handle FROM post_mentions m JOIN people pe ON pe.id = "
                        "m.person_id WHERE m.post_id IN (" + c.ids_sql() + ") ORDER BY m.post_id, pe.handle",
                        {store::Param::ids(with_mentions)});
    while (rows->next()) {
      if (auto it = by_id.find(rows->int64(0)); it != by_id.end()) {
        it->second.mentions.push_back(rows->int64(1));
        it->second.mention_handles.push_back(rows->text(2));
      }
    }
  }
  if (!reshared.empty()) {
    // Whether the viewer reshared each post already (a person reshares a post once).
    auto rows = c.query("SELECT DISTINCT reshare_of FROM posts WHERE author_id = ? AND deleted_at IS NULL AND "
                        "reshare_of IN (" + c.ids_sql() + ")",
                        {viewer.person_id, store::Param::ids(reshared)});
    while (rows->next()) {
      if (auto it = by_id.find(rows->int64(0)); it != by_id.end()) it->second.reshared_by_me = true;
    }
  }
  if (!reacted.empty()) {
    auto rows = c.query(
        "SELECT post_id, kind FROM reactions WHERE person_id = ? AND post_id IN (" + c.ids_sql() + ")",
        {viewer.person_id, store::Param::ids(reacted)});
    while (rows->next()) {
      if (auto it = by_id.find(rows->int64(0)); it != by_id.end()) {
        it->second.my_reactions.push_back(rows->text(1));
      }
    }
  }
  // `ids` may name one post twice (two reshares of one original on a page): copy, never move.
  for (int64_t id : ids) {
    if (auto it = by_id.find(id); it != by_id.end()) out.push_back(it->second);
  }
  return out;
}

std::string page_sql_tail() { return " ORDER BY p.id DESC LIMIT ?"; }

}  // namespace

std::vector<Post> load_posts(store::Connection& c, const Viewer& viewer, const std::vector<int64_t>& ids) {
  std::vector<Post> posts = load_without_originals(c, viewer, ids);
  std::vector<int64_t> originals;
  for (const auto& post : posts) {
    if (post.reshare_of) originals.push_back(*post.reshare_of);
  }
  if (originals.empty()) return posts;
  std::sort(originals.begin(), originals.end());
  originals.erase(std::unique(originals.begin(), originals.end()), originals.end());
  std::unordered_map<int64_t, std::shared_ptr<Post>> by_id;
  for (auto& original : load_without_originals(c, viewer, originals)) {
    int64_t id = original.id;
    by_id[id] = std::make_shared<Post>(std::move(original));
  }
  for (auto& post : posts) {
    if (post.reshare_of) {
      if (auto it = by_id.find(*post.reshare_of); it != by_id.end()) post.reshared = it->second;
    }
  }
  return posts;
}

bool can_see_post(store::Connection& c, const Viewer& viewer, int64_t post_id) {
  std::vector<store::Param> params{post_id};
  std::string sql = "SELECT 1 FROM posts p WHERE p.id = ? AND " +
                    policy::append(params, policy::visible_posts(viewer));
  return c.query_int(sql, params).has_value();
}

Result<Post> post(store::Store& store, const Viewer& viewer, int64_t post_id) {
  return store::read(store, [&](store::Connection& c) -> Result<Post> {
    auto posts = load_posts(c, viewer, {post_id});
    if (posts.empty()) return not_found("No such post.");
    return std::move(posts[0]);
  });
}

Result<Thread> thread(store::Store& store, const Viewer& viewer, int64_t post_id,
                      const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<Thread> {
    auto asked = load_posts(c, viewer, {post_id});
    if (asked.empty()) return not_found("No such post.");
    Thread out;
    const int64_t root_id = asked[0].root_id != 0 ? asked[0].root_id : asked[0].id;
    if (root_id == post_id) {
      out.root = std::move(asked[0]);
    } else {
      out.focus = post_id;
      auto root = load_posts(c, viewer, {root_id});
      if (root.empty()) return not_found("No such post.");
      out.root = std::move(root[0]);
    }
    std::vector<store::Param> params{root_id, root_id, page.number(0, 0)};
    std::string sql = "SELECT p.id FROM posts p WHERE p.root_id = ? AND p.id <> ? AND p.id > ? AND " +
                      policy::append(params, policy::visible_posts(viewer)) + " ORDER BY p.id LIMIT ?";
    params.emplace_back(page.limit + 1);
    out.replies = id_page(c, viewer, sql, params, page.limit);
    return out;
  });
}

Result<cursor::Page<Post>> replies(store::Store& store, const Viewer& viewer, int64_t post_id,
                                   const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<Post>> {
    if (!can_see_post(c, viewer, post_id)) return not_found("No such post.");
    auto root = c.query_int("SELECT root_id FROM posts WHERE id = ?", {post_id});
    int64_t after = page.number(0, 0);
    std::vector<store::Param> params;
    std::string sql;
    if (root == post_id) {
      params = {post_id, post_id, after};
      sql = "SELECT p.id FROM posts p WHERE p.root_id = ? AND p.id <> ? AND p.id > ? AND ";
    } else {
      params = {post_id, after};
      sql =
          "WITH RECURSIVE below(id) AS (SELECT id FROM posts WHERE reply_to = ? UNION ALL SELECT "
          "p.id FROM posts p JOIN below b ON p.reply_to = b.id) SELECT p.id FROM posts p JOIN "
          "below b ON b.id = p.id WHERE p.id > ? AND ";
    }
    sql += policy::append(params, policy::visible_posts(viewer)) + " ORDER BY p.id LIMIT ?";
    params.emplace_back(page.limit + 1);
    return id_page(c, viewer, sql, params, page.limit);
  });
}

std::vector<int64_t> home_candidates(store::Connection& c, const Viewer& viewer, int64_t before,
                                     int64_t from, int limit) {
  const int n = limit;
  std::vector<store::Param> params;
  // The newest n posts of each source row (a followee, a topic, a space): PostgreSQL runs the
  // correlated subquery once per source row only when it is LATERAL; SQLite has no LATERAL but runs
  // `x.id IN (correlated subquery)` through the subquery's index, once per source row.
  const bool lateral = c.backend() == "postgres";
  auto per_source = [&](std::string_view source, std::string_view alias, std::string_view inner) {
    if (lateral) {
      return fmt::format(" UNION ALL SELECT {1}.id FROM {0} CROSS JOIN LATERAL ({2}) {1}", source, alias, inner);
    }
    return fmt::format(" UNION ALL SELECT {1}.id FROM {0} JOIN posts {1} ON {1}.id IN ({2})", source, alias, inner);
  };
  // Each branch reads at most n posts per source, newest first, straight from an index.
  std::string sql = "WITH candidates(id) AS (SELECT * FROM (SELECT p.id FROM posts p WHERE p.author_id = ? AND "
                    "p.reply_to IS NULL AND p.id < ? AND p.id >= ? AND ";
  params = {viewer.person_id, before, from};
  sql += policy::append(params, policy::visible_posts(viewer, "p"));
  sql += " ORDER BY p.id DESC LIMIT ?) own";
  params.emplace_back(n);
  std::string inner =
      "SELECT p2.id FROM posts p2 WHERE p2.author_id = fo.followee_id AND p2.reply_to IS NULL AND p2.id < ? AND "
      "p2.id >= ? AND ";
  params.emplace_back(before);
  params.emplace_back(from);
  inner += policy::append(params, policy::visible_posts(viewer, "p2"));
  inner += " ORDER BY p2.id DESC LIMIT ?";
  params.emplace_back(n);
  sql += per_source("follows fo", "f", inner) + " WHERE fo.follower_id = ?";
  params.emplace_back(viewer.person_id);
  if (viewer.unit_id) {
    sql += " UNION ALL SELECT * FROM (SELECT p3.id FROM posts p3 WHERE p3.unit_id = ? AND "
           "p3.reply_to IS NULL AND p3.id < ? AND p3.id >= ? AND ";
    params.emplace_back(viewer.unit_id);
    params.emplace_back(before);
    params.emplace_back(from);
    sql += policy::append(params, policy::visible_posts(viewer, "p3"));
    sql += " ORDER BY p3.id DESC LIMIT ?) in_unit";
    params.emplace_back(n);
  }
  inner =
      "SELECT pt.post_id AS id FROM post_topics pt JOIN posts p4 ON p4.id = pt.post_id WHERE pt.topic = tf.topic "
      "AND pt.post_id < ? AND pt.post_id >= ? AND p4.reply_to IS NULL AND ";
  params.emplace_back(before);
  params.emplace_back(from);
  inner += policy::append(params, policy::visible_posts(viewer, "p4"));
  inner += " ORDER BY pt.post_id DESC LIMIT ?";
  params.emplace_back(n);
  sql += per_source("topic_follows tf", "t", inner) + " WHERE tf.person_id = ?";
  params.emplace_back(viewer.person_id);
  inner =
      "SELECT p5.id FROM posts p5 WHERE p5.space_id = sm.space_id AND p5.reply_to IS NULL AND p5.id < ? AND "
      "p5.id >= ? AND ";
  params.emplace_back(before);
  params.emplace_back(from);
  inner += policy::append(params, policy::visible_posts(viewer, "p5"));
  inner += " ORDER BY p5.id DESC LIMIT ?";
  params.emplace_back(n);
  sql += per_source("space_members sm", "s", inner) + " WHERE sm.person_id = ?";
  params.emplace_back(viewer.person_id);
  sql += ") SELECT DISTINCT id FROM candidates ORDER BY id DESC LIMIT ?";
  params.emplace_back(n);
  std::vector<int64_t> ids;
  auto rows = c.query(sql, params);
  while (rows->next()) ids.push_back(rows->int64(0));
  return ids;
}

Result<cursor::Page<Post>> home_feed(store::Store& store, const Viewer& viewer,
                                     const cursor::PageRequest& page) {
  // The loader applies the visibility rule to the page, so the timeline's rows are checked once,
  // there (a rule evaluated and a post looked up fewer for each). Should it drop one, the page is
  // read again with the rule on the timeline itself, so that it stays full.
  for (const bool recheck : {false, true}) {
    WEFT_ASSIGN_OR_RETURN(auto ids, timelines::home_page_ids(store, viewer, before_id(page), page.limit, recheck));
    auto loaded = store::read(store, [&](store::Connection& c) -> Result<std::optional<cursor::Page<Post>>> {
      cursor::Page<Post> out;
      std::optional<int64_t> next;  // the first of the next page: there is one
      if (static_cast<int>(ids.size()) > page.limit) {
        next = ids[page.limit];
        ids.resize(page.limit);
        out.next_cursor = cursor::encode({std::to_string(ids.back())});
      }
      out.items = load_posts(c, viewer, ids);
      if (!recheck && (out.items.size() != ids.size() || (next && !can_see_post(c, viewer, *next)))) {
        return std::nullopt;
      }
      return out;
    });
    if (!loaded) return std::unexpected(loaded.error());
    if (*loaded) return std::move(**loaded);
  }
  return std::unexpected(Error{ErrorCode::kInternal, "the home feed could not be read"});
}

namespace {
// The home rule, in one text: a post `p` enters the home feed of `person` (of unit `unit`) when
// it is theirs, by someone they follow, of their unit, with a topic they follow, or in a space
// they belong to; replies never do. `person` and `unit` are SQL expressions: "?" for one viewer
// bound as a parameter (see append_in_home), or a joined person's columns ("v.id", "v.unit_id").
std::string home_rule(std::string_view person, std::string_view unit) {
  return fmt::format(
      "p.reply_to IS NULL AND (p.author_id = {0} OR "
      "EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = {0} AND f.followee_id = p.author_id) "
      "OR p.unit_id = {1} OR EXISTS (SELECT 1 FROM post_topics pt JOIN topic_follows tf ON "
      "tf.topic = pt.topic WHERE pt.post_id = p.id AND tf.person_id = {0}) OR EXISTS (SELECT 1 FROM "
      "space_members sm WHERE sm.space_id = p.space_id AND sm.person_id = {0})) AND ",
      person, unit);
}

// The rule for one viewer bound as parameters; five of them, in append_in_home's order (each "?"
// in the text above is one, person, person, unit, person, person).
const std::string kInHome = home_rule("?", "?");
// The rule for each person `v` joined in.
const std::string kJoinedInHome = home_rule("v.id", "v.unit_id");

void append_in_home(std::vector<store::Param>& params, const Viewer& viewer) {
  params.insert(params.end(), {viewer.person_id, viewer.person_id, viewer.unit_id, viewer.person_id, viewer.person_id});
}
}  // namespace

bool in_home_feed(store::Connection& c, const Viewer& viewer, int64_t post_id) {
  std::vector<store::Param> params{post_id};
  append_in_home(params, viewer);
  std::string sql = "SELECT 1 FROM posts p WHERE p.id = ? AND " + std::string(kInHome);
  sql += policy::append(params, policy::visible_posts(viewer));
  return c.query_int(sql, params).has_value();
}

std::vector<int64_t> in_home_feed(store::Connection& c, const Viewer& viewer, const std::vector<int64_t>& post_ids,
                                  int64_t before) {
  std::vector<int64_t> out;
  if (post_ids.empty()) return out;
  std::vector<store::Param> params{store::Param::ids(post_ids), before};
  append_in_home(params, viewer);
  std::string sql = "SELECT p.id FROM posts p WHERE p.id IN (" + c.ids_sql() + ") AND p.id < ? AND " +
                    std::string(kInHome);
  sql += policy::append(params, policy::visible_posts(viewer));
  sql += " ORDER BY p.id DESC";
  auto rows = c.query(sql, params);
  while (rows->next()) out.push_back(rows->int64(0));
  return out;
}

std::vector<int64_t> home_feed_audience(store::Connection& c, int64_t post_id, const std::vector<int64_t>& people) {
  std::vector<int64_t> out;
  if (people.empty()) return out;
  // Driven by the people asked about (a few hundred streams at most), each checked by key: the
  // audience seen from the post's side is every follower and unit member of its author, tens of
  // thousands of rows for a popular one.
  auto rows = c.query(
      "SELECT v.id FROM posts p JOIN people v ON v.id IN (" + c.ids_sql("?2") + ") WHERE p.id = ?1 AND " +
          kJoinedInHome + policy::visible_posts_to_people("p", "v") + " ORDER BY v.id",
      {post_id, store::Param::ids(people)});
  while (rows->next()) out.push_back(rows->int64(0));
  return out;
}

Result<cursor::Page<Post>> person_feed(store::Store& store, const Viewer& viewer, int64_t person_id,
                                       const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<Post>> {
    if (!policy::can_see_person(c, viewer, person_id)) {
      return not_found("No such person.");
    }
    std::vector<store::Param> params{person_id, before_id(page)};
    std::string sql = "SELECT p.id FROM posts p WHERE p.author_id = ? AND p.reply_to IS NULL AND p.id < ? AND " +
                      policy::append(params, policy::visible_posts(viewer)) + page_sql_tail();
    params.emplace_back(page.limit + 1);
    return id_page(c, viewer, sql, params, page.limit);
  });
}

Result<cursor::Page<Post>> topic_feed(store::Store& store, const Viewer& viewer,
                                      const std::string& topic_in, const cursor::PageRequest& page) {
  std::string topic = text::lowercase_ascii(topic_in);
  if (!text::valid_topic(topic)) {
    return invalid("name", "A topic is 1 to 50 letters, digits, '_' or '-', not only digits.");
  }
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<Post>> {
    std::vector<store::Param> params{topic, before_id(page)};
    std::string sql =
        "SELECT p.id FROM post_topics pt JOIN posts p ON p.id = pt.post_id WHERE pt.topic = ? AND "
        "pt.post_id < ? AND p.reply_to IS NULL AND " +
        policy::append(params, policy::visible_posts(viewer)) + " ORDER BY pt.post_id DESC LIMIT ?";
    params.emplace_back(page.limit + 1);
    return id_page(c, viewer, sql, params, page.limit);
  });
}

Result<cursor::Page<Post>> space_feed(store::Store& store, const Viewer& viewer, int64_t space_id,
                                      const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<Post>> {
    WEFT_TRY_VOID(policy::require_content(c, viewer, space_id));
    std::vector<store::Param> params{space_id, before_id(page)};
    std::string sql = "SELECT p.id FROM posts p WHERE p.space_id = ? AND p.reply_to IS NULL AND p.id < ? AND " +
                      policy::append(params, policy::visible_posts(viewer)) + page_sql_tail();
    params.emplace_back(page.limit + 1);
    return id_page(c, viewer, sql, params, page.limit);
  });
}

Result<cursor::Page<Post>> record_feed(store::Store& store, const Viewer& viewer, int64_t record_id,
                                       const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<Post>> {
    WEFT_TRY_VOID(policy::require_record(c, viewer, record_id));
    std::vector<store::Param> params{record_id, before_id(page)};
    std::string sql = "SELECT p.id FROM posts p WHERE p.record_id = ? AND p.reply_to IS NULL AND p.id < ? AND " +
                      policy::append(params, policy::visible_posts(viewer)) + page_sql_tail();
    params.emplace_back(page.limit + 1);
    return id_page(c, viewer, sql, params, page.limit);
  });
}

Result<Cascade> cascade(store::Store& store, const Viewer& viewer, int64_t post_id) {
  return store::read(store, [&](store::Connection& c) -> Result<Cascade> {
    if (!can_see_post(c, viewer, post_id)) return not_found("No such post.");
    int64_t root = post_id;
    for (int guard = 0; guard < 1000; ++guard) {
      auto up = c.query_int("SELECT reshare_of FROM posts WHERE id = ?", {root});
      if (!up) break;
      root = *up;
    }
    Cascade result;
    result.root = root;
    std::vector<store::Param> params{root};
    std::string sql =
        "WITH RECURSIVE tree(id, parent, depth) AS (SELECT CAST(? AS BIGINT), CAST(NULL AS BIGINT), 0 UNION ALL SELECT p.id, "
        "p.reshare_of, t.depth + 1 FROM posts p JOIN tree t ON p.reshare_of = t.id WHERE t.depth < "
        "100) SELECT t.id, t.parent, t.depth, a.id, a.handle, a.name, a.title, a.unit_id, " +
        policy::append(params, policy::visible_posts(viewer)) +
        " FROM tree t JOIN posts p ON p.id = t.id JOIN people a ON a.id = p.author_id ORDER BY t.depth, t.id";
    std::set<int64_t> kept;
    std::map<int, int> per_depth;
    std::vector<int64_t> people;
    {
      auto rows = c.query(sql, params);
      while (rows->next()) {
        CascadeNode node;
        node.post_id = rows->int64(0);
        node.parent = rows->optional_int64(1);
        node.depth = static_cast<int>(rows->int64(2));
        bool visible = rows->int64(8) != 0;
        // A node counts only when it and every node above it are visible.
        if (!visible || (node.parent && !kept.contains(*node.parent))) continue;
        node.person = {rows->int64(3), rows->text(4), rows->text(5), rows->text(6),
                       rows->optional_int64(7)};
        kept.insert(node.post_id);
        per_depth[node.depth]++;
        result.depth = std::max(result.depth, node.depth);
        people.push_back(node.person.id);
        result.nodes.push_back(std::move(node));
      }
    }
    for (auto& [depth, count] : per_depth) result.breadth = std::max(result.breadth, count);
    std::sort(people.begin(), people.end());
    people.erase(std::unique(people.begin(), people.end()), people.end());
    auto rows = c.query(
        "WITH reached(id) AS (" + c.ids_sql("?1") + " UNION SELECT follower_id FROM follows "
        "WHERE followee_id IN (" + c.ids_sql("?1") + ")) SELECT COUNT(*), COUNT(DISTINCT "
        "p.unit_id) FROM reached r JOIN people p ON p.id = r.id",
        {store::Param::ids(people)});
    if (rows->next()) {
      result.people_reached = rows->int64(0);
      result.units_reached = rows->int64(1);
    }
    return result;
  });
}

Result<TopicInfo> topic(store::Store& store, const Viewer& viewer, const std::string& name_in) {
  std::string name = text::lowercase_ascii(name_in);
  if (!text::valid_topic(name)) {
    return invalid("name", "A topic is 1 to 50 letters, digits, '_' or '-', not only digits.");
  }
  return store::read(store, [&](store::Connection& c) -> Result<TopicInfo> {
    TopicInfo info{name};
    // Counted over posts the viewer may see, so a topic used only in hidden places reveals nothing.
    std::vector<store::Param> params{name};
    std::string sql = "SELECT COUNT(*) FROM post_topics pt JOIN posts p ON p.id = pt.post_id WHERE pt.topic = ? AND " +
                      policy::append(params, policy::visible_posts(viewer));
    info.post_count = c.query_int(sql, params).value_or(0);
    info.followers_count = c.query_int("SELECT followers_count FROM topics WHERE name = ?", {name}).value_or(0);
    info.followed_by_me = c.query_int("SELECT 1 FROM topic_follows WHERE person_id = ? AND topic = ?",
                                      {viewer.person_id, name})
                              .has_value();
    return info;
  });
}

Result<std::vector<TopicInfo>> topics(store::Store& store, const Viewer& viewer,
                                      const std::string& prefix_in, int limit) {
  std::string prefix = text::lowercase_ascii(prefix_in);
  return store::read(store, [&](store::Connection& c) -> Result<std::vector<TopicInfo>> {
    std::vector<TopicInfo> out;
    if (viewer.is_guest()) return out;
    std::string upper = prefix + "\U0010FFFF";  // after every character a topic name may hold
    auto rows = c.query(
        "SELECT t.name, t.post_count, t.followers_count, EXISTS (SELECT 1 FROM topic_follows tf "
        "WHERE tf.person_id = ? AND tf.topic = t.name) FROM topics t WHERE t.name >= ? AND t.name < "
        "? AND t.post_count > 0 ORDER BY t.post_count DESC, t.name LIMIT ?",
        {viewer.person_id, prefix, upper, limit});
    while (rows->next()) {
      out.push_back({rows->text(0), rows->int64(1), rows->int64(2), rows->int64(3) != 0});
    }
    return out;
  });
}

}  // namespace weft::queries
