// Home timelines: fan-out reaches active readers only, and the view rebuilt from empty gives the
// same home feeds as the incremental one.
#include <gtest/gtest.h>

#include <thread>

#include "actions/accounts.h"
#include "actions/people.h"
#include "actions/posts.h"
#include "actions/spaces.h"
#include "core/clock.h"
#include "events/subscriber.h"
#include "queries/posts.h"
#include "test_store.h"
#include "timelines/timelines.h"

namespace weft {
namespace {

class TimelinesTest : public ::testing::Test {
 protected:
  Viewer add(const std::string& name) { return store_.add_member(name); }
  std::vector<int64_t> feed(const Viewer& viewer) {
    std::vector<int64_t> ids;
    auto page = queries::home_feed(*store_, viewer, cursor::PageRequest{.limit = 100});
    EXPECT_TRUE(page) << page.error().message;
    if (page) for (const auto& post : page->items) ids.push_back(post.id);
    return ids;
  }
  int64_t rows_of(const Viewer& viewer, std::optional<int64_t> post = std::nullopt) {
    auto n = store::read(*store_, [&](store::Connection& c) -> Result<int64_t> {
      return post ? c.query_int("SELECT COUNT(*) FROM timelines WHERE person_id = ? AND post_id = ?",
                                {viewer.person_id, *post}).value_or(0)
                  : c.query_int("SELECT COUNT(*) FROM timelines WHERE person_id = ?", {viewer.person_id})
                        .value_or(0);
    });
    return n.value_or(-1);
  }
  // Delivers every event of the log so far to the timelines view (durable: from its checkpoint).
  void deliver() {
    events::EventBus bus(*store_, std::chrono::milliseconds(20));
    registry_.attach(bus, 0);
    bus.start();
    auto last = store::read(*store_, [](store::Connection& c) -> Result<int64_t> { return events::last_id(c); });
    ASSERT_TRUE(bus.wait_delivered(*last, std::chrono::seconds(10)));
    bus.stop();
  }
  testing::TempStore store_;
  timelines::TimelineSubscriber subscriber_{*store_};
  events::Registry registry_ = [this] {
    events::Registry registry(*store_);
    registry.add(subscriber_);
    return registry;
  }();
};

TEST_F(TimelinesTest, FanOutReachesActiveReadersOnlyAndTheRebuiltViewReadsTheSame) {
  Viewer author = add("Author"), active = add("Active"), idle = add("Idle"), stranger = add("Stranger");
  ASSERT_TRUE(actions::follow(*store_, active, author.person_id));
  ASSERT_TRUE(actions::follow(*store_, idle, author.person_id));
  auto first = actions::create_post(*store_, author, {.body = "First", .audience = "public"});
  ASSERT_TRUE(first);
  deliver();

  // Reading builds the timeline from the posts; the idle follower has none.
  EXPECT_EQ(feed(active), std::vector<int64_t>{*first});
  EXPECT_EQ(rows_of(active), 1);
  EXPECT_EQ(rows_of(idle), 0);

  auto second = actions::create_post(*store_, author, {.body = "Second", .audience = "followers"});
  ASSERT_TRUE(second);
  deliver();
  EXPECT_EQ(rows_of(active, *second), 1) << "fanned out to the active follower";
  EXPECT_EQ(rows_of(idle, *second), 0) << "not to an inactive one";
  EXPECT_EQ(rows_of(stranger), 0);

  std::vector<std::vector<int64_t>> before;
  for (const Viewer* v : {&author, &active, &idle, &stranger}) before.push_back(feed(*v));
  EXPECT_EQ(before[1], (std::vector<int64_t>{*second, *first}));
  EXPECT_EQ(before[2], (std::vector<int64_t>{*second, *first})) << "built on its first read";
  EXPECT_EQ(before[3], std::vector<int64_t>{}) << "a stranger does not follow the author";

  auto report = registry_.rebuild("timelines", nullptr);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(rows_of(active), 0) << "emptied; rebuilt on the next read";
  std::vector<std::vector<int64_t>> after;
  for (const Viewer* v : {&author, &active, &idle, &stranger}) after.push_back(feed(*v));
  EXPECT_EQ(after, before);
}

TEST_F(TimelinesTest, AnUnfollowDropsTheTimelineAndTheNextReadRebuildsIt) {
  Viewer author = add("Author"), reader = add("Reader");
  ASSERT_TRUE(actions::follow(*store_, reader, author.person_id));
  auto post = actions::create_post(*store_, author, {.body = "Hello", .audience = "public"});
  ASSERT_TRUE(post);
  deliver();
  EXPECT_EQ(feed(reader), std::vector<int64_t>{*post});
  ASSERT_TRUE(actions::unfollow(*store_, reader, author.person_id));
  deliver();
  EXPECT_EQ(rows_of(reader), 0);
  EXPECT_EQ(feed(reader), std::vector<int64_t>{});
}

TEST_F(TimelinesTest, ManyFirstReadsAtOnceBuildTheTimelineOnce) {
  Viewer author = add("Author"), reader = add("Reader");
  ASSERT_TRUE(actions::follow(*store_, reader, author.person_id));
  auto post = actions::create_post(*store_, author, {.body = "Hello", .audience = "public"});
  ASSERT_TRUE(post);
  // The reader opens several tabs at once (or everyone comes back after a restart): each request
  // finds no timeline, and only the first to reach the writer builds it.
  const int64_t before = timelines::builds_on_read();
  std::vector<std::thread> readers;
  std::vector<std::vector<int64_t>> seen(8);
  for (int i = 0; i < 8; ++i) readers.emplace_back([&, i] { seen[i] = feed(reader); });
  for (auto& t : readers) t.join();
  for (const auto& ids : seen) EXPECT_EQ(ids, std::vector<int64_t>{*post});
  EXPECT_EQ(timelines::builds_on_read() - before, 1);
  EXPECT_EQ(rows_of(reader), 1);
  // Dropped (an unfollow), the next read builds it again, once.
  ASSERT_TRUE(actions::unfollow(*store_, reader, author.person_id));
  deliver();
  EXPECT_EQ(feed(reader), std::vector<int64_t>{});
  EXPECT_EQ(timelines::builds_on_read() - before, 2);
}

TEST_F(TimelinesTest, ASignInBuildsTheTimelineAheadOfTheFirstReadOnceAndNotForAnOldSignIn) {
  Viewer author = add("Author"), reader = add("Reader"), late = add("Late");
  ASSERT_TRUE(actions::follow(*store_, reader, author.person_id));
  ASSERT_TRUE(actions::follow(*store_, late, author.person_id));
  auto post = actions::create_post(*store_, author, {.body = "Hello", .audience = "public"});
  ASSERT_TRUE(post);
  deliver();
  ASSERT_EQ(rows_of(reader), 0);  // nobody has read yet: no timeline
  auto sign_in = [&](const Viewer& who) {
    ASSERT_TRUE(store::transact(*store_, [&](store::Connection& c) -> Result<bool> {
      actions::start_session(c, who.person_id, "someone@example.test", clock::now_seconds());
      return true;
    }));
  };
  const int64_t on_read = timelines::builds_on_read(), on_sign_in = timelines::builds_on_sign_in();
  sign_in(reader);
  deliver();
  EXPECT_EQ(timelines::builds_on_sign_in() - on_sign_in, 1);
  EXPECT_EQ(rows_of(reader, *post), 1);
  EXPECT_EQ(feed(reader), std::vector<int64_t>{*post});
  EXPECT_EQ(timelines::builds_on_read() - on_read, 0) << "the first read found the timeline built";
  // Signed in again while active: nothing to build.
  sign_in(reader);
  deliver();
  EXPECT_EQ(timelines::builds_on_sign_in() - on_sign_in, 1);
  // A sign-in the subscriber reaches hours later (the server was down) builds nothing: whether the
  // person still reads is not known, and their first read builds it.
  sign_in(late);
  const int64_t later = clock::now_seconds() + 2 * timelines::kTouchSeconds;
  clock::set_now_for_testing([later] { return later; });
  deliver();
  clock::set_now_for_testing({});
  EXPECT_EQ(timelines::builds_on_sign_in() - on_sign_in, 1);
  EXPECT_EQ(rows_of(late), 0);
  EXPECT_EQ(feed(late), std::vector<int64_t>{*post});
  EXPECT_EQ(timelines::builds_on_read() - on_read, 1);
}

TEST_F(TimelinesTest, ABuildReadsTheNewestPostsFirstAndTheFeedPastThemStillComesFromThePosts) {
  // On a large store a build reads only the newest kBuildSpan items (here 150 of 420): the
  // timeline holds their part of the feed, and pages past its end are read from the posts.
  Viewer author = add("Author"), reader = add("Reader"), quiet = add("Quiet"), sparse = add("Sparse");
  ASSERT_TRUE(actions::follow(*store_, reader, author.person_id));
  ASSERT_TRUE(actions::follow(*store_, sparse, quiet.person_id));
  std::vector<int64_t> expected;  // newest first
  auto quiet_post = actions::create_post(*store_, quiet, {.body = "Rarely posts", .audience = "followers"});
  ASSERT_TRUE(quiet_post);
  for (int i = 0; i < 420; ++i) {
    auto id = actions::create_post(*store_, author, {.body = "Post " + std::to_string(i), .audience = "followers"});
    ASSERT_TRUE(id);
    expected.insert(expected.begin(), *id);
  }
  timelines::set_build_span(150);
  struct Restore {
    ~Restore() { timelines::set_build_span(timelines::kBuildSpan); }
  } restore;
  std::vector<int64_t> seen;
  cursor::PageRequest page{.limit = 100};
  for (int n = 0; n < 10; ++n) {
    auto got = queries::home_feed(*store_, reader, page);
    ASSERT_TRUE(got) << got.error().message;
    for (const auto& post : got->items) seen.push_back(post.id);
    if (!got->next_cursor) break;
    auto parts = cursor::decode(*got->next_cursor, 1);
    ASSERT_TRUE(parts);
    page = cursor::PageRequest{.after = *parts, .numbers = {std::stoll(parts->front())}, .limit = 100};
  }
  EXPECT_EQ(rows_of(reader), 150) << "the span's part of the feed";
  EXPECT_EQ(seen, expected) << "every page, past the timeline's end too";

  // Someone whose sources are quiet finds too little in the span: their feed is read whole.
  EXPECT_EQ(feed(sparse), std::vector<int64_t>{*quiet_post});
  EXPECT_EQ(rows_of(sparse), 1);
}

TEST_F(TimelinesTest, PostsTheFanOutHasNotReachedAreReadWithTheHomeRuleApplied) {
  Viewer author = add("Author"), reader = add("Reader"), stranger = add("Stranger");
  ASSERT_TRUE(actions::follow(*store_, reader, author.person_id));
  auto old = actions::create_post(*store_, author, {.body = "Old", .audience = "public"});
  ASSERT_TRUE(old);
  deliver();
  EXPECT_EQ(feed(reader), std::vector<int64_t>{*old});  // the timeline is built and active

  // Written, not yet fanned out (no bus runs): the reader sees what their home rule lets in.
  auto mine = actions::create_post(*store_, reader, {.body = "Mine", .audience = "followers"});
  auto followed = actions::create_post(*store_, author, {.body = "For followers", .audience = "followers"});
  auto unrelated = actions::create_post(*store_, stranger, {.body = "Public, unfollowed", .audience = "public"});
  auto closed = actions::create_post(*store_, stranger, {.body = "Followers only", .audience = "followers"});
  ASSERT_TRUE(mine && followed && unrelated && closed);
  auto reply = actions::reply(*store_, author, *old, "A reply is no feed item");
  ASSERT_TRUE(reply);
  EXPECT_EQ(rows_of(reader, *followed), 0);
  EXPECT_EQ(feed(reader), (std::vector<int64_t>{*followed, *mine, *old}));
  EXPECT_EQ(feed(stranger), (std::vector<int64_t>{*closed, *unrelated}));

  // Far behind (more posts than a read checks one by one): read from the posts themselves.
  std::vector<int64_t> burst;
  for (int i = 0; i < 210; ++i) {
    auto id = actions::create_post(*store_, author, {.body = "Burst " + std::to_string(i), .audience = "public"});
    ASSERT_TRUE(id);
    burst.push_back(*id);
  }
  auto page = feed(reader);
  ASSERT_EQ(page.size(), 100u);
  EXPECT_EQ(page.front(), burst.back());
  EXPECT_EQ(page.back(), burst[burst.size() - 100]);

  // Once fanned out, the same pages.
  deliver();
  EXPECT_EQ(rows_of(reader, burst.back()), 1);
  EXPECT_EQ(feed(reader), page);
}

TEST_F(TimelinesTest, ARowWhosePostIsNoLongerVisibleLeavesThePagesFullAndTheirCursorsRight) {
  // The rule is applied to a page once, as it is loaded: a timeline row whose post the reader may
  // no longer read (here gone without the view hearing of it yet) is dropped there, and the page
  // is read again so that it stays full; its cursor names only what the reader may see.
  Viewer author = add("Author"), reader = add("Reader");
  ASSERT_TRUE(actions::follow(*store_, reader, author.person_id));
  std::vector<int64_t> posts;  // oldest first
  for (int i = 0; i < 4; ++i) {
    auto id = actions::create_post(*store_, author, {.body = "Post " + std::to_string(i), .audience = "followers"});
    ASSERT_TRUE(id);
    posts.push_back(*id);
  }
  deliver();
  EXPECT_EQ(feed(reader), (std::vector<int64_t>{posts[3], posts[2], posts[1], posts[0]}));
  auto gone = [&](int64_t post) {
    ASSERT_TRUE(store::transact(*store_, [&](store::Connection& c) -> Result<bool> {
      c.execute("UPDATE posts SET deleted_at = ? WHERE id = ?", {clock::now_seconds(), post});
      return true;
    }));
    EXPECT_EQ(rows_of(reader, post), 1) << "the row stays until the view hears of it";
  };
  auto page_of = [&](const cursor::PageRequest& request) {
    auto page = queries::home_feed(*store_, reader, request);
    EXPECT_TRUE(page) << page.error().message;
    std::vector<int64_t> ids;
    if (page) for (const auto& post : page->items) ids.push_back(post.id);
    return std::pair{ids, page ? page->next_cursor : std::nullopt};
  };
  auto after = [](int64_t id) {
    return cursor::PageRequest{.after = std::vector<std::string>{std::to_string(id)}, .numbers = {id}, .limit = 2};
  };

  gone(posts[2]);  // inside the first page
  auto [first, first_next] = page_of({.limit = 2});
  EXPECT_EQ(first, (std::vector<int64_t>{posts[3], posts[1]})) << "still two";
  ASSERT_TRUE(first_next);
  EXPECT_EQ(*first_next, cursor::encode({std::to_string(posts[1])}));
  auto [second, second_next] = page_of(after(posts[1]));
  EXPECT_EQ(second, std::vector<int64_t>{posts[0]});
  EXPECT_FALSE(second_next);

  gone(posts[0]);  // the one just past the first page: there is no next page
  auto [only, only_next] = page_of({.limit = 2});
  EXPECT_EQ(only, (std::vector<int64_t>{posts[3], posts[1]}));
  EXPECT_FALSE(only_next) << "no cursor to an empty page";
}

TEST_F(TimelinesTest, TheAudienceOfManyIsTheHomeRuleOfEach) {
  Viewer author = add("Author"), follower = add("Follower"), topical = add("Topical"), member = add("Member"),
         stranger = add("Stranger");
  ASSERT_TRUE(actions::follow(*store_, follower, author.person_id));
  ASSERT_TRUE(actions::follow_topic(*store_, topical, "launch", true));
  auto space = actions::create_space(*store_, author, {.name = "Crew", .visibility = "private"});
  ASSERT_TRUE(space);
  ASSERT_TRUE(actions::set_member(*store_, author, *space, member.person_id, "member"));
  std::vector<int64_t> posts;
  for (const auto& post : std::vector<actions::NewPost>{
           {.body = "Public #launch", .audience = "public"},
           {.body = "Followers only", .audience = "followers"},
           {.body = "In the crew's space", .audience = "space", .space_id = *space}}) {
    auto id = actions::create_post(*store_, author, post);
    ASSERT_TRUE(id) << id.error().message;
    posts.push_back(*id);
  }
  std::vector<Viewer> people{author, follower, topical, member, stranger};
  std::vector<int64_t> ids;
  for (const auto& v : people) ids.push_back(v.person_id);
  for (int64_t post : posts) {
    auto together = store::read(*store_, [&](store::Connection& c) -> Result<std::vector<int64_t>> {
      return queries::home_feed_audience(c, post, ids);
    });
    ASSERT_TRUE(together);
    std::vector<int64_t> one_by_one;
    for (const auto& v : people) {
      auto in = store::read(*store_, [&](store::Connection& c) -> Result<bool> { return queries::in_home_feed(c, v, post); });
      ASSERT_TRUE(in);
      if (*in) one_by_one.push_back(v.person_id);
    }
    EXPECT_EQ(*together, one_by_one) << "post " << post;
  }
  // Spot checks of the rule itself.
  auto audience = [&](int64_t post) {
    return *store::read(*store_, [&](store::Connection& c) -> Result<std::vector<int64_t>> {
      return queries::home_feed_audience(c, post, ids);
    });
  };
  EXPECT_EQ(audience(posts[0]), (std::vector<int64_t>{author.person_id, follower.person_id, topical.person_id}));
  EXPECT_EQ(audience(posts[1]), (std::vector<int64_t>{author.person_id, follower.person_id}));
  EXPECT_EQ(audience(posts[2]), (std::vector<int64_t>{author.person_id, member.person_id}));
}

}  // namespace
}  // namespace weft
