// E-mail: a person's choices, the organization's default and outbox, digests on demand, one-click
// unsubscribe and replies that come back through the signed inbound hook.
#include "api/app.h"
#include "api/serialize.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/limits.h"
#include "mail/mail.h"
#include "wire/shape.h"

namespace weft::api {
namespace {

const mail::Settings& settings_of(http::Context& context) {
  static const mail::Settings kNone;
  return context.app.mail ? *context.app.mail : kNone;
}

constexpr std::initializer_list<const char*> kModes = {"realtime", "daily", "weekly", "off"};

const auto kPreferences = [](auto& w, const mail::Preferences& p) {
  w.text("email", p.email);
  w.text_or_null("default_mode", p.default_mode,
                 {.one_of = kModes, .description = "the person's own; null: the organization's"});
  w.text("organization_mode", p.organization_mode, {.one_of = kModes});
  w.text("effective_mode", p.effective_mode, {.one_of = kModes});
  w.array("spaces", nullptr, p.spaces, [](auto& inner, const mail::SpaceChoice& s) {
    inner.id("space_id", s.space_id);
    inner.text("space_name", s.space_name);
    inner.text("mode", s.mode, {.one_of = {"realtime", "daily", "weekly", "off", "default"}});
  });
};

const auto kOrganization = [](auto& w, const mail::OrganizationMail& o) {
  w.text("default_mode", o.default_mode, {.one_of = kModes});
  w.boolean("relay_configured", o.relay_configured);
  w.text("from_address", o.from_address);
  w.integer("pending", o.pending, {.description = "e-mails in the outbox, not yet sent"});
  w.integer("sent", o.sent);
  w.integer("failed", o.failed, {.description = "given up after the last retry"});
  w.text_or_null("last_error", o.last_error);
};

struct PeriodRun {
  std::string period;
  mail::DigestRun run;
};
const auto kDigestRun = [](auto& w, const PeriodRun& r) {
  w.text("period", r.period);
  w.integer("people", r.run.people, {.description = "whose default is this period"});
  w.integer("queued", r.run.queued, {.description = "digests written"});
  w.integer("skipped", r.run.skipped, {.description = "nothing worth sending"});
  w.integer("already", r.run.already, {.description = "sent for this period before"});
};

const auto kUnsubscribed = [](auto& w, const mail::Unsubscribed& u) {
  w.text("email", u.email);
  w.text_or_null("space_name", u.space_name, {.description = "null: every e-mail was turned off"});
};

const auto kInboundReply = [](auto& w, const mail::InboundReply& r) {
  w.id("post_id", r.post_id);
  w.id("reply_id", r.reply_id);
  w.boolean("duplicate", r.duplicate, {.description = "this message was received before"});
};

struct MailDefaultIn {
  std::string default_mode;
};
const auto kMailDefault = [](auto& r, MailDefaultIn& in) {
  r.text("default_mode", in.default_mode, {.one_of = kModes, .length = limits::kChoice});
};

struct PeriodIn {
  std::string period;
};
const auto kDigestPeriod = [](auto& r, PeriodIn& in) {
  r.text("period", in.period, {.one_of = {"daily", "weekly"}, .length = limits::kChoice});
};

// A change of my choices: a field left out stays as it is; null or "default" follows the default.
struct SpaceModeIn {
  int64_t space_id = 0;
  json::OptionalText mode;
};
struct PreferencesIn {
  json::OptionalText default_mode;
  std::vector<SpaceModeIn> spaces;
};
const auto kPreferencesChange = [](auto& r, PreferencesIn& in) {
  r.text_or_null("default_mode", in.default_mode,
                 {.one_of = {"realtime", "daily", "weekly", "off", "default"},
                  .description = "left out: unchanged; null or default: the organization's",
                  .sometimes = true,
                  .length = limits::kChoice});
  r.array("spaces", nullptr, in.spaces, [](auto& entry, SpaceModeIn& space) {
    entry.id("space_id", space.space_id);
    entry.text_or_null("mode", space.mode,
                       {.one_of = {"realtime", "off", "default"}, .description = "null or default: my default",
                        .length = limits::kChoice});
  }, {.sometimes = true, .max_items = 500});
};

Result<http::Response> get_preferences(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto p, mail::preferences(context.app.store, context.viewer()));
  return json_response(200, wire::to_json(p, kPreferences));
}

// A mode sent as "default" or null: follow the organization's (or my own) default.
std::optional<std::string> mode_of(const json::OptionalText& sent) {
  if (!sent.value || *sent.value == "default") return std::nullopt;
  return sent.value;
}

Result<http::Response> put_preferences(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  PreferencesIn in;
  WEFT_TRY_VOID(wire::read(body, in, kPreferencesChange));
  mail::PreferenceChange change;
  change.set_default = in.default_mode.present;
  change.default_mode = mode_of(in.default_mode);
  for (const auto& space : in.spaces) change.spaces.emplace_back(space.space_id, mode_of(space.mode));
  if (!change.set_default && change.spaces.empty()) {
    return invalid("default_mode", "Send default_mode, spaces or both.");
  }
  WEFT_ASSIGN_OR_RETURN(auto p, mail::change_preferences(context.app.store, context.viewer(), change));
  return json_response(200, wire::to_json(p, kPreferences));
}

Result<http::Response> get_organization(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto o, mail::organization_mail(context.app.store, context.viewer(), settings_of(context)));
  return json_response(200, wire::to_json(o, kOrganization));
}

