// The OpenAPI document: paths come from the router's routes (so every endpoint that exists is
// described); schemas from the shapes themselves (wire::schemas(), with the lists of its items, and
// the shapes api/ files define beside their routes, app.shapes).
#include "api/app.h"
#include "core/json.h"
#include "core/limits.h"
#include "wire/shape.h"

namespace weft::api {
namespace {

boost::json::object all_schemas(const wire::ShapeCatalog& catalog) {
  boost::json::object schemas;
  for (auto& [name, schema] : wire::schemas()) schemas[name] = std::move(schema);
  // A shape may name a shared one (PersonSummary), which then comes along: it must be the same.
  for (const auto& [name, schema] : catalog.shapes()) {
    if (const auto* existing = schemas.if_contains(name)) {
      if (*existing != schema) throw std::logic_error("openapi: two different shapes are named " + name);
      continue;
    }
    schemas[name] = schema;
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
  boost::json::object schemas = all_schemas(*app.shapes);
  boost::json::object paths;
  for (const auto& route : app.router.routes()) {
    for (const std::string* name : {&route.doc.request_schema, &route.doc.response_schema, &route.doc.conflict_schema}) {
      if (!name->empty() && !schemas.contains(*name)) {
        throw std::logic_error("openapi: " + route.method + " " + route.pattern + " names no shape " + *name);
      }
    }
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
    if (!route.doc.conflict_schema.empty()) {
      responses["409"] = {{"description", "Conflict"},
                          {"content",
                           {{"application/json",
                             {{"schema", {{"$ref", "#/components/schemas/" + route.doc.conflict_schema}}}}}}}};
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
       {{"schemas", std::move(schemas)},
        {"securitySchemes",
         {{"cookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "weft_session"}}},
          {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
  return json::to_text(document);
}

}  // namespace weft::api
