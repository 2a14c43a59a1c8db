// Reading posts: single posts, threads, feeds, cascades and topics. Every query includes the
// policy's visibility condition; posts come back fully assembled (author, topics, mentions,
// reaction counts, my reactions, the reshared original) with a fixed number of queries per page.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/cursor.h"
#include "core/error.h"
#include "model/person.h"
#include "model/post.h"
#include "store/store.h"

namespace weft::queries {

Result<Post> post(store::Store& store, const Viewer& viewer, int64_t post_id);
// Assembles visible posts in the order of `ids` (invisible ones are dropped).
std::vector<Post> load_posts(store::Connection& c, const Viewer& viewer, const std::vector<int64_t>& ids);

// Replies under a post, oldest first; cursor key: post id.
// A conversation as its page shows it, in one read: the thread's root, and the first page of its
// replies (oldest first). `focus` is the post asked for when it is a reply.
struct Thread {
  Post root;
  std::optional<int64_t> focus;
  cursor::Page<Post> replies;
};
Result<Thread> thread(store::Store& store, const Viewer& viewer, int64_t post_id,
                      const cursor::PageRequest& page);
Result<cursor::Page<Post>> replies(store::Store& store, const Viewer& viewer, int64_t post_id,
                                   const cursor::PageRequest& page);

// Feeds: roots and reshares, newest first; cursor key: post id.
Result<cursor::Page<Post>> home_feed(store::Store& store, const Viewer& viewer,
                                     const cursor::PageRequest& page);
Result<cursor::Page<Post>> person_feed(store::Store& store, const Viewer& viewer, int64_t person_id,
                                       const cursor::PageRequest& page);
Result<cursor::Page<Post>> topic_feed(store::Store& store, const Viewer& viewer,
                                      const std::string& topic, const cursor::PageRequest& page);
// The conversation on a record: its root posts, newest first (the record must be visible).
Result<cursor::Page<Post>> record_feed(store::Store& store, const Viewer& viewer, int64_t record_id,
                                       const cursor::PageRequest& page);
Result<cursor::Page<Post>> space_feed(store::Store& store, const Viewer& viewer, int64_t space_id,
                                      const cursor::PageRequest& page);
// The top-level posts of the viewer's home feed with from <= id < before, newest first, at most
// `limit`, read from the posts themselves (own posts, people and topics followed, one's unit,
// one's spaces; visible only). Timelines are built from it.
std::vector<int64_t> home_candidates(store::Connection& c, const Viewer& viewer, int64_t before,
                                     int64_t from, int limit);
// Whether a post would appear in the viewer's home feed (used by realtime).
bool in_home_feed(store::Connection& c, const Viewer& viewer, int64_t post_id);
// Which of `post_ids` are in the viewer's home feed, visible to them and older than `before`,
// newest first: in_home_feed for many posts at once.
std::vector<int64_t> in_home_feed(store::Connection& c, const Viewer& viewer, const std::vector<int64_t>& post_ids,
                                  int64_t before);
// Which of `people` have the post in their home feed and may read it: in_home_feed for many
// people in one query (the rule over their people rows, policy::visible_posts_to_people).
std::vector<int64_t> home_feed_audience(store::Connection& c, int64_t post_id, const std::vector<int64_t>& people);
bool can_see_post(store::Connection& c, const Viewer& viewer, int64_t post_id);

struct CascadeNode {
  int64_t post_id = 0;
  PersonSummary person;
  std::optional<int64_t> parent;
  int depth = 0;
};
struct Cascade {
  int64_t root = 0;
  std::vector<CascadeNode> nodes;
  int depth = 0;
  int breadth = 0;
  int64_t people_reached = 0;
  int64_t units_reached = 0;
};
Result<Cascade> cascade(store::Store& store, const Viewer& viewer, int64_t post_id);

struct TopicInfo {
  std::string name;
  int64_t post_count = 0;
  int64_t followers_count = 0;
  bool followed_by_me = false;
};
Result<TopicInfo> topic(store::Store& store, const Viewer& viewer, const std::string& name);
Result<std::vector<TopicInfo>> topics(store::Store& store, const Viewer& viewer,
                                      const std::string& prefix, int limit);

}  // namespace weft::queries
