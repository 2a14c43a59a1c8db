// Integrations: inbound secrets (admin) and the signed inbound hook that sends records
// (docs/design/work-context.md).
#include "api/app.h"
#include "api/serialize.h"
#include "core/clock.h"
#include "core/json.h"
#include "integrations/inbound.h"
#include "integrations/webhooks.h"

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

integrations::WebhookSettings settings_of(const App& app) {
  return {.allow_private = app.webhook_allow_private, .own_addresses = app.own_addresses};
}

boost::json::value ms_time(const std::optional<int64_t>& ms) {
  if (!ms) return nullptr;
  return time_value(*ms / 1000);
}

boost::json::object webhook_json(const integrations::Webhook& w) {
  boost::json::array events;
  for (const auto& e : w.events) events.push_back(boost::json::string(e));
  return {{"id", std::to_string(w.id)},
          {"url", w.url},
          {"events", std::move(events)},
          {"enabled", w.enabled},
          {"disabled_reason", w.disabled_reason ? boost::json::value(boost::json::string(*w.disabled_reason))
                                                : boost::json::value(nullptr)},
          {"failing_since", ms_time(w.failing_since_ms)},
          {"created_by", std::to_string(w.created_by)},
          {"created_at", time_value(w.created_at)},
          {"updated_at", time_value(w.updated_at)},
          {"pending", w.pending}};
}

boost::json::object delivery_json(const integrations::Delivery& d) {
  auto text = [](const std::optional<std::string>& t) {
    return t ? boost::json::value(boost::json::string(*t)) : boost::json::value(nullptr);
  };
  return {{"id", std::to_string(d.id)},
          {"webhook_id", std::to_string(d.webhook_id)},
          {"event_id", id_value(d.event_id)},
          {"event_type", d.event_type},
          {"status", d.status},
          {"attempts", d.attempts},
          {"response_code", d.response_code ? boost::json::value(*d.response_code) : boost::json::value(nullptr)},
          {"response_excerpt", text(d.response_excerpt)},
          {"error", text(d.error)},
          {"next_attempt_at", d.status == "pending" ? ms_time(d.next_attempt_at_ms) : boost::json::value(nullptr)},
          {"last_attempt_at", ms_time(d.last_attempt_at_ms)},
          {"delivered_at", ms_time(d.delivered_at_ms)},
          {"redelivery_of", id_value(d.redelivery_of)},
          {"created_at", ms_time(d.created_at_ms)}};
}

Result<integrations::WebhookInput> webhook_input(const boost::json::object& body) {
  integrations::WebhookInput input;
  WEFT_ASSIGN_OR_RETURN(input.url, json::optional_string(body, "url", {1, 2000}));
  WEFT_ASSIGN_OR_RETURN(input.events, json::optional_string_list(body, "events", 50, {1, 60}));
  if (body.contains("events") && !input.events) return invalid("events", "events must list event types.");
  WEFT_ASSIGN_OR_RETURN(input.secret, json::optional_string(body, "secret", {16, 200}));
  WEFT_ASSIGN_OR_RETURN(input.enabled, json::optional_bool(body, "enabled"));
  return input;
}

Result<http::Response> create_webhook(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto input, webhook_input(body));
  WEFT_ASSIGN_OR_RETURN(auto id, integrations::create_webhook(context.app.store, context.viewer(), input,
                                                              settings_of(context.app)));
  WEFT_ASSIGN_OR_RETURN(auto made, integrations::webhook(context.app.store, context.viewer(), id));
  return json_response(201, webhook_json(made));
}

Result<http::Response> list_webhooks(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto hooks, integrations::webhooks(context.app.store, context.viewer()));
  boost::json::array items;
  for (const auto& w : hooks) items.push_back(webhook_json(w));
  return list_response(std::move(items), std::nullopt);
}

Result<http::Response> get_webhook(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto hook, integrations::webhook(context.app.store, context.viewer(), id));
  return json_response(200, webhook_json(hook));
}

