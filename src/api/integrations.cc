// Integrations: inbound secrets (admin) and the signed inbound hook that sends records
// (docs/design/work-context.md).
#include "api/app.h"
#include "api/serialize.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/limits.h"
#include "integrations/inbound.h"
#include "integrations/webhooks.h"
#include "wire/shape.h"

namespace weft::api {
namespace {

const auto kSecret = [](auto& w, const integrations::SecretInfo& s) {
  w.id("id", s.id);
  w.text("name", s.name);
  w.text_or_null("system", s.system, {.description = "the only system it may send records of; null: any"});
  w.id("created_by", s.created_by);
  w.time("created_at", s.created_at);
  w.time_or_null("revoked_at", s.revoked_at);
  w.time_or_null("last_used_at", s.last_used_at);
  w.time_or_null("previous_key_expires_at", s.previous_key_expires_at,
                 {.description = "while a rotation's overlap lasts, the previous key works until then"});
};

const auto kNewSecret = [](auto& w, const integrations::NewSecret& s) {
  w.id("id", s.id);
  w.text("secret", s.secret, {.description = "whsec_ and base64 of 32 random bytes; shown once"});
};

const auto kHookOutcome = [](auto& w, const integrations::HookOutcome& o) {
  w.id("record_id", o.record_id);
  w.text("status", o.status, {.one_of = {"created", "updated", "unchanged"}});
};

std::optional<int64_t> seconds_of(const std::optional<int64_t>& ms) {
  return ms ? std::optional<int64_t>(*ms / 1000) : std::nullopt;
}

const auto kWebhook = [](auto& w, const integrations::Webhook& h) {
  w.id("id", h.id);
  w.text("url", h.url);
  w.texts("events", h.events);
  w.boolean("enabled", h.enabled);
  w.text_or_null("disabled_reason", h.disabled_reason, {.one_of = {"gone", "failing", "admin"}});
  w.time_or_null("failing_since", seconds_of(h.failing_since_ms));
  w.id("created_by", h.created_by);
  w.time("created_at", h.created_at);
  w.time("updated_at", h.updated_at);
  w.integer("pending", h.pending, {.description = "deliveries waiting to be sent"});
};

const auto kDelivery = [](auto& w, const integrations::Delivery& d) {
  w.id("id", d.id);
  w.id("webhook_id", d.webhook_id);
  w.id_or_null("event_id", d.event_id, {.description = "null: a test delivery"});
  w.text("event_type", d.event_type);
  w.text("status", d.status, {.one_of = {"pending", "succeeded", "failed"}});
  w.integer("attempts", d.attempts);
  w.integer_or_null("response_code", d.response_code);
  w.text_or_null("response_excerpt", d.response_excerpt);
  w.text_or_null("error", d.error);
  w.time_or_null("next_attempt_at", d.status == "pending" ? seconds_of(d.next_attempt_at_ms) : std::nullopt);
  w.time_or_null("last_attempt_at", seconds_of(d.last_attempt_at_ms));
  w.time_or_null("delivered_at", seconds_of(d.delivered_at_ms));
  w.id_or_null("redelivery_of", d.redelivery_of);
  w.time("created_at", d.created_at_ms / 1000);
};

const auto kTestResult = [](auto& w, const integrations::TestResult& r) {
  w.integer_or_null("status_code", r.status_code ? std::optional<int64_t>(r.status_code) : std::nullopt,
                    {.description = "null: no answer (see error)"});
  w.text("body", r.body);
  w.integer("duration_ms", r.duration_ms);
  w.text_or_null("error", r.error.empty() ? std::nullopt : std::optional(r.error));
};

template <typename T, typename Fields>
http::Response whole_list(const std::vector<T>& items, Fields fields) {
  boost::json::array out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(wire::to_json(item, fields));
  return list_response(std::move(out), std::nullopt);
}

struct NewSecretIn {
  std::string name;
  std::optional<std::string> system;
};
const auto kNewSecretIn = [](auto& r, NewSecretIn& in) {
  r.text("name", in.name, {.length = limits::kTokenName});
  r.text_or_null("system", in.system, {.description = "set: the secret sends only records of this system",
                                       .length = limits::kRecordKey});
};

Result<http::Response> create_secret(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  NewSecretIn in;
  WEFT_TRY_VOID(wire::read(body, in, kNewSecretIn));
  WEFT_ASSIGN_OR_RETURN(auto made,
                        integrations::create_inbound_secret(context.app.store, context.viewer(), in.name, in.system));
  return json_response(201, wire::to_json(made, kNewSecret));
}

Result<http::Response> list_secrets(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto secrets, integrations::inbound_secrets(context.app.store, context.viewer()));
  return whole_list(secrets, kSecret);
}

struct RotationIn {
  int64_t overlap_seconds = 86400;
};
const auto kRotation = [](auto& r, RotationIn& in) {
  r.integer("overlap_seconds", in.overlap_seconds,
            {.description = "how long the old value still signs, 0 to 604800 (a week); default 86400", .sometimes = true});
};

Result<http::Response> rotate_secret(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  int64_t overlap = 86400;
  if (!context.request.body.empty()) {
    WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
    RotationIn in;
    WEFT_TRY_VOID(wire::read(body, in, kRotation));
    overlap = in.overlap_seconds;
  }
  WEFT_ASSIGN_OR_RETURN(auto made, integrations::rotate_inbound_secret(context.app.store, context.viewer(), id, overlap));
  return json_response(200, wire::to_json(made, kNewSecret));
}

Result<http::Response> revoke_secret(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_TRY_VOID(integrations::revoke_inbound_secret(context.app.store, context.viewer(), id));
  return http::Response::no_content();
}

Result<http::Response> record_hook(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto outcome,
                        integrations::accept_record_hook(context.app.store, context.request, clock::now_seconds()));
  return json_response(202, wire::to_json(outcome, kHookOutcome));
}

