// Router: matches a request to a route by method and path pattern ("/api/v1/people/{id}"), runs
// the middleware every API route shares — authentication (cookie or bearer), access level, token
// scopes, CSRF for cookie writes — and turns any Error into the one JSON error shape.
//
// Routes are registered once at start-up (api/*.cc), before any thread dispatches; dispatch() is
// then thread-safe. Each route carries the description the OpenAPI document is built from.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "model/credential.h"
#include "core/error.h"
#include "http/message.h"

namespace weft {
struct App;
}

namespace weft::http {

enum class Access {
  kPublic,    // anyone; the caller is resolved when credentials are sent
  kSignedIn,  // 401 without a session or token
  kAdmin,     // 401 without, 403 unless an admin (and, for tokens, the admin scope)
  kScim,      // an admin's scim token only (identity provisioning, /scim/v2)
};

struct RouteDoc {
  std::string summary;
  std::string tag;
  std::string request_schema;   // components/schemas name, or empty
  std::string response_schema;  // components/schemas name, or empty for no body
  int status = 200;
  int other_status = 0;            // a second success status with the same body (e.g. 200 beside 201)
  std::vector<std::string> query;  // query parameter names
  std::string conflict_schema;     // the 409 body's components/schemas name, when it says more than Error
  bool csrf_exempt = false;        // signing in has no CSRF token yet
  // A public route that runs without a caller when the credentials sent are no longer valid
  // (signing out of a session that already ended), rather than answering 401.
  bool stale_credentials_ok = false;
};

class Context;
using Handler = std::function<Result<Response>(Context&)>;

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;
  Access access = Access::kSignedIn;
  Handler handler;
  RouteDoc doc;
};

class Context {
 public:
  Context(const Request& request, App& app, std::map<std::string, std::string> params,
          std::optional<Authenticated> auth)
      : request(request), app(app), params_(std::move(params)), auth_(std::move(auth)) {}

  const Request& request;
  App& app;

  bool signed_in() const { return auth_.has_value(); }
  const Authenticated& auth() const { return *auth_; }
  const Viewer& viewer() const { return auth_->viewer; }
  std::string param(const std::string& name) const;
  // A path parameter that must be an id; not_found otherwise (an id that cannot exist).
  Result<int64_t> id_param(const std::string& name) const;
  Result<boost::json::object> json_body() const;

 private:
  std::map<std::string, std::string> params_;
  std::optional<Authenticated> auth_;
};

class Router {
 public:
  // Answers the caller, or nullopt: with *bad_credentials when credentials were sent and are not
  // valid, with *unavailable when they could not be checked (the store is unreachable: a 503).
  using Authenticator =
      std::function<std::optional<Authenticated>(const Request&, bool* bad_credentials, bool* unavailable)>;

  void add(std::string method, std::string pattern, Access access, RouteDoc doc, Handler handler);
  void set_authenticator(Authenticator authenticator) { authenticator_ = std::move(authenticator); }
  // Answers requests no API route matches (static files, SPA fallback).
  void set_fallback(std::function<Response(const Request&)> fallback) { fallback_ = std::move(fallback); }

  // The checks every signed-in read goes through (credentials, token scope), for requests that
  // are not dispatched to a route (the WebSocket upgrade): the caller, or the error to answer.
  Result<Authenticated> authorize_read(const Request& request) const;

  // `route_label` receives the matched pattern (for metrics), or a fixed label.
  Response dispatch(const Request& request, App& app, std::string* route_label) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  const Route* match(const Request& request, std::map<std::string, std::string>* params,
                     bool* path_matched, std::string* allowed) const;
  std::vector<Route> routes_;
  Authenticator authenticator_;
  std::function<Response(const Request&)> fallback_;
};

// The JSON error body for `error`, with its status and headers.
Response error_response(const Error& error);

}  // namespace weft::http
