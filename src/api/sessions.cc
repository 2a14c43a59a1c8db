// Sessions and tokens: sign in and out, who am I, API tokens.
#include "actions/accounts.h"
#include "actions/oidc.h"
#include "identity/oidc_client.h"
#include "api/app.h"
#include "api/serialize.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/limits.h"
#include "queries/people.h"
#include "wire/shape.h"

namespace weft::api {

// Secure whenever the request came over HTTPS (a trusted proxy said so, or WEFT_PUBLIC_URL is https).
std::string session_cookie(const http::Request& request, const std::string& value, int64_t max_age) {
  return "weft_session=" + value + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
         std::to_string(max_age) + (request.secure ? "; Secure" : "");
}

std::string public_base_url(const http::Context& context) {
  std::string base = context.app.config.public_url;
  if (base.empty()) {
    base = std::string(context.request.secure ? "https://" : "http://") + std::string(context.request.header("host"));
  }
  while (base.ends_with('/')) base.pop_back();
  return base;
}

namespace {

struct SessionOut {
  Person person;
  std::string csrf_token;
};
const auto kSession = [](auto& w, const SessionOut& s) {
  w.shape("person", "PersonDetail", person_json(s.person, true));
  w.text("csrf_token", s.csrf_token, {.description = "send it as X-CSRF-Token on every change"});
};

struct TokenOut {
  actions::NewToken made;
  std::string name;
  unsigned scopes = 0;
  std::optional<int64_t> expires_at;
};
const auto kCreatedToken = [](auto& w, const TokenOut& t) {
  w.id("id", t.made.id);
  w.text("token", t.made.token, {.description = "shown once"});
  w.text("name", t.name);
  w.texts("scopes", actions::scope_names(t.scopes));
  w.time_or_null("expires_at", t.expires_at);
};

const auto kToken = [](auto& w, const actions::TokenInfo& t) {
  w.id("id", t.id);
  w.text("name", t.name);
  w.texts("scopes", actions::scope_names(t.scopes));
  w.time("created_at", t.created_at);
  w.time_or_null("last_used_at", t.last_used_at);
  w.time_or_null("expires_at", t.expires_at);
};

struct SignInIn {
  std::string email;
  std::string password;
};
const auto kSignIn = [](auto& r, SignInIn& in) {
  r.text("email", in.email, {.length = limits::kEmail});
  r.text("password", in.password, {.length = {0, limits::kPassword.max}, .verbatim = true});
};

struct PasswordChangeIn {
  std::string current_password;
  std::string new_password;
};
const auto kPasswordChange = [](auto& r, PasswordChangeIn& in) {
  r.text("current_password", in.current_password, {.length = {0, limits::kPassword.max}, .verbatim = true});
  r.text("new_password", in.new_password, {.length = limits::kPassword, .verbatim = true});
};

Result<http::Response> sign_in(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  SignInIn in;
  WEFT_TRY_VOID(wire::read(body, in, kSignIn));
  WEFT_ASSIGN_OR_RETURN(auto signed_in, actions::sign_in(context.app.store, context.app.throttle, in.email, in.password,
                                                         context.request.remote_address));
  Viewer viewer{signed_in.person_id, Role::kMember};
  WEFT_ASSIGN_OR_RETURN(auto person, queries::person(context.app.store, viewer, signed_in.person_id));
  auto response = json_response(200, wire::to_json(SessionOut{std::move(person), signed_in.csrf_token}, kSession));
  response.set_header("Set-Cookie", session_cookie(context.request, signed_in.session_token, actions::kSessionSeconds));
  return response;
}

Result<http::Response> current_session(http::Context& context) {
  if (!context.auth().by_cookie) {
    return fail(ErrorCode::kUnauthenticated, "This is not a cookie session.");
  }
  WEFT_ASSIGN_OR_RETURN(auto person, queries::person(context.app.store, context.viewer(),
                                                     context.viewer().person_id));
  return json_response(200, wire::to_json(SessionOut{std::move(person), context.auth().csrf_token}, kSession));
}

// Where to end the session at the identity provider too (RP-initiated logout), for a person who
// signs in through it and a provider that offers it.
std::optional<std::string> provider_logout(http::Context& context) {
  if (!context.app.oidc) return std::nullopt;
  auto settings = actions::oidc_settings(context.app.store);
  if (!settings || !*settings) return std::nullopt;
  auto linked = store::read(context.app.store, [&](store::Connection& c) -> Result<bool> {
    return c.query_int("SELECT 1 FROM people WHERE id = ? AND oidc_subject IS NOT NULL", {context.viewer().person_id})
        .has_value();
  });
  if (!linked || !*linked) return std::nullopt;
  auto provider = context.app.oidc->discover((*settings)->issuer);
  if (!provider || !provider->end_session_endpoint) return std::nullopt;
  const std::string base = public_base_url(context);
  const std::string& end = *provider->end_session_endpoint;
  return end + (end.find('?') == std::string::npos ? "?" : "&") + "client_id=" + http::percent_encode((*settings)->client_id) +
         "&post_logout_redirect_uri=" + http::percent_encode(base + "/signin");
}

Result<http::Response> sign_out(http::Context& context) {
  std::string token = context.request.cookie("weft_session");
  // Without a live session (it expired, or this is a second sign-out) there is nothing to end:
  // the cookie is cleared all the same, and the answer is the same 204.
  const auto logout = context.signed_in() ? provider_logout(context) : std::nullopt;
  if (context.signed_in() && !token.empty()) WEFT_TRY_VOID(actions::sign_out(context.app.store, token));
  auto response = http::Response::no_content();
  response.set_header("Set-Cookie", session_cookie(context.request, "", 0));
  if (logout) response.set_header("Weft-Logout-Url", *logout);
  return response;
}

Result<http::Response> me(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto person, queries::person(context.app.store, context.viewer(),
                                                     context.viewer().person_id));
  return json_response(200, person_json(person, true));
}

Result<http::Response> change_password(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  PasswordChangeIn in;
  WEFT_TRY_VOID(wire::read(body, in, kPasswordChange));
  WEFT_TRY_VOID(actions::change_password(context.app.store, context.app.throttle, context.viewer(), in.current_password,
                                         in.new_password, context.request.cookie("weft_session"),
                                         context.request.remote_address));
  return http::Response::no_content();
}

struct NewTokenIn {
  std::string name;
  std::vector<std::string> scopes;
  std::optional<int64_t> expires_at;
};
const auto kNewToken = [](auto& r, NewTokenIn& in) {
  r.text("name", in.name, {.length = limits::kTokenName});
  r.texts("scopes", in.scopes, {.one_of = {"read", "write", "admin", "scim"},
                                .description = "scim alone: an admin's token for the identity provider, serving "
                                               "/scim/v2 only",
                                .length = limits::kChoice, .max_items = 8});
  r.time_or_null("expires_at", in.expires_at, {.description = "null: never"});
};

Result<http::Response> create_token(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  NewTokenIn in;
  WEFT_TRY_VOID(wire::read(body, in, kNewToken));
  if (in.scopes.empty()) return invalid("scopes", "scopes must be a non-empty array of read, write, admin (or scim alone).");
  unsigned mask = 0;
  for (const auto& scope : in.scopes) {
    auto bit = actions::parse_scope(scope);
    if (!bit) return invalid("scopes", "scopes may hold only read, write, admin and scim.");
    mask |= *bit;
  }
  // A token cannot carry more than the credential that creates it.
  // A scim token is an admin's: it needs the admin scope of its creator.
  const unsigned needed = (mask & ~static_cast<unsigned>(kScopeScim)) | ((mask & kScopeScim) ? kScopeAdmin : 0u);
  if ((needed & context.auth().scopes) != needed) {
    return forbidden("A token cannot have scopes its creator lacks.");
  }
  // Nor outlive it: a token made with a token that expires expires no later.
  std::optional<int64_t> expires_at = in.expires_at;
  if (const auto parent = context.auth().token_id) {
    auto until = store::read(context.app.store, [&](store::Connection& c) -> Result<std::optional<int64_t>> {
      auto rows = c.query("SELECT expires_at FROM api_tokens WHERE id = ?", {*parent});
      return rows->next() ? rows->optional_int64(0) : std::optional<int64_t>();
    });
    if (!until) return std::unexpected(until.error());
    if (*until && (!expires_at || *expires_at > **until)) expires_at = *until;
  }
  WEFT_ASSIGN_OR_RETURN(auto token, actions::create_token(context.app.store, context.viewer(), in.name,
                                                          mask, expires_at));
  return json_response(201, wire::to_json(TokenOut{token, in.name, mask, expires_at}, kCreatedToken));
}

Result<http::Response> tokens_response(const std::vector<actions::TokenInfo>& tokens) {
  boost::json::array items;
  for (const auto& token : tokens) items.push_back(wire::to_json(token, kToken));
  return list_response(std::move(items), std::nullopt);
}

Result<http::Response> list_tokens(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto tokens, actions::list_tokens(context.app.store, context.viewer()));
  return tokens_response(tokens);
}