integrations::WebhookSettings settings_of(const App& app) {
  return {.allow_private = app.webhook_allow_private, .own_addresses = app.own_addresses};
}

constexpr limits::Text kHookUrl{1, 2000};
constexpr limits::Text kHookEvent{1, 60};
constexpr limits::Text kHookSecret{16, 200};
constexpr std::size_t kMaxHookEvents = 50;
constexpr const char* kEventsDoc = "event types (post.created, problem.resolved, record.upserted, ...) or [\"*\"]";
constexpr const char* kSecretDoc = "signs deliveries; a whsec_ secret is decoded for Standard Webhooks";

struct NewWebhookIn {
  std::string url;
  std::vector<std::string> events;
  std::string secret;
  std::optional<bool> enabled;
};
const auto kNewWebhook = [](auto& r, NewWebhookIn& in) {
  r.text("url", in.url, {.length = kHookUrl});
  r.texts("events", in.events, {.description = kEventsDoc, .length = kHookEvent, .max_items = kMaxHookEvents});
  r.text("secret", in.secret, {.description = kSecretDoc, .length = kHookSecret});
  r.boolean("enabled", in.enabled);
};

const auto kWebhookChange = [](auto& r, integrations::WebhookInput& in) {
  r.text_or_null("url", in.url, {.length = kHookUrl});
  r.texts("events", in.events, {.description = kEventsDoc, .length = kHookEvent, .max_items = kMaxHookEvents});
  r.text_or_null("secret", in.secret, {.description = kSecretDoc, .length = kHookSecret});
  r.boolean("enabled", in.enabled);
};

Result<http::Response> create_webhook(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  NewWebhookIn in;
  WEFT_TRY_VOID(wire::read(body, in, kNewWebhook));
  const integrations::WebhookInput input{.url = std::move(in.url), .events = std::move(in.events),
                                         .secret = std::move(in.secret), .enabled = in.enabled};
  WEFT_ASSIGN_OR_RETURN(auto id, integrations::create_webhook(context.app.store, context.viewer(), input,
                                                              settings_of(context.app)));
  WEFT_ASSIGN_OR_RETURN(auto made, integrations::webhook(context.app.store, context.viewer(), id));
  return json_response(201, wire::to_json(made, kWebhook));
}

Result<http::Response> list_webhooks(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto hooks, integrations::webhooks(context.app.store, context.viewer()));
  return whole_list(hooks, kWebhook);
}

