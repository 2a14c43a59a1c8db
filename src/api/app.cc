#include "api/app.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <regex>

#include "core/crypto.h"
#include "core/json.h"
#include "realtime/hub.h"
#include "wire/shape.h"

namespace weft {
namespace {
// The request's target as the access log shows it: a long one as its path, and the values of
// credentials in the query (an unsubscribe link's token, a sign-in's code or state) left out.
std::string logged_target(const http::Request& request) {
  if (request.target.size() > 200) return request.path;
  const auto query = request.target.find('?');
  if (query == std::string::npos) return request.target;
  std::string out = request.target.substr(0, query + 1);
  std::string_view rest(request.target);
  rest.remove_prefix(query + 1);
  bool first = true;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const auto eq = pair.find('=');
    const std::string_view name = pair.substr(0, eq);
    if (!first) out += '&';
    first = false;
    if (eq != std::string_view::npos && (name == "token" || name == "code" || name == "state" || name == "access_token")) {
      out += std::string(name) + "=…";
    } else {
      out += std::string(pair);
    }
  }
  return out;
}
}  // namespace

namespace {

bool acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

std::optional<actions::Authenticated> authenticate_once(store::Store& store, const http::Request& request,
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

// Credentials that were sent but not recognized: unknown, or could the store not be asked? Only
// then is the store probed, so that a store outage answers 503 rather than "sign in".
std::optional<actions::Authenticated> authenticate(store::Store& store, const http::Request& request,
                                                   bool* bad_credentials, bool* unavailable) {
  auto auth = authenticate_once(store, request, bad_credentials);
  if (auth || (!*bad_credentials && request.cookie("weft_session").empty())) return auth;
  auto alive = store::read(store, [](store::Connection& c) -> Result<bool> { return c.query_int("SELECT 1").has_value(); });
  if (!alive) {
    *unavailable = true;
    return auth;
  }
  // The store answers now (it may just have come back, the connection renewed): ask once more.
  *bad_credentials = false;
  return authenticate_once(store, request, bad_credentials);
}

}  // namespace

App::App(Config config_in, store::Store& store_in, events::EventBus& bus_in)
    : config(std::move(config_in)),
      store(store_in),
      bus(bus_in),
      throttle(store_in),
      shapes(std::make_shared<wire::ShapeCatalog>()) {
  router.set_authenticator([this](const http::Request& request, bool* bad, bool* unavailable) {
    return authenticate(store, request, bad, unavailable);
  });
}

namespace {
// SCIM clients read errors as RFC 7644 §3.12 describes (schemas, status, scimType, detail) and
// answers as application/scim+json; Weft's own error object stays beside them.
void scim_response(http::Response& response) {
  if (!response.content_type.starts_with("application/json")) return;
  response.content_type = "application/scim+json";
  if (response.status < 400) return;
  auto body = json::parse_object(response.body);
  if (!body) return;
  const auto* error = body->if_contains("error");
  if (!error || !error->is_object()) return;
  // Read what the error says before the body grows (growing it moves its values).
  const auto& inner = error->as_object();
  auto text_of = [&](const char* key) {
    const auto* v = inner.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  const std::string code = text_of("code"), field = text_of("field"), message = text_of("message");
  const char* type = code == "conflict"           ? "uniqueness"
                     : code != "invalid_argument" ? nullptr
                     : field == "filter"          ? "invalidFilter"
                     : field == "Operations"      ? "invalidPath"
                                                  : "invalidValue";
  (*body)["schemas"] = boost::json::array{"urn:ietf:params:scim:api:messages:2.0:Error"};
  (*body)["status"] = std::to_string(response.status);
  (*body)["detail"] = message;
  if (type) (*body)["scimType"] = type;
  response.body = json::to_text(*body);
}
}  // namespace

http::Response App::handle(http::Request& request) {
  const auto started = std::chrono::steady_clock::now();
  std::string incoming_id(request.header("x-request-id"));
  request.request_id = acceptable_request_id(incoming_id) ? incoming_id : crypto::random_hex(8);
  http::apply_forwarded(request, config.trusted_proxies);
  if (config.public_url.starts_with("https://")) request.secure = true;

  // One spelling of a path: the router reads "//api//v1/session" as "/api/v1/session", so every
  // check on the path below (the JSON body rule, no-store) must read it so too.
  if (request.path.find("//") != std::string::npos) {
    std::string collapsed;
    collapsed.reserve(request.path.size());
    for (char c : request.path) {
      if (c != '/' || collapsed.empty() || collapsed.back() != '/') collapsed.push_back(c);
    }
    request.path = std::move(collapsed);
  }

  std::string route;
  http::Response response;
  std::string_view content_type = request.header("content-type");
  if (!json::valid_utf8(request.path)) {
    route = "bad_request";
    response = http::error_response({ErrorCode::kInvalidArgument, "The path is not valid UTF-8.", "path"});
  } else if (!request.body.empty() && request.path.starts_with("/scim/") &&
             !content_type.starts_with("application/scim+json") && !content_type.starts_with("application/json")) {
    route = "unsupported_media_type";
    response = http::error_response(
        {ErrorCode::kUnsupportedMedia, "Send the body as Content-Type: application/scim+json."});
  } else if (!request.body.empty() && request.path.starts_with("/api/") &&
             !content_type.starts_with("application/json") &&
             // One-click unsubscribe (RFC 8058) posts a form; its signed token is the whole request.
             !(request.path == "/api/v1/mail/unsubscribe" &&
               (content_type.starts_with("application/x-www-form-urlencoded") ||
                content_type.starts_with("multipart/form-data")))) {
    // Also what keeps a cross-site form (text/plain, urlencoded) from signing anyone in.
    route = "unsupported_media_type";
    response = http::error_response(
        {ErrorCode::kUnsupportedMedia, "Send the body as Content-Type: application/json."});
  } else {
    response = router.dispatch(request, *this, &route);
  }

  if (request.path.starts_with("/scim/")) scim_response(response);
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
  // Unless the route said how it may be cached (an avatar: private, a day, with its ETag).
  const bool cache_said = std::any_of(response.headers.begin(), response.headers.end(), [](const auto& header) {
    return header.first.size() == 13 && std::equal(header.first.begin(), header.first.end(), "cache-control",
                                                   [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  });
  if (!cache_said && (request.path.starts_with("/api/") || request.path == "/metrics" || request.path == "/healthz")) {
    response.set_header("Cache-Control", "no-store");
  }
  // Served as https (WEFT_PUBLIC_URL): browsers are told to come back over https only.
  if (config.public_url.starts_with("https://")) {
    response.set_header("Strict-Transport-Security", "max-age=31536000");
  }

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics.record(http::method_label(request.method), route, response.status, seconds);
  spdlog::info("{} {} {} {} {} {}B {:.2f}ms", request.request_id, request.remote_address,
               request.method, logged_target(request), response.status, response.body.size(), seconds * 1000);
  return response;
}

namespace {
// A browser sends Origin on every WebSocket handshake; a cookie upgrade from another site's page
// must not ride on the person's cookie. Non-browser clients send no Origin (and use tokens).
bool same_origin(const http::Request& request, const Config& config) {
  std::string_view origin = request.header("origin");
  if (origin.empty()) return true;
  std::string_view host = request.header("host");
  if (!host.empty() && (origin == "http://" + std::string(host) || origin == "https://" + std::string(host))) {
    return true;
  }
  if (!config.public_url.empty()) {
    std::string_view base = config.public_url;
    while (base.ends_with('/')) base.remove_suffix(1);
    if (origin == base) return true;
  }
  return false;
}
}  // namespace

http::Upgrade App::upgrade(http::Request& request) {
  http::apply_forwarded(request, config.trusted_proxies);
  http::Upgrade upgrade;
  std::string route = "/api/v1/stream";
  auto refuse = [&](const Error& error) {
    upgrade.refusal = http::error_response(error);
    route = request.path == "/api/v1/stream" ? route : "not_found";
  };
  if (request.path != "/api/v1/stream" || hub == nullptr) {
    refuse({ErrorCode::kNotFound, "No such endpoint."});
  } else if (request.method != "GET") {
    refuse({ErrorCode::kMethodNotAllowed, "The stream is opened with GET."});
  } else {
    // The same checks as every routed read: credentials, then the token's read scope.
    auto auth = router.authorize_read(request);
    std::optional<int64_t> since;
    if (request.has_query("since")) {
      std::string text = request.query("since");
      since = text == "0" ? std::optional<int64_t>(0) : json::parse_id(text);
    }
    if (!auth) {
      refuse(auth.error());
    } else if (auth->by_cookie && !same_origin(request, config)) {
      refuse({ErrorCode::kPermissionDenied, "The stream is not open to pages of other sites."});
    } else if (request.has_query("since") && !since) {
      refuse({ErrorCode::kInvalidArgument, "since must be an event id.", "since"});
    } else if (auto slot = hub->reserve_stream(auth->viewer.person_id, config.max_streams_per_person); !slot) {
      Error error{ErrorCode::kRateLimited, "Too many open streams; close one first."};
      error.retry_after_seconds = 5;
      refuse(error);
    } else {
      actions::Authenticated opened = *auth;
      // The slot goes with the connection (or with the upgrade, if the handshake fails).
      upgrade.on_open = [this, opened, since, slot](std::shared_ptr<realtime::Sink> sink) {
        hub->attach(opened, std::move(sink), since);
      };
      upgrade.on_close = [this](const realtime::Sink* sink) { hub->detach(sink); };
    }
  }
  if (upgrade.refusal) {
    upgrade.refusal->set_header("X-Content-Type-Options", "nosniff");
    metrics.record(http::method_label(request.method), route, upgrade.refusal->status, 0);
  } else {
    metrics.record(http::method_label(request.method), route, 101, 0);
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
  register_problem_routes(app);
  register_expertise_routes(app);
  register_analytics_routes(app);
  register_idea_routes(app);
  register_page_routes(app);
  register_scim_routes(app);
  register_oidc_routes(app);
  register_proposal_routes(app);
  register_record_routes(app);
  register_integration_routes(app);
  register_moderation_routes(app);
  register_mail_routes(app);
  register_agenda_routes(app);
  register_avatar_routes(app);
}
}  // namespace api

}  // namespace weft
