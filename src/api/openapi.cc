// The OpenAPI document: paths come from the router's routes (so every endpoint that exists is
// described), schemas from the table below (kept beside the serializers in api/serialize.cc).
#include <boost/json/parse.hpp>

#include "api/app.h"
#include "core/json.h"
#include "core/limits.h"

namespace weft::api {
namespace {

constexpr const char* kSchemas = R"json({
  "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object",
    "required": ["code", "message"], "properties": {"code": {"type": "string"},
    "message": {"type": "string"}, "field": {"type": "string"}}}}},
  "Health": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}},
  "Skill": {"type": "object", "required": ["name", "endorsements"], "properties": {
    "name": {"type": "string"}, "endorsements": {"type": "integer"}, "endorsed_by_me": {"type": "boolean"}}},
  "Person": {"type": "object",
    "required": ["id", "handle", "name", "email", "title", "unit_id", "role", "skills", "bio", "created_at"],
    "properties": {"id": {"type": "string"}, "handle": {"type": "string"}, "name": {"type": "string"},
      "email": {"type": "string"}, "title": {"type": "string"}, "unit_id": {"type": ["string", "null"]},
      "role": {"type": "string", "enum": ["admin", "member", "guest"]},
      "skills": {"type": "array", "items": {"$ref": "#/components/schemas/Skill"}},
      "bio": {"type": "string"}, "created_at": {"type": "string", "format": "date-time"},
      "active": {"type": "boolean"}}},
  "PersonDetail": {"allOf": [{"$ref": "#/components/schemas/Person"}, {"type": "object",
    "required": ["followers_count", "following_count", "followed_by_me"], "properties": {
    "followers_count": {"type": "integer"}, "following_count": {"type": "integer"},
    "followed_by_me": {"type": "boolean"}}}],
    "required": ["id", "handle", "name", "email", "title", "unit_id", "role", "skills", "bio",
                 "created_at", "followers_count", "following_count", "followed_by_me"]},
  "PersonList": {"type": "object", "required": ["items", "next_cursor"], "properties": {
    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}},
    "next_cursor": {"type": ["string", "null"]}}},
  "NewPerson": {"type": "object", "required": ["name", "email", "password"], "properties": {
    "name": {"type": "string"}, "email": {"type": "string"},
    "password": {"type": "string"},
    "unit_id": {"type": ["string", "null"]}, "role": {"type": "string", "enum": ["admin", "member", "guest"]},
    "title": {"type": "string"}, "bio": {"type": "string"}, "handle": {"type": "string", "pattern": "^[a-z0-9._-]{2,40}$"},
    "skills": {"type": "array", "items": {"type": "string"}}}},
  "ProfileChange": {"type": "object", "properties": {"name": {"type": "string"}, "title": {"type": "string"},
    "bio": {"type": "string"}, "skills": {"type": "array", "items": {"type": "string"}}}},
  "PersonChange": {"type": "object", "properties": {"name": {"type": "string"}, "title": {"type": "string"},
    "bio": {"type": "string"}, "handle": {"type": "string"}, "role": {"type": "string", "enum": ["admin", "member", "guest"]},
    "unit_id": {"type": ["string", "null"]}, "password": {"type": "string"}}},
  "Endorsement": {"type": "object", "required": ["skill"], "properties": {"skill": {"type": "string"}}},
  "SkillList": {"type": "object", "required": ["items", "next_cursor"], "properties": {
    "items": {"type": "array", "items": {"type": "object", "required": ["name", "people_count"],
      "properties": {"name": {"type": "string"}, "people_count": {"type": "integer"}}}},
    "next_cursor": {"type": "null"}}},
  "Unit": {"type": "object", "required": ["id", "name", "parent_id"], "properties": {
    "id": {"type": "string"}, "name": {"type": "string"}, "parent_id": {"type": ["string", "null"]},
    "people_count": {"type": "integer"}, "created_at": {"type": "string", "format": "date-time"}}},
  "UnitList": {"type": "object", "required": ["items", "next_cursor"], "properties": {
    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Unit"}},
    "next_cursor": {"type": "null"}}},
  "NewUnit": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"},
    "parent_id": {"type": ["string", "null"]}}},
  "UnitChange": {"type": "object", "properties": {"name": {"type": "string"},
    "parent_id": {"type": ["string", "null"]}}},
  "SignIn": {"type": "object", "required": ["email", "password"], "properties": {
    "email": {"type": "string"}, "password": {"type": "string"}}},
  "Session": {"type": "object", "required": ["person", "csrf_token"], "properties": {
    "person": {"$ref": "#/components/schemas/PersonDetail"}, "csrf_token": {"type": "string"}}},
  "PasswordChange": {"type": "object", "required": ["current_password", "new_password"], "properties": {
    "current_password": {"type": "string"}, "new_password": {"type": "string"}}},
  "PersonSummary": {"type": "object", "required": ["id", "handle", "name"], "properties": {
    "id": {"type": "string"}, "handle": {"type": "string"}, "name": {"type": "string"},
    "title": {"type": "string"}, "unit_id": {"type": ["string", "null"]}}},
  "Post": {"type": "object", "required": ["id", "author", "body", "audience", "space_id", "record_id",
    "reply_to", "reshare_of", "topics", "mentions", "reactions", "my_reactions", "reply_count",
    "reshare_count", "created_at", "edited_at"], "properties": {
    "id": {"type": "string"}, "author": {"$ref": "#/components/schemas/PersonSummary"},
    "body": {"type": "string", "description": "Markdown text; never HTML from the server"},
    "audience": {"type": "string", "enum": ["public", "unit", "followers", "space"]},
    "space_id": {"type": ["string", "null"]}, "record_id": {"type": ["string", "null"]},
    "reply_to": {"type": ["string", "null"]}, "root_id": {"type": "string"},
    "reshare_of": {"type": ["string", "null"]}, "reshared": {"oneOf": [{"$ref": "#/components/schemas/Post"}, {"type": "null"}]},
    "topics": {"type": "array", "items": {"type": "string"}},
    "mentions": {"type": "array", "items": {"type": "string"}},
    "reactions": {"type": "object", "required": ["like", "celebrate", "insightful", "support"],
      "additionalProperties": {"type": "integer"}},
    "my_reactions": {"type": "array", "items": {"type": "string"}},
    "reply_count": {"type": "integer"}, "reshare_count": {"type": "integer"},
    "created_at": {"type": "string"}, "edited_at": {"type": ["string", "null"]}, "can_edit": {"type": "boolean"}}},
  "PostList": {"type": "object", "required": ["items", "next_cursor"], "properties": {
    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Post"}},
    "next_cursor": {"type": ["string", "null"]}}},
  "Thread": {"type": "object", "required": ["root", "focus_id", "items", "next_cursor"], "properties": {
    "root": {"$ref": "#/components/schemas/Post"}, "focus_id": {"type": ["string", "null"]},
    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Post"}},
    "next_cursor": {"type": ["string", "null"]}}},
  "NewPost": {"type": "object", "properties": {"body": {"type": "string"},
    "audience": {"type": "string", "enum": ["public", "unit", "followers", "space"]},
    "space_id": {"type": ["string", "null"]}, "record_id": {"type": ["string", "null"]},
    "reshare_of": {"type": ["string", "null"]}}},
  "PostEdit": {"type": "object", "required": ["body"], "properties": {"body": {"type": "string"}}},
  "Cascade": {"type": "object", "required": ["root", "nodes", "depth", "breadth", "people_reached", "units_reached"],
    "properties": {"root": {"type": "string"}, "nodes": {"type": "array", "items": {"type": "object",
      "required": ["post_id", "person", "parent", "depth", "unit_id"], "properties": {
      "post_id": {"type": "string"}, "person": {"$ref": "#/components/schemas/PersonSummary"},
      "parent": {"type": ["string", "null"]}, "depth": {"type": "integer"}, "unit_id": {"type": ["string", "null"]}}}},
    "depth": {"type": "integer"}, "breadth": {"type": "integer"}, "people_reached": {"type": "integer"},
    "units_reached": {"type": "integer"}}},
  "Topic": {"type": "object", "required": ["name", "post_count", "followers_count", "followed_by_me"],
    "properties": {"name": {"type": "string"}, "post_count": {"type": "integer"},
    "followers_count": {"type": "integer"}, "followed_by_me": {"type": "boolean"}}},
  "TopicList": {"type": "object", "required": ["items", "next_cursor"], "properties": {
    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Topic"}}, "next_cursor": {"type": "null"}}},
  "SearchResults": {"type": "object", "required": ["items", "next_cursor"], "properties": {
    "items": {"type": "array", "items": {"type": "object", "required": ["type", "id", "title", "snippet"],
      "properties": {"type": {"type": "string"}, "id": {"type": "string"}, "title": {"type": "string"},
      "snippet": {"type": "string", "description": "HTML-escaped text; only <mark> is markup"}}}},
    "next_cursor": {"type": ["string", "null"]}}},
  "Notification": {"type": "object", "required": ["id", "kind", "actor", "subject_type", "subject_id", "created_at", "read"],
    "properties": {"id": {"type": "string"}, "kind": {"type": "string"},
    "actor": {"oneOf": [{"$ref": "#/components/schemas/PersonSummary"}, {"type": "null"}]}, "subject_type": {"type": "string"},
    "subject_id": {"type": "string"}, "post_id": {"type": ["string", "null"]},
    "created_at": {"type": "string"}, "read": {"type": "boolean"}}},
  "NotificationList": {"type": "object", "required": ["items", "next_cursor"], "properties": {
    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Notification"}},
    "next_cursor": {"type": ["string", "null"]}}},
  "Count": {"type": "object", "required": ["count"], "properties": {"count": {"type": "integer"}}},
  "MarkRead": {"type": "object", "properties": {"ids": {"type": "array", "items": {"type": "string"}},
    "all": {"type": "boolean"}}},
  "Space": {"type": "object", "required": ["id", "name", "purpose", "kind", "visibility", "member_count", "my_role",
    "join_requested", "created_at"],
    "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "purpose": {"type": "string"},
    "kind": {"type": "string", "enum": ["project", "problem", "community"]},
    "visibility": {"type": "string", "enum": ["public", "private", "secret"]}, "member_count": {"type": "integer"},
    "my_role": {"type": ["string", "null"], "enum": ["owner", "member", "guest", null]},
    "join_requested": {"type": "boolean"}, "created_at": {"type": "string"}}},
  "SpaceList": {"type": "object", "required": ["items", "next_cursor"], "properties": {
    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Space"}}, "next_cursor": {"type": ["string", "null"]}}},
  "NewSpace": {"type": "object", "required": ["name", "kind", "visibility"], "properties": {"name": {"type": "string"},
    "purpose": {"type": "string"}, "kind": {"type": "string"}, "visibility": {"type": "string"}}},
  "SpaceChange": {"type": "object", "properties": {"name": {"type": "string"}, "purpose": {"type": "string"},
    "kind": {"type": "string"}, "visibility": {"type": "string"}}},
  "MemberRole": {"type": "object", "required": ["role"], "properties": {"role": {"type": "string", "enum": ["owner", "member", "guest"]}}},
  "MemberList": {"type": "object", "required": ["items", "next_cursor"], "properties": {"items": {"type": "array",
    "items": {"type": "object", "required": ["person", "role", "joined_at"], "properties": {
    "person": {"$ref": "#/components/schemas/PersonSummary"}, "role": {"type": "string", "enum": ["owner", "member", "guest"]},
    "joined_at": {"type": "string"}}}},
    "next_cursor": {"type": ["string", "null"]}}},
  "JoinRequestList": {"type": "object", "required": ["items", "next_cursor"], "properties": {"items": {"type": "array",
    "items": {"type": "object", "required": ["person", "requested_at"], "properties": {
    "person": {"$ref": "#/components/schemas/PersonSummary"}, "requested_at": {"type": "string"}}}},
    "next_cursor": {"type": "null"}}},
  "Chain": {"type": "object", "required": ["problem", "ideas", "proposals"], "properties": {
    "problem": {"oneOf": [{"$ref": "#/components/schemas/ChainProblem"}, {"type": "null"}]},
    "ideas": {"type": "array", "items": {"$ref": "#/components/schemas/ChainIdea"}},
    "proposals": {"type": "array", "items": {"$ref": "#/components/schemas/ChainProposal"}}}},
  "ChainProblem": {"type": "object", "required": ["id", "title", "status", "people"], "properties": {
    "id": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "string", "enum": ["open", "resolved"]},
    "people": {"type": "array", "items": {"$ref": "#/components/schemas/PersonSummary"}}}},
  "ChainIdea": {"type": "object", "required": ["id", "title", "stage", "people"], "properties": {
    "id": {"type": "string"}, "title": {"type": "string"},
    "stage": {"type": "string", "enum": ["new", "under_review", "accepted", "implemented", "declined"]},
    "people": {"type": "array", "items": {"$ref": "#/components/schemas/PersonSummary"}}}},
  "ChainProposal": {"type": "object", "required": ["id", "title", "status", "outcome", "decision", "people"], "properties": {
    "id": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "string", "enum": ["open", "closed"]},
    "outcome": {"type": ["string", "null"]}, "decision": {"type": ["string", "null"], "enum": ["adopted", "rejected", null]},
    "people": {"type": "array", "items": {"$ref": "#/components/schemas/PersonSummary"}}}},
  "ExpertSuggestion": {"type": "object", "required": ["person", "score", "reasons"], "properties": {
    "person": {"$ref": "#/components/schemas/PersonSummary"}, "score": {"type": "number"},
    "reasons": {"type": "array", "items": {"type": "object", "required": ["kind", "detail"], "properties": {
      "kind": {"type": "string"}, "detail": {"type": "string"}, "ref": {"type": ["string", "null"]}}}}}},
  "Problem": {"type": "object", "required": ["id", "space_id", "title", "body", "author", "status",
    "accepted_solution_id", "suggested_experts", "solution_count", "record_id", "created_at", "resolved_at",
    "resolution_seconds"], "properties": {
    "id": {"type": "string"}, "space_id": {"type": "string"}, "title": {"type": "string"}, "body": {"type": "string"},
    "author": {"$ref": "#/components/schemas/PersonSummary"}, "status": {"type": "string", "enum": ["open", "resolved"]},
    "accepted_solution_id": {"type": ["string", "null"]}, "suggested_experts": {"type": "array",
      "items": {"$ref": "#/components/schemas/ExpertSuggestion"}},
    "solution_count": {"type": "integer"}, "record_id": {"type": ["string", "null"]},
    "created_at": {"type": "string"}, "resolved_at": {"type": ["string", "null"]},
    "resolution_seconds": {"type": ["integer", "null"]}}},
  "ProblemDetail": {"allOf": [{"$ref": "#/components/schemas/Problem"}, {"type": "object",
    "required": ["solutions", "chain"], "properties": {"solutions": {"type": "array",
    "items": {"$ref": "#/components/schemas/Solution"}}, "chain": {"$ref": "#/components/schemas/Chain"}}}],
    "required": ["id", "space_id", "title", "body", "author", "status", "accepted_solution_id",
                 "suggested_experts", "created_at", "resolved_at", "solutions", "chain"]},
  "ProblemList": {"type": "object", "required": ["items", "next_cursor"], "properties": {
    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}}, "next_cursor": {"type": ["string", "null"]}}},
  "NewProblem": {"type": "object", "required": ["title"], "properties": {"title": {"type": "string"},
    "body": {"type": "string"}, "record_id": {"type": ["string", "null"]}}},
  "Solution": {"type": "object", "required": ["id", "problem_id", "author", "body", "votes", "my_vote", "accepted",
    "created_at"], "properties": {
    "id": {"type": "string"}, "problem_id": {"type": "string"}, "author": {"$ref": "#/components/schemas/PersonSummary"},
    "body": {"type": "string"}, "votes": {"type": "integer"}, "my_vote": {"type": "integer", "enum": [-1, 0, 1]},
    "accepted": {"type": "boolean"}, "created_at": {"type": "string"}}},
  "TextBody": {"type": "object", "required": ["body"], "properties": {"body": {"type": "string"}}},
  "Vote": {"type": "object", "required": ["value"], "properties": {"value": {"type": "integer", "enum": [-1, 0, 1]}}},
  "Accept": {"type": "object", "required": ["solution_id"], "properties": {"solution_id": {"type": "string"}}},
  "Idea": {"type": "object", "required": ["id", "space_id", "title", "body", "author", "stage", "score", "my_vote",
    "from_problem_id", "comment_count", "created_at", "stage_changed_at"],
    "properties": {"id": {"type": "string"}, "space_id": {"type": "string"}, "title": {"type": "string"},
    "body": {"type": "string"}, "author": {"$ref": "#/components/schemas/PersonSummary"},
    "stage": {"type": "string", "enum": ["new", "under_review", "accepted", "implemented", "declined"]},
    "score": {"type": "integer"}, "my_vote": {"type": "integer", "enum": [-1, 0, 1]}, "from_problem_id": {"type": ["string", "null"]},
    "comment_count": {"type": "integer"}, "created_at": {"type": "string"}, "stage_changed_at": {"type": "string"}}},
  "IdeaDetail": {"allOf": [{"$ref": "#/components/schemas/Idea"}, {"type": "object",
    "required": ["comments", "stages", "chain"], "properties": {"comments": {"type": "array",
    "items": {"$ref": "#/components/schemas/Comment"}}, "stages": {"type": "array", "items": {
      "type": "object", "required": ["stage", "note", "by", "at"], "properties": {
      "stage": {"type": "string", "enum": ["new", "under_review", "accepted", "implemented", "declined"]},
      "note": {"type": "string"}, "by": {"oneOf": [{"$ref": "#/components/schemas/PersonSummary"}, {"type": "null"}]},
      "at": {"type": "string", "format": "date-time"}}}},
    "chain": {"$ref": "#/components/schemas/Chain"}}}],
    "required": ["id", "title", "body", "author", "stage", "score", "my_vote", "created_at", "comments", "stages", "chain"]},
  "IdeaList": {"type": "object", "required": ["items", "next_cursor"], "properties": {
    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Idea"}}, "next_cursor": {"type": ["string", "null"]}}},
  "NewIdea": {"type": "object", "required": ["title"], "properties": {"title": {"type": "string"},
    "body": {"type": "string"}, "from_problem_id": {"type": ["string", "null"]}}},
  "Comment": {"type": "object", "required": ["id", "author", "body", "created_at"], "properties": {
    "id": {"type": "string"}, "author": {"$ref": "#/components/schemas/PersonSummary"}, "body": {"type": "string"},
    "created_at": {"type": "string"}}},
  "StageChange": {"type": "object", "required": ["stage", "note"], "properties": {
    "stage": {"type": "string", "enum": ["new", "under_review", "accepted", "implemented", "declined"]},
    "note": {"type": "string"}}},
  "Proposal": {"type": "object", "required": ["id", "space_id", "title", "body", "author", "status", "closes_at", "tally",
    "my_stance", "outcome", "decision", "from_idea_id", "created_at", "closed_at"],
    "properties": {"id": {"type": "string"}, "space_id": {"type": "string"}, "title": {"type": "string"},
    "body": {"type": "string"}, "author": {"$ref": "#/components/schemas/PersonSummary"},
    "status": {"type": "string", "enum": ["open", "closed"]}, "closes_at": {"type": "string"},
    "tally": {"type": "object", "required": ["agree", "abstain", "disagree", "block"], "properties": {
      "agree": {"type": "integer"}, "abstain": {"type": "integer"}, "disagree": {"type": "integer"},
      "block": {"type": "integer"}}},
    "my_stance": {"type": ["string", "null"], "enum": ["agree", "abstain", "disagree", "block", null]},
    "outcome": {"type": ["string", "null"]},
    "decision": {"type": ["string", "null"], "enum": ["adopted", "rejected", null]},
    "from_idea_id": {"type": ["string", "null"]},
    "created_at": {"type": "string"}, "closed_at": {"type": ["string", "null"]}}},
  "ProposalDetail": {"allOf": [{"$ref": "#/components/schemas/Proposal"}, {"type": "object",
    "required": ["stances", "chain"], "properties": {"stances": {"type": "array", "items": {
      "type": "object", "required": ["person", "stance", "reason", "updated_at"], "properties": {
      "person": {"$ref": "#/components/schemas/PersonSummary"},
      "stance": {"type": "string", "enum": ["agree", "abstain", "disagree", "block"]},
      "reason": {"type": "string"}, "updated_at": {"type": "string", "format": "date-time"}}}},
    "chain": {"$ref": "#/components/schemas/Chain"}}}],
    "required": ["id", "title", "body", "status", "closes_at", "tally", "my_stance", "outcome", "stances", "chain"]},
  "ProposalList": {"type": "object", "required": ["items", "next_cursor"], "properties": {
    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Proposal"}}, "next_cursor": {"type": ["string", "null"]}}},
  "NewProposal": {"type": "object", "required": ["title", "closes_at"], "properties": {"title": {"type": "string"},
    "body": {"type": "string"}, "closes_at": {"type": "string", "format": "date-time"},
    "from_idea_id": {"type": ["string", "null"]}}},
  "StanceBody": {"type": "object", "required": ["stance"], "properties": {
    "stance": {"type": "string", "enum": ["agree", "abstain", "disagree", "block"]}, "reason": {"type": "string"}}},
  "CloseProposal": {"type": "object", "required": ["outcome"], "properties": {"outcome": {"type": "string"},
    "decision": {"type": "string", "enum": ["adopted", "rejected"]}, "resolve_problem": {"type": "boolean"}}},
  "NewToken": {"type": "object", "required": ["name", "scopes"], "properties": {"name": {"type": "string"},
    "scopes": {"type": "array", "items": {"type": "string", "enum": ["read", "write", "admin"]}},
    "expires_at": {"type": ["string", "null"], "format": "date-time"}}},
  "CreatedToken": {"type": "object", "required": ["id", "token"], "properties": {"id": {"type": "string"},
    "token": {"type": "string"}, "name": {"type": "string"}, "scopes": {"type": "array", "items": {"type": "string"}},
    "expires_at": {"type": ["string", "null"]}}},
  "TokenList": {"type": "object", "required": ["items", "next_cursor"], "properties": {"items": {"type": "array",
    "items": {"type": "object", "required": ["id", "name", "scopes", "created_at"], "properties": {
      "id": {"type": "string"}, "name": {"type": "string"}, "scopes": {"type": "array", "items": {"type": "string"}},
      "created_at": {"type": "string"}, "last_used_at": {"type": ["string", "null"]},
      "expires_at": {"type": ["string", "null"]}}}},
    "next_cursor": {"type": "null"}}},
  "NewInvitation": {"type": "object", "required": ["email"], "properties": {
    "email": {"type": "string"}, "role": {"type": "string", "enum": ["member", "guest"]}}},
  "Invitation": {"type": "object", "required": ["id", "space_id", "email", "role", "invited_by", "created_at",
    "expires_at", "accepted_at"], "properties": {"id": {"type": "string"}, "space_id": {"type": "string"},
    "email": {"type": "string"}, "role": {"type": "string", "enum": ["member", "guest"]},
    "invited_by": {"type": "string"}, "created_at": {"type": "string"}, "expires_at": {"type": "string"},
    "accepted_at": {"type": ["string", "null"]}}},
  "InvitationList": {"type": "object", "required": ["items", "next_cursor"], "properties": {
    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Invitation"}}, "next_cursor": {"type": "null"}}}
})json";

// The length limits of what people write, from core/limits.h (the numbers the API enforces).
struct Limit {
  const char* schema;
  const char* property;
  limits::Text text;
};
constexpr Limit kLimits[] = {
    {"NewPerson", "name", limits::kName},          {"NewPerson", "email", limits::kNewEmail},
    {"NewPerson", "title", limits::kJobTitle},     {"NewPerson", "bio", limits::kBio},
    {"NewPerson", "handle", limits::kHandle},      {"ProfileChange", "name", limits::kName},
    {"ProfileChange", "title", limits::kJobTitle}, {"ProfileChange", "bio", limits::kBio},
    {"PersonChange", "name", limits::kName},       {"PersonChange", "title", limits::kJobTitle},
    {"PersonChange", "bio", limits::kBio},         {"PersonChange", "handle", limits::kHandle},
    {"SignIn", "email", limits::kEmail},           {"Endorsement", "skill", limits::kSkill},
    {"NewUnit", "name", limits::kName},            {"UnitChange", "name", limits::kName},
    {"NewPost", "body", limits::kPostBody},        {"PostEdit", "body", limits::kPostBody},
    {"NewSpace", "name", limits::kName},           {"NewSpace", "purpose", limits::kPurpose},
    {"SpaceChange", "name", limits::kName},        {"SpaceChange", "purpose", limits::kPurpose},
    {"NewInvitation", "email", limits::kNewEmail}, {"NewProblem", "title", limits::kWorkTitle},
    {"NewProblem", "body", limits::kWorkBody},     {"NewIdea", "title", limits::kWorkTitle},
    {"NewIdea", "body", limits::kWorkBody},        {"NewProposal", "title", limits::kWorkTitle},
    {"NewProposal", "body", limits::kWorkBody},    {"TextBody", "body", limits::kAnswer},
    {"StageChange", "note", limits::kNote},        {"StanceBody", "reason", limits::kReason},
    {"CloseProposal", "outcome", limits::kOutcome}, {"NewToken", "name", limits::kTokenName},
};

boost::json::object& property_of(boost::json::object& schemas, const char* schema, const char* property) {
  auto* found = schemas.if_contains(schema);
  auto* properties = found && found->is_object() ? found->as_object().if_contains("properties") : nullptr;
  auto* value = properties && properties->is_object() ? properties->as_object().if_contains(property) : nullptr;
  if (value == nullptr || !value->is_object()) {
    throw std::logic_error(std::string("openapi: no property ") + schema + "." + property + " to limit");
  }
  return value->as_object();
}

boost::json::object schemas_with_limits() {
  boost::json::object schemas = boost::json::parse(kSchemas).as_object();
  for (const auto& limit : kLimits) {
    auto& property = property_of(schemas, limit.schema, limit.property);
    if (limit.text.min > 0) property["minLength"] = limit.text.min;
    property["maxLength"] = limit.text.max;
  }
  for (const char* schema : {"NewPerson", "ProfileChange"}) {
    auto& skills = property_of(schemas, schema, "skills");
    skills["maxItems"] = limits::kMaxSkills;
    skills["items"].as_object()["minLength"] = limits::kSkill.min;
    skills["items"].as_object()["maxLength"] = limits::kSkill.max;
  }
  for (auto [schema, property] : {std::pair{"NewPerson", "password"}, std::pair{"PersonChange", "password"},
                                  std::pair{"PasswordChange", "new_password"}}) {
    auto& field = property_of(schemas, schema, property);
    field["minLength"] = limits::kPassword.min;
    field["maxLength"] = limits::kPassword.max;
  }
  return schemas;
}

boost::json::object error_ref(const char* description) {
  return {{"description", description},
          {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// A name client generators can use: the method, then each path segment in camel case, a
// parameter as "By<Name>": GET /api/v1/people/{id}/follow → getPeopleByIdFollow.
std::string operation_id(const std::string& method, const std::string& pattern) {
  std::string out = lower(method);
  std::string_view path = pattern;
  if (path.starts_with("/api/v1/")) path.remove_prefix(8);
  else if (path.starts_with("/api/")) path.remove_prefix(5);
  bool upper = true;
  for (std::size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '{') {
      out += "By";
      upper = true;
    } else if (c == '/' || c == '_' || c == '-' || c == '.' || c == '}') {
      upper = true;
    } else if (std::isalnum(static_cast<unsigned char>(c))) {
      out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
  }
  return out;
}

}  // namespace

std::string openapi_document(const http::Router& router) {
  boost::json::object paths;
  for (const auto& route : router.routes()) {
    boost::json::object operation;
    operation["summary"] = route.doc.summary;
    operation["tags"] = boost::json::array{boost::json::string(route.doc.tag)};
    operation["operationId"] = operation_id(route.method, route.pattern);
    boost::json::array parameters;
    for (const auto& segment : route.segments) {
      if (segment.size() > 2 && segment.front() == '{') {
        parameters.push_back({{"name", segment.substr(1, segment.size() - 2)},
                              {"in", "path"},
                              {"required", true},
                              {"schema", {{"type", "string"}}}});
      }
    }
    for (const auto& name : route.doc.query) {
      parameters.push_back(
          {{"name", name}, {"in", "query"}, {"required", false}, {"schema", {{"type", "string"}}}});
    }
    if (!parameters.empty()) operation["parameters"] = std::move(parameters);
    if (!route.doc.request_schema.empty()) {
      operation["requestBody"] = {
          {"required", true},
          {"content",
           {{"application/json",
             {{"schema", {{"$ref", "#/components/schemas/" + route.doc.request_schema}}}}}}}};
    }
    boost::json::object responses;
    boost::json::object success{{"description", "Success"}};
    if (!route.doc.response_schema.empty()) {
      success["content"] = {{"application/json",
                             {{"schema", {{"$ref", "#/components/schemas/" + route.doc.response_schema}}}}}};
    }
    if (route.doc.other_status != 0) responses[std::to_string(route.doc.other_status)] = success;
    responses[std::to_string(route.doc.status)] = std::move(success);
    if (!route.doc.request_schema.empty() || !route.doc.query.empty()) {
      responses["400"] = error_ref("Malformed or invalid input");
    }
    if (route.access != http::Access::kPublic) responses["401"] = error_ref("Not signed in");
    if (route.access == http::Access::kAdmin || route.method != "GET") {
      responses["403"] = error_ref("Not allowed, or missing CSRF token");
    }
    if (route.pattern.find('{') != std::string::npos) {
      responses["404"] = error_ref("Absent, or invisible to the caller");
    }
    operation["responses"] = std::move(responses);
    if (route.access != http::Access::kPublic) {
      operation["security"] = boost::json::array{boost::json::object{{"cookie", boost::json::array{}}},
                                                 boost::json::object{{"bearer", boost::json::array{}}}};
    } else {
      operation["security"] = boost::json::array{};  // open to anyone, said so
    }
    auto& item = paths[route.pattern];
    if (!item.is_object()) item = boost::json::object{};
    item.as_object()[lower(route.method)] = std::move(operation);
  }
  boost::json::object document{
      {"openapi", "3.1.0"},
      {"info", {{"title", "Weft API"}, {"version", "1"},
                {"description", "Weft: a self-hosted collaborative network for organizations."}}},
      {"servers", boost::json::array{boost::json::object{{"url", "/"}}}},
      {"paths", std::move(paths)},
      {"components",
       {{"schemas", schemas_with_limits()},
        {"securitySchemes",
         {{"cookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "weft_session"}}},
          {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
  return json::to_text(document);
}

}  // namespace weft::api
