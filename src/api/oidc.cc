// Single sign-on (OpenID Connect, authorization code flow with PKCE): the admin's settings, what
// the sign-in page offers, the start (a redirect to the provider with state, nonce and the S256
// challenge) and the callback (state used once, the code redeemed, the ID token checked, the
// person found, linked or made, a session cookie). docs/design/identity.md.
#include <boost/json.hpp>

#include "actions/group_rules.h"
#include "actions/oidc.h"
#include "api/app.h"
#include "api/serialize.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/limits.h"
#include "identity/oidc.h"
#include "identity/oidc_client.h"
#include "wire/shape.h"

namespace weft::api {
namespace {

std::string redirect_uri(const http::Context& context) { return public_base_url(context) + "/api/v1/auth/oidc/callback"; }

// The state also rides in a cookie of the browser that started, so that a callback URL made by
// someone else (their code, their state) cannot sign this browser in as them (login CSRF).
constexpr const char* kStateCookie = "weft_oidc_state";
std::string state_cookie(const http::Request& request, const std::string& value, int max_age) {
  return std::string(kStateCookie) + "=" + value + "; Path=/api/v1/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=" +
         std::to_string(max_age) + (request.secure ? "; Secure" : "");
}

http::Response redirect(const std::string& location) {
  http::Response response;
  response.status = 302;
  response.content_type = "text/plain; charset=utf-8";
  response.set_header("Location", location);
  response.set_header("Cache-Control", "no-store");
  return response;
}

// Only a path of this site: never another origin ("//host", "/\\host", a scheme). Browsers drop
// tabs and line breaks from a URL and read "\\" as "/", so "/\t/host" would be "//host": no
// control character, space or backslash anywhere.
std::string safe_return(const std::string& given) {
  if (given.empty() || given[0] != '/' || given.starts_with("//") || given.size() > 500) return "/";
  for (unsigned char ch : given) {
    if (ch <= 0x20 || ch == 0x7F || ch == '\\') return "/";
  }
  return given;
}

struct OidcOut {
  std::optional<actions::OidcSettings> settings;
  std::string redirect_uri;
};
const auto kOidcSettings = [](auto& w, const OidcOut& o) {
  w.boolean("configured", o.settings.has_value());
  // The settings once single sign-on is set up (the schema names them all, as sometimes there).
  if (o.settings || w.kSchema) {
    static const actions::OidcSettings kNone;
    const actions::OidcSettings& s = o.settings ? *o.settings : kNone;
    w.text("issuer", s.issuer, {.sometimes = true});
    w.text("client_id", s.client_id, {.sometimes = true});
    w.boolean("has_client_secret", !s.client_secret.empty(), {.description = "the secret itself is never shown", .sometimes = true});
    w.text("scopes", s.scopes, {.sometimes = true});
    w.text("display_name", s.display_name, {.sometimes = true});
    w.object("claims", nullptr, s.claims, [](auto& inner, const identity::ClaimMap& c) {
      inner.text("email", c.email);
      inner.text("name", c.name);
      inner.text("title", c.title);
      inner.text("unit", c.unit);
      inner.text("groups", c.groups);
    }, {.description = "the names of the ID token's claims Weft reads", .sometimes = true});
    w.boolean("local_passwords", s.local_passwords, {.sometimes = true});
    w.text_or_null("break_glass_email", s.break_glass_email, {.sometimes = true});
  }
  w.text("redirect_uri", o.redirect_uri, {.description = "what to register at the provider"});
};

struct ProviderOut {
  std::string name;
  std::string start_url;
};
struct ProvidersOut {
  bool local_passwords = true;
  std::optional<ProviderOut> oidc;
};
const auto kProviders = [](auto& w, const ProvidersOut& p) {
  w.boolean("local_passwords", p.local_passwords);
  w.object_or_null("oidc", nullptr, p.oidc ? &*p.oidc : nullptr, [](auto& inner, const ProviderOut& o) {
    inner.text("name", o.name);
    inner.text("start_url", o.start_url);
  }, {.description = "null: no single sign-on"});
};

Result<http::Response> get_settings(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto settings, actions::oidc_settings(context.app.store));
  return json_response(200, wire::to_json(OidcOut{std::move(settings), redirect_uri(context)}, kOidcSettings));
}

// A change of the settings; a field left out (or null) keeps its default, the client secret the
// stored one.
const auto kClaimNames = [](auto& r, identity::ClaimMap& claims) {
  constexpr limits::Text kClaim{1, 200};
  r.text("email", claims.email, {.sometimes = true, .length = kClaim});
  r.text("name", claims.name, {.sometimes = true, .length = kClaim});
  r.text("title", claims.title, {.sometimes = true, .length = kClaim});
  r.text("unit", claims.unit, {.sometimes = true, .length = kClaim});
  r.text("groups", claims.groups, {.sometimes = true, .length = kClaim});
};
const auto kOidcChange = [](auto& r, actions::OidcSettings& s) {
  r.text("issuer", s.issuer, {.description = "the provider's URL; its discovery document must answer", .length = {1, 500}});
  r.text("client_id", s.client_id, {.length = {1, 300}});
  r.text("client_secret", s.client_secret,
         {.description = "required the first time; left out, the stored one is kept", .sometimes = true,
          .length = {0, 1000}, .verbatim = true});
  r.text("scopes", s.scopes, {.sometimes = true, .length = {0, 300}});
  r.text("display_name", s.display_name, {.sometimes = true, .length = {0, 200}});
  r.object("claims", nullptr, s.claims, kClaimNames,
           {.description = "the claim that carries each of these (defaults: email, name, title, department, groups)",
            .sometimes = true, .closed = true});
  r.boolean("local_passwords", s.local_passwords, {.sometimes = true});
  r.text_or_null("break_glass_email", s.break_glass_email,
                 {.description = "an active admin who keeps a password while passwords are off", .length = {0, 320}});
};

Result<http::Response> put_settings(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  actions::OidcSettings s;
  WEFT_TRY_VOID(wire::read(body, s, kOidcChange));
  // The provider must answer before Weft sends people to it.
  if (!context.app.oidc) return fail(ErrorCode::kUnavailable, "Single sign-on is not available in this process.");
  context.app.oidc->forget();
  WEFT_TRY_VOID(context.app.oidc->discover(s.issuer));
  WEFT_TRY_VOID(actions::save_oidc_settings(context.app.store, context.viewer(), s));
  return get_settings(context);
}

Result<http::Response> delete_settings(http::Context& context) {
  WEFT_TRY_VOID(actions::remove_oidc_settings(context.app.store, context.viewer()));
  if (context.app.oidc) context.app.oidc->forget();
  return http::Response::no_content();
}

Result<http::Response> providers(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto settings, actions::oidc_settings(context.app.store));
  ProvidersOut out{.local_passwords = !settings || settings->local_passwords};
  if (settings) out.oidc = ProviderOut{settings->display_name, "/api/v1/auth/oidc/start"};
  return json_response(200, wire::to_json(out, kProviders));
}

