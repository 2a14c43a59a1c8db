// Service routes: health, metrics, the system status for admins, and the OpenAPI description.
#include "api/app.h"
#include <boost/json.hpp>

#include <map>

#include "core/json.h"
#include "events/event_log.h"
#include "wire/shape.h"

namespace weft::api {
namespace {

struct Health {
  std::string status;
};
const auto kHealth = [](auto& w, const Health& h) { w.text("status", h.status, {.one_of = {"ok", "unavailable"}}); };

struct View {
  std::string name;
  bool durable = false;
  bool worked_here = false;
  int64_t checkpoint = 0;
  int64_t lag = 0;
  int64_t failures = 0;
  bool retrying = false;
};
struct SystemStatus {
  std::string store;
  int64_t nodes = 0;
  int64_t last_event_id = 0;
  std::vector<View> views;
};
const auto kSystemStatus = [](auto& w, const SystemStatus& s) {
  w.text("store", s.store, {.one_of = {"sqlite", "postgres"}});
  w.integer("nodes", s.nodes, {.description = "Weft processes sharing the store"});
  w.integer("last_event_id", s.last_event_id, {.description = "the newest event of the activity log"});
  w.array("views", nullptr, s.views, [](auto& inner, const View& v) {
    inner.text("name", v.name);
    inner.boolean("durable", v.durable, {.description = "it keeps a checkpoint in the store"});
    inner.boolean("worked_here", v.worked_here, {.description = "this node works it (holds its lease)"});
    inner.integer("checkpoint", v.checkpoint, {.description = "the last event it has applied"});
    inner.integer("lag", v.lag, {.description = "events behind the log"});
    inner.integer("failures", v.failures);
    inner.boolean("retrying", v.retrying);
  }, {.description = "the views derived from the activity log"});
};

}  // namespace

void register_service_routes(App& app) {
  app.shapes->define<Health>("Health", kHealth);
  app.shapes->define<SystemStatus>("SystemStatus", kSystemStatus);
  app.router.add("GET", "/healthz", http::Access::kPublic,
                 {.summary = "Health: ok when the store answers", .tag = "service",
                  .response_schema = "Health"},
                 [](http::Context& context) -> Result<http::Response> {
                   auto ok = store::read(context.app.store, [](store::Connection& c) -> Result<bool> {
                     return c.query_int("SELECT 1").has_value();
                   });
                   // Written once: the answer the benchmarks measure every other against.
                   static const std::string kOk = json::to_text(wire::to_json(Health{"ok"}, kHealth));
                   static const std::string kUnavailable = json::to_text(wire::to_json(Health{"unavailable"}, kHealth));
                   return http::Response::json(ok ? 200 : 503, ok ? kOk : kUnavailable);
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
                   SystemStatus out{.store = app.store.backend(), .nodes = app.store.count_nodes(),
                                    .last_event_id = saved.last_id};
                   if (app.subscriber_stats) {
                     for (const auto& s : app.subscriber_stats()) {
                       auto stored = saved.checkpoints.find(s.name);
                       const bool durable = stored != saved.checkpoints.end();
                       // A view another node works: where its saved checkpoint says it is.
                       const int64_t checkpoint = s.leased || !durable ? s.checkpoint : stored->second;
                       out.views.push_back({.name = s.name,
                                            .durable = durable,
                                            .worked_here = s.leased,
                                            .checkpoint = checkpoint,
                                            .lag = std::max<int64_t>(0, saved.last_id - checkpoint),
                                            .failures = static_cast<int64_t>(s.failures),
                                            .retrying = s.retrying});
                     }
                   }
                   return http::Response::json(200, json::to_text(wire::to_json(out, kSystemStatus)));
                 });

  app.router.add("GET", "/api/openapi.json", http::Access::kPublic,
                 {.summary = "This API's OpenAPI document", .tag = "service"},
                 [](http::Context& context) -> Result<http::Response> {
                   static const std::string document = openapi_document(context.app);
                   return http::Response::json(200, document);
                 });
}

}  // namespace weft::api
