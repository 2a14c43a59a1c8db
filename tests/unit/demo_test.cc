// The demo organization tells a coherent story: chains hold together (a proposal's idea answers a
// problem of the same space, no open proposal from a declined idea, an adopted proposal's idea is
// accepted or implemented, an implemented idea's problem is resolved), nothing is dated after
// now, and the same seed gives the same organization.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "demo/demo.h"
#include "test_store.h"

namespace weft {
namespace {

int64_t count(store::Store& store, const std::string& sql, std::vector<store::Param> params = {}) {
  return store::read(store, [&](store::Connection& c) -> Result<int64_t> {
           return c.query_int(sql, params).value_or(-1);
         }).value_or(-1);
}

class DemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(demo::generate(*store_, {.people = 200, .seed = 3, .posts_per_person = 8}).has_value());
  }
  testing::TempStore store_;
};

TEST_F(DemoTest, ChainsHoldTogether) {
  EXPECT_GT(count(*store_, "SELECT COUNT(*) FROM proposals WHERE from_idea_id IS NOT NULL"), 0);
  EXPECT_GT(count(*store_, "SELECT COUNT(*) FROM ideas WHERE from_problem_id IS NOT NULL"), 0);
  EXPECT_EQ(count(*store_, "SELECT COUNT(*) FROM proposals r JOIN ideas i ON i.id = r.from_idea_id WHERE i.space_id <> "
                           "r.space_id"), 0);
  EXPECT_EQ(count(*store_, "SELECT COUNT(*) FROM ideas i JOIN problems p ON p.id = i.from_problem_id WHERE p.space_id <> "
                           "i.space_id"), 0);
  EXPECT_EQ(count(*store_, "SELECT COUNT(*) FROM proposals r JOIN ideas i ON i.id = r.from_idea_id WHERE r.status = "
                           "'open' AND i.stage = 'declined'"), 0);
  EXPECT_EQ(count(*store_, "SELECT COUNT(*) FROM proposals r JOIN ideas i ON i.id = r.from_idea_id WHERE r.decision = "
                           "'adopted' AND i.stage NOT IN ('accepted', 'implemented')"), 0);
  EXPECT_EQ(count(*store_, "SELECT COUNT(*) FROM ideas i JOIN problems p ON p.id = i.from_problem_id WHERE i.stage = "
                           "'implemented' AND p.status <> 'resolved'"), 0);
  EXPECT_EQ(count(*store_, "SELECT COUNT(*) FROM problems WHERE status = 'resolved' AND accepted_solution_id IS NULL AND "
                           "NOT EXISTS (SELECT 1 FROM ideas i WHERE i.from_problem_id = problems.id)"), 0);
}

TEST_F(DemoTest, NothingIsDatedAfterNow) {
  const int64_t now = clock::now_seconds() + 60;
  for (const char* sql : {"SELECT COUNT(*) FROM posts WHERE created_at > ?", "SELECT COUNT(*) FROM problems WHERE created_at > ?",
                          "SELECT COUNT(*) FROM problems WHERE resolved_at > ?", "SELECT COUNT(*) FROM solutions WHERE created_at > ?",
                          "SELECT COUNT(*) FROM ideas WHERE created_at > ? OR stage_changed_at > ?",
                          "SELECT COUNT(*) FROM proposals WHERE created_at > ? OR closed_at > ?",
                          "SELECT COUNT(*) FROM stances WHERE updated_at > ?"}) {
    const std::string text = sql;
    std::vector<store::Param> params{now};
    if (text.find(" OR ") != std::string::npos) params.emplace_back(now);
    EXPECT_EQ(count(*store_, text, params), 0) << text;
  }
  // Open proposals close ahead; decided ones were decided before now.
  EXPECT_EQ(count(*store_, "SELECT COUNT(*) FROM proposals WHERE status = 'open' AND closes_at <= ?", {now - 120}), 0);
}

TEST_F(DemoTest, TheSameSeedGivesTheSameOrganization) {
  testing::TempStore again;
  ASSERT_TRUE(demo::generate(*again, {.people = 200, .seed = 3, .posts_per_person = 8}).has_value());
  for (const char* sql : {"SELECT COUNT(*) FROM posts", "SELECT COUNT(*) FROM problems WHERE status = 'resolved'",
                          "SELECT COUNT(*) FROM proposals WHERE decision = 'adopted'", "SELECT SUM(LENGTH(body)) FROM posts",
                          "SELECT COUNT(DISTINCT name) FROM people"}) {
    EXPECT_EQ(count(*store_, sql), count(*again, sql)) << sql;
  }
}

}  // namespace
}  // namespace weft