Result<http::Response> person_tokens(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto tokens, actions::list_tokens(context.app.store, context.viewer(), id));
  return tokens_response(tokens);
}

Result<http::Response> revoke_person_tokens(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_TRY_VOID(actions::revoke_person_tokens(context.app.store, context.viewer(), id));
  return http::Response::no_content();
}

Result<http::Response> revoke_token(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_TRY_VOID(actions::revoke_token(context.app.store, context.viewer(), id));
  return http::Response::no_content();
}

}  // namespace

void register_session_routes(App& app) {
  app.shapes->define_input<NewTokenIn>("NewToken", kNewToken);
  app.shapes->define_input<SignInIn>("SignIn", kSignIn);
  app.shapes->define_input<PasswordChangeIn>("PasswordChange", kPasswordChange);
  app.shapes->define<SessionOut>("Session", kSession);
  app.shapes->define<TokenOut>("CreatedToken", kCreatedToken);
  app.shapes->define_items<actions::TokenInfo>("TokenList", "Token", kToken);
  using http::Access;
  auto& r = app.router;
  r.add("POST", "/api/v1/session", Access::kPublic,
        {.summary = "Sign in with e-mail and password; sets the weft_session cookie",
         .tag = "sessions", .request_schema = "SignIn", .response_schema = "Session",
         .csrf_exempt = true},
        sign_in);
  r.add("GET", "/api/v1/session", Access::kSignedIn,
        {.summary = "The cookie session: person and CSRF token", .tag = "sessions",
         .response_schema = "Session"},
        current_session);
  r.add("DELETE", "/api/v1/session", Access::kPublic,
        {.summary = "Sign out (204 also when the session had already ended)", .tag = "sessions", .status = 204,
         .stale_credentials_ok = true},
        sign_out);
  r.add("GET", "/api/v1/me", Access::kSignedIn,
        {.summary = "The signed-in person", .tag = "sessions", .response_schema = "PersonDetail"}, me);
  r.add("PUT", "/api/v1/me/password", Access::kSignedIn,
        {.summary = "Change my password (ends my other sessions and revokes my tokens)", .tag = "sessions",
         .request_schema = "PasswordChange", .status = 204},
        change_password);
  r.add("POST", "/api/v1/tokens", Access::kSignedIn,
        {.summary = "Create an API token (shown once)", .tag = "sessions",
         .request_schema = "NewToken", .response_schema = "CreatedToken", .status = 201},
        create_token);
  r.add("GET", "/api/v1/tokens", Access::kSignedIn,
        {.summary = "My API tokens", .tag = "sessions", .response_schema = "TokenList"}, list_tokens);
  r.add("DELETE", "/api/v1/tokens/{id}", Access::kSignedIn,
        {.summary = "Revoke an API token (one's own; an admin, anyone's)", .tag = "sessions", .status = 204},
        revoke_token);
  r.add("GET", "/api/v1/people/{id}/tokens", Access::kAdmin,
        {.summary = "A person's live API tokens (admins)", .tag = "sessions", .response_schema = "TokenList"},
        person_tokens);
  r.add("DELETE", "/api/v1/people/{id}/tokens", Access::kAdmin,
        {.summary = "Revoke every API token of a person (admins)", .tag = "sessions", .status = 204},
        revoke_person_tokens);
}

}  // namespace weft::api
