#include "http/router.h"

#include <spdlog/spdlog.h>

#include "core/crypto.h"
#include "core/json.h"
#include "wire/wire.h"

namespace weft::http {

namespace {
constexpr const char* kStoreUnavailable = "The store is busy or unreachable; try again shortly.";
}  // namespace
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return out;
}

bool is_read(const std::string& method) { return method == "GET" || method == "HEAD"; }

}  // namespace

std::string Context::param(const std::string& name) const {
  auto it = params_.find(name);
  return it == params_.end() ? std::string() : it->second;
}

Result<int64_t> Context::id_param(const std::string& name) const {
  auto id = json::parse_id(param(name));
  if (!id) return not_found();
  return *id;
}

Result<boost::json::object> Context::json_body() const { return json::parse_object(request.body); }

void Router::add(std::string method, std::string pattern, Access access, RouteDoc doc,
                 Handler handler) {
  Route route;
  route.segments = split_path(pattern);
  route.method = std::move(method);
  route.pattern = std::move(pattern);
  route.access = access;
  route.doc = std::move(doc);
  route.handler = std::move(handler);
  routes_.push_back(std::move(route));
}

const Route* Router::match(const Request& request, std::map<std::string, std::string>* params,
                           bool* path_matched, std::string* allowed) const {
  auto segments = split_path(request.path);
  const Route* found = nullptr;
  int best_literals = -1;
  for (const Route& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> captured;
    bool ok = true;
    int literals = 0;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      const std::string& want = route.segments[i];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
        captured[want.substr(1, want.size() - 2)] = segments[i];
      } else {
        ok = want == segments[i];
        ++literals;
      }
    }
    if (!ok) continue;
    // A literal segment beats a parameter: /people/me before /people/{id}.
    *path_matched = true;
    if (allowed->find(route.method) == std::string::npos) {
      if (!allowed->empty()) *allowed += ", ";
      *allowed += route.method;
    }
    if (route.method == request.method || (request.method == "HEAD" && route.method == "GET")) {
      if (literals > best_literals) {
        found = &route;
        best_literals = literals;
        *params = std::move(captured);
      }
    }
  }
  return found;
}

Response error_response(const Error& error) {
  Response response = Response::json(error_http_status(error.code), json::to_text(wire::error_json(error)));
  if (error.code == ErrorCode::kRateLimited && error.retry_after_seconds > 0) {
    response.set_header("Retry-After", std::to_string(error.retry_after_seconds));
  }
  return response;
}

Result<Authenticated> Router::authorize_read(const Request& request) const {
  bool bad_credentials = false;
  bool unavailable = false;
  std::optional<Authenticated> auth;
  if (authenticator_) auth = authenticator_(request, &bad_credentials, &unavailable);
  if (!auth && unavailable) return fail(ErrorCode::kUnavailable, kStoreUnavailable);
  if (!auth) {
    return fail(ErrorCode::kUnauthenticated,
                bad_credentials ? "The session or token is not valid." : "Sign in first.");
  }
  if (!(auth->scopes & kScopeRead)) {
    return forbidden("This token lacks the scope for this.");
  }
  return std::move(*auth);
}

Response Router::dispatch(const Request& request, App& app, std::string* route_label) const {
  std::map<std::string, std::string> params;
  bool path_matched = false;
  std::string allowed;
  const Route* route = match(request, &params, &path_matched, &allowed);
  if (route == nullptr) {
    if (path_matched) {
      *route_label = "method_not_allowed";
      Response response = error_response(
          {ErrorCode::kMethodNotAllowed, "This path does not accept " + request.method + "."});
      response.set_header("Allow", allowed);
      return response;
    }
    if (!request.path.starts_with("/api/") && !request.path.starts_with("/scim/") && fallback_ &&
        is_read(request.method)) {
      *route_label = "static";
      return fallback_(request);
    }
    *route_label = "not_found";
    return error_response({ErrorCode::kNotFound, "No such endpoint."});
  }
  *route_label = route->pattern;

  try {
    bool bad_credentials = false;
    bool unavailable = false;
    std::optional<Authenticated> auth;
    if (authenticator_) auth = authenticator_(request, &bad_credentials, &unavailable);
    if (!auth && unavailable) return error_response({ErrorCode::kUnavailable, kStoreUnavailable});
    if (!auth && (route->access != Access::kPublic || (bad_credentials && !route->doc.stale_credentials_ok))) {
      return error_response({ErrorCode::kUnauthenticated,
                             bad_credentials ? "The session or token is not valid."
                                             : "Sign in first."});
    }
    if (auth && route->access == Access::kScim) {
      if (!(auth->scopes & kScopeScim) || !auth->viewer.is_admin()) {
        return error_response({ErrorCode::kPermissionDenied, "Only an admin's scim token may provision (POST /api/v1/tokens "
                                                             "with scopes [\"scim\"])."});
      }
    } else if (auth) {
      if (route->access == Access::kAdmin && !auth->viewer.is_admin()) {
        return error_response({ErrorCode::kPermissionDenied, "Only admins may do this."});
      }
      unsigned needed = is_read(request.method) ? kScopeRead : kScopeWrite;
      if (route->access == Access::kAdmin) needed |= kScopeAdmin;
      if ((auth->scopes & needed) != needed) {
        return error_response({ErrorCode::kPermissionDenied, "This token lacks the scope for this."});
      }
      if (auth->by_cookie && !is_read(request.method) && !route->doc.csrf_exempt &&
          !crypto::constant_time_equal(request.header("x-csrf-token"), auth->csrf_token)) {
        return error_response({ErrorCode::kCsrfMismatch,
                               "Send the X-CSRF-Token header given at sign-in."});
      }
    }
    Context context(request, app, std::move(params), std::move(auth));
    Result<Response> result = route->handler(context);
    if (!result) {
      if (result.error().code == ErrorCode::kInternal) {
        spdlog::error("{} {} {}: {}", request.request_id, request.method, request.path,
                      result.error().message);
        return error_response({ErrorCode::kInternal, "Something went wrong on our side."});
      }
      return error_response(result.error());
    }
    return std::move(*result);
  } catch (const std::exception& e) {
    spdlog::error("{} {} {}: unhandled: {}", request.request_id, request.method, request.path,
                  e.what());
    return error_response({ErrorCode::kInternal, "Something went wrong on our side."});
  }
}

}  // namespace weft::http
