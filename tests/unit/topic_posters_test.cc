// What people post about: the topic_posters view counts each person's topics per space from their
// posts (replies included; deleted, followers-only and record posts left out), re-counting is
// idempotent and the view rebuilt from the posts holds the same rows; the expertise index names a
// person for the topics they post about (twice or more), with a reason, and never on the strength
// of a secret space's posts for someone outside it.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <tuple>

#include "actions/posts.h"
#include "actions/spaces.h"
#include "events/subscriber.h"
#include "expertise/service.h"
#include "expertise/topic_posters.h"
#include "test_store.h"

namespace weft {
namespace {

using Row = std::tuple<int64_t, std::string, int64_t, int64_t>;  // person, topic, space, posts

class TopicPostersTest : public ::testing::Test {
 protected:
  std::vector<events::Event> log() {
    auto events = store::read(*store_, [](store::Connection& c) -> Result<std::vector<events::Event>> {
      return events::read_after(c, 0, 1000000);
    });
    EXPECT_TRUE(events);
    return events ? *events : std::vector<events::Event>{};
  }
  std::vector<Row> rows() {
    auto read = store::read(*store_, [](store::Connection& c) -> Result<std::vector<Row>> {
      std::vector<Row> out;
      auto r = c.query("SELECT person_id, topic, space_id, posts FROM topic_posters ORDER BY 1, 2, 3");
      while (r->next()) out.emplace_back(r->int64(0), r->text(1), r->int64(2), r->int64(3));
      return out;
    });
    EXPECT_TRUE(read);
    return read ? *read : std::vector<Row>{};
  }
  int64_t post(const Viewer& v, const std::string& body, const std::string& audience = "public",
               std::optional<int64_t> space = std::nullopt) {
    auto id = actions::create_post(*store_, v, {.body = body, .audience = audience, .space_id = space});
    EXPECT_TRUE(id) << (id ? "" : id.error().message);
    return id.value_or(0);
  }
  testing::TempStore store_;
  expertise::TopicPosters view_{*store_};
};

TEST_F(TopicPostersTest, CountsEachPersonsTopicsPerSpaceAndTheRebuiltViewHoldsTheSame) {
  const Viewer alice = store_.add_member("alice"), bob = store_.add_member("bob");
  auto space = actions::create_space(*store_, alice, {.name = "Customs desk", .visibility = "secret"});
  ASSERT_TRUE(space);
  const int64_t first = post(alice, "New #customs forms from Monday");
  const int64_t second = post(alice, "#Customs and #logistics: the new rules");
  const int64_t bobs = post(bob, "Anyone on #logistics this week?");
  ASSERT_TRUE(actions::reply(*store_, alice, bobs, "Yes, and on #customs too"));
  post(alice, "Inside the desk: #customs audit", "space", *space);
  post(alice, "Only for my followers: #customs", "followers");
  ASSERT_TRUE(view_.handle_batch(log()));
  const int64_t a = alice.person_id, b = bob.person_id;
  EXPECT_EQ(rows(), (std::vector<Row>{{a, "customs", 0, 3}, {a, "customs", *space, 1}, {a, "logistics", 0, 1},
                                      {b, "logistics", 0, 1}}));

  // An edit that drops a topic and a deletion re-count the author; the same events again change nothing.
  ASSERT_TRUE(actions::edit_post(*store_, alice, second, "The new #logistics rules"));
  ASSERT_TRUE(actions::delete_post(*store_, alice, first));
  ASSERT_TRUE(view_.handle_batch(log()));
  ASSERT_TRUE(view_.handle_batch(log()));
  const std::vector<Row> incremental = rows();
  EXPECT_EQ(incremental, (std::vector<Row>{{a, "customs", 0, 1}, {a, "customs", *space, 1}, {a, "logistics", 0, 1},
                                           {b, "logistics", 0, 1}}));

  events::Registry registry(*store_);
  registry.add(view_);
  auto rebuilt = registry.rebuild("topic_posters", {});
  ASSERT_TRUE(rebuilt) << rebuilt.error().message;
  EXPECT_EQ(rows(), incremental);
}

TEST_F(TopicPostersTest, APersonsLatestPostsCountAndTheRebuildAgrees) {
  const Viewer bot = store_.add_member("bot");
  post(bot, "An early #legacy note");
  // Then kLatestPosts posts about #current (written straight to the tables: the view reads them).
  ASSERT_TRUE(store::transact(*store_, [&](store::Connection& c) -> Result<bool> {
    for (int64_t i = 0; i < expertise::kLatestPosts; ++i) {
      const int64_t id = c.insert_returning_id(
          "INSERT INTO posts (author_id, body, audience, root_id, root_author_id, created_at) "
          "VALUES (?, 'About #current', 'public', 0, ?, ?)",
          {bot.person_id, bot.person_id, 2000000000 + i});
      c.execute("UPDATE posts SET root_id = id WHERE id = ?", {id});
      c.execute("INSERT INTO post_topics (topic, post_id) VALUES ('current', ?)", {id});
    }
    return true;
  }));
  ASSERT_TRUE(view_.handle_batch(log()));
  const int64_t b = bot.person_id;
  EXPECT_EQ(rows(), (std::vector<Row>{{b, "current", 0, expertise::kLatestPosts}}));  // #legacy fell out
  events::Registry registry(*store_);
  registry.add(view_);
  ASSERT_TRUE(registry.rebuild("topic_posters", {}));
  EXPECT_EQ(rows(), (std::vector<Row>{{b, "current", 0, expertise::kLatestPosts}}));
}

TEST_F(TopicPostersTest, TheIndexNamesWhoPostsAboutATopicWithAReasonAndKeepsSecretSpacesOut) {
  const Viewer alice = store_.add_member("alice"), carol = store_.add_member("carol"),
               dave = store_.add_member("dave");
  auto secret = actions::create_space(*store_, carol, {.name = "Tariffs", .visibility = "secret"});
  ASSERT_TRUE(secret);
  post(alice, "The #customs declaration is due Friday");
  post(alice, "Reminder: #customs codes changed");
  const Viewer erin = store_.add_member("erin");
  post(erin, "Once, about #customs");  // one post about a topic is not evidence
  for (int i = 0; i < 5; ++i) post(carol, "Working on #tariffs and #customs " + std::to_string(i), "space", *secret);
  ASSERT_TRUE(view_.handle_batch(log()));

  expertise::Service service(*store_);
  ASSERT_TRUE(service.build());
  auto ask = [&](const Viewer& asker, const std::string& words) {
    auto found = store::read(*store_, [&](store::Connection& c) -> Result<std::vector<ExpertSuggestion>> {
      return service.suggest(c, asker, {.title = words});
    });
    EXPECT_TRUE(found);
    return found ? *found : std::vector<ExpertSuggestion>{};
  };
  auto found = ask(dave, "customs declaration codes");
  // alice; not carol, whose #customs posts are in a space dave cannot see, nor erin, who posted once
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].person.id, alice.person_id);
  ASSERT_FALSE(found[0].reasons.empty());
  EXPECT_EQ(found[0].reasons[0].kind, "posts");
  EXPECT_EQ(found[0].reasons[0].detail, "Posted 2 times about #customs");
  EXPECT_EQ(found[0].reasons[0].ref, std::optional<std::string>("/topics/customs"));
  EXPECT_TRUE(ask(dave, "tariffs").empty());

