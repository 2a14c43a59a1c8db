#include <gtest/gtest.h>

#include "actions/people.h"
#include "actions/posts.h"
#include "actions/units.h"
#include "queries/posts.h"
#include "test_store.h"

namespace weft {
namespace {

// A small organization: two units, an author with one follower, and a guest.
class PostsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& c = store_->connection();
    c.begin_write();
    unit_a_ = actions::insert_unit(c, std::nullopt, "A", std::nullopt);
    unit_b_ = actions::insert_unit(c, std::nullopt, "B", std::nullopt);
    c.commit();
    author_ = add("Author", Role::kMember, unit_a_);
    follower_ = add("Follower", Role::kMember, unit_b_);
    unit_mate_ = add("Mate", Role::kMember, unit_a_);
    stranger_ = add("Stranger", Role::kMember, unit_b_);
    admin_ = add("Admin", Role::kAdmin, unit_b_);
    guest_ = add("Guest", Role::kGuest, std::nullopt);
    ASSERT_TRUE(actions::follow(*store_, follower_, author_.person_id).has_value());
  }

  Viewer add(const std::string& name, Role role, std::optional<int64_t> unit) {
    actions::NewPerson person{.name = name, .email = name + "@example.org", .unit_id = unit, .role = role};
    auto id = store::transact(*store_, [&](store::Connection& c) {
      return actions::insert_person(c, std::nullopt, person, "x");
    });
    return Viewer{*id, role, unit};
  }

  bool sees(const Viewer& viewer, int64_t post) { return queries::post(*store_, viewer, post).has_value(); }

  testing::TempStore store_;
  int64_t unit_a_ = 0, unit_b_ = 0;
  Viewer author_, follower_, unit_mate_, stranger_, admin_, guest_;
};

TEST_F(PostsTest, AudienceDecidesWhoSeesAPostAndItsReplies) {
  auto post_with = [&](const std::string& audience) {
    return *actions::create_post(*store_, author_, {.body = "hello", .audience = audience});
  };
  int64_t everyone = post_with("public");
  int64_t unit = post_with("unit");
  int64_t followers = post_with("followers");
  struct Row {
    const Viewer* viewer;
    bool public_post, unit_post, followers_post;
  };
  for (const Row& row : std::vector<Row>{{&author_, true, true, true},
                                         {&follower_, true, false, true},
                                         {&unit_mate_, true, true, false},
                                         {&stranger_, true, false, false},
                                         {&admin_, true, true, true},
                                         {&guest_, false, false, false}}) {
    EXPECT_EQ(sees(*row.viewer, everyone), row.public_post) << row.viewer->person_id;
    EXPECT_EQ(sees(*row.viewer, unit), row.unit_post) << row.viewer->person_id;
    EXPECT_EQ(sees(*row.viewer, followers), row.followers_post) << row.viewer->person_id;
  }
  // A reply carries its thread's audience, whoever writes it.
  auto reply = actions::reply(*store_, follower_, followers, "me too");
  ASSERT_TRUE(reply.has_value());
  EXPECT_TRUE(sees(follower_, *reply));
  EXPECT_FALSE(sees(stranger_, *reply));
  EXPECT_EQ(actions::reply(*store_, stranger_, followers, "sneaky").error().code, ErrorCode::kNotFound);
}

TEST_F(PostsTest, DeletingARootHidesTheThread) {
  int64_t root = *actions::create_post(*store_, author_, {.body = "root"});
  int64_t reply = *actions::reply(*store_, follower_, root, "reply");
  EXPECT_EQ(actions::delete_post(*store_, follower_, root).error().code, ErrorCode::kPermissionDenied);
  ASSERT_TRUE(actions::delete_post(*store_, author_, root).has_value());
  EXPECT_FALSE(sees(author_, root));
  EXPECT_FALSE(sees(follower_, reply));
}

TEST_F(PostsTest, CountersFollowRepliesReactionsAndReshares) {
  int64_t root = *actions::create_post(*store_, author_, {.body = "root #ops"});
  int64_t first = *actions::reply(*store_, follower_, root, "one");
  ASSERT_TRUE(actions::reply(*store_, author_, first, "nested").has_value());
  ASSERT_TRUE(actions::react(*store_, follower_, root, "like", true).has_value());
  ASSERT_TRUE(actions::react(*store_, follower_, root, "like", true).has_value());
  EXPECT_EQ(actions::react(*store_, follower_, root, "love", true).error().field, "kind");
  auto reshare = actions::create_post(*store_, stranger_, {.body = "", .reshare_of = root});
  ASSERT_TRUE(reshare.has_value());
  auto post = queries::post(*store_, follower_, root);
  EXPECT_EQ(post->reply_count, 2);  // the whole thread
  EXPECT_EQ(post->reactions[0], 1);
  EXPECT_EQ(post->my_reactions, std::vector<std::string>{"like"});
  EXPECT_EQ(post->reshare_count, 1);
  EXPECT_EQ(post->topics, std::vector<std::string>{"ops"});
  auto cascade = queries::cascade(*store_, admin_, *reshare);
  ASSERT_TRUE(cascade.has_value());
  EXPECT_EQ(cascade->root, root);
  EXPECT_EQ(cascade->nodes.size(), 2u);
  EXPECT_EQ(cascade->depth, 1);
  EXPECT_EQ(cascade->units_reached, 2);  // the author's unit and the resharer's
}

TEST_F(PostsTest, OnlyOrganizationWidePostsCanBeReshared) {
  int64_t followers = *actions::create_post(*store_, author_, {.body = "x", .audience = "followers"});
  auto reshare = actions::create_post(*store_, follower_, {.body = "", .reshare_of = followers});
  EXPECT_EQ(reshare.error().field, "reshare_of");
}

TEST_F(PostsTest, HomeFeedHoldsFollowedPeopleAndMyUnitButNotHiddenPosts) {
  int64_t by_author = *actions::create_post(*store_, author_, {.body = "from author"});
  int64_t unit_only = *actions::create_post(*store_, author_, {.body = "unit", .audience = "unit"});
  int64_t by_stranger = *actions::create_post(*store_, stranger_, {.body = "from stranger"});
  auto ids = [&](const Viewer& viewer) {
    std::vector<int64_t> out;
    auto feed = queries::home_feed(*store_, viewer, {});
    for (auto& post : feed->items) out.push_back(post.id);
    return out;
  };
  EXPECT_EQ(ids(follower_), (std::vector<int64_t>{by_stranger, by_author}));  // stranger shares B
  EXPECT_EQ(ids(unit_mate_), (std::vector<int64_t>{unit_only, by_author}));
  EXPECT_TRUE(ids(guest_).empty());
}

TEST_F(PostsTest, GuestsCannotPostToTheOrganization) {
  EXPECT_EQ(actions::create_post(*store_, guest_, {.body = "hi"}).error().code, ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace weft
