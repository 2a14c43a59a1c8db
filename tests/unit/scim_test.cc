// SCIM without the store: users as identity providers send them, PATCH operations the ways Okta
// and Entra ID write them, and filters compiled to SQL with their parameters in order.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "identity/scim.h"

namespace weft::identity {
namespace {

boost::json::object parse(std::string_view text) { return boost::json::parse(text).as_object(); }

std::string sql_of(std::string_view filter, std::vector<store::Param>* params = nullptr,
                   FilterTarget target = FilterTarget::kUsers) {
  std::vector<store::Param> local;
  auto sql = filter_sql(filter, target, params ? *params : local);
  return sql ? *sql : "error: " + sql.error().message;
}

TEST(ScimFilter, ComparisonsAndLogic) {
  std::vector<store::Param> params;
  EXPECT_EQ(sql_of(R"(userName eq "Ana@Example.com")", &params), "p.email = ?");
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].as_text(), "ana@example.com");
  EXPECT_EQ(sql_of(R"(externalId eq "00uAbC")"), "p.external_id = ?");
  EXPECT_EQ(sql_of(R"(userName eq "a" and active eq true)"), "(p.email = ? AND (p.deactivated_at IS NULL))");
  EXPECT_EQ(sql_of(R"(active eq "False")"), "NOT (p.deactivated_at IS NULL)");
  params.clear();
  EXPECT_EQ(sql_of(R"((userName sw "an" or displayName co "50%") and not (title eq "x"))", &params),
            "((p.email LIKE ? ESCAPE '\\' OR LOWER(p.name) LIKE LOWER(?) ESCAPE '\\') AND NOT LOWER(p.title) = LOWER(?))");
  ASSERT_EQ(params.size(), 3u);
  EXPECT_EQ(params[0].as_text(), "an%");
  EXPECT_EQ(params[1].as_text(), "%50\\%%");
  EXPECT_EQ(sql_of(R"(emails[type eq "work"].value eq "a@b.c")"), "p.email = ?");
  EXPECT_EQ(sql_of("title pr"), "(LOWER(p.title) IS NOT NULL AND LOWER(p.title) <> '')");
  EXPECT_EQ(sql_of(R"(id eq "12")"), "p.id = ?");
  EXPECT_EQ(sql_of(R"(id eq "abc")"), "1 = 0");
}

TEST(ScimFilter, Groups) {
  std::vector<store::Param> params;
  EXPECT_EQ(sql_of(R"(displayName eq "Logistics")", &params, FilterTarget::kGroups), "LOWER(g.display_name) = LOWER(?)");
  EXPECT_EQ(sql_of(R"(members[value eq "7"])", &params, FilterTarget::kGroups),
            "EXISTS (SELECT 1 FROM scim_group_members m WHERE m.group_id = g.id AND m.person_id = ?)");
  EXPECT_EQ(sql_of(R"(id eq "3" and members[value eq "7"])", &params, FilterTarget::kGroups),
            "(g.id = ? AND EXISTS (SELECT 1 FROM scim_group_members m WHERE m.group_id = g.id AND m.person_id = ?))");
}

TEST(ScimFilter, WhatItCannotReadIsAnError) {
  for (const char* bad : {"userName eq", "userName xx \"a\"", "password eq \"x\"", "(userName eq \"a\"", "userName eq \"open",
                          "name.givenName eq \"Ana\"", "", "and", "userName eq \"a\" or", "not userName eq \"a\"",
                          "active eq \"maybe\"", "emails[value eq \"x\"]"}) {
    std::vector<store::Param> params;
    auto sql = filter_sql(bad, FilterTarget::kUsers, params);
    EXPECT_FALSE(sql) << bad << " → " << (sql ? *sql : "");
    if (!sql) {
      EXPECT_EQ(sql.error().field, "filter") << bad;
    }
  }
  std::string deep;
  for (int i = 0; i < 50; ++i) deep += "(";
  deep += "userName eq \"a\"";
  for (int i = 0; i < 50; ++i) deep += ")";
  std::vector<store::Param> params;
  EXPECT_FALSE(filter_sql(deep, FilterTarget::kUsers, params));
}

