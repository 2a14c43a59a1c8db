// Identity provisioning, SCIM 2.0 (RFC 7643, 7644) at /scim/v2: Users and Groups (create, get,
// list with filter and paging, PUT, PATCH with Operations, DELETE) and the discovery documents,
// for an admin's scim token only. docs/design/identity.md.
#include <boost/json.hpp>

#include "actions/scim.h"
#include "api/app.h"
#include "core/json.h"
#include "identity/scim.h"
#include "queries/scim.h"

namespace weft::api {
namespace {

using identity::ScimGroup;
using identity::ScimUser;

constexpr int64_t kDefaultCount = 100;
constexpr int64_t kMaxCount = 500;

http::Response scim_json(int status, const boost::json::object& body) {
  auto response = http::Response::json(status, json::to_text(body));
  response.content_type = "application/scim+json";
  return response;
}

struct Paging {
  int64_t start = 1, count = kDefaultCount;
};
Result<Paging> paging(http::Context& context) {
  Paging p;
  auto number = [&](const char* name, int64_t& out, int64_t min) -> Result<void> {
    const std::string text = context.request.query(name);
    if (text.empty()) return {};
    auto value = json::parse_id(text);
    if (text == "0") value = 0;
    if (!value) return invalid(name, std::string(name) + " must be a whole number.");
    out = std::max(min, *value);
    return {};
  };
  WEFT_TRY_VOID(number("startIndex", p.start, 1));
  WEFT_TRY_VOID(number("count", p.count, 0));
  p.count = std::min(p.count, kMaxCount);
  return p;
}

template <typename T, typename ToJson>
http::Response list_json(const queries::ScimList<T>& list, ToJson&& to_json) {
  boost::json::array resources;
  for (const auto& item : list.items) resources.push_back(to_json(item));
  return scim_json(200, {{"schemas", boost::json::array{identity::kListSchema}},
                         {"totalResults", list.total},
                         {"startIndex", list.start},
                         {"itemsPerPage", static_cast<int64_t>(list.items.size())},
                         {"Resources", std::move(resources)}});
}

Result<http::Response> user_answer(http::Context& context, int64_t id, int status) {
  WEFT_ASSIGN_OR_RETURN(auto user, queries::scim_user(context.app.store, id));
  auto response = scim_json(status, identity::user_json(user, public_base_url(context)));
  response.set_header("ETag", "W/\"" + std::to_string(user.updated) + "\"");
  if (status == 201) response.set_header("Location", public_base_url(context) + "/scim/v2/Users/" + std::to_string(id));
  return response;
}

Result<http::Response> group_answer(http::Context& context, int64_t id, int status) {
  WEFT_ASSIGN_OR_RETURN(auto group, queries::scim_group(context.app.store, id));
  auto response = scim_json(status, identity::group_json(group, public_base_url(context)));
  if (status == 201) response.set_header("Location", public_base_url(context) + "/scim/v2/Groups/" + std::to_string(id));
  return response;
}

// Users -----------------------------------------------------------------------------------------

Result<http::Response> create_user(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto user, identity::user_from_json(body));
  WEFT_ASSIGN_OR_RETURN(auto id, actions::scim_create_user(context.app.store, context.viewer(), user));
  return user_answer(context, id, 201);
}

Result<http::Response> list_users(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto page, paging(context));
  WEFT_ASSIGN_OR_RETURN(auto list, queries::scim_users(context.app.store, context.request.query("filter"), page.start, page.count));
  const std::string base = public_base_url(context);
  return list_json(list, [&](const ScimUser& u) { return identity::user_json(u, base); });
}

Result<http::Response> get_user(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  return user_answer(context, id, 200);
}

Result<http::Response> replace_user(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto user, identity::user_from_json(body));
  WEFT_TRY_VOID(queries::scim_user(context.app.store, id));
  WEFT_TRY_VOID(actions::scim_update_user(context.app.store, context.viewer(), id, user));
  return user_answer(context, id, 200);
}

Result<http::Response> patch_user(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto current, queries::scim_user(context.app.store, id));
  WEFT_ASSIGN_OR_RETURN(auto user, identity::patch_user(current, body));
  WEFT_TRY_VOID(actions::scim_update_user(context.app.store, context.viewer(), id, user));
  return user_answer(context, id, 200);
}

Result<http::Response> delete_user(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_TRY_VOID(actions::scim_delete_user(context.app.store, context.viewer(), id));
  return http::Response::no_content();
}

// Groups ----------------------------------------------------------------------------------------

bool without_members(http::Context& context) {
  const std::string excluded = context.request.query("excludedAttributes");
  return excluded.find("members") != std::string::npos;
}

Result<http::Response> create_group(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto group, identity::group_from_json(body));
  WEFT_ASSIGN_OR_RETURN(auto id, actions::scim_create_group(context.app.store, context.viewer(), group));
  return group_answer(context, id, 201);
}

Result<http::Response> list_groups(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto page, paging(context));
  const bool members = !without_members(context);
  WEFT_ASSIGN_OR_RETURN(auto list, queries::scim_groups(context.app.store, context.request.query("filter"), page.start,
                                                        page.count, members));
  const std::string base = public_base_url(context);
  return list_json(list, [&](const ScimGroup& g) {
    auto json = identity::group_json(g, base);
    if (!members) json.erase("members");
    return json;
  });
}

