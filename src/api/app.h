// App: everything a request handler may reach — configuration, the store, the event bus, metrics,
// the router — owned by `weft serve` for the life of the process. handle() is the request
// pipeline every HTTP request goes through: request id, routing, security headers, access log,
// metrics.
#pragma once

#include <memory>

#include "actions/accounts.h"
#include "core/config.h"
#include "events/bus.h"
#include "http/client.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"
#include "model/record.h"
#include "model/work.h"
#include "store/store.h"

namespace weft {
namespace mail {
struct Settings;
}
namespace identity {
class OidcClient;
}
namespace realtime {
class Hub;
}
namespace expertise {
class Service;
}
namespace api {
struct AnalyticsCaches;
}
namespace wire {
class ShapeCatalog;
}

struct App {
  App(Config config, store::Store& store, events::EventBus& bus);

  Config config;
  store::Store& store;
  events::EventBus& bus;
  actions::SigninThrottle throttle;
  http::Metrics metrics;
  http::Router router;
  // The response shapes api/ files define beside their routes (wire/shape.h), for the OpenAPI
  // document; the shared ones (Person, Post, …) come from wire::schemas().
  std::shared_ptr<wire::ShapeCatalog> shapes;
  std::unique_ptr<http::StaticFiles> static_files;
  realtime::Hub* hub = nullptr;
  // The expertise index and ranker (set by `weft serve`; none: no suggestions).
  expertise::Service* expertise = nullptr;
  // Cached network and engagement figures (api/analytics.cc; made when its routes are registered).
  std::shared_ptr<api::AnalyticsCaches> analytics_caches;
  // Outbound webhooks: where they may go, the client the test event is sent with, and how to
  // wake the dispatcher (set by `weft serve`).
  bool webhook_allow_private = false;
  std::vector<std::string> own_addresses;
  http::Client* webhook_client = nullptr;
  std::function<void()> wake_webhooks;
  // The identity provider over the network (single sign-on; set by `weft serve`).
  identity::OidcClient* oidc = nullptr;
  // E-mail: the relay and addresses, and how to wake the sender (set by `weft serve`).
  const mail::Settings* mail = nullptr;
  std::function<void()> wake_mail;
  // Every subscriber of this process (both buses), for GET /api/v1/admin/system.
  std::function<std::vector<events::EventBus::SubscriberStats>()> subscriber_stats;

  http::Response handle(http::Request& request);
  // WebSocket upgrades: GET /api/v1/stream for a signed-in person; everything else is refused.
  http::Upgrade upgrade(http::Request& request);
};

namespace api {
// Each registers its routes on app.router.
void register_service_routes(App& app);
void register_session_routes(App& app);
void register_people_routes(App& app);
void register_unit_routes(App& app);
void register_post_routes(App& app);
void register_feed_routes(App& app);
void register_search_routes(App& app);
void register_space_routes(App& app);
void register_problem_routes(App& app);
void register_expertise_routes(App& app);
void register_analytics_routes(App& app);
// Fill suggested_experts for the viewer (expertise/service.h).
void add_problem_suggestions(App& app, const Viewer& viewer, Problem& problem);
void add_record_suggestions(App& app, const Viewer& viewer, Record& record);
void register_idea_routes(App& app);
void register_page_routes(App& app);
void register_scim_routes(App& app);
void register_oidc_routes(App& app);
// This server's address as people reach it: WEFT_PUBLIC_URL, else the request's scheme and Host.
std::string public_base_url(const http::Context& context);
// The weft_session cookie (an empty value and max_age 0 clear it).
std::string session_cookie(const http::Request& request, const std::string& value, int64_t max_age);
void register_proposal_routes(App& app);
void register_record_routes(App& app);
void register_integration_routes(App& app);
void register_agenda_routes(App& app);
void register_avatar_routes(App& app);
void register_moderation_routes(App& app);
void register_mail_routes(App& app);
void register_all_routes(App& app);

// The OpenAPI 3.1 document for every route on the router.
std::string openapi_document(const App& app);
}  // namespace api

}  // namespace weft
