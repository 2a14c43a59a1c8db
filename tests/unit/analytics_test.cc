// Outcome analytics (analytics/outcomes.h) on a small organization whose figures are worked out
// here by hand, day by day.
#include <gtest/gtest.h>

#include "actions/people.h"
#include "actions/spaces.h"
#include "actions/work.h"
#include "analytics/outcomes.h"
#include "core/clock.h"
#include "test_store.h"

namespace weft {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kStart = 1800000000;

class AnalyticsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    at(0);
    owner_ = add("Owen");
    member_ = add("Mia");
    outsider_ = add("Olu");
    open_ = *actions::create_space(*store_, owner_, {.name = "Open", .kind = "problem", .visibility = "public"});
    EXPECT_TRUE(actions::set_member(*store_, owner_, open_, member_.person_id, "member").has_value());
    secret_ = *actions::create_space(*store_, owner_, {.name = "Secret", .kind = "problem", .visibility = "secret"});

    // Day 0: Mia raises P1 and P2 in the open space. Day 1: Owen answers P1; day 3 Mia accepts.
    const int64_t p1 = *actions::create_problem(*store_, member_, open_, "Late invoices", "", std::nullopt);
    p2_ = *actions::create_problem(*store_, member_, open_, "Returns pile up", "", std::nullopt);
    at(1);
    const int64_t s1 = *actions::add_solution(*store_, owner_, p1, "Send them weekly");
    at(3);
    EXPECT_TRUE(actions::accept_solution(*store_, member_, p1, s1).has_value());
    // Day 2: Owen raises P3 in the secret space, answers it on day 2 and accepts it on day 4.
    at(2);
    const int64_t p3 = *actions::create_problem(*store_, owner_, secret_, "Secret supplier", "", std::nullopt);
    const int64_t s3 = *actions::add_solution(*store_, owner_, p3, "Switch");
    at(4);
    EXPECT_TRUE(actions::accept_solution(*store_, owner_, p3, s3).has_value());
    // Day 5: an idea from P2 and one more; the first goes through to implemented on day 7, which
    // resolves P2 (a chain completed).
    at(5);
    const int64_t i1 = *actions::create_idea(*store_, member_, open_, "Restock daily", "", p2_);
    EXPECT_TRUE(actions::create_idea(*store_, member_, open_, "Hire help", "", std::nullopt).has_value());
    at(6);
    EXPECT_TRUE(actions::move_idea(*store_, owner_, i1, "under_review", "Looking").has_value());
    EXPECT_TRUE(actions::move_idea(*store_, owner_, i1, "accepted", "Yes").has_value());
    at(7);
    EXPECT_TRUE(actions::move_idea(*store_, owner_, i1, "implemented", "Done").has_value());
    // Day 8: two proposals; one adopted, one rejected with a block.
    at(8);
    const int64_t r1 = *actions::create_proposal(*store_, owner_, open_, "Weekly review", "", kStart + 20 * kDay,
                                                 std::nullopt);
    const int64_t r2 = *actions::create_proposal(*store_, owner_, open_, "Close on Fridays", "", kStart + 20 * kDay,
                                                 std::nullopt);
    EXPECT_TRUE(actions::take_stance(*store_, member_, r2, "block", "No").has_value());
    EXPECT_TRUE(actions::close_proposal(*store_, owner_, r1, {.outcome = "We review weekly", .decision = "adopted"})
                    .has_value());
    EXPECT_TRUE(actions::close_proposal(*store_, owner_, r2, {.outcome = "Not now", .decision = "rejected"})
                    .has_value());
  }
  void TearDown() override { clock::set_now_for_testing({}); }

  void at(int64_t day) {
    clock::set_now_for_testing([day] { return kStart + day * kDay + 3600; });
  }
  Viewer add(const std::string& name) {
    actions::NewPerson person{.name = name, .email = name + "@example.org", .role = Role::kMember};
    auto id = store::transact(*store_, [&](store::Connection& c) {
      return actions::insert_person(c, std::nullopt, person, "x");
    });
    return Viewer{*id, Role::kMember, std::nullopt};
  }
  Outcomes figures(const Viewer& viewer, int64_t min_group = 5) {
    analytics::Scope scope{.from = kStart, .to = kStart + 10 * kDay, .min_group = min_group};
    auto out = analytics::outcomes(*store_, viewer, scope);
    EXPECT_TRUE(out.has_value());
    return *out;
  }

  testing::TempStore store_;
  Viewer owner_, member_, outsider_;
  int64_t open_ = 0, secret_ = 0, p2_ = 0;
};

