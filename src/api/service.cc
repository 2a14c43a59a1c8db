// Service routes: health, metrics, and the OpenAPI description.
#include "api/app.h"
#include "events/event_log.h"

namespace weft::api {

void register_service_routes(App& app) {
  app.router.add("GET", "/healthz", http::Access::kPublic,
                 {.summary = "Health: ok when the store answers", .tag = "service",
                  .response_schema = "Health"},
                 [](http::Context& context) -> Result<http::Response> {
                   auto ok = store::read(context.app.store, [](store::Connection& c) -> Result<bool> {
                     return c.query_int("SELECT 1").has_value();
                   });
                   if (!ok) {
                     return http::Response::json(503, R"({"status":"unavailable"})");
                   }
                   return http::Response::json(200, R"({"status":"ok"})");
                 });

  app.router.add("GET", "/metrics", http::Access::kPublic,
                 {.summary = "Prometheus metrics", .tag = "service"},
                 [](http::Context& context) -> Result<http::Response> {
                   http::Response response;
                   response.content_type = "text/plain; version=0.0.4; charset=utf-8";
                   response.body = context.app.metrics.render();
                   return response;
                 });

  app.router.add("GET", "/api/openapi.json", http::Access::kPublic,
                 {.summary = "This API's OpenAPI document", .tag = "service"},
                 [](http::Context& context) -> Result<http::Response> {
                   static const std::string document = openapi_document(context.app.router);
                   return http::Response::json(200, document);
                 });
}

}  // namespace weft::api