Result<http::Response> put_organization(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  MailDefaultIn in;
  WEFT_TRY_VOID(wire::read(body, in, kMailDefault));
  WEFT_ASSIGN_OR_RETURN(auto o, mail::set_organization_mode(context.app.store, context.viewer(), settings_of(context),
                                                            in.default_mode));
  return json_response(200, wire::to_json(o, kOrganization));
}

Result<http::Response> run_digests(http::Context& context) {
  if (!context.viewer().is_admin()) return forbidden("Only admins send digests on demand.");
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  PeriodIn in;
  WEFT_TRY_VOID(wire::read(body, in, kDigestPeriod));
  const std::string& period = in.period;
  WEFT_ASSIGN_OR_RETURN(auto run, mail::run_digests(context.app.store, settings_of(context), period, clock::now_seconds()));
  if (run.queued > 0 && context.app.wake_mail) context.app.wake_mail();
  return json_response(200, wire::to_json(PeriodRun{period, run}, kDigestRun));
}

Result<http::Response> unsubscribe(http::Context& context) {
  const std::string token = context.request.query("token");
  if (token.empty() || token.size() > 200) return invalid("token", "This unsubscribe link is not valid.");
  WEFT_ASSIGN_OR_RETURN(auto done, mail::unsubscribe(context.app.store, token));
  return json_response(200, wire::to_json(done, kUnsubscribed));
}

const auto kInboundMail = [](auto& r, mail::InboundMail& in) {
  r.text("to", in.to, {.description = "the reply address the message was sent to", .length = {3, 1000}});
  r.text("from", in.from, {.description = "the sender; must be the person's own address", .length = {3, 1000}});
  r.text("text", in.text, {.description = "the message's plain text; the quoted message and signature are cut",
                           .length = {0, mail::kMaxInbound}});
  r.text("message_id", in.message_id, {.description = "the same message twice makes one reply", .length = {1, 500}});
};

Result<mail::InboundMail> read_inbound(std::string_view text) {
  WEFT_ASSIGN_OR_RETURN(auto body, json::parse_object(text));
  mail::InboundMail in;
  WEFT_TRY_VOID(wire::read(body, in, kInboundMail));
  return in;
}

Result<http::Response> inbound(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto reply, mail::accept_reply(context.app.store, settings_of(context), context.request,
                                                       read_inbound, clock::now_seconds()));
  return json_response(reply.duplicate ? 200 : 201, wire::to_json(reply, kInboundReply));
}

}  // namespace

void register_mail_routes(App& app) {
  app.shapes->define_input<MailDefaultIn>("MailDefault", kMailDefault);
  app.shapes->define_input<PreferencesIn>("MailPreferencesChange", kPreferencesChange);
  app.shapes->define_input<mail::InboundMail>("InboundMail", kInboundMail);
  app.shapes->define_input<PeriodIn>("DigestPeriod", kDigestPeriod);
  using http::Access;
  app.shapes->define<mail::Preferences>("MailPreferences", kPreferences);
  app.shapes->define<mail::OrganizationMail>("OrganizationMail", kOrganization);
  app.shapes->define<PeriodRun>("DigestRun", kDigestRun);
  app.shapes->define<mail::Unsubscribed>("Unsubscribed", kUnsubscribed);
  app.shapes->define<mail::InboundReply>("InboundReply", kInboundReply);
  auto& r = app.router;
  r.add("GET", "/api/v1/me/mail", Access::kSignedIn,
        {.summary = "What Weft e-mails me: my default (realtime, daily, weekly, off; null: the organization's) and "
                    "each of my spaces (realtime, off or default)",
         .tag = "mail", .response_schema = "MailPreferences"},
        get_preferences);
  r.add("PUT", "/api/v1/me/mail", Access::kSignedIn,
        {.summary = "Change what Weft e-mails me", .tag = "mail", .request_schema = "MailPreferencesChange",
         .response_schema = "MailPreferences"},
        put_preferences);
  r.add("GET", "/api/v1/admin/mail", Access::kAdmin,
        {.summary = "The organization's e-mail: its default, the relay, the outbox (admin)", .tag = "mail",
         .response_schema = "OrganizationMail"},
        get_organization);
  r.add("PUT", "/api/v1/admin/mail", Access::kAdmin,
        {.summary = "Set the organization's default (admin)", .tag = "mail", .request_schema = "MailDefault",
         .response_schema = "OrganizationMail"},
        put_organization);
  r.add("POST", "/api/v1/admin/mail/digests", Access::kAdmin,
        {.summary = "Write the daily or weekly digests now (admin); once per person and day", .tag = "mail",
         .request_schema = "DigestPeriod", .response_schema = "DigestRun"},
        run_digests);
  r.add("POST", "/api/v1/mail/unsubscribe", Access::kPublic,
        {.summary = "One-click unsubscribe (RFC 8058) with the signed token of a message: its scope goes off",
         .tag = "mail", .response_schema = "Unsubscribed", .query = {"token"}, .csrf_exempt = true},
        unsubscribe);
  r.add("POST", "/api/v1/hooks/mail", Access::kPublic,
        {.summary = "A reply by e-mail from the mail system, signed with an inbound secret: {to, from, text, "
                    "message_id}; lands in the thread as the person its reply address names",
         .tag = "mail", .request_schema = "InboundMail", .response_schema = "InboundReply", .status = 201,
         .other_status = 200, .csrf_exempt = true},
        inbound);
}

}  // namespace weft::api