TEST(ScimUser, FromWhatOktaSends) {
  auto user = user_from_json(parse(R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"userName":"ana@example.com",
    "name":{"givenName":"Ana","familyName":"Lind"},"emails":[{"primary":false,"value":"home@example.com","type":"home"},
    {"primary":true,"value":"ana.lind@example.com","type":"work"}],"active":"True","externalId":"00u1",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Finance"}})"));
  ASSERT_TRUE(user) << user.error().message;
  EXPECT_EQ(user->weft_email(), "ana.lind@example.com");
  EXPECT_EQ(user->weft_name(), "Ana Lind");
  EXPECT_EQ(user->department, "Finance");
  EXPECT_EQ(user->external_id, "00u1");
  EXPECT_TRUE(user->active);
}

TEST(ScimUser, RefusedBodies) {
  EXPECT_FALSE(user_from_json(parse(R"({"schemas":["urn:example:custom"],"userName":"a@b.c"})")));
  EXPECT_FALSE(user_from_json(parse(R"({"userName":"a@b.c"})")));
  EXPECT_FALSE(user_from_json(parse(R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]})")));
  EXPECT_FALSE(user_from_json(parse(R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":5})")));
  EXPECT_FALSE(user_from_json(parse(R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@b.c","active":"perhaps"})")));
  EXPECT_FALSE(user_from_json(parse(R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@b.c","emails":"x"})")));
}

TEST(ScimPatch, EntraAndOktaOperations) {
  ScimUser user;
  user.user_name = "ana@example.com";
  user.display_name = "Ana";
  user.title = "Buyer";
  auto patched = patch_user(user, parse(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
    {"op":"Replace","path":"active","value":"False"},
    {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Sales"},
    {"op":"Remove","path":"title"},
    {"op":"replace","value":{"displayName":"Ana Lind","name.givenName":"Ana"}}]})"));
  ASSERT_TRUE(patched) << patched.error().message;
  EXPECT_FALSE(patched->active);
  EXPECT_EQ(patched->department, "Sales");
  EXPECT_EQ(patched->title, "");
  EXPECT_EQ(patched->display_name, "Ana Lind");
  EXPECT_EQ(user.title, "Buyer") << "the original is untouched";
  EXPECT_FALSE(patch_user(user, parse(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"userName"}]})")));
  EXPECT_FALSE(patch_user(user, parse(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"move","path":"title","value":"x"}]})")));
  EXPECT_FALSE(patch_user(user, parse(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]})")));
  EXPECT_FALSE(patch_user(user, parse(R"({"Operations":[{"op":"replace","path":"title","value":"x"}]})")));
}

TEST(ScimPatch, GroupMembers) {
  ScimGroup group{1, "Logistics", std::nullopt, {{7, ""}, {8, ""}}, 0, 0};
  auto removed = patch_group(group, parse(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"Remove","path":"members[value eq \"7\"]"},{"op":"add","path":"members","value":[{"value":"9"},{"value":"8"}]}]})"));
  ASSERT_TRUE(removed) << removed.error().message;
  std::vector<int64_t> ids;
  for (const auto& m : removed->members) ids.push_back(m.id);
  EXPECT_EQ(ids, (std::vector<int64_t>{8, 9}));
  auto okta = patch_group(group, parse(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"remove","path":"members","value":[{"value":"8"}]},{"op":"replace","value":{"displayName":"Logistics EU"}}]})"));
  ASSERT_TRUE(okta);
  EXPECT_EQ(okta->display_name, "Logistics EU");
  ASSERT_EQ(okta->members.size(), 1u);
  EXPECT_EQ(okta->members[0].id, 7);
  EXPECT_FALSE(patch_group(group, parse(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"add","path":"members","value":[{"value":"x"}]}]})")));
}

}  // namespace
}  // namespace weft::identity