Result<http::Response> start(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto settings, actions::oidc_settings(context.app.store));
  if (!settings || !context.app.oidc) return not_found("Single sign-on is not set up.");
  WEFT_ASSIGN_OR_RETURN(auto provider, context.app.oidc->discover(settings->issuer));
  const auto pending = actions::begin_oidc_sign_in(context.app.store, safe_return(context.request.query("return_to")));
  const std::string separator = provider.authorization_endpoint.find('?') == std::string::npos ? "?" : "&";
  auto response = redirect(provider.authorization_endpoint + separator + "response_type=code&client_id=" +
                           http::percent_encode(settings->client_id) + "&redirect_uri=" + http::percent_encode(redirect_uri(context)) +
                           "&scope=" + http::percent_encode(settings->scopes) + "&state=" + pending.state + "&nonce=" + pending.nonce +
                           "&code_challenge=" + identity::pkce_challenge(pending.verifier) + "&code_challenge_method=S256");
  response.set_header("Set-Cookie", state_cookie(context.request, pending.state, 600));
  return response;
}

// Back from the provider. Whatever goes wrong, the person lands on the sign-in page with the
// reason (sso_error), and nothing is created.
Result<http::Response> callback(http::Context& context) {
  auto fail_to_sign_in = [&](const std::string& why) {
    auto response = redirect("/signin?sso_error=" + http::percent_encode(why));
    response.set_header("Set-Cookie", state_cookie(context.request, "", 0));
    return response;
  };
  const std::string state = context.request.query("state");
  const std::string started_here = context.request.cookie(kStateCookie);
  if (state.empty() || !crypto::constant_time_equal(started_here, state)) {
    // Not this browser's sign-in: spend the state all the same, so that it cannot be used after.
    if (!state.empty()) (void)actions::take_oidc_state(context.app.store, state);
    return fail_to_sign_in("This sign-in was not started in this browser; start again.");
  }
  auto returning = actions::take_oidc_state(context.app.store, state);
  if (!returning) return fail_to_sign_in(returning.error().message);
  if (const std::string error = context.request.query("error"); !error.empty()) {
    const std::string described = context.request.query("error_description");
    return fail_to_sign_in("The identity provider said: " + (described.empty() ? error : described).substr(0, 300));
  }
  const std::string code = context.request.query("code");
  if (code.empty() || code.size() > 2000) return fail_to_sign_in("The identity provider sent no code.");
  auto settings = actions::oidc_settings(context.app.store);
  if (!settings || !*settings || !context.app.oidc) return fail_to_sign_in("Single sign-on is not set up.");
  auto provider = context.app.oidc->discover((*settings)->issuer);
  if (!provider) return fail_to_sign_in(provider.error().message);
  auto claims_text = context.app.oidc->redeem(*provider, (*settings)->client_id, (*settings)->client_secret, code,
                                              redirect_uri(context), returning->verifier, returning->nonce);
  if (!claims_text) return fail_to_sign_in(claims_text.error().message);
  auto claims = identity::read_claims(*claims_text, (*settings)->claims);
  if (!claims) return fail_to_sign_in(claims.error().message);
  auto signed_in = actions::oidc_sign_in(context.app.store, *claims);
  if (!signed_in) return fail_to_sign_in(signed_in.error().message);
  auto response = redirect(returning->return_to);
  response.set_header("Set-Cookie", session_cookie(context.request, signed_in->session_token, actions::kSessionSeconds));
  response.set_header("Set-Cookie", state_cookie(context.request, "", 0));
  return response;
}

