// What people post about: for each person, topic and space, how many of their posts carry the
// topic (#customs) and when they last posted one — evidence for the expertise index (a person who
// keeps posting about customs likely knows something of it), kept in the store so that the index
// reads a row per person and topic as it starts instead of every post's topics.
//
// Counted: posts and replies that everyone in the organization may read (audience public) or a
// space's members may (audience space; the index shows a space's evidence only to those who may
// read the space), neither deleted nor hidden by a moderator, and not on a record (a record's
// conversation is evidence of its own, under the record's access list). Posts for a unit or for
// followers are left out: their readers are not a set the index can describe.
//
// Of a person's posts, their latest 200 are read: what they post about lately (most people have
// written fewer: the demo's median is 34), and a re-count that takes under a millisecond for the
// most prolific poster (an account posting for a system writes hundreds of thousands).
//
// The topic_posters subscriber re-counts a person from their posts whenever one of their posts is
// written, edited, deleted, hidden or restored, so handling an event twice changes nothing; it is
// rebuilt from the posts, not by replaying the log.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "events/subscriber.h"

namespace weft::expertise {

inline constexpr int64_t kLatestPosts = 200;

// The expertise index takes a topic as evidence from this many posts on (one post about a topic
// says little; more than half of the demo's rows are one post).
inline constexpr int64_t kTopicEvidenceMinPosts = 2;

struct TopicCount {
  std::string topic;
  int64_t space_id = 0;  // 0: outside any space
  int64_t posts = 0;
  int64_t last_at = 0;
};

// Events that write, edit, delete, hide or restore a post.
bool changes_a_post(events::Kind kind);
// The verbs of those events ("post.created", …), as an SQL list: 'post.created', 'post.replied', …
std::string post_verbs_sql();
// The authors of these posts, each once, by id (whoever wrote the events about them: a moderator
// hides someone else's post).
std::vector<int64_t> authors_of(store::Connection& c, std::vector<int64_t> posts);
// One person's counts from their posts as they stand now, by topic then space.
std::vector<TopicCount> count_topics(store::Connection& c, int64_t person);
// Replaces one person's rows of topic_posters with `counts` (from count_topics).
void store_counts(store::Connection& c, int64_t person, const std::vector<TopicCount>& counts);
// The authors of the posts that the events write, edit, delete, hide or restore, each once.
std::vector<int64_t> posters_of(store::Connection& c, std::span<const events::Event> events);

class TopicPosters final : public events::Subscriber {
 public:
  explicit TopicPosters(store::Store& store) : store_(store) {}
  std::string name() const override { return "topic_posters"; }
  Result<void> handle(const events::Event& event) override {
    return handle_batch(std::span<const events::Event>(&event, 1));
  }
  Result<void> handle_batch(std::span<const events::Event> events) override;
  Result<void> begin_rebuild(store::Connection& c) override;
  bool rebuilt_from_state() const override { return true; }
  Result<void> rebuild_from_state(store::Connection& c,
                                  const std::function<void(int64_t, int64_t)>& progress) override;

 private:
  store::Store& store_;
};

}  // namespace weft::expertise
