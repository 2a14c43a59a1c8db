// Spaces and membership.
#include "actions/spaces.h"
#include "api/app.h"
#include "api/serialize.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/limits.h"
#include "queries/work.h"
#include "search/search.h"
#include "wire/shape.h"

namespace weft::api {
namespace {

Result<http::Response> space_response(http::Context& context, int64_t id, int status) {
  WEFT_ASSIGN_OR_RETURN(auto space, queries::space(context.app.store, context.viewer(), id));
  return json_response(status, space_json(space));
}

constexpr std::initializer_list<const char*> kKinds = {"project", "problem", "community"};
constexpr std::initializer_list<const char*> kVisibilities = {"public", "private", "secret"};

const auto kNewSpace = [](auto& r, actions::NewSpace& s) {
  r.text("name", s.name, {.length = limits::kName});
  r.text("purpose", s.purpose, {.sometimes = true, .length = limits::kPurpose});
  r.text("kind", s.kind, {.one_of = kKinds, .length = limits::kChoice});
  r.text("visibility", s.visibility, {.one_of = kVisibilities, .length = limits::kChoice});
};

const auto kSpaceChange = [](auto& r, actions::SpaceChange& c) {
  r.text_or_null("name", c.name, {.length = limits::kName});
  r.text_or_null("purpose", c.purpose, {.length = limits::kPurpose});
  r.text_or_null("kind", c.kind, {.one_of = kKinds, .length = limits::kChoice});
  r.text_or_null("visibility", c.visibility, {.one_of = kVisibilities, .length = limits::kChoice});
};

struct RoleIn {
  std::string role;
};
const auto kMemberRole = [](auto& r, RoleIn& in) {
  r.text("role", in.role, {.one_of = {"owner", "member", "guest"}, .length = limits::kChoice});
};

struct InvitationIn {
  std::string email;
  std::string role = "guest";
};
const auto kNewInvitation = [](auto& r, InvitationIn& in) {
  r.text("email", in.email, {.length = limits::kNewEmail});
  r.text("role", in.role, {.one_of = {"member", "guest"}, .description = "default guest", .sometimes = true,
                           .length = limits::kChoice});
};

Result<http::Response> create_space(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  actions::NewSpace space;
  WEFT_TRY_VOID(wire::read(body, space, kNewSpace));
  WEFT_ASSIGN_OR_RETURN(auto id, actions::create_space(context.app.store, context.viewer(), space));
  return space_response(context, id, 201);
}

Result<http::Response> list_spaces(http::Context& context) {
  std::string mine = context.request.query("mine");
  if (!mine.empty() && mine != "true" && mine != "false") return invalid("mine", "mine must be true or false.");
  std::string q = context.request.query("q");
  if (json::utf8_length(q) > 200) return invalid("q", "q must be at most 200 characters.");
  WEFT_ASSIGN_OR_RETURN(auto page, cursor::page_request(context.request.query("cursor"),
                                                        context.request.query("limit"), 1));
  if (!q.empty()) search::await_fresh(context.app.store, search::kFreshnessBudget);
  WEFT_ASSIGN_OR_RETURN(auto spaces, queries::spaces(context.app.store, context.viewer(), mine == "true", q, page));
  return page_response(spaces, [](const Space& s) { return space_json(s); });
}

Result<http::Response> get_space(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  return space_response(context, id, 200);
}

Result<http::Response> update_space(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  actions::SpaceChange change;
  WEFT_TRY_VOID(wire::read(body, change, kSpaceChange));
  WEFT_TRY_VOID(actions::update_space(context.app.store, context.viewer(), id, change));
  return space_response(context, id, 200);
}

Result<http::Response> put_member(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto person, context.id_param("person_id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  RoleIn in;
  WEFT_TRY_VOID(wire::read(body, in, kMemberRole));
  WEFT_TRY_VOID(actions::set_member(context.app.store, context.viewer(), id, person, in.role));
  return http::Response::no_content();
}

Result<http::Response> delete_member(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto person, context.id_param("person_id"));
  WEFT_TRY_VOID(actions::remove_member(context.app.store, context.viewer(), id, person));
  return http::Response::no_content();
}

Result<http::Response> join(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto result, actions::join_space(context.app.store, context.viewer(), id));
  if (result == actions::JoinResult::kRequested) {
    auto response = http::Response::no_content();
    response.status = 202;  // a join request for the owners to approve
    return response;
  }
  return http::Response::no_content();
}

const auto kMember = [](auto& w, const SpaceMember& m) {
  w.object("person", "PersonSummary", m.person, wire::kSummary);
  w.text("role", m.role, {.one_of = {"owner", "member", "guest"}});
  w.time("joined_at", m.joined_at);
};

const auto kJoinRequest = [](auto& w, const SpaceMember& m) {
  w.object("person", "PersonSummary", m.person, wire::kSummary);
  w.time("requested_at", m.joined_at);
};

const auto kInvitation = [](auto& w, const actions::Invitation& i) {
  w.id("id", i.id);
  w.id("space_id", i.space_id);
  w.text("email", i.email);
  w.text("role", i.role, {.one_of = {"member", "guest"}});
  w.id("invited_by", i.invited_by);
  w.time("created_at", i.created_at);
  w.time("expires_at", i.expires_at);
  w.time_or_null("accepted_at", i.accepted_at, {.description = "null: not yet"});
};

Result<http::Response> members(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto page, cursor::page_request(context.request.query("cursor"),
                                                        context.request.query("limit"), 1));
  WEFT_ASSIGN_OR_RETURN(auto list, queries::space_members(context.app.store, context.viewer(), id, page));
  return page_response(list, [](const SpaceMember& m) { return wire::to_json(m, kMember); });
}

