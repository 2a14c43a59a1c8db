// Service routes: health, metrics, the system status for admins, and the OpenAPI description.
#include "api/app.h"
#include <boost/json.hpp>

#include <map>

#include "core/json.h"
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

  // For operators: which store, how many nodes, and each view derived from the activity log —
  // whether this node works it, where it stands, how far behind the log it is.
  app.router.add("GET", "/api/v1/admin/system", http::Access::kAdmin,
                 {.summary = "The store, its nodes, and the views derived from the activity log", .tag = "service",
                  .response_schema = "SystemStatus"},
                 [](http::Context& context) -> Result<http::Response> {
                   auto& app = context.app;
                   struct Saved {
                     int64_t last_id = 0;
                     std::map<std::string, int64_t> checkpoints;
                   };
                   WEFT_ASSIGN_OR_RETURN(auto saved, store::read(app.store, [](store::Connection& c) -> Result<Saved> {
                     Saved out;
                     out.last_id = events::last_id(c);
                     auto rows = c.query("SELECT name, last_id FROM event_checkpoints");
                     while (rows->next()) out.checkpoints[rows->text(0)] = rows->int64(1);
                     return out;
                   }));
                   boost::json::array views;
                   if (app.subscriber_stats) {
                     for (const auto& s : app.subscriber_stats()) {
                       auto stored = saved.checkpoints.find(s.name);
                       const bool durable = stored != saved.checkpoints.end();
                       // A view another node works: where its saved checkpoint says it is.
                       const int64_t checkpoint = s.leased || !durable ? s.checkpoint : stored->second;
                       views.push_back(boost::json::object{
                           {"name", s.name},
                           {"durable", durable},
                           {"worked_here", s.leased},
                           {"checkpoint", checkpoint},
                           {"lag", std::max<int64_t>(0, saved.last_id - checkpoint)},
                           {"failures", s.failures},
                           {"retrying", s.retrying}});
                     }
                   }
                   boost::json::object out{{"store", app.store.backend()},
                                           {"nodes", app.store.count_nodes()},
                                           {"last_event_id", saved.last_id},
                                           {"views", std::move(views)}};
                   return http::Response::json(200, json::to_text(out));
                 });

  app.router.add("GET", "/api/openapi.json", http::Access::kPublic,
                 {.summary = "This API's OpenAPI document", .tag = "service"},
                 [](http::Context& context) -> Result<http::Response> {
                   static const std::string document = openapi_document(context.app);
                   return http::Response::json(200, document);
                 });
}

}  // namespace weft::api
