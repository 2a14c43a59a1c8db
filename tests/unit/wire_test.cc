// The wire shapes and their generated schemas agree: every field a serializer writes is described,
// every field the schema requires is written, and the types match what is written.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include <boost/json/serialize.hpp>

#include "wire/wire.h"

namespace weft::wire {
namespace {

std::set<std::string> keys(const boost::json::object& object) {
  std::set<std::string> out;
  for (const auto& [key, value] : object) out.insert(std::string(key));
  return out;
}

std::set<std::string> required(const boost::json::object& schema) {
  std::set<std::string> out;
  for (const auto& key : schema.at("required").as_array()) out.insert(std::string(key.as_string()));
  return out;
}

// Whether `value` has one of the schema's types (references and oneOf are taken as objects or null).
bool has_type(const boost::json::value& value, const boost::json::object& property) {
  if (property.contains("$ref")) return value.is_object();
  if (property.contains("oneOf")) return value.is_object() || value.is_null();
  std::set<std::string> types;
  const auto& type = property.at("type");
  if (type.is_string()) types.insert(std::string(type.as_string()));
  else for (const auto& t : type.as_array()) types.insert(std::string(t.as_string()));
  if (value.is_null()) return types.contains("null");
  if (value.is_string()) return types.contains("string");
  if (value.is_bool()) return types.contains("boolean");
  if (value.is_int64() || value.is_uint64()) return types.contains("integer") || types.contains("number");
  if (value.is_double()) return types.contains("number");
  if (value.is_array()) return types.contains("array");
  return types.contains("object");
}

void expect_matches(const boost::json::object& value, const char* name) {
  const auto all = schemas();
  ASSERT_TRUE(all.contains(name)) << name;
  const auto& schema = all.at(name).as_object();
  const auto& properties = schema.at("properties").as_object();
  EXPECT_EQ(keys(value), keys(properties)) << name << ": written fields vs described fields";
  for (const auto& key : required(schema)) EXPECT_TRUE(value.contains(key)) << name << "." << key;
  for (const auto& [key, field] : value) {
    if (!properties.contains(key)) continue;
    EXPECT_TRUE(has_type(field, properties.at(key).as_object())) << name << "." << key;
  }
}

PersonSummary summary() { return {7, "bea", "Bea", "Analyst", 3}; }

TEST(Wire, EveryShapeWritesExactlyTheFieldsItsSchemaDescribes) {
  Person person;
  person.id = 1;
  person.skills.push_back({"logistics", 2, true});
  expect_matches(person_json(person, false), "Person");
  expect_matches(person_json(person, true), "PersonDetail");
  expect_matches(summary_json(summary()), "PersonSummary");
  expect_matches(unit_json(Unit{}), "Unit");

  Post original;
  original.author = summary();
  Post post;
  post.author = summary();
  post.edited_at = 100;
  post.reshared = std::make_shared<Post>(original);
  expect_matches(post_json(post), "Post");
  auto nested = post_json(post).at("reshared").as_object();
  EXPECT_FALSE(nested.contains("reshared")) << "an original inside a reshare carries none of its own";

  Notification notification;
  notification.actor = summary();
  expect_matches(notification_json(notification), "Notification");
  expect_matches(space_json(Space{}), "Space");

  Problem problem;
  problem.resolved_at = 50;
  expect_matches(problem_json(problem), "Problem");
  problem.chain = Chain{};
  problem.chain->problem = ChainItem{1, "p", "open", {}, {}, {summary()}};
  problem.solutions.push_back(Solution{});
  expect_matches(problem_json(problem), "ProblemDetail");

  Idea idea;
  expect_matches(idea_json(idea), "Idea");
  idea.chain = Chain{};
  expect_matches(idea_json(idea), "IdeaDetail");

  Proposal proposal;
  proposal.decision = "adopted";
  expect_matches(proposal_json(proposal), "Proposal");
  proposal.chain = Chain{};
  proposal.stances.push_back({summary(), "agree", "yes", 10});
  expect_matches(proposal_json(proposal), "ProposalDetail");
}

TEST(Wire, EnumsAndReferencesComeFromTheSerializers) {
  const auto all = schemas();
  const auto& post = all.at("Post").as_object().at("properties").as_object();
  EXPECT_EQ(boost::json::serialize(post.at("audience").at("enum")), R"(["public","unit","followers","space"])");
  EXPECT_EQ(boost::json::serialize(post.at("author")), R"({"$ref":"#/components/schemas/PersonSummary"})");
  const auto& space = all.at("Space").as_object().at("properties").as_object();
  EXPECT_EQ(boost::json::serialize(space.at("my_role").at("enum")), R"(["owner","member","guest",null])");
  const auto& detail = all.at("ProblemDetail").as_object().at("properties").as_object();
  EXPECT_EQ(boost::json::serialize(detail.at("chain")), R"({"$ref":"#/components/schemas/Chain"})");
  for (const char* shape : {"Chain", "ChainProblem", "ChainIdea", "ChainProposal", "Solution", "Comment",
                            "Skill", "ExpertSuggestion"}) {
    EXPECT_TRUE(all.contains(shape)) << shape << " is defined where it is first used";
  }
}

}  // namespace
}  // namespace weft::wire