Result<http::Response> requests(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto list, queries::join_requests(context.app.store, context.viewer(), id));
  boost::json::array items;
  for (const auto& m : list) items.push_back(wire::to_json(m, kJoinRequest));
  return list_response(std::move(items), std::nullopt);
}

Result<http::Response> decline(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto person, context.id_param("person_id"));
  WEFT_TRY_VOID(actions::decline_join_request(context.app.store, context.viewer(), id, person));
  return http::Response::no_content();
}

Result<http::Response> invite(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  InvitationIn in;
  WEFT_TRY_VOID(wire::read(body, in, kNewInvitation));
  WEFT_ASSIGN_OR_RETURN(auto result, actions::invite(context.app.store, context.viewer(), id, in.email, in.role));
  return json_response(result.second ? 201 : 200, wire::to_json(result.first, kInvitation));
}

Result<http::Response> list_invitations(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto list, actions::invitations(context.app.store, context.viewer(), id));
  boost::json::array items;
  for (const auto& i : list) items.push_back(wire::to_json(i, kInvitation));
  return list_response(std::move(items), std::nullopt);
}

Result<http::Response> revoke_invitation(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto invitation, context.id_param("invitation_id"));
  WEFT_TRY_VOID(actions::revoke_invitation(context.app.store, context.viewer(), id, invitation));
  return http::Response::no_content();
}

}  // namespace

void register_space_routes(App& app) {
  app.shapes->define_input<actions::NewSpace>("NewSpace", kNewSpace);
  app.shapes->define_input<actions::SpaceChange>("SpaceChange", kSpaceChange);
  app.shapes->define_input<RoleIn>("MemberRole", kMemberRole);
  app.shapes->define_input<InvitationIn>("NewInvitation", kNewInvitation);
  app.shapes->define_page<SpaceMember>("MemberList", "Member", kMember);
  app.shapes->define_items<SpaceMember>("JoinRequestList", "JoinRequest", kJoinRequest);
  app.shapes->define_items<actions::Invitation>("InvitationList", "Invitation", kInvitation);
  using http::Access;
  auto& r = app.router;
  r.add("POST", "/api/v1/spaces", Access::kSignedIn,
        {.summary = "Create a space (the creator is its owner)", .tag = "spaces",
         .request_schema = "NewSpace", .response_schema = "Space", .status = 201},
        create_space);
  r.add("GET", "/api/v1/spaces", Access::kSignedIn,
        {.summary = "Spaces I may see, newest first", .tag = "spaces", .response_schema = "SpaceList",
         .query = {"mine", "q", "cursor", "limit"}},
        list_spaces);
  r.add("GET", "/api/v1/spaces/{id}", Access::kSignedIn,
        {.summary = "A space", .tag = "spaces", .response_schema = "Space"}, get_space);
  r.add("PATCH", "/api/v1/spaces/{id}", Access::kSignedIn,
        {.summary = "Change a space (owners)", .tag = "spaces", .request_schema = "SpaceChange",
         .response_schema = "Space"},
        update_space);
  r.add("PUT", "/api/v1/spaces/{id}/members/{person_id}", Access::kSignedIn,
        {.summary = "Add a member or change their role (owners); approves a join request",
         .tag = "spaces", .request_schema = "MemberRole", .status = 204},
        put_member);
  r.add("DELETE", "/api/v1/spaces/{id}/members/{person_id}", Access::kSignedIn,
        {.summary = "Remove a member (owners), or leave", .tag = "spaces", .status = 204},
        delete_member);
  r.add("POST", "/api/v1/spaces/{id}/join", Access::kSignedIn,
        {.summary = "Join a public space (204) or ask to join a private one (202)", .tag = "spaces",
         .status = 204, .other_status = 202},
        join);
  r.add("GET", "/api/v1/spaces/{id}/members", Access::kSignedIn,
        {.summary = "The space's members", .tag = "spaces", .response_schema = "MemberList",
         .query = {"cursor", "limit"}},
        members);
  r.add("GET", "/api/v1/spaces/{id}/join-requests", Access::kSignedIn,
        {.summary = "Pending join requests (owners)", .tag = "spaces", .response_schema = "JoinRequestList"},
        requests);
  r.add("DELETE", "/api/v1/spaces/{id}/join-requests/{person_id}", Access::kSignedIn,
        {.summary = "Decline a join request (owners)", .tag = "spaces", .status = 204}, decline);
  r.add("POST", "/api/v1/spaces/{id}/invitations", Access::kSignedIn,
        {.summary = "Invite an e-mail address (owners); accepted when that person signs in",
         .tag = "spaces", .request_schema = "NewInvitation", .response_schema = "Invitation",
         .status = 201, .other_status = 200},
        invite);
  r.add("GET", "/api/v1/spaces/{id}/invitations", Access::kSignedIn,
        {.summary = "Pending invitations (owners)", .tag = "spaces", .response_schema = "InvitationList"},
        list_invitations);
  r.add("DELETE", "/api/v1/spaces/{id}/invitations/{invitation_id}", Access::kSignedIn,
        {.summary = "Withdraw an invitation (owners)", .tag = "spaces", .status = 204}, revoke_invitation);
}

}  // namespace weft::api
