#include <gtest/gtest.h>

#include "actions/accounts.h"
#include "actions/people.h"
#include "actions/units.h"
#include "policy/people.h"
#include "queries/people.h"
#include "search/sqlite_index.h"
#include "test_store.h"

namespace weft {
namespace {

class PeopleTest : public ::testing::Test {
 protected:
  int64_t add(const std::string& name, const std::string& email, Role role = Role::kMember,
              std::vector<std::string> skills = {}, std::optional<int64_t> unit = std::nullopt) {
    actions::NewPerson person;
    person.name = name;
    person.email = email;
    person.role = role;
    person.skills = std::move(skills);
    person.unit_id = unit;
    auto id = store::transact(*store_, [&](store::Connection& c) {
      return actions::insert_person(c, std::nullopt, person, "not-a-real-hash");
    });
    EXPECT_TRUE(id.has_value()) << (id ? "" : id.error().message);
    return id.value_or(0);
  }
  Viewer viewer(int64_t id, Role role = Role::kMember) { return Viewer{id, role}; }

  testing::TempStore store_;
};

TEST_F(PeopleTest, HandlesComeFromTheEmailAndAvoidCollisions) {
  int64_t a = add("Ana Kim", "ana.kim@example.org");
  int64_t b = add("Ana Kim", "Ana.Kim@other.org");
  auto first = queries::person(*store_, viewer(a), a);
  auto second = queries::person(*store_, viewer(a), b);
  EXPECT_EQ(first->handle, "ana.kim");
  EXPECT_EQ(second->handle, "ana.kim2");
  EXPECT_EQ(second->email, "ana.kim@other.org");
}

TEST_F(PeopleTest, DuplicateEmailIsAConflictAndWritesNothing) {
  add("Ana", "ana@example.org");
  actions::NewPerson again{.name = "Other", .email = "ANA@example.org"};
  auto result = store::transact(*store_, [&](store::Connection& c) {
    return actions::insert_person(c, std::nullopt, again, "x");
  });
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kConflict);
  EXPECT_EQ(result.error().field, "email");
  EXPECT_EQ(store_->connection().query_int("SELECT COUNT(*) FROM people"), 1);
}

TEST_F(PeopleTest, SearchMatchesWordPrefixesOfNameTitleHandleAndSkills) {
  int64_t me = add("Me", "me@example.org");
  add("Grace Hopper", "grace@example.org", Role::kMember, {"COBOL", "Compilers"});
  add("Alan Turing", "alan@example.org", Role::kMember, {"Cryptanalysis"});
  auto names = [&](const std::string& q, const std::string& skill = "") {
    store_.catch_up_search();
    queries::PeopleFilter filter{.q = q, .skill = skill};
    auto page = queries::people(*store_, viewer(me), filter, {});
    std::vector<std::string> out;
    for (auto& p : page->items) out.push_back(p.name);
    return out;
  };
  EXPECT_EQ(names("gra"), std::vector<std::string>{"Grace Hopper"});
  EXPECT_EQ(names("hop"), std::vector<std::string>{"Grace Hopper"});
  EXPECT_EQ(names("crypt"), std::vector<std::string>{"Alan Turing"});
  EXPECT_EQ(names("comp gra"), std::vector<std::string>{"Grace Hopper"});
  EXPECT_TRUE(names("comp alan").empty());
  EXPECT_EQ(names("", "cobol"), std::vector<std::string>{"Grace Hopper"});
  EXPECT_EQ(names("\"*)("), std::vector<std::string>{});
}

TEST_F(PeopleTest, PagesCoverEveryoneOnceInNameOrder) {
  int64_t me = add("Zed", "zed@example.org");
  for (int i = 0; i < 25; ++i) add("Person " + std::to_string(100 + i), "p" + std::to_string(i) + "@example.org");
  std::vector<int64_t> seen;
  cursor::PageRequest page{.limit = 7};
  for (int guard = 0; guard < 10; ++guard) {
    auto result = queries::people(*store_, viewer(me), {}, page);
    ASSERT_TRUE(result.has_value());
    for (auto& p : result->items) seen.push_back(p.id);
    if (!result->next_cursor) break;
    auto next = cursor::page_request(*result->next_cursor, "7", 2);
    ASSERT_TRUE(next.has_value());
    page = *next;
  }
  EXPECT_EQ(seen.size(), 26u);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end());
}