TEST_F(AnalyticsTest, Percentiles) {
  EXPECT_EQ(analytics::percentile({}, 50), std::nullopt);
  EXPECT_EQ(analytics::percentile({7}, 90), 7);
  EXPECT_EQ(analytics::percentile({4, 1, 3, 2}, 50), 2);   // nearest rank: ceil(0.5 × 4) = 2nd
  EXPECT_EQ(analytics::percentile({4, 1, 3, 2}, 90), 4);   // ceil(0.9 × 4) = 4th
  EXPECT_EQ(analytics::percentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90), 9);
}

TEST_F(AnalyticsTest, AnOutsiderCountsOnlyTheOpenSpace) {
  const Outcomes o = figures(outsider_);
  EXPECT_EQ(o.problems_opened, 2);    // P1, P2; not the secret P3
  EXPECT_EQ(o.problems_resolved, 2);  // P1 on day 3, P2 by its implemented idea on day 7
  EXPECT_EQ(o.time_to_first_solution.count, 1);
  EXPECT_EQ(o.time_to_first_solution.median_seconds, kDay);  // P1: day 0 → day 1
  EXPECT_EQ(o.time_to_resolution.count, 2);
  EXPECT_EQ(o.time_to_resolution.median_seconds, 3 * kDay);  // {3 d, 7 d}: the 1st of 2
  EXPECT_EQ(o.time_to_resolution.p90_seconds, 7 * kDay);
  for (const auto& bucket : o.unsolved_by_age) EXPECT_EQ(bucket.count, 0) << bucket.name;
  EXPECT_EQ(o.ideas_created, 2);
  ASSERT_TRUE(o.adoption_rate.has_value());
  EXPECT_DOUBLE_EQ(*o.adoption_rate, 0.5);  // implemented, of two
  EXPECT_EQ(o.proposals_opened, 2);
  EXPECT_EQ(o.proposals_decided, 2);
  EXPECT_EQ(o.proposals_adopted, 1);
  EXPECT_EQ(o.proposals_rejected, 1);
  EXPECT_EQ(o.proposals_blocked, 1);
  EXPECT_EQ(o.chains_completed, 1);  // P2 → idea implemented
  EXPECT_EQ(o.participants, std::nullopt) << "two people: under the privacy floor of 5";
}

TEST_F(AnalyticsTest, AMemberOfTheSecretSpaceCountsItToo) {
  const Outcomes o = figures(owner_, 2);
  EXPECT_EQ(o.problems_opened, 3);
  EXPECT_EQ(o.problems_resolved, 3);
  EXPECT_EQ(o.time_to_resolution.median_seconds, 3 * kDay);  // {2 d, 3 d, 7 d}: the 2nd of 3
  EXPECT_EQ(o.time_to_first_solution.count, 2);
  EXPECT_EQ(o.time_to_first_solution.median_seconds, 0);     // P3 answered the day it was raised
  EXPECT_EQ(o.participants, 2);                               // Owen and Mia, with a floor of 2
  EXPECT_EQ(o.participant_units, 0);                          // neither has a unit
}

TEST_F(AnalyticsTest, AProblemStillOpenAtThePeriodsEndIsCountedByAge) {
  analytics::Scope scope{.from = kStart, .to = kStart + 6 * kDay};  // before P2 was resolved
  const Outcomes o = *analytics::outcomes(*store_, outsider_, scope);
  EXPECT_EQ(o.problems_resolved, 1);
  EXPECT_EQ(o.unsolved_by_age[0].name, "under_7_days");
  EXPECT_EQ(o.unsolved_by_age[0].count, 1);  // P2, six days old
  EXPECT_EQ(o.chains_completed, 0);
}

TEST_F(AnalyticsTest, OneSpaceOnlyAndTheRulesOfItsContent) {
  analytics::Scope scope{.from = kStart, .to = kStart + 10 * kDay, .space_id = secret_};
  EXPECT_EQ(analytics::outcomes(*store_, outsider_, scope).error().code, ErrorCode::kNotFound);
  const Outcomes o = *analytics::outcomes(*store_, owner_, scope);
  EXPECT_EQ(o.problems_opened, 1);
  EXPECT_EQ(o.ideas_created, 0);
  scope.to = scope.from;
  EXPECT_EQ(analytics::outcomes(*store_, owner_, scope).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace weft
