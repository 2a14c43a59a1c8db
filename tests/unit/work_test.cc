#include <gtest/gtest.h>

#include "actions/people.h"
#include "actions/spaces.h"
#include "actions/work.h"
#include "core/clock.h"
#include "policy/spaces.h"
#include "queries/work.h"
#include "test_store.h"

namespace weft {
namespace {

class WorkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    owner_ = add("Owner", Role::kMember);
    member_ = add("Member", Role::kMember);
    outsider_ = add("Outsider", Role::kMember);
    admin_ = add("Admin", Role::kAdmin);
    guest_ = add("Guest", Role::kGuest);
  }
  Viewer add(const std::string& name, Role role) {
    actions::NewPerson person{.name = name, .email = name + "@example.org", .role = role};
    auto id = store::transact(*store_, [&](store::Connection& c) {
      return actions::insert_person(c, std::nullopt, person, "x");
    });
    return Viewer{*id, role};
  }
  int64_t space(const std::string& visibility) {
    auto id = actions::create_space(*store_, owner_, {.name = "S", .kind = "project", .visibility = visibility});
    EXPECT_TRUE(id.has_value());
    EXPECT_TRUE(actions::set_member(*store_, owner_, *id, member_.person_id, "member").has_value());
    return *id;
  }
  policy::SpaceAccess access(const Viewer& viewer, int64_t space_id) {
    return policy::space_access(store_->connection(), viewer, space_id);
  }

  testing::TempStore store_;
  Viewer owner_, member_, outsider_, admin_, guest_;
};

TEST_F(WorkTest, SpaceVisibilityForEachKindOfViewer) {
  int64_t open = space("public"), closed = space("private"), hidden = space("secret");
  EXPECT_TRUE(access(outsider_, open).content);
  EXPECT_TRUE(access(outsider_, closed).visible);
  EXPECT_FALSE(access(outsider_, closed).content);
  EXPECT_FALSE(access(outsider_, hidden).visible);
  EXPECT_FALSE(access(admin_, hidden).visible);  // admins have no extra access
  EXPECT_FALSE(access(guest_, open).visible);
  EXPECT_TRUE(access(member_, hidden).content);
  // An outside guest the owner shares no space with is invisible to them: adding answers as for
  // nobody (they come in by invitation); an admin among the owners may add them.
  EXPECT_EQ(actions::set_member(*store_, owner_, hidden, guest_.person_id, "guest").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(actions::set_member(*store_, owner_, hidden, 999999, "guest").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(actions::remove_member(*store_, owner_, hidden, owner_.person_id).error().code, ErrorCode::kConflict);
  ASSERT_TRUE(actions::set_member(*store_, owner_, hidden, admin_.person_id, "owner").has_value());
  EXPECT_EQ(actions::set_member(*store_, admin_, hidden, guest_.person_id, "member").error().field, "role");
  ASSERT_TRUE(actions::set_member(*store_, admin_, hidden, guest_.person_id, "guest").has_value());
  EXPECT_TRUE(access(guest_, hidden).content);
}

TEST_F(WorkTest, IdeaStagesFollowTheRulesAndImplementedResolvesTheProblem) {
  EXPECT_TRUE(actions::stage_move_allowed("new", "under_review"));
  EXPECT_FALSE(actions::stage_move_allowed("new", "implemented"));
  EXPECT_FALSE(actions::stage_move_allowed("implemented", "new"));
  int64_t s = space("private");
  int64_t problem = *actions::create_problem(*store_, member_, s, "Late shipments", "", std::nullopt);
  int64_t idea = *actions::create_idea(*store_, member_, s, "Dual sourcing", "", problem);
  EXPECT_EQ(actions::move_idea(*store_, member_, idea, "under_review", "x").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(actions::move_idea(*store_, owner_, idea, "accepted", "x").error().field, "stage");
  for (const char* stage : {"under_review", "accepted", "implemented"}) {
    ASSERT_TRUE(actions::move_idea(*store_, owner_, idea, stage, "next").has_value()) << stage;
  }
  EXPECT_EQ(queries::problem(*store_, member_, problem, false)->status, "resolved");
  EXPECT_EQ(queries::idea(*store_, outsider_, idea, false).error().code, ErrorCode::kNotFound);
}

TEST_F(WorkTest, AcceptingASolutionOfAnotherProblemIsRefused) {
  int64_t s = space("public");
  int64_t first = *actions::create_problem(*store_, member_, s, "One", "", std::nullopt);
  int64_t second = *actions::create_problem(*store_, member_, s, "Two", "", std::nullopt);
  int64_t solution = *actions::add_solution(*store_, owner_, second, "Try this");
  EXPECT_EQ(actions::accept_solution(*store_, member_, first, solution).error().field, "solution_id");
  EXPECT_EQ(actions::add_solution(*store_, outsider_, first, "me too").error().code, ErrorCode::kPermissionDenied);
  ASSERT_TRUE(actions::accept_solution(*store_, member_, second, solution).has_value());
  EXPECT_EQ(queries::problem(*store_, member_, second, false)->status, "resolved");
}

TEST_F(WorkTest, DueProposalsCloseByTheTallyAndAdoptTheirIdea) {
  int64_t s = space("public");
  int64_t idea = *actions::create_idea(*store_, member_, s, "Buddy system", "", std::nullopt);
  const int64_t now = clock::now_seconds();
  int64_t proposal = *actions::create_proposal(*store_, member_, s, "Adopt it", "", now + 60, idea);
  ASSERT_TRUE(actions::take_stance(*store_, owner_, proposal, "agree", "yes").has_value());
  ASSERT_TRUE(actions::take_stance(*store_, member_, proposal, "disagree", "").has_value());
  ASSERT_TRUE(actions::take_stance(*store_, member_, proposal, "agree", "changed my mind").has_value());
  EXPECT_EQ(actions::take_stance(*store_, outsider_, proposal, "agree", "").error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(actions::close_due_proposals(*store_, now), 0);
  EXPECT_EQ(actions::close_due_proposals(*store_, now + 61), 1);
  auto closed = queries::proposal(*store_, member_, proposal, true);
  EXPECT_EQ(closed->status, "closed");
  EXPECT_EQ(closed->decision, "adopted");
  EXPECT_EQ(closed->agree, 2);
  EXPECT_EQ(closed->disagree, 0);
  EXPECT_EQ(queries::idea(*store_, member_, idea, false)->stage, "accepted");
  EXPECT_EQ(actions::take_stance(*store_, owner_, proposal, "block", "").error().code, ErrorCode::kConflict);
  ASSERT_TRUE(closed->chain.has_value());
  EXPECT_EQ(closed->chain->ideas.size(), 1u);
  EXPECT_EQ(closed->chain->proposals.size(), 1u);
}

}  // namespace
}  // namespace weft
