#include "expertise/topic_posters.h"

#include <algorithm>

namespace weft::expertise {
namespace {

// The posts that count (topic_posters.h), as a condition on posts p.
constexpr const char* kCounted =
    "p.deleted_at IS NULL AND p.hidden_at IS NULL AND p.record_id IS NULL AND p.audience IN ('public', 'space')";

// People a transaction re-counts at most, so that no batch holds the writer long.
constexpr std::size_t kPeoplePerTransaction = 64;

}  // namespace

bool changes_a_post(events::Kind kind) {
  using events::Kind;
  switch (kind) {
    case Kind::kPostCreated:
    case Kind::kPostReplied:
    case Kind::kPostReshared:
    case Kind::kPostEdited:
    case Kind::kPostDeleted:
    case Kind::kPostHidden:
    case Kind::kPostRestored: return true;
    default: return false;
  }
}

std::string post_verbs_sql() {
  std::string out;
  for (std::size_t i = 0; i < events::kKindCount; ++i) {
    const auto kind = static_cast<events::Kind>(i);
    if (changes_a_post(kind)) out += (out.empty() ? "'" : ", '") + std::string(events::verb_of(kind)) + "'";
  }
  return out;
}

std::vector<int64_t> authors_of(store::Connection& c, std::vector<int64_t> posts) {
  if (posts.empty()) return {};
  std::sort(posts.begin(), posts.end());
  posts.erase(std::unique(posts.begin(), posts.end()), posts.end());
  std::vector<int64_t> people;
  auto rows = c.query("SELECT DISTINCT author_id FROM posts WHERE id IN (" + c.ids_sql() + ") ORDER BY author_id",
                      {store::Param::ids(posts)});
  while (rows->next()) people.push_back(rows->int64(0));
  return people;
}

std::vector<TopicCount> count_topics(store::Connection& c, int64_t person) {
  std::vector<TopicCount> out;
  auto rows = c.query(std::string("SELECT pt.topic, COALESCE(p.space_id, 0), COUNT(*), MAX(p.created_at) FROM "
                                  "(SELECT p.id, p.space_id, p.created_at, p.deleted_at, p.hidden_at, p.record_id, "
                                  "p.audience FROM posts p WHERE p.author_id = ? ORDER BY p.id DESC LIMIT ?) p "
                                  "JOIN post_topics pt ON pt.post_id = p.id WHERE ") +
                          kCounted + " GROUP BY 1, 2 ORDER BY 1, 2",
                      {person, kLatestPosts});
  while (rows->next()) out.push_back({rows->text(0), rows->int64(1), rows->int64(2), rows->int64(3)});
  return out;
}

void store_counts(store::Connection& c, int64_t person, const std::vector<TopicCount>& counts) {
  c.execute("DELETE FROM topic_posters WHERE person_id = ?", {person});
  for (const TopicCount& t : counts) {
    c.execute("INSERT INTO topic_posters (person_id, topic, space_id, posts, last_at) VALUES (?, ?, ?, ?, ?)",
              {person, t.topic, t.space_id, t.posts, t.last_at});
  }
}

std::vector<int64_t> posters_of(store::Connection& c, std::span<const events::Event> events) {
  std::vector<int64_t> posts;
  for (const events::Event& event : events) {
    if (changes_a_post(event.kind()) && event.object_id) posts.push_back(*event.object_id);
  }
  return authors_of(c, std::move(posts));
}

Result<void> TopicPosters::handle_batch(std::span<const events::Event> events) {
  if (std::none_of(events.begin(), events.end(), [](const auto& e) { return changes_a_post(e.kind()); })) return {};
  // Counted in a read, so that a prolific author's thousands of posts never hold the writer; a
  // post written after the read has an event of its own, handled after this batch.
  using Counts = std::vector<std::pair<int64_t, std::vector<TopicCount>>>;
  auto counted = store::read(store_, [&](store::Connection& c) -> Result<Counts> {
    Counts out;
    for (int64_t person : posters_of(c, events)) out.emplace_back(person, count_topics(c, person));
    return out;
  });
  if (!counted) return std::unexpected(counted.error());
  for (std::size_t from = 0; from < counted->size(); from += kPeoplePerTransaction) {
    auto done = store::transact(store_, [&](store::Connection& c) -> Result<bool> {
      for (std::size_t i = from; i < std::min(counted->size(), from + kPeoplePerTransaction); ++i) {
        store_counts(c, (*counted)[i].first, (*counted)[i].second);
      }
      return true;
    });
    if (!done) return std::unexpected(done.error());
  }
  return {};
}

Result<void> TopicPosters::begin_rebuild(store::Connection& c) {
  c.execute("DELETE FROM topic_posters");
  return {};
}

Result<void> TopicPosters::rebuild_from_state(store::Connection& c,
                                              const std::function<void(int64_t, int64_t)>& progress) {
  // Every post's topics, a range of posts at a time (for the progress bar), added up per person,
  // topic and space; then the few people with more posts than count re-counted from their latest.
  const int64_t last = c.query_int("SELECT COALESCE(MAX(id), 0) FROM posts").value_or(0);
  constexpr int64_t kPostsPerStep = 250000;
  for (int64_t from = 1; from <= last; from += kPostsPerStep) {
    c.execute(std::string("INSERT INTO topic_posters (person_id, topic, space_id, posts, last_at) "
                          "SELECT p.author_id, pt.topic, COALESCE(p.space_id, 0), COUNT(*), MAX(p.created_at) "
                          "FROM post_topics pt CROSS JOIN posts p WHERE p.id = pt.post_id AND pt.post_id >= ? AND "
                          "pt.post_id < ? AND ") +
                  kCounted +
                  " GROUP BY 1, 2, 3 ON CONFLICT (person_id, topic, space_id) DO UPDATE SET "
                  "posts = topic_posters.posts + excluded.posts, last_at = CASE WHEN excluded.last_at > "
                  "topic_posters.last_at THEN excluded.last_at ELSE topic_posters.last_at END",
              {from, from + kPostsPerStep});
    if (progress) progress(std::min(last, from + kPostsPerStep - 1), last + 1);
  }
  std::vector<int64_t> prolific;
  auto rows = c.query("SELECT author_id FROM posts GROUP BY author_id HAVING COUNT(*) > ? ORDER BY author_id",
                      {kLatestPosts});
  while (rows->next()) prolific.push_back(rows->int64(0));
  rows.reset();
  for (int64_t person : prolific) store_counts(c, person, count_topics(c, person));
  if (progress) progress(last + 1, last + 1);
  return {};
}

}  // namespace weft::expertise
