// The demo organization tells a coherent story: chains hold together (a proposal's idea answers a
// problem of the same space, no open proposal from a declined idea, an adopted proposal's idea is
// accepted or implemented, an implemented idea's problem is resolved), nothing is dated after
// now, and the same seed gives the same organization.
#include <gtest/gtest.h>

#include "core/clock.h"
#include <array>
#include <regex>
#include <set>

#include "demo/demo.h"
#include "demo/text.h"
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

// Spaces keep handbooks revised over time that link to what they solved and decided; some solved
// problems are written up under them; the links are backlinks from the start.
TEST_F(DemoTest, PagesRecordWhatSpacesSolvedAndDecided) {
  const int64_t pages = count(*store_, "SELECT COUNT(*) FROM pages");
  EXPECT_GT(pages, 0);
  EXPECT_GT(count(*store_, "SELECT COUNT(*) FROM page_revisions"), pages);
  EXPECT_EQ(count(*store_, "SELECT COUNT(*) FROM pages g WHERE revision_count <> (SELECT COUNT(*) FROM page_revisions r "
                           "WHERE r.page_id = g.id) OR revision_id <> (SELECT MAX(id) FROM page_revisions r WHERE "
                           "r.page_id = g.id) OR body <> (SELECT body FROM page_revisions r WHERE r.id = g.revision_id)"),
            0);
  EXPECT_GT(count(*store_, "SELECT COUNT(*) FROM pages WHERE source_type = 'problem'"), 0);
  EXPECT_EQ(count(*store_, "SELECT COUNT(*) FROM pages g JOIN problems p ON p.id = g.source_id WHERE g.source_type = "
                           "'problem' AND (p.status <> 'resolved' OR p.space_id <> g.space_id)"),
            0);
  EXPECT_GT(count(*store_, "SELECT COUNT(*) FROM page_links WHERE target_type = 'problem'"), 0);
  EXPECT_EQ(count(*store_, "SELECT COUNT(*) FROM page_links l JOIN pages g ON g.id = l.page_id WHERE l.target_type = "
                           "'problem' AND NOT EXISTS (SELECT 1 FROM problems p WHERE p.id = l.target_id AND p.space_id = "
                           "g.space_id)"),
            0);
  EXPECT_EQ(count(*store_, "SELECT COUNT(*) FROM pages WHERE updated_at > ?", {clock::now_seconds()}), 0);
}

// Nothing is dated after now, and what follows from something comes after it, whatever the seed
// (a space drawn as made today once put its problems' solutions in the future and its proposal
// before its idea).
TEST(DemoTimes, NothingInTheFutureAndEachStepAfterTheOneBefore) {
  const int64_t now = clock::now_seconds() + 60;
  // Seeds whose draw made a space today before (found by trying seeds 1-400 at this size), and
  // two ordinary ones.
  for (uint64_t seed : {33, 78, 113, 1, 2}) {
    testing::TempStore store;
    ASSERT_TRUE(demo::generate(*store, {.people = 120, .seed = seed, .posts_per_person = 1}).has_value());
    for (const char* sql : {"SELECT COUNT(*) FROM spaces WHERE created_at > ?", "SELECT COUNT(*) FROM problems WHERE created_at > ?",
                            "SELECT COUNT(*) FROM solutions WHERE created_at > ?",
                            "SELECT COUNT(*) FROM problems WHERE resolved_at > ?",
                            "SELECT COUNT(*) FROM ideas WHERE created_at > ? OR stage_changed_at > ?",
                            "SELECT COUNT(*) FROM idea_stages WHERE at > ?", "SELECT COUNT(*) FROM proposals WHERE created_at > ?",
                            "SELECT COUNT(*) FROM pages WHERE created_at > ? OR updated_at > ?"}) {
      const int marks = std::string_view(sql).ends_with("> ?") && std::string_view(sql).find("OR") != std::string_view::npos ? 2 : 1;
      std::vector<store::Param> params(static_cast<std::size_t>(marks), store::Param(now));
      EXPECT_EQ(count(*store, sql, params), 0) << "seed " << seed << ": " << sql;
    }
    EXPECT_EQ(count(*store, "SELECT COUNT(*) FROM proposals r JOIN ideas i ON i.id = r.from_idea_id WHERE r.created_at < "
                            "i.created_at"), 0) << "seed " << seed;
    EXPECT_EQ(count(*store, "SELECT COUNT(*) FROM problems p JOIN solutions s ON s.id = p.accepted_solution_id WHERE "
                            "p.resolved_at < s.created_at"), 0) << "seed " << seed;
    EXPECT_EQ(count(*store, "SELECT COUNT(*) FROM ideas i JOIN spaces s ON s.id = i.space_id WHERE i.created_at < "
                            "s.created_at"), 0) << "seed " << seed;
  }
}

