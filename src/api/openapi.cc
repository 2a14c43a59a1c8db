// The OpenAPI document: paths come from the router's routes (so every endpoint that exists is
// described); schemas from the shapes themselves (wire::schemas() and the shapes api/ files
// define beside their routes, app.shapes), and, for those not yet written as shapes, from the
// table below.
#include <boost/json/parse.hpp>

#include "api/app.h"
#include "core/json.h"
#include "core/limits.h"
#include "wire/shape.h"

namespace weft::api {
namespace {

constexpr const char* kSchemas = R"json({
  "MailPreferencesChange": {"type": "object", "properties": {
    "default_mode": {"type": ["string", "null"], "enum": ["realtime", "daily", "weekly", "off", "default", null]},
    "spaces": {"type": "array", "items": {"type": "object", "required": ["space_id", "mode"], "properties": {
      "space_id": {"type": "string"}, "mode": {"type": ["string", "null"], "enum": ["realtime", "off", "default", null]}}}}}},
  "InboundMail": {"type": "object", "required": ["to", "from", "text", "message_id"], "properties": {
    "to": {"type": "string"}, "from": {"type": "string"}, "text": {"type": "string"}, "message_id": {"type": "string"}}},
  "OidcSettingsChange": {"type": "object", "required": ["issuer", "client_id"], "properties": {
    "issuer": {"type": "string"}, "client_id": {"type": "string"},
    "client_secret": {"type": "string", "description": "required the first time; left out, the stored one is kept"},
    "scopes": {"type": "string"}, "display_name": {"type": "string"},
    "claims": {"type": "object", "properties": {"email": {"type": "string"}, "name": {"type": "string"},
      "title": {"type": "string"}, "unit": {"type": "string"}, "groups": {"type": "string"}}},
    "local_passwords": {"type": "boolean"}, "break_glass_email": {"type": ["string", "null"]}}},
  "PageImportRequest": {"type": "object", "properties": {
    "archive": {"type": "string", "description": "a zip file, base64 or a data: URL"},
    "files": {"type": "array", "items": {"type": "object", "required": ["path", "content"], "properties": {
      "path": {"type": "string"}, "content": {"type": "string"}}}},
    "parent_id": {"type": ["string", "null"], "description": "the page to import under"}}},
  "RecordUpsert": {"type": "object", "required": ["system", "type", "external_id", "title"], "properties": {
    "system": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]*$"},
    "type": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]*$"},
    "external_id": {"type": "string"}, "title": {"type": "string"},
    "url": {"type": ["string", "null"], "description": "an http or https link back to the record in its system"},
    "fields": {"type": "object", "maxProperties": 100,
      "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
      "description": "at most 64 KiB as compact JSON; replaces the record's fields; absent keeps them"},
    "access": {"oneOf": [{"type": "null"}, {"type": "object", "properties": {
      "people": {"type": "array", "items": {"type": "string"}}, "units": {"type": "array", "items": {"type": "string"}}}}],
      "description": "who may see the record (and admins); null lifts the list; absent keeps it"},
    "quiet": {"type": "boolean", "description": "keep the changes in the history only: no post, no notification"},
    "owner_id": {"type": ["string", "null"]}, "space_id": {"type": ["string", "null"]}}}
})json";

// The lists of one kind of item: {"items": [...], "next_cursor": ...}; a list that is never paged
// answers a null cursor.
struct ListSchema {
  const char* name;
  const char* item;
  bool paged;
};
constexpr ListSchema kLists[] = {
    {"PersonList", "Person", true},
    {"UnitList", "Unit", false},
    {"PostList", "Post", true},
    {"NotificationList", "Notification", true},
    {"SpaceList", "Space", true},
    {"ProblemList", "Problem", true},
    {"IdeaList", "Idea", true},
    {"ProposalList", "Proposal", true},
    {"RecordList", "Record", true},
    {"RecordChangeList", "RecordChange", true},
    {"PageEntryList", "PageEntry", false},
    {"PageRevisionList", "PageRevision", true},
    {"CommentList", "Comment", true},
};

// The length limits of what people write, from core/limits.h (the numbers the API enforces).
struct Limit {
  const char* schema;
  const char* property;
  limits::Text text;
};
constexpr Limit kLimits[] = {
    {"RecordUpsert", "system", limits::kRecordKey}, {"RecordUpsert", "type", limits::kRecordKey},
    {"RecordUpsert", "external_id", limits::kExternalId}, {"RecordUpsert", "title", limits::kRecordTitle},
    {"RecordUpsert", "url", limits::kUrl},
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

boost::json::object schemas_with_limits(const wire::ShapeCatalog& catalog) {
  boost::json::object schemas = boost::json::parse(kSchemas).as_object();
  for (auto& [name, schema] : wire::schemas()) schemas[name] = std::move(schema);
  // A shape may name a shared one (PersonSummary), which then comes along: it must be the same.
  for (const auto& [name, schema] : catalog.shapes()) {
    if (const auto* existing = schemas.if_contains(name)) {
      if (*existing != schema) throw std::logic_error("openapi: two different shapes are named " + name);
      continue;
    }
    schemas[name] = schema;
  }
  for (const auto& list : kLists) {
    boost::json::value cursor = list.paged ? boost::json::value(boost::json::array{"string", "null"})
                                           : boost::json::value("null");
    schemas[list.name] = {
        {"type", "object"},
        {"required", boost::json::array{"items", "next_cursor"}},
        {"properties",
         {{"items", {{"type", "array"}, {"items", {{"$ref", std::string("#/components/schemas/") + list.item}}}}},
          {"next_cursor", {{"type", std::move(cursor)}}}}}};
  }
  for (const auto& limit : kLimits) {
    auto& property = property_of(schemas, limit.schema, limit.property);
    if (limit.text.min > 0) property["minLength"] = limit.text.min;
    property["maxLength"] = limit.text.max;
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

std::string openapi_document(const App& app) {
  boost::json::object paths;
  for (const auto& route : app.router.routes()) {
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
       {{"schemas", schemas_with_limits(*app.shapes)},
        {"securitySchemes",
         {{"cookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "weft_session"}}},
          {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
  return json::to_text(document);
}

}  // namespace weft::api