Result<http::Response> get_group(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  if (without_members(context)) {
    WEFT_ASSIGN_OR_RETURN(auto group, queries::scim_group(context.app.store, id, false));
    auto json = identity::group_json(group, public_base_url(context));
    json.erase("members");
    return scim_json(200, json);
  }
  return group_answer(context, id, 200);
}

Result<http::Response> replace_group(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto group, identity::group_from_json(body));
  WEFT_TRY_VOID(actions::scim_update_group(context.app.store, context.viewer(), id, group));
  return group_answer(context, id, 200);
}

Result<http::Response> patch_group(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto current, queries::scim_group(context.app.store, id));
  WEFT_ASSIGN_OR_RETURN(auto group, identity::patch_group(current, body));
  WEFT_TRY_VOID(actions::scim_update_group(context.app.store, context.viewer(), id, group));
  // Entra ID and Okta accept 204 for a PATCH; the group is sent back for the others.
  return group_answer(context, id, 200);
}

Result<http::Response> delete_group(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_TRY_VOID(actions::scim_delete_group(context.app.store, context.viewer(), id));
  return http::Response::no_content();
}

// Discovery (RFC 7644 §4) -----------------------------------------------------------------------

Result<http::Response> service_provider_config(http::Context&) {
  return scim_json(200, {{"schemas", boost::json::array{"urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"}},
                         {"documentationUri", "https://weft.example/docs/OPERATIONS.md#scim"},
                         {"patch", {{"supported", true}}},
                         {"bulk", {{"supported", false}, {"maxOperations", 0}, {"maxPayloadSize", 0}}},
                         {"filter", {{"supported", true}, {"maxResults", kMaxCount}}},
                         {"changePassword", {{"supported", false}}},
                         {"sort", {{"supported", false}}},
                         {"etag", {{"supported", false}}},
                         {"authenticationSchemes",
                          boost::json::array{{{"type", "oauthbearertoken"},
                                              {"name", "Bearer token"},
                                              {"description", "An admin's token with the scim scope"},
                                              {"primary", true}}}}});
}

Result<http::Response> resource_types(http::Context&) {
  auto type = [](const char* name, const char* endpoint, const char* schema) {
    boost::json::object t{{"schemas", boost::json::array{"urn:ietf:params:scim:schemas:core:2.0:ResourceType"}},
                          {"id", name}, {"name", name}, {"endpoint", endpoint}, {"schema", schema}};
    if (std::string_view(name) == "User") {
      t["schemaExtensions"] = boost::json::array{{{"schema", identity::kEnterpriseSchema}, {"required", false}}};
    }
    return t;
  };
  boost::json::array all{type("User", "/Users", identity::kUserSchema), type("Group", "/Groups", identity::kGroupSchema)};
  return scim_json(200, {{"schemas", boost::json::array{identity::kListSchema}},
                         {"totalResults", 2}, {"startIndex", 1}, {"itemsPerPage", 2}, {"Resources", std::move(all)}});
}

}  // namespace

void register_scim_routes(App& app) {
  using http::Access;
  auto& r = app.router;
  const http::RouteDoc doc{.tag = "scim"};
  auto add = [&](const char* method, const char* path, const char* summary, int status, auto handler) {
    http::RouteDoc d = doc;
    d.summary = summary;
    d.status = status;
    r.add(method, path, Access::kScim, d, handler);
  };
  add("GET", "/scim/v2/ServiceProviderConfig", "SCIM: what this service provider supports", 200, service_provider_config);
  add("GET", "/scim/v2/ResourceTypes", "SCIM: the resource types, User and Group", 200, resource_types);
  add("POST", "/scim/v2/Users", "SCIM: provision a person (201; 409 uniqueness)", 201, create_user);
  add("GET", "/scim/v2/Users", "SCIM: people, with filter, startIndex and count", 200, list_users);
  add("GET", "/scim/v2/Users/{id}", "SCIM: a person", 200, get_user);
  add("PUT", "/scim/v2/Users/{id}", "SCIM: replace a person's attributes", 200, replace_user);
  add("PATCH", "/scim/v2/Users/{id}", "SCIM: change a person with Operations (active false deactivates)", 200,
      patch_user);
  add("DELETE", "/scim/v2/Users/{id}", "SCIM: deprovision a person (deactivated; what they wrote stays)", 204,
      delete_user);
  add("POST", "/scim/v2/Groups", "SCIM: create a group", 201, create_group);
  add("GET", "/scim/v2/Groups", "SCIM: groups, with filter, startIndex, count and excludedAttributes", 200, list_groups);
  add("GET", "/scim/v2/Groups/{id}", "SCIM: a group and its members", 200, get_group);
  add("PUT", "/scim/v2/Groups/{id}", "SCIM: replace a group", 200, replace_group);
  add("PATCH", "/scim/v2/Groups/{id}", "SCIM: change a group's name or members with Operations", 200, patch_group);
  add("DELETE", "/scim/v2/Groups/{id}", "SCIM: delete a group", 204, delete_group);
}

}  // namespace weft::api