TEST_F(DemoTest, PeopleHaveNamesOfTheirOwnAndTheTextVaries) {
  EXPECT_EQ(count(*store_, "SELECT COUNT(DISTINCT name) FROM people"), count(*store_, "SELECT COUNT(*) FROM people"));
  const int64_t roots = count(*store_, "SELECT COUNT(*) FROM posts WHERE reply_to IS NULL AND reshare_of IS NULL");
  EXPECT_GE(count(*store_, "SELECT COUNT(DISTINCT body) FROM posts WHERE reply_to IS NULL AND reshare_of IS NULL") * 10,
            roots * 9);
  // No space repeats a problem or an idea.
  EXPECT_EQ(count(*store_, "SELECT COUNT(*) FROM (SELECT space_id, title FROM problems GROUP BY 1, 2 HAVING COUNT(*) > 1)"),
            0);
  EXPECT_EQ(count(*store_, "SELECT COUNT(*) FROM (SELECT space_id, title FROM ideas GROUP BY 1, 2 HAVING COUNT(*) > 1)"), 0);
  EXPECT_GT(count(*store_, "SELECT COUNT(DISTINCT body) FROM solutions"), 10);
}

// A pattern such as "Invoices from {supplier} are rejected" as a regular expression.
std::regex pattern_of(const char* text) {
  std::string out;
  for (const char* p = text; *p; ++p) {
    if (*p == '{') {
      while (*p && *p != '}') ++p;
      out += ".+";
      if (!*p) break;
    } else if (std::string_view("\\^$.|?*+()[]").find(*p) != std::string_view::npos) {
      out += '\\';
      out += *p;
    } else {
      out += *p;
    }
  }
  return std::regex(out);
}

TEST_F(DemoTest, AnIdeaFromAProblemAndItsProposalTellTheProblemsStory) {
  auto told = store::read(*store_, [](store::Connection& c) -> Result<std::vector<std::array<std::string, 3>>> {
    std::vector<std::array<std::string, 3>> out;
    auto rows = c.query("SELECT p.title, i.title, COALESCE(r.title, '') FROM ideas i JOIN problems p ON p.id = "
                        "i.from_problem_id LEFT JOIN proposals r ON r.from_idea_id = i.id");
    while (rows->next()) out.push_back({rows->text(0), rows->text(1), rows->text(2)});
    return out;
  });
  ASSERT_TRUE(told.has_value());
  ASSERT_FALSE(told->empty());
  for (const auto& [problem, idea, proposal] : *told) {
    bool one_story = false;
    for (const auto& story : demo::stories()) {
      one_story = one_story || (std::regex_match(problem, pattern_of(story.problem_title)) &&
                                std::regex_match(idea, pattern_of(story.idea_title)) &&
                                (proposal.empty() || std::regex_match(proposal, pattern_of(story.proposal_title))));
    }
    EXPECT_TRUE(one_story) << problem << " → " << idea << " → " << proposal;
  }
}

TEST_F(DemoTest, TheMemberOwnsOneSpaceAndFollowsRecordsWithConversations) {
  const int64_t member = count(*store_, "SELECT id FROM people WHERE email = 'member@weft.demo'");
  EXPECT_EQ(count(*store_, "SELECT COUNT(*) FROM space_members WHERE person_id = ? AND role = 'owner'", {member}), 1);
  EXPECT_GE(count(*store_, "SELECT COUNT(*) FROM space_members WHERE person_id = ?", {member}), 3);
  EXPECT_GE(count(*store_, "SELECT COUNT(*) FROM record_follows WHERE person_id = ?", {member}), 1);
  EXPECT_EQ(count(*store_, "SELECT COUNT(*) FROM records r WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.record_id = r.id)"),
            0);
  // Open proposals wait for the member's stance in their own space.
  EXPECT_GE(count(*store_, "SELECT COUNT(*) FROM proposals r JOIN space_members m ON m.space_id = r.space_id "
                           "WHERE m.person_id = ? AND r.status = 'open'",
                  {member}),
            1);
}

TEST(DemoNames, EveryIndexNamesSomeoneElse) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < 120000; ++i) EXPECT_TRUE(seen.insert(demo::name_at(i).full()).second) << i;
  EXPECT_GE(demo::names_available(), 120000u);
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
