// People, follows, skills and endorsements.
#include "actions/people.h"
#include "api/app.h"
#include "api/serialize.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/limits.h"
#include "queries/people.h"
#include "search/search.h"
#include "transfer/personal.h"
#include "wire/shape.h"

namespace weft::api {
namespace {

const auto kProfileChange = [](auto& r, actions::ProfileChange& c) {
  r.text_or_null("name", c.name, {.length = limits::kName});
  r.text_or_null("title", c.title, {.length = limits::kJobTitle});
  r.text_or_null("bio", c.bio, {.length = limits::kBio});
  r.texts("skills", c.skills, {.description = "replaces the list", .length = limits::kSkill,
                               .max_items = limits::kMaxSkills});
};

struct EndorsementIn {
  std::string skill;
};
const auto kEndorsement = [](auto& r, EndorsementIn& in) { r.text("skill", in.skill, {.length = limits::kSkill}); };


Result<http::Response> person_response(http::Context& context, int64_t id, int status) {
  WEFT_ASSIGN_OR_RETURN(auto person, queries::person(context.app.store, context.viewer(), id));
  return json_response(status, person_json(person, true));
}

constexpr const char* kHandlePattern = "^[a-z0-9._-]{2,40}$";

Result<Role> role_of(const std::optional<std::string>& text) {
  if (!text) return Role::kMember;
  auto role = parse_role(*text);
  if (!role) return invalid("role", "role must be admin, member or guest.");
  return *role;
}

struct NewPersonIn {
  actions::NewPerson person;
  std::optional<std::string> role;
  std::optional<std::vector<std::string>> skills;
};
const auto kNewPerson = [](auto& r, NewPersonIn& in) {
  r.text("name", in.person.name, {.length = limits::kName});
  r.text("email", in.person.email, {.length = limits::kNewEmail});
  r.text("password", in.person.password, {.length = limits::kPassword, .verbatim = true});
  r.id_or_null("unit_id", in.person.unit_id);
  r.text_or_null("role", in.role, {.one_of = {"admin", "member", "guest"}, .description = "default member",
                                   .length = limits::kChoice});
  r.text("title", in.person.title, {.sometimes = true, .length = limits::kJobTitle});
  r.text("bio", in.person.bio, {.sometimes = true, .length = limits::kBio});
  r.text_or_null("handle", in.person.handle, {.description = "derived from the e-mail when absent",
                                              .length = limits::kHandle, .pattern = kHandlePattern});
  r.texts("skills", in.skills, {.length = limits::kSkill, .max_items = limits::kMaxSkills});
};

struct PersonChangeIn {
  actions::AdminChange change;
  std::optional<std::string> role;
  json::OptionalId unit_id;
};
const auto kPersonChange = [](auto& r, PersonChangeIn& in) {
  r.text_or_null("name", in.change.name, {.length = limits::kName});
  r.text_or_null("title", in.change.title, {.length = limits::kJobTitle});
  r.text_or_null("bio", in.change.bio, {.length = limits::kBio});
  r.text_or_null("handle", in.change.handle, {.length = limits::kHandle, .pattern = kHandlePattern});
  r.text_or_null("password", in.change.password, {.description = "a reset: their sessions, tokens and streams end",
                                                  .length = limits::kPassword, .verbatim = true});
  r.text_or_null("role", in.role, {.one_of = {"admin", "member", "guest"}, .length = limits::kChoice});
  r.boolean("active", in.change.active, {.description = "false deactivates: their sessions, tokens and streams end"});
  r.id_or_null("unit_id", in.unit_id, {.description = "null: no unit; absent: unchanged"});
};

Result<http::Response> create_person(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  NewPersonIn in;
  WEFT_TRY_VOID(wire::read(body, in, kNewPerson));
  actions::NewPerson person = std::move(in.person);
  WEFT_ASSIGN_OR_RETURN(person.role, role_of(in.role));
  person.skills = std::move(in.skills).value_or(std::vector<std::string>{});
  WEFT_ASSIGN_OR_RETURN(auto id, actions::create_person(context.app.store, context.viewer(), person));
  return person_response(context, id, 201);
}

Result<http::Response> list_people(http::Context& context) {
  const auto& request = context.request;
  queries::PeopleFilter filter;
  filter.q = request.query("q");
  if (filter.q.size() > 200) return invalid("q", "q must be at most 200 characters.");
  if (request.has_query("unit_id") && !request.query("unit_id").empty()) {
    filter.unit_id = json::parse_id(request.query("unit_id"));
    if (!filter.unit_id) return invalid("unit_id", "unit_id must be an id.");
  }
  filter.skill = request.query("skill");
  if (filter.skill.size() > 60) return invalid("skill", "skill must be at most 60 characters.");
  WEFT_ASSIGN_OR_RETURN(auto page, cursor::page_request(request.query("cursor"), request.query("limit"), 2));
  // What was written before this request is found (read-your-writes), within a bounded wait.
  if (!filter.q.empty()) search::await_fresh(context.app.store, search::kFreshnessBudget);
  WEFT_ASSIGN_OR_RETURN(auto people, queries::people(context.app.store, context.viewer(), filter, page));
  return page_response(people, [](const Person& p) { return person_json(p, false); });
}

Result<http::Response> get_person(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  return person_response(context, id, 200);
}

Result<http::Response> update_me(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  actions::ProfileChange change;
  WEFT_TRY_VOID(wire::read(body, change, kProfileChange));
  WEFT_TRY_VOID(actions::update_profile(context.app.store, context.viewer(), change));
  return person_response(context, context.viewer().person_id, 200);
}

Result<http::Response> update_person(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  PersonChangeIn in;
  WEFT_TRY_VOID(wire::read(body, in, kPersonChange));
  actions::AdminChange change = std::move(in.change);
  if (body.contains("role")) {
    // As for every other field, null leaves the role as it is (it does not mean "member").
    if (in.role) {
      WEFT_ASSIGN_OR_RETURN(change.role, role_of(in.role));
    }
  }
  change.set_unit = in.unit_id.present;
  change.unit_id = in.unit_id.value;
  WEFT_TRY_VOID(actions::update_person(context.app.store, context.viewer(), id, change));
  return person_response(context, id, 200);
}

Result<http::Response> endorse(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  EndorsementIn in;
  WEFT_TRY_VOID(wire::read(body, in, kEndorsement));
  WEFT_ASSIGN_OR_RETURN(bool created, actions::endorse(context.app.store, context.viewer(), id, in.skill));
  return person_response(context, id, created ? 201 : 200);
}

Result<http::Response> withdraw(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  std::string skill = context.param("skill");
  if (skill.empty() || json::utf8_length(skill) > 60) return invalid("skill", "skill must be 1 to 60 characters.");
  WEFT_TRY_VOID(actions::withdraw_endorsement(context.app.store, context.viewer(), id, skill));
  return http::Response::no_content();
}

Result<http::Response> follow(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_TRY_VOID(actions::follow(context.app.store, context.viewer(), id));
  return http::Response::no_content();
}

Result<http::Response> unfollow(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_TRY_VOID(actions::unfollow(context.app.store, context.viewer(), id));
  return http::Response::no_content();
}

Result<http::Response> follow_list(http::Context& context, queries::FollowDirection direction) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto page, cursor::page_request(context.request.query("cursor"),
                                                        context.request.query("limit"), 1));
  WEFT_ASSIGN_OR_RETURN(auto people, queries::follows(context.app.store, context.viewer(), id,
                                                      direction, page));
  return page_response(people, [](const Person& p) { return person_json(p, false); });
}