Result<http::Response> update_webhook(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto input, webhook_input(body));
  WEFT_TRY_VOID(integrations::update_webhook(context.app.store, context.viewer(), id, input, settings_of(context.app)));
  if (input.enabled && *input.enabled && context.app.wake_webhooks) context.app.wake_webhooks();
  WEFT_ASSIGN_OR_RETURN(auto hook, integrations::webhook(context.app.store, context.viewer(), id));
  return json_response(200, webhook_json(hook));
}

Result<http::Response> delete_webhook(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_TRY_VOID(integrations::delete_webhook(context.app.store, context.viewer(), id));
  return http::Response::no_content();
}

Result<http::Response> list_deliveries(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto page, cursor::page_request(context.request.query("cursor"),
                                                        context.request.query("limit"), 1));
  WEFT_ASSIGN_OR_RETURN(auto items, integrations::deliveries(context.app.store, context.viewer(), id,
                                                             context.request.query("status"), page));
  return page_response(items, [](const integrations::Delivery& d) { return delivery_json(d); });
}

Result<http::Response> redeliver(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto delivery_id, context.id_param("delivery_id"));
  WEFT_ASSIGN_OR_RETURN(auto made, integrations::redeliver(context.app.store, context.viewer(), id, delivery_id));
  if (context.app.wake_webhooks) context.app.wake_webhooks();
  return json_response(201, delivery_json(made));
}

Result<http::Response> test_webhook(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  if (context.app.webhook_client == nullptr) return fail(ErrorCode::kUnavailable, "Webhooks are not sent by this process.");
  WEFT_ASSIGN_OR_RETURN(auto result,
                        integrations::send_test(context.app.store, context.viewer(), id, *context.app.webhook_client));
  return json_response(200, boost::json::object{
                                {"status_code", result.status_code ? boost::json::value(result.status_code)
                                                                   : boost::json::value(nullptr)},
                                {"body", result.body},
                                {"duration_ms", result.duration_ms},
                                {"error", result.error.empty() ? boost::json::value(nullptr)
                                                               : boost::json::value(boost::json::string(result.error))}});
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
  r.add("POST", "/api/v1/webhooks", Access::kAdmin,
        {.summary = "Register a webhook (admin): a URL, the event types it wants, a secret that signs deliveries",
         .tag = "webhooks", .request_schema = "NewWebhook", .response_schema = "Webhook", .status = 201},
        create_webhook);
  r.add("GET", "/api/v1/webhooks", Access::kAdmin,
        {.summary = "Webhooks (admin), never their secrets", .tag = "webhooks", .response_schema = "WebhookList"},
        list_webhooks);
  r.add("GET", "/api/v1/webhooks/{id}", Access::kAdmin,
        {.summary = "A webhook (admin)", .tag = "webhooks", .response_schema = "Webhook"}, get_webhook);
  r.add("PATCH", "/api/v1/webhooks/{id}", Access::kAdmin,
        {.summary = "Change a webhook's URL, events or secret (the old one signs a day more), or enable it again",
         .tag = "webhooks", .request_schema = "WebhookChange", .response_schema = "Webhook"},
        update_webhook);
  r.add("DELETE", "/api/v1/webhooks/{id}", Access::kAdmin,
        {.summary = "Delete a webhook and its deliveries (admin)", .tag = "webhooks", .status = 204}, delete_webhook);
  r.add("GET", "/api/v1/webhooks/{id}/deliveries", Access::kAdmin,
        {.summary = "A webhook's deliveries, newest first: status, response code, attempts, next retry",
         .tag = "webhooks", .response_schema = "DeliveryList", .query = {"status", "cursor", "limit"}},
        list_deliveries);
  r.add("POST", "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver", Access::kAdmin,
        {.summary = "Send a delivery again, after what is pending (admin)", .tag = "webhooks",
         .response_schema = "Delivery", .status = 201},
        redeliver);
  r.add("POST", "/api/v1/webhooks/{id}/test", Access::kAdmin,
        {.summary = "Send a webhook.test event now and show the receiver's answer (admin)", .tag = "webhooks",
         .response_schema = "WebhookTestResult"},
        test_webhook);
}

}  // namespace weft::api