TEST_F(PeopleTest, GuestsSeeOnlyThemselves) {
  int64_t member = add("Member", "m@example.org");
  int64_t guest = add("Guest", "g@example.org", Role::kGuest);
  EXPECT_FALSE(queries::person(*store_, viewer(guest, Role::kGuest), member).has_value());
  EXPECT_TRUE(queries::person(*store_, viewer(guest, Role::kGuest), guest).has_value());
  EXPECT_FALSE(queries::person(*store_, viewer(member), guest).has_value());
  auto listed = queries::people(*store_, viewer(guest, Role::kGuest), {}, {});
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].id, guest);
  EXPECT_EQ(actions::follow(*store_, viewer(guest, Role::kGuest), member).error().code,
            ErrorCode::kNotFound);
}

TEST_F(PeopleTest, FollowIsIdempotentAndKeepsCountsRight) {
  int64_t a = add("A", "a@example.org");
  int64_t b = add("B", "b@example.org");
  ASSERT_TRUE(actions::follow(*store_, viewer(a), b).has_value());
  ASSERT_TRUE(actions::follow(*store_, viewer(a), b).has_value());
  auto followed = queries::person(*store_, viewer(a), b);
  EXPECT_EQ(followed->followers_count, 1);
  EXPECT_TRUE(followed->followed_by_me);
  EXPECT_EQ(actions::follow(*store_, viewer(a), a).error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(actions::unfollow(*store_, viewer(a), b).has_value());
  ASSERT_TRUE(actions::unfollow(*store_, viewer(a), b).has_value());
  EXPECT_EQ(queries::person(*store_, viewer(a), b)->followers_count, 0);
  EXPECT_EQ(queries::person(*store_, viewer(a), a)->following_count, 0);
}

TEST_F(PeopleTest, EndorsementsCountOncePerEndorserAndOnlyForListedSkills) {
  int64_t a = add("A", "a@example.org");
  int64_t b = add("B", "b@example.org", Role::kMember, {"Go", "SQL"});
  EXPECT_EQ(actions::endorse(*store_, viewer(a), b, "go"), true);  // case-insensitive match
  EXPECT_EQ(actions::endorse(*store_, viewer(a), b, "Go"), false);
  EXPECT_EQ(actions::endorse(*store_, viewer(a), b, "Rust").error().field, "skill");
  EXPECT_EQ(actions::endorse(*store_, viewer(b), b, "Go").error().code, ErrorCode::kInvalidArgument);
  auto person = queries::person(*store_, viewer(a), b);
  ASSERT_EQ(person->skills.size(), 2u);
  EXPECT_EQ(person->skills[0].name, "Go");
  EXPECT_EQ(person->skills[0].endorsements, 1);
  EXPECT_TRUE(person->skills[0].endorsed_by_me);
  ASSERT_TRUE(actions::withdraw_endorsement(*store_, viewer(a), b, "Go").has_value());
  EXPECT_EQ(queries::person(*store_, viewer(a), b)->skills[0].endorsements, 0);
}

TEST_F(PeopleTest, ReplacingSkillsKeepsEndorsementsOfKeptSkills) {
  int64_t a = add("A", "a@example.org");
  int64_t b = add("B", "b@example.org", Role::kMember, {"Go", "SQL"});
  ASSERT_TRUE(actions::endorse(*store_, viewer(a), b, "SQL").has_value());
  ASSERT_TRUE(actions::update_profile(*store_, viewer(b), {.skills = std::vector<std::string>{"SQL", "Rust"}}));
  auto person = queries::person(*store_, viewer(a), b);
  ASSERT_EQ(person->skills.size(), 2u);
  EXPECT_EQ(person->skills[0].name, "SQL");
  EXPECT_EQ(person->skills[0].endorsements, 1);
  EXPECT_EQ(person->skills[1].name, "Rust");
  auto skills = queries::skills(*store_, viewer(a), "", 10);
  for (auto& s : *skills) EXPECT_NE(s.name, "Go");  // nobody lists Go any more
}

TEST_F(PeopleTest, UnitsRejectCycles) {
  int64_t admin = add("Admin", "admin@example.org", Role::kAdmin);
  auto root = actions::create_unit(*store_, viewer(admin, Role::kAdmin), "Root", std::nullopt);
  auto child = actions::create_unit(*store_, viewer(admin, Role::kAdmin), "Child", *root);
  ASSERT_TRUE(root && child);
  auto cycle = actions::update_unit(*store_, viewer(admin, Role::kAdmin), *root,
                                    {.set_parent = true, .parent_id = *child});
  EXPECT_EQ(cycle.error().field, "parent_id");
  EXPECT_EQ(actions::create_unit(*store_, viewer(admin), "Nope", std::nullopt).error().code,
            ErrorCode::kPermissionDenied);
}

TEST_F(PeopleTest, TheLastAdminCannotBeDemoted) {
  int64_t admin = add("Admin", "admin@example.org", Role::kAdmin);
  auto result = actions::update_person(*store_, viewer(admin, Role::kAdmin), admin,
                                       {.role = Role::kMember});
  EXPECT_EQ(result.error().code, ErrorCode::kConflict);
}

TEST_F(PeopleTest, SigninThrottleLimitsPerAccountWithinTheWindow) {
  actions::SigninThrottle throttle(*store_, {.per_account = 3, .per_address = 100, .window_seconds = 60});
  // Each attempt counts before its password is checked: the fourth within the window is refused.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(throttle.begin("a@x", "1.2.3.4", 1000 + i).retry_after, 0);
  EXPECT_GT(throttle.begin("a@x", "1.2.3.4", 1010).retry_after, 0);
  EXPECT_EQ(store_->connection().query_int("SELECT COUNT(*) FROM signin_failures"), 6) << "a refusal adds nothing";
  // Another throttle on the same store (another node) counts the same attempts.
  actions::SigninThrottle other(*store_, {.per_account = 3, .per_address = 100, .window_seconds = 60});
  EXPECT_GT(other.begin("a@x", "9.9.9.9", 1010).retry_after, 0);
  // Another account from the same address goes ahead; a success forgets its attempt.
  auto good = throttle.begin("b@x", "1.2.3.4", 1010);
  EXPECT_EQ(good.retry_after, 0);
  throttle.succeeded(store_->connection(), good);
  EXPECT_EQ(store_->connection().query_int("SELECT COUNT(*) FROM signin_failures WHERE key = 'account:b@x'"), 0);
  // After the window the account may try again; what left every window is deleted.
  EXPECT_EQ(throttle.begin("a@x", "1.2.3.4", 1061).retry_after, 0);
  EXPECT_EQ(throttle.begin("c@x", "5.6.7.8", 2000).retry_after, 0);
  EXPECT_EQ(store_->connection().query_int("SELECT COUNT(*) FROM signin_failures"), 2);
}

TEST_F(PeopleTest, GuestsSeeThePeopleOfTheirSpacesAndMembersSeeThoseGuests) {
  int64_t member = add("Member", "m@example.org");
  int64_t other = add("Other", "o@example.org");
  int64_t guest = add("Guest", "g@example.org", Role::kGuest);
  auto& c = store_->connection();
  Viewer as_guest{guest, Role::kGuest};
  EXPECT_FALSE(policy::can_see_person(c, as_guest, member));
  EXPECT_FALSE(policy::can_see_person(c, viewer(member), guest));
  c.execute("INSERT INTO spaces (id, name, visibility, created_at) VALUES (1, 'S', 'private', 0)");
  c.execute("INSERT INTO space_members (space_id, person_id, role, created_at) VALUES (1, ?, 'member', 0), (1, ?, 'guest', 0)",
            {member, guest});
  EXPECT_TRUE(policy::can_see_person(c, as_guest, member));
  EXPECT_FALSE(policy::can_see_person(c, as_guest, other));
  EXPECT_TRUE(policy::can_see_person(c, viewer(member), guest));
  EXPECT_FALSE(policy::can_see_person(c, viewer(other), guest));
  EXPECT_TRUE(policy::can_see_person(c, viewer(other, Role::kAdmin), guest));
}

TEST(Search, FtsPrefixQueryQuotesEveryWord) {
  EXPECT_EQ(search::fts_prefix_query("ana k"), "\"ana\"*");
  EXPECT_EQ(search::fts_prefix_query("k"), "\"k\"*");
  EXPECT_EQ(search::fts_prefix_query("a b c"), "\"a\"* \"b\"* \"c\"*");
  // A query of many words uses the first kMaxQueryWords of them.
  EXPECT_EQ(search::fts_prefix_query("w1 w2 w3 w4 w5 w6 w7 w8 w9 w10"),
            "\"w1\"* \"w2\"* \"w3\"* \"w4\"* \"w5\"* \"w6\"* \"w7\"* \"w8\"*");
  EXPECT_EQ(search::fts_prefix_query("  \"OR\" ( "), "\"OR\"*");
  EXPECT_EQ(search::fts_prefix_query("***"), "");
  // For posts only the last word is a prefix.
  EXPECT_EQ(search::fts_prefix_query("renewal contr", false), "\"renewal\" \"contr\"*");
  EXPECT_EQ(search::fts_prefix_query("a bb c", false), "\"bb\"*");
}

}  // namespace
}  // namespace weft