  // The live subscriber re-reads the author's topics from the posts: a third post counts at once.
  const int64_t before = store::read(*store_, [](store::Connection& c) -> Result<int64_t> {
                           return events::last_id(c);
                         }).value_or(0);
  post(alice, "More on #customs");
  std::vector<events::Event> fresh;
  for (auto& e : log()) {
    if (e.id > before) fresh.push_back(e);
  }
  ASSERT_TRUE(service.apply(fresh));
  found = ask(dave, "customs");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].reasons[0].detail, "Posted 3 times about #customs");

  // Another post right after: gathered and counted by the service's own thread within a moment.
  const int64_t third = store::read(*store_, [](store::Connection& c) -> Result<int64_t> {
                          return events::last_id(c);
                        }).value_or(0);
  post(alice, "Still on #customs");
  fresh.clear();
  for (auto& e : log()) {
    if (e.id > third) fresh.push_back(e);
  }
  ASSERT_TRUE(service.apply(fresh));
  std::string detail;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    found = ask(dave, "customs");
    detail = found.empty() ? "" : found[0].reasons[0].detail;
    if (detail == "Posted 4 times about #customs") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(detail, "Posted 4 times about #customs");
}

TEST_F(TopicPostersTest, TheIndexStartsFromTheViewAndCatchesUpOnPostsTheViewHasNotHandled) {
  const Viewer alice = store_.add_member("alice"), bob = store_.add_member("bob"), dave = store_.add_member("dave");
  const int64_t first = post(alice, "The #customs declaration is due Friday");
  post(alice, "Reminder: #customs codes changed");
  ASSERT_TRUE(view_.handle_batch(log()));
  // The view has handled everything so far (the runner keeps this checkpoint).
  ASSERT_TRUE(store::transact(*store_, [](store::Connection& c) -> Result<bool> {
    c.execute("INSERT INTO event_checkpoints (name, last_id) VALUES ('topic_posters', ?)", {events::last_id(c)});
    return true;
  }));
  // Then, unseen by the view: alice deletes one of her two posts, bob writes two.
  ASSERT_TRUE(actions::delete_post(*store_, alice, first));
  post(bob, "New #customs forms from Monday");
  post(bob, "#customs rules again");
  EXPECT_EQ(rows(), (std::vector<Row>{{alice.person_id, "customs", 0, 2}}));  // the view is behind

  expertise::Service service(*store_);
  ASSERT_TRUE(service.build());
  auto found = store::read(*store_, [&](store::Connection& c) -> Result<std::vector<ExpertSuggestion>> {
    return service.suggest(c, dave, {.title = "customs declaration"});
  });
  ASSERT_TRUE(found);
  // bob from his posts; not alice, whose one remaining post about #customs is not evidence.
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].person.id, bob.person_id);
  EXPECT_EQ((*found)[0].reasons[0].detail, "Posted 2 times about #customs");
}

}  // namespace
}  // namespace weft