const auto kSkillCount = [](auto& w, const SkillCount& s) {
  w.text("name", s.name);
  w.integer("people_count", s.people_count, {.description = "people who list it"});
};

Result<http::Response> list_skills(http::Context& context) {
  std::string q = context.request.query("q");
  if (json::utf8_length(q) > 60) return invalid("q", "q must be at most 60 characters.");
  WEFT_ASSIGN_OR_RETURN(auto page, cursor::page_request("", context.request.query("limit"), 0));
  WEFT_ASSIGN_OR_RETURN(auto skills, queries::skills(context.app.store, context.viewer(), q, page.limit));
  boost::json::array items;
  for (const auto& skill : skills) items.push_back(wire::to_json(skill, kSkillCount));
  return list_response(std::move(items), std::nullopt);
}

Result<http::Response> export_person(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto exported, transfer::export_person(context.app.store, context.viewer(), id));
  http::Response response;
  response.status = 200;
  response.content_type = "application/x-ndjson";
  response.body = std::move(exported.jsonl);
  const std::string date = clock::rfc3339(clock::now_seconds()).substr(0, 10);
  response.set_header("Content-Disposition", "attachment; filename=\"weft-" + exported.handle + "-" + date + ".jsonl\"");
  return response;
}

}  // namespace

void register_people_routes(App& app) {
  app.shapes->define_input<NewPersonIn>("NewPerson", kNewPerson);
  app.shapes->define_input<PersonChangeIn>("PersonChange", kPersonChange);
  app.shapes->define_input<actions::ProfileChange>("ProfileChange", kProfileChange);
  app.shapes->define_input<EndorsementIn>("Endorsement", kEndorsement);
  app.shapes->define_items<SkillCount>("SkillList", "SkillCount", kSkillCount);
  using http::Access;
  auto& r = app.router;
  const std::vector<std::string> page_query = {"cursor", "limit"};
  r.add("POST", "/api/v1/people", Access::kAdmin,
        {.summary = "Create a person (admin)", .tag = "people", .request_schema = "NewPerson",
         .response_schema = "PersonDetail", .status = 201},
        create_person);
  r.add("GET", "/api/v1/people", Access::kSignedIn,
        {.summary = "People directory: q matches word prefixes of name, handle, title and skills",
         .tag = "people", .response_schema = "PersonList",
         .query = {"q", "unit_id", "skill", "cursor", "limit"}},
        list_people);
  r.add("GET", "/api/v1/people/{id}/export", Access::kSignedIn,
        {.summary = "A person's own data as JSON lines (the person and admins): profile, posts, problems, solutions, "
                    "ideas, comments, stances, follows, memberships",
         .tag = "people"},
        export_person);
  r.add("GET", "/api/v1/people/{id}", Access::kSignedIn,
        {.summary = "A person, with follow counts", .tag = "people",
         .response_schema = "PersonDetail"},
        get_person);
  r.add("PATCH", "/api/v1/people/me", Access::kSignedIn,
        {.summary = "Edit my profile", .tag = "people", .request_schema = "ProfileChange",
         .response_schema = "PersonDetail"},
        update_me);
  r.add("PATCH", "/api/v1/people/{id}", Access::kAdmin,
        {.summary = "Change a person (admin)", .tag = "people", .request_schema = "PersonChange",
         .response_schema = "PersonDetail"},
        update_person);
  r.add("POST", "/api/v1/people/{id}/endorsements", Access::kSignedIn,
        {.summary = "Endorse one of a person's skills (201 new, 200 already)", .tag = "people",
         .request_schema = "Endorsement", .response_schema = "PersonDetail", .status = 201,
         .other_status = 200},
        endorse);
  r.add("DELETE", "/api/v1/people/{id}/endorsements/{skill}", Access::kSignedIn,
        {.summary = "Withdraw my endorsement", .tag = "people", .status = 204}, withdraw);
  r.add("PUT", "/api/v1/people/{id}/follow", Access::kSignedIn,
        {.summary = "Follow a person (idempotent)", .tag = "people", .status = 204}, follow);
  r.add("DELETE", "/api/v1/people/{id}/follow", Access::kSignedIn,
        {.summary = "Unfollow a person (idempotent)", .tag = "people", .status = 204}, unfollow);
  r.add("GET", "/api/v1/people/{id}/followers", Access::kSignedIn,
        {.summary = "People following this person, newest first", .tag = "people",
         .response_schema = "PersonList", .query = page_query},
        [](http::Context& c) { return follow_list(c, queries::FollowDirection::kFollowers); });
  r.add("GET", "/api/v1/people/{id}/following", Access::kSignedIn,
        {.summary = "People this person follows, newest first", .tag = "people",
         .response_schema = "PersonList", .query = page_query},
        [](http::Context& c) { return follow_list(c, queries::FollowDirection::kFollowing); });
  r.add("GET", "/api/v1/skills", Access::kSignedIn,
        {.summary = "Skills by popularity, optionally by name prefix", .tag = "people",
         .response_schema = "SkillList", .query = {"q", "limit"}},
        list_skills);
}

}  // namespace weft::api
