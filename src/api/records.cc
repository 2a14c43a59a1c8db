// Records from other systems: upsert, read, list, history, follow, and the allow-list of systems
// and types (docs/design/work-context.md). The signed inbound hook shares the upsert.
#include "actions/records.h"
#include "api/app.h"
#include "api/serialize.h"
#include "core/json.h"
#include "queries/posts.h"
#include "queries/records.h"
#include "wire/shape.h"

namespace weft::api {
namespace {

Result<http::Response> put_record(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto input, actions::parse_record_input(body));
  actions::RecordSource source{.caller = context.viewer()};
  WEFT_ASSIGN_OR_RETURN(auto outcome, actions::upsert_record(context.app.store, source, input));
  WEFT_ASSIGN_OR_RETURN(auto record, queries::record(context.app.store, context.viewer(), outcome.id, false));
  return json_response(outcome.created ? 201 : 200, wire::record_json(record));
}

Result<http::Response> list_records(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto page, cursor::page_request(context.request.query("cursor"),
                                                        context.request.query("limit"), 1));
  queries::RecordFilter filter;
  filter.system = context.request.query("system");
  filter.type = context.request.query("type");
  filter.external_id = context.request.query("external_id");
  if (!filter.system.empty()) WEFT_TRY_VOID(actions::check_record_key("system", filter.system));
  if (!filter.type.empty()) WEFT_TRY_VOID(actions::check_record_key("type", filter.type));
  if (filter.external_id.size() > 200) return invalid("external_id", "external_id must be at most 200 characters.");
  const std::string followed = context.request.query("followed");
  if (!followed.empty() && followed != "true" && followed != "false") {
    return invalid("followed", "followed must be true or false.");
  }
  filter.followed = followed == "true";
  WEFT_ASSIGN_OR_RETURN(auto records, queries::records(context.app.store, context.viewer(), filter, page));
  return page_response(records, [](const Record& r) { return wire::record_json(r); });
}

Result<http::Response> get_record(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto record, queries::record(context.app.store, context.viewer(), id, true));
  add_record_suggestions(context.app, context.viewer(), record);
  return json_response(200, wire::record_json(record));
}

Result<http::Response> record_posts(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto page, cursor::page_request(context.request.query("cursor"),
                                                        context.request.query("limit"), 1));
  WEFT_ASSIGN_OR_RETURN(auto posts, queries::record_feed(context.app.store, context.viewer(), id, page));
  return page_response_text(posts, [](std::string& out, const Post& p) { wire::append_post_json(out, p); });
}

Result<http::Response> record_changes(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto page, cursor::page_request(context.request.query("cursor"),
                                                        context.request.query("limit"), 1));
  WEFT_ASSIGN_OR_RETURN(auto changes, queries::record_changes(context.app.store, context.viewer(), id, page));
  return page_response(changes, [](const RecordChange& c) { return wire::record_change_json(c); });
}

Result<http::Response> follow(http::Context& context, bool on) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_TRY_VOID(actions::follow_record(context.app.store, context.viewer(), id, on));
  return http::Response::no_content();
}

const auto kRecordType = [](auto& w, const queries::RecordTypeEntry& t) {
  w.text("system", t.system);
  w.text("type", t.type.empty() ? "*" : t.type, {.description = "* for every type of the system"});
  w.time("created_at", t.created_at);
};

Result<http::Response> list_types(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto types, queries::record_types(context.app.store, context.viewer()));
  boost::json::array items;
  for (const auto& t : types) items.push_back(wire::to_json(t, kRecordType));
  return list_response(std::move(items), std::nullopt);
}

Result<http::Response> allow_type(http::Context& context, bool allow) {
  WEFT_TRY_VOID(actions::allow_record_type(context.app.store, context.viewer(), context.param("system"),
                                           context.param("type"), allow));
  return http::Response::no_content();
}

}  // namespace

void register_record_routes(App& app) {
  actions::define_record_input(*app.shapes);
  app.shapes->define_items<queries::RecordTypeEntry>("RecordTypeList", "RecordType", kRecordType);
  using http::Access;
  auto& r = app.router;
  const std::vector<std::string> page_query = {"cursor", "limit"};
  r.add("PUT", "/api/v1/records", Access::kSignedIn,
        {.summary = "Create or update a record by (system, type, external_id); changed fields are tracked",
         .tag = "records", .request_schema = "RecordUpsert", .response_schema = "Record", .status = 201,
         .other_status = 200},
        put_record);
  r.add("GET", "/api/v1/records", Access::kSignedIn,
        {.summary = "Records I may see, newest first; filter by system, type, external_id, followed",
         .tag = "records", .response_schema = "RecordList",
         .query = {"system", "type", "external_id", "followed", "cursor", "limit"}},
        list_records);
  r.add("GET", "/api/v1/records/{id}", Access::kSignedIn,
        {.summary = "A record with its conversation, changes, problems and the people who might help",
         .tag = "records", .response_schema = "RecordDetail"},
        get_record);
  r.add("GET", "/api/v1/records/{id}/posts", Access::kSignedIn,
        {.summary = "The conversation on a record: its posts, newest first", .tag = "records",
         .response_schema = "PostList", .query = page_query},
        record_posts);
  r.add("GET", "/api/v1/records/{id}/changes", Access::kSignedIn,
        {.summary = "A record's history of field, title and url changes, newest first", .tag = "records",
         .response_schema = "RecordChangeList", .query = page_query},
        record_changes);
  r.add("PUT", "/api/v1/records/{id}/follow", Access::kSignedIn,
        {.summary = "Follow a record: be told of its posts and changes (idempotent)", .tag = "records", .status = 204},
        [](http::Context& c) { return follow(c, true); });
  r.add("DELETE", "/api/v1/records/{id}/follow", Access::kSignedIn,
        {.summary = "Unfollow a record (idempotent)", .tag = "records", .status = 204},
        [](http::Context& c) { return follow(c, false); });
  r.add("GET", "/api/v1/record-types", Access::kAdmin,
        {.summary = "The systems and types accepted (admin); empty: every one", .tag = "records",
         .response_schema = "RecordTypeList"},
        list_types);
  r.add("PUT", "/api/v1/record-types/{system}/{type}", Access::kAdmin,
        {.summary = "Accept records of a system and type (admin); type * for every type", .tag = "records",
         .status = 204},
        [](http::Context& c) { return allow_type(c, true); });
  r.add("DELETE", "/api/v1/record-types/{system}/{type}", Access::kAdmin,
        {.summary = "Stop accepting a system and type (admin)", .tag = "records", .status = 204},
        [](http::Context& c) { return allow_type(c, false); });
}

}  // namespace weft::api
