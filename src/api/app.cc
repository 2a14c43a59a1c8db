#include "api/app.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <regex>

#include "core/crypto.h"
#include "core/json.h"
#include "realtime/hub.h"

namespace weft {
namespace {

bool acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

std::optional<actions::Authenticated> authenticate(store::Store& store, const http::Request& request,
                                                   bool* bad_credentials) {
  std::string_view authorization = request.header("authorization");
  if (!authorization.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.size() > kBearer.size() &&
        authorization.substr(0, kBearer.size()) == kBearer) {
      auto auth = actions::resolve_bearer(store, std::string(authorization.substr(kBearer.size())));
      if (!auth) *bad_credentials = true;
      return auth;
    }
    *bad_credentials = true;
    return std::nullopt;
  }
  std::string session = request.cookie("weft_session");
  if (session.empty()) return std::nullopt;
  // A stale cookie on a public route is simply ignored; on other routes it is a 401 anyway.
  return actions::resolve_session(store, session);
}

}  // namespace

App::App(Config config_in, store::Store& store_in, events::EventBus& bus_in)
    : config(std::move(config_in)), store(store_in), bus(bus_in) {
  router.set_authenticator([this](const http::Request& request, bool* bad) {
    return authenticate(store, request, bad);
  });
}

http::Response App::handle(http::Request& request) {
  const auto started = std::chrono::steady_clock::now();
  std::string incoming_id(request.header("x-request-id"));
  request.request_id = acceptable_request_id(incoming_id) ? incoming_id : crypto::random_hex(8);

  std::string route;
  http::Response response = router.dispatch(request, *this, &route);

  response.set_header("X-Request-Id", request.request_id);
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("X-Frame-Options", "DENY");
  response.set_header("Referrer-Policy", "same-origin");
  // The web UI's policy goes on every static answer, 304s included: a browser applies a 304's
  // headers to the page it has cached.
  if (route == "static" || response.content_type.starts_with("text/html")) {
    response.set_header("Content-Security-Policy", http::kHtmlPolicy);
  } else {
    response.set_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  }
  if (request.path.starts_with("/api/") || request.path == "/metrics" || request.path == "/healthz") {
    response.set_header("Cache-Control", "no-store");
  }

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics.record(request.method, route, response.status, seconds);
  spdlog::info("{} {} {} {} {} {}B {:.2f}ms", request.request_id, request.remote_address,
               request.method, request.target.size() > 200 ? request.path : request.target,
               response.status, response.body.size(), seconds * 1000);
  return response;
}

http::Upgrade App::upgrade(http::Request& request) {
  http::Upgrade upgrade;
  std::string route = "/api/v1/stream";
  auto refuse = [&](const Error& error) {
    upgrade.refusal = http::error_response(error);
    route = request.path == "/api/v1/stream" ? route : "not_found";
  };
  if (request.path != "/api/v1/stream" || hub == nullptr) {
    refuse({ErrorCode::kNotFound, "No such endpoint."});
  } else {
    bool bad = false;
    auto auth = authenticate(store, request, &bad);
    std::optional<int64_t> since;
    if (request.has_query("since")) {
      std::string text = request.query("since");
      since = text == "0" ? std::optional<int64_t>(0) : json::parse_id(text);
    }
    if (!auth) {
      refuse({ErrorCode::kUnauthenticated, "Sign in first."});
    } else if (request.has_query("since") && !since) {
      refuse({ErrorCode::kInvalidArgument, "since must be an event id.", "since"});
    } else {
      Viewer viewer = auth->viewer;
      upgrade.on_open = [this, viewer, since](std::shared_ptr<realtime::Sink> sink) {
        hub->attach(viewer, std::move(sink), since);
      };
      upgrade.on_close = [this](const realtime::Sink* sink) { hub->detach(sink); };
    }
  }
  if (upgrade.refusal) {
    upgrade.refusal->set_header("X-Content-Type-Options", "nosniff");
    metrics.record(request.method, route, upgrade.refusal->status, 0);
  } else {
    metrics.record(request.method, route, 101, 0);
  }
  spdlog::info("{} {} upgrade {} {}", request.request_id, request.remote_address, request.target,
               upgrade.refusal ? upgrade.refusal->status : 101);
  return upgrade;
}

namespace api {
void register_all_routes(App& app) {
  register_service_routes(app);
  register_session_routes(app);
  register_people_routes(app);
  register_unit_routes(app);
  register_post_routes(app);
  register_feed_routes(app);
  register_search_routes(app);
  register_space_routes(app);
  register_work_routes(app);
}
}  // namespace api

}  // namespace weft
