// Integrations: inbound secrets (admin) and the signed inbound hook that sends records
// (docs/design/work-context.md).
#include "api/app.h"
#include "api/serialize.h"
#include "core/clock.h"
#include "core/json.h"
#include "integrations/inbound.h"

namespace weft::api {
namespace {

boost::json::object secret_json(const integrations::SecretInfo& s) {
  return {{"id", std::to_string(s.id)},
          {"name", s.name},
          {"system", s.system ? boost::json::value(boost::json::string(*s.system)) : boost::json::value(nullptr)},
          {"created_by", std::to_string(s.created_by)},
          {"created_at", time_value(s.created_at)},
          {"revoked_at", time_value(s.revoked_at)},
          {"last_used_at", time_value(s.last_used_at)},
          {"previous_key_expires_at", time_value(s.previous_key_expires_at)}};
}

Result<http::Response> create_secret(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto name, json::required_string(body, "name", {1, 100}));
  WEFT_ASSIGN_OR_RETURN(auto system, json::optional_string(body, "system", {1, 60}));
  WEFT_ASSIGN_OR_RETURN(auto made, integrations::create_inbound_secret(context.app.store, context.viewer(), name, system));
  return json_response(201, boost::json::object{{"id", std::to_string(made.id)}, {"secret", made.secret}});
}

Result<http::Response> list_secrets(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto secrets, integrations::inbound_secrets(context.app.store, context.viewer()));
  boost::json::array items;
  for (const auto& s : secrets) items.push_back(secret_json(s));
  return list_response(std::move(items), std::nullopt);
}

Result<http::Response> rotate_secret(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  int64_t overlap = 86400;
  if (!context.request.body.empty()) {
    WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
    if (const auto* value = body.if_contains("overlap_seconds")) {
      if (!value->is_int64()) return invalid("overlap_seconds", "overlap_seconds must be 0 to 604800 (a week).");
      overlap = value->as_int64();
    }
  }
  WEFT_ASSIGN_OR_RETURN(auto made, integrations::rotate_inbound_secret(context.app.store, context.viewer(), id, overlap));
  return json_response(200, boost::json::object{{"id", std::to_string(made.id)}, {"secret", made.secret}});
}

Result<http::Response> revoke_secret(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_TRY_VOID(integrations::revoke_inbound_secret(context.app.store, context.viewer(), id));
  return http::Response::no_content();
}

Result<http::Response> record_hook(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto outcome,
                        integrations::accept_record_hook(context.app.store, context.request, clock::now_seconds()));
  return json_response(202, boost::json::object{{"record_id", std::to_string(outcome.record_id)},
                                                {"status", outcome.status}});
}

}  // namespace

void register_integration_routes(App& app) {
  using http::Access;
  auto& r = app.router;
  r.add("POST", "/api/v1/inbound-secrets", Access::kAdmin,
        {.summary = "Create a secret that signs inbound hooks (admin); the secret is shown once", .tag = "integrations",
         .request_schema = "NewInboundSecret", .response_schema = "CreatedSecret", .status = 201},
        create_secret);
  r.add("GET", "/api/v1/inbound-secrets", Access::kAdmin,
        {.summary = "Inbound secrets (admin), never their values", .tag = "integrations",
         .response_schema = "InboundSecretList"},
        list_secrets);
  r.add("POST", "/api/v1/inbound-secrets/{id}/rotate", Access::kAdmin,
        {.summary = "A new value for an inbound secret (admin); the old one signs for overlap_seconds more",
         .tag = "integrations", .request_schema = "SecretRotation", .response_schema = "CreatedSecret"},
        rotate_secret);
  r.add("DELETE", "/api/v1/inbound-secrets/{id}", Access::kAdmin,
        {.summary = "Revoke an inbound secret at once (admin)", .tag = "integrations", .status = 204},
        revoke_secret);
  r.add("POST", "/api/v1/hooks/records", Access::kPublic,
        {.summary = "Create or update a record, signed with an inbound secret (Weft's headers or Standard Webhooks)",
         .tag = "integrations", .request_schema = "RecordUpsert", .response_schema = "HookAccepted", .status = 202,
         .csrf_exempt = true},
        record_hook);
}

}  // namespace weft::api