Result<http::Response> get_webhook(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto hook, integrations::webhook(context.app.store, context.viewer(), id));
  return json_response(200, wire::to_json(hook, kWebhook));
}

Result<http::Response> update_webhook(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  integrations::WebhookInput input;
  WEFT_TRY_VOID(wire::read(body, input, kWebhookChange));
  if (body.contains("events") && !input.events) return invalid("events", "events must list event types.");
  WEFT_TRY_VOID(integrations::update_webhook(context.app.store, context.viewer(), id, input, settings_of(context.app)));
  if (input.enabled && *input.enabled && context.app.wake_webhooks) context.app.wake_webhooks();
  WEFT_ASSIGN_OR_RETURN(auto hook, integrations::webhook(context.app.store, context.viewer(), id));
  return json_response(200, wire::to_json(hook, kWebhook));
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
  return page_response(items, [](const integrations::Delivery& d) { return wire::to_json(d, kDelivery); });
}

Result<http::Response> redeliver(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto delivery_id, context.id_param("delivery_id"));
  WEFT_ASSIGN_OR_RETURN(auto made, integrations::redeliver(context.app.store, context.viewer(), id, delivery_id));
  if (context.app.wake_webhooks) context.app.wake_webhooks();
  return json_response(201, wire::to_json(made, kDelivery));
}

Result<http::Response> test_webhook(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  if (context.app.webhook_client == nullptr) return fail(ErrorCode::kUnavailable, "Webhooks are not sent by this process.");
  WEFT_ASSIGN_OR_RETURN(auto result,
                        integrations::send_test(context.app.store, context.viewer(), id, *context.app.webhook_client));
  return json_response(200, wire::to_json(result, kTestResult));
}

}  // namespace

void register_integration_routes(App& app) {
  app.shapes->define_input<RotationIn>("SecretRotation", kRotation);
  app.shapes->define_input<NewWebhookIn>("NewWebhook", kNewWebhook);
  app.shapes->define_input<integrations::WebhookInput>("WebhookChange", kWebhookChange);
  app.shapes->define_input<NewSecretIn>("NewInboundSecret", kNewSecretIn);
  using http::Access;
  app.shapes->define<integrations::NewSecret>("CreatedSecret", kNewSecret);
  app.shapes->define_items<integrations::SecretInfo>("InboundSecretList", "InboundSecret", kSecret);
  app.shapes->define<integrations::HookOutcome>("HookAccepted", kHookOutcome);
  app.shapes->define_items<integrations::Webhook>("WebhookList", "Webhook", kWebhook);
  app.shapes->define_page<integrations::Delivery>("DeliveryList", "Delivery", kDelivery);
  app.shapes->define<integrations::TestResult>("WebhookTestResult", kTestResult);
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
        {.summary = "Change a webhook's URL (its creator only: deliveries carry what the creator may see), events or "
                    "secret (the old one signs a day more), or enable it again",
         .tag = "webhooks", .request_schema = "WebhookChange", .response_schema = "Webhook"},
        update_webhook);
  r.add("DELETE", "/api/v1/webhooks/{id}", Access::kAdmin,
        {.summary = "Delete a webhook and its deliveries (admin)", .tag = "webhooks", .status = 204}, delete_webhook);
  r.add("GET", "/api/v1/webhooks/{id}/deliveries", Access::kAdmin,
        {.summary = "A webhook's deliveries, newest first: status, response code, attempts, next retry",
         .tag = "webhooks", .response_schema = "DeliveryList", .query = {"status", "cursor", "limit"}},
        list_deliveries);
  r.add("POST", "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver", Access::kAdmin,
        {.summary = "Send a delivery again, after what is pending (the webhook's creator)", .tag = "webhooks",
         .response_schema = "Delivery", .status = 201},
        redeliver);
  r.add("POST", "/api/v1/webhooks/{id}/test", Access::kAdmin,
        {.summary = "Send a webhook.test event now and show the receiver's answer (admin)", .tag = "webhooks",
         .response_schema = "WebhookTestResult"},
        test_webhook);
}

}  // namespace weft::api
