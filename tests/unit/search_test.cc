// The search index as a subscriber: the index built incrementally from the activity log holds
// exactly the rows of the index rebuilt from the tables, on a small generated organization and
// after edits, deletions, profile and space changes.
#include <gtest/gtest.h>

#include "actions/people.h"
#include "actions/posts.h"
#include "actions/spaces.h"
#include "demo/demo.h"
#include "events/subscriber.h"
#include "search/subscriber.h"
#include "test_store.h"

namespace weft {
namespace {

class SearchTest : public ::testing::Test {
 protected:
  // Every row of the three FTS tables, as text.
  std::vector<std::string> index_rows() {
    auto rows = store::read(*store_, [](store::Connection& c) -> Result<std::vector<std::string>> {
      std::vector<std::string> out;
      for (const char* sql : {"SELECT 'person', rowid, name || '|' || handle || '|' || title || '|' || skills "
                              "FROM people_fts",
                              "SELECT 'post', rowid, body FROM posts_fts",
                              "SELECT 'work', rowid, title || '|' || body FROM work_fts"}) {
        auto r = c.query(sql);
        while (r->next()) out.push_back(r->text(0) + ":" + std::to_string(r->int64(1)) + ":" + r->text(2));
      }
      std::sort(out.begin(), out.end());
      return out;
    });
    EXPECT_TRUE(rows) << rows.error().message;
    return rows.value_or(std::vector<std::string>{});
  }
  // The subscriber's way: the whole log, 500 events a batch, into an emptied index.
  void replay_into_empty_index() {
    search::SearchSubscriber subscriber(*store_);
    ASSERT_TRUE(store::transact(*store_, [&](store::Connection& c) -> Result<bool> {
      EXPECT_TRUE(subscriber.begin_rebuild(c));
      return true;
    }));
    int64_t after = 0;
    for (;;) {
      auto batch = store::read(*store_, [&](store::Connection& c) -> Result<std::vector<events::Event>> {
        return events::read_after(c, after, 500);
      });
      ASSERT_TRUE(batch);
      if (batch->empty()) break;
      ASSERT_TRUE(subscriber.handle_batch(*batch));
      after = batch->back().id;
    }
  }
  std::vector<std::string> rebuilt_rows() {
    search::SearchSubscriber subscriber(*store_);
    events::Registry registry(*store_);
    registry.add(subscriber);
    auto report = registry.rebuild("search", nullptr);
    EXPECT_TRUE(report) << report.error().message;
    return index_rows();
  }
  testing::TempStore store_;
};

TEST_F(SearchTest, TheIncrementalIndexHoldsTheRowsOfTheRebuiltOne) {
  auto generated = demo::generate(*store_, {.people = 40, .seed = 7, .posts_per_person = 6});
  ASSERT_TRUE(generated) << generated.error().message;
  const auto built = index_rows();
  ASSERT_GT(built.size(), 200u);
  replay_into_empty_index();
  EXPECT_EQ(index_rows(), built);
}

TEST_F(SearchTest, EditsDeletionsAndProfileChangesLeaveTheSameRowsAsARebuild) {
  Viewer ada = store_.add_member("ada"), bo = store_.add_member("bo");
  auto root = actions::create_post(*store_, ada, {.body = "Kettle descaling schedule", .audience = "public"});
  ASSERT_TRUE(root);
  auto answer = actions::reply(*store_, bo, *root, "Vinegar works");
  ASSERT_TRUE(answer);
  auto other = actions::create_post(*store_, bo, {.body = "Coffee grinder", .audience = "public"});
  ASSERT_TRUE(other);
  ASSERT_TRUE(actions::edit_post(*store_, bo, *other, "Coffee grinder, burr type"));
  ASSERT_TRUE(actions::delete_post(*store_, ada, *root));
  ASSERT_TRUE(actions::update_profile(*store_, ada, {.title = std::string("Facilities lead"),
                                                     .skills = std::vector<std::string>{"Plumbing"}}));
  auto space = actions::create_space(*store_, ada, {.name = "Kitchen", .purpose = "Tea and coffee"});
  ASSERT_TRUE(space);
  ASSERT_TRUE(actions::update_space(*store_, ada, *space, {.purpose = std::string("Tea, coffee, water")}));

  store_.catch_up_search();
  const auto incremental = index_rows();
  EXPECT_EQ(incremental, rebuilt_rows());
  // The deleted thread left nothing; the edit and the profile change are what is indexed.
  for (const auto& row : incremental) {
    EXPECT_EQ(row.find("Kettle"), std::string::npos) << row;
    EXPECT_EQ(row.find("Vinegar"), std::string::npos) << row;
  }
  EXPECT_NE(std::find(incremental.begin(), incremental.end(),
                      "post:" + std::to_string(*other) + ":Coffee grinder, burr type"),
            incremental.end());
}

TEST_F(SearchTest, ABatchOfferedTwiceChangesNothingMore) {
  Viewer ada = store_.add_member("ada");
  ASSERT_TRUE(actions::create_post(*store_, ada, {.body = "Twice told", .audience = "public"}));
  store_.catch_up_search();
  const auto once = index_rows();
  store_.catch_up_search();
  EXPECT_EQ(index_rows(), once);
}

}  // namespace
}  // namespace weft