// Group rules -----------------------------------------------------------------------------------

const auto kRuleIn = [](auto& r, actions::GroupRule& rule) {
  r.text("group", rule.group, {.description = "the identity provider's group, as its groups claim names it",
                               .length = {1, 200}});
  r.id_or_null("unit_id", rule.unit_id, {.description = "the unit its people are put in"});
  r.id_or_null("space_id", rule.space_id, {.description = "the space its people join"});
  r.text("space_role", rule.space_role, {.one_of = {"member", "guest"}, .description = "default member",
                                         .sometimes = true, .length = limits::kChoice});
};

struct RulesIn {
  std::vector<actions::GroupRule> rules;
};
const auto kRulesIn = [](auto& r, RulesIn& in) {
  r.array("rules", "GroupRuleInput", in.rules, kRuleIn, {.description = "in order; they replace the rules there are"});
};

Result<std::vector<actions::GroupRule>> rules_of(const boost::json::object& body) {
  RulesIn in;
  WEFT_TRY_VOID(wire::read(body, in, kRulesIn));
  return std::move(in.rules);
}

const auto kRule = [](auto& w, const actions::GroupRule& r) {
  w.id("id", r.id);
  w.text("group", r.group, {.description = "the identity provider's group, as its groups claim names it"});
  w.id_or_null("unit_id", r.unit_id);
  w.id_or_null("space_id", r.space_id);
  w.text("space_role", r.space_role, {.one_of = {"member", "guest"}});
};

const auto kRules = [](auto& w, const std::vector<actions::GroupRule>& rules) {
  w.array("items", "GroupRule", rules, kRule);
};

const auto kEffects = [](auto& w, const std::vector<actions::RuleEffect>& effects) {
  w.array("items", nullptr, effects, [](auto& inner, const actions::RuleEffect& e) {
    inner.object("rule", "GroupRule", e.rule, kRule);
    inner.integer("people", e.people, {.description = "active people in the group"});
    inner.integer("unit_changes", e.unit_changes, {.description = "of them, those whose unit changes (this rule alone)"});
    inner.integer("space_additions", e.space_additions, {.description = "of them, those not in the space yet"});
    inner.texts("sample", e.sample, {.description = "up to 10 names of those who change"});
  });
};

Result<http::Response> list_rules(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto rules, actions::group_rules(context.app.store, context.viewer()));
  return json_response(200, wire::to_json(rules, kRules));
}

Result<http::Response> preview_rules(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto rules, rules_of(body));
  WEFT_ASSIGN_OR_RETURN(auto effects, actions::preview_group_rules(context.app.store, context.viewer(), rules));
  return json_response(200, wire::to_json(effects, kEffects));
}

Result<http::Response> save_rules(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto rules, rules_of(body));
  WEFT_ASSIGN_OR_RETURN(auto effects, actions::save_group_rules(context.app.store, context.viewer(), rules));
  return json_response(200, wire::to_json(effects, kEffects));
}

}  // namespace

void register_oidc_routes(App& app) {
  app.shapes->define_input<RulesIn>("GroupRulesChange", kRulesIn);
  app.shapes->define_input<actions::OidcSettings>("OidcSettingsChange", kOidcChange);
  app.shapes->define<ProvidersOut>("AuthProviders", kProviders);
  app.shapes->define<OidcOut>("OidcSettings", kOidcSettings);
  app.shapes->define<std::vector<actions::GroupRule>>("GroupRuleList", kRules);
  app.shapes->define<std::vector<actions::RuleEffect>>("GroupRuleEffects", kEffects);
  using http::Access;
  auto& r = app.router;
  r.add("GET", "/api/v1/auth/providers", Access::kPublic,
        {.summary = "How people sign in here: single sign-on (its name and start URL) and whether passwords are on",
         .tag = "sessions", .response_schema = "AuthProviders"},
        providers);
  r.add("GET", "/api/v1/auth/oidc/start", Access::kPublic,
        {.summary = "Start signing in through the identity provider: a redirect with state, nonce and PKCE",
         .tag = "sessions", .status = 302, .query = {"return_to"}},
        start);
  r.add("GET", "/api/v1/auth/oidc/callback", Access::kPublic,
        {.summary = "Where the identity provider sends people back: a session cookie and a redirect, or the sign-in "
                    "page with the reason",
         .tag = "sessions", .status = 302, .query = {"code", "state", "error", "error_description"}},
        callback);
  r.add("GET", "/api/v1/admin/oidc", Access::kAdmin,
        {.summary = "Single sign-on settings (never the client secret) and the redirect URI to register", .tag = "admin",
         .response_schema = "OidcSettings"},
        get_settings);
  r.add("PUT", "/api/v1/admin/oidc", Access::kAdmin,
        {.summary = "Set up single sign-on: issuer (its discovery document must answer), client id and secret, "
                    "scopes, claim names, local passwords on or off with a break-glass admin",
         .tag = "admin", .request_schema = "OidcSettingsChange", .response_schema = "OidcSettings"},
        put_settings);
  r.add("GET", "/api/v1/admin/group-rules", Access::kAdmin,
        {.summary = "Rules from the identity provider's groups to units and spaces, in order", .tag = "admin",
         .response_schema = "GroupRuleList"},
        list_rules);
  r.add("POST", "/api/v1/admin/group-rules/preview", Access::kAdmin,
        {.summary = "Dry run: what these rules would do now (people, unit changes, space additions, some names)",
         .tag = "admin", .request_schema = "GroupRulesChange", .response_schema = "GroupRuleEffects"},
        preview_rules);
  r.add("PUT", "/api/v1/admin/group-rules", Access::kAdmin,
        {.summary = "Replace the group rules and apply them to everyone in their groups; answers what they did",
         .tag = "admin", .request_schema = "GroupRulesChange", .response_schema = "GroupRuleEffects"},
        save_rules);
  r.add("DELETE", "/api/v1/admin/oidc", Access::kAdmin,
        {.summary = "Turn single sign-on off (passwords are on again for everyone)", .tag = "admin", .status = 204},
        delete_settings);
}

}  // namespace weft::api
