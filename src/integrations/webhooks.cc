#include "integrations/webhooks.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <cmath>
#include <ctime>
#include <deque>
#include <map>
#include <random>
#include <set>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/threads.h"
#include "events/event_log.h"
#include "http/address_guard.h"
#include "integrations/signatures.h"
#include "policy/people.h"
#include "queries/people.h"
#include "queries/posts.h"
#include "queries/records.h"
#include "queries/work.h"
#include "wire/wire.h"

namespace weft::integrations {
namespace {

namespace bj = boost::json;

constexpr std::size_t kMaxWebhooks = 100;
constexpr int kRunLength = 100;  // deliveries of one webhook sent before their outcomes are recorded
constexpr int64_t kUnrecordedWaitMs = 30000;  // a run whose outcome the store would not take waits this long
constexpr int64_t kPreviousSecretMs = int64_t{24} * 3600 * 1000;  // an old secret still signs a day

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<void> require_admin(const Viewer& viewer) {
  if (!viewer.is_admin()) return forbidden("Only admins may manage webhooks.");
  return {};
}

Result<void> check_secret(const std::string& secret) {
  if (secret.size() < 16 || secret.size() > 200) return invalid("secret", "secret must be 16 to 200 characters.");
  if (secret.starts_with("whsec_")) {
    auto key = crypto::base64_decode(secret.substr(6));
    if (!key || key->size() < 24 || key->size() > 64) {
      return invalid("secret", "A whsec_ secret must be base64 of 24 to 64 bytes.");
    }
  }
  return {};
}

Result<std::string> check_events(const std::vector<std::string>& events) {
  if (events.empty() || events.size() > 50) return invalid("events", "events must list 1 to 50 event types, or \"*\".");
  bj::array out;
  for (const auto& verb : events) {
    if (verb == "*") {
      if (events.size() != 1) return invalid("events", "\"*\" stands alone: it means every event type.");
      out.push_back("*");
      continue;
    }
    const auto& known = deliverable_verbs();
    if (std::find(known.begin(), known.end(), verb) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      return invalid("events", "Unknown event type: " + verb + ". Known: " + list + ".");
    }
    if (std::find(out.begin(), out.end(), bj::value(bj::string(verb))) == out.end()) out.push_back(bj::string(verb));
  }
  return json::to_text(out);
}

std::vector<std::string> events_of(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto value = bj::parse(text, ec);
  if (ec || !value.is_array()) return out;
  for (const auto& item : value.as_array()) {
    if (item.is_string()) out.emplace_back(item.as_string());
  }
  return out;
}

bool wants(const std::vector<std::string>& events, std::string_view verb) {
  const auto& known = deliverable_verbs();
  if (std::find(known.begin(), known.end(), verb) == known.end()) return false;
  return std::find(events.begin(), events.end(), "*") != events.end() ||
         std::find(events.begin(), events.end(), verb) != events.end();
}

constexpr const char* kWebhookColumns =
    "w.id, w.url, w.events, w.enabled, w.disabled_reason, w.failing_since_ms, w.created_by, w.created_at, "
    "w.updated_at, (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending')";

Webhook read_webhook(store::Rows& rows) {
  return {rows.int64(0),          rows.text(1),           events_of(rows.text(2)), rows.int64(3) != 0,
          rows.optional_text(4),  rows.optional_int64(5), rows.int64(6),           rows.int64(7),
          rows.int64(8),          rows.int64(9)};
}

constexpr const char* kDeliveryColumns =
    "id, webhook_id, event_id, event_type, status, attempts, response_code, response_excerpt, error, "
    "next_attempt_at_ms, last_attempt_at_ms, delivered_at_ms, redelivery_of, created_at_ms";

Delivery read_delivery(store::Rows& rows) {
  return {rows.int64(0),          rows.int64(1),          rows.optional_int64(2),  rows.text(3),
          rows.text(4),           rows.int64(5),          rows.optional_int64(6),  rows.optional_text(7),
          rows.optional_text(8),  rows.optional_int64(9), rows.optional_int64(10), rows.optional_int64(11),
          rows.optional_int64(12), rows.int64(13)};
}

// What an event's body says of the record it reaches, through the chain when it must.
std::optional<int64_t> record_of(store::Connection& c, std::string_view object_type, int64_t id) {
  std::optional<int64_t> problem;
  if (object_type == "record") return id;
  if (object_type == "post") return c.query_int("SELECT record_id FROM posts WHERE id = ?", {id});
  if (object_type == "problem") problem = id;
  if (object_type == "idea") problem = c.query_int("SELECT from_problem_id FROM ideas WHERE id = ?", {id});
  if (object_type == "proposal") {
    problem = c.query_int("SELECT i.from_problem_id FROM proposals p JOIN ideas i ON i.id = p.from_idea_id WHERE p.id = ?",
                          {id});
  }
  if (!problem) return std::nullopt;
  return c.query_int("SELECT record_id FROM problems WHERE id = ?", {*problem});
}

bj::value record_ref(store::Connection& c, std::optional<int64_t> record_id) {
  if (!record_id) return nullptr;
  auto rows = c.query("SELECT id, system, type, external_id, url FROM records WHERE id = ?", {*record_id});
  if (!rows->next()) return nullptr;
  return bj::object{{"id", std::to_string(rows->int64(0))},
                    {"system", rows->text(1)},
                    {"type", rows->text(2)},
                    {"external_id", rows->text(3)},
                    {"url", rows->is_null(4) ? bj::value(nullptr) : bj::value(bj::string(rows->text(4)))}};
}

bj::value outcome_of(store::Connection& c, const events::Event& event) {
  const int64_t id = *event.object_id;
  if (event.kind() == events::Kind::kProblemResolved) {
    auto rows = c.query("SELECT status, resolved_at, accepted_solution_id FROM problems WHERE id = ?", {id});
    if (!rows->next()) return nullptr;
    return bj::object{{"status", rows->text(0)},
                      {"resolved_at", wire::time_value(rows->optional_int64(1))},
                      {"accepted_solution", wire::id_value(rows->optional_int64(2))},
                      {"by", event.as<events::ProblemResolved>()->by}};
  }
  if (event.kind() == events::Kind::kProposalClosed) {
    auto rows = c.query("SELECT decision, outcome FROM proposals WHERE id = ?", {id});
    if (!rows->next()) return nullptr;
    return bj::object{{"decision", rows->is_null(0) ? bj::value(nullptr) : bj::value(bj::string(rows->text(0)))},
                      {"outcome", rows->is_null(1) ? bj::value(nullptr) : bj::value(bj::string(rows->text(1)))}};
  }
  return nullptr;
}

// The object's wire shape as `viewer` sees it now; nullopt when they may not.
std::optional<bj::value> data_of(store::Store& store, const Viewer& viewer, std::string_view type, int64_t id) {
  auto take = [](auto result, auto to_json) -> std::optional<bj::value> {
    if (!result) return std::nullopt;
    return bj::value(to_json(*result));
  };
  if (type == "post") return take(queries::post(store, viewer, id), [](const Post& p) { return wire::post_json(p); });
  if (type == "problem") {
    return take(queries::problem(store, viewer, id, false), [](const Problem& p) { return wire::problem_json(p); });
  }
  if (type == "idea") return take(queries::idea(store, viewer, id, false), [](const Idea& i) { return wire::idea_json(i); });
  if (type == "proposal") {
    return take(queries::proposal(store, viewer, id, false), [](const Proposal& p) { return wire::proposal_json(p); });
  }
  if (type == "space") return take(queries::space(store, viewer, id), [](const Space& s) { return wire::space_json(s); });
  if (type == "person") {
    return take(queries::person(store, viewer, id), [](const Person& p) { return wire::person_json(p, false); });
  }
  if (type == "record") {
    return take(queries::record(store, viewer, id, false), [](const Record& r) { return wire::record_json(r); });
  }
  return std::nullopt;
}

}  // namespace

const std::vector<std::string>& deliverable_verbs() {
  static const std::vector<std::string> verbs = {
      "post.created",      "post.replied",     "post.reshared",    "post.edited",      "post.deleted",
      "space.created",     "problem.created",  "problem.resolved", "problem.reopened", "solution.added",
      "solution.accepted", "idea.created",     "idea.commented",   "idea.stage_changed", "proposal.opened",
      "proposal.closed",   "record.upserted",  "record.followed",  "person.created"};
  return verbs;
}

Result<void> check_webhook_url(const std::string& url, const WebhookSettings& settings) {
  if (url.empty() || url.size() > 2000) return invalid("url", "url must be 1 to 2,000 characters.");
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") || parsed->encoded_host().empty() ||
      parsed->has_userinfo() || parsed->has_fragment()) {
    return invalid("url", "url must be an http or https URL with a host, and no user name or fragment.");
  }
  WEFT_ASSIGN_OR_RETURN(auto addresses, http::resolve_host(parsed->host()));
  if (settings.allow_private) return {};
  for (const auto& address : addresses) {
    if (http::forbidden_address(address, settings.own_addresses)) {
      return invalid("url", "The URL points to a loopback, private, link-local or this server's own address.");
    }
  }
  return {};
}

Result<int64_t> create_webhook(store::Store& store, const Viewer& viewer, const WebhookInput& input,
                               const WebhookSettings& settings) {
  WEFT_TRY_VOID(require_admin(viewer));
  if (!input.url) return invalid("url", "url is required.");
  if (!input.events) return invalid("events", "events is required.");
  if (!input.secret) return invalid("secret", "secret is required.");
  WEFT_ASSIGN_OR_RETURN(auto events, check_events(*input.events));
  WEFT_TRY_VOID(check_secret(*input.secret));
  WEFT_TRY_VOID(check_webhook_url(*input.url, settings));
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    if (c.query_int("SELECT COUNT(*) FROM webhooks").value_or(0) >= static_cast<int64_t>(kMaxWebhooks)) {
      return fail(ErrorCode::kConflict, "There are 100 webhooks already; delete one first.");
    }
    const int64_t now = clock::now_seconds();
    const int64_t id = c.insert_returning_id(
        "INSERT INTO webhooks (url, events, secret, enabled, after_event_id, created_by, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {*input.url, events, *input.secret, input.enabled.value_or(true), events::last_id(c), viewer.person_id, now,
         now});
    events::append(c, {.actor_id = viewer.person_id, .object_id = id, .audience = "self",
                       .payload = events::WebhookCreated{*input.url}});
    return id;
  });
}

Result<void> update_webhook(store::Store& store, const Viewer& viewer, int64_t id, const WebhookInput& input,
                            const WebhookSettings& settings) {
  WEFT_TRY_VOID(require_admin(viewer));
  std::optional<std::string> events;
  if (input.events) {
    WEFT_ASSIGN_OR_RETURN(events, check_events(*input.events));
  }
  if (input.secret) WEFT_TRY_VOID(check_secret(*input.secret));
  if (input.url) WEFT_TRY_VOID(check_webhook_url(*input.url, settings));
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    auto rows = c.query("SELECT secret, created_by FROM webhooks WHERE id = ?", {id});
    if (!rows->next()) return not_found("No such webhook.");
    const std::string old_secret = rows->text(0);
    const int64_t creator = rows->int64(1);
    rows.reset();
    // Deliveries carry what the webhook's creator may see (private spaces they are in): only they
    // may send them somewhere else.
    if (input.url && creator != viewer.person_id) {
      return forbidden("Only the admin who created this webhook may change where it sends; create a webhook of your own.");
    }
    const int64_t now = clock::now_seconds();
    if (input.url) c.execute("UPDATE webhooks SET url = ? WHERE id = ?", {*input.url, id});
    if (events) c.execute("UPDATE webhooks SET events = ? WHERE id = ?", {*events, id});
    if (input.secret && *input.secret != old_secret) {
      c.execute("UPDATE webhooks SET secret = ?, previous_secret = ?, previous_expires_at = ? WHERE id = ?",
                {*input.secret, old_secret, (now_ms() + kPreviousSecretMs) / 1000, id});
    }
    if (input.enabled) {
      if (*input.enabled) {
        // Enabled again: the pending deliveries go on, due at once, and failing starts afresh.
        c.execute("UPDATE webhooks SET enabled = ?, disabled_reason = NULL, disabled_at = NULL, failing_since_ms = NULL "
                  "WHERE id = ?",
                  {true, id});
        c.execute("UPDATE webhook_deliveries SET next_attempt_at_ms = ? WHERE webhook_id = ? AND status = 'pending'",
                  {now_ms(), id});
      } else {
        c.execute("UPDATE webhooks SET enabled = ?, disabled_reason = 'admin', disabled_at = ? WHERE id = ?",
                  {false, now, id});
      }
    }
    c.execute("UPDATE webhooks SET updated_at = ? WHERE id = ?", {now, id});
    events::append(c, {.actor_id = viewer.person_id, .object_id = id, .audience = "self",
                       .payload = events::WebhookUpdated{}});
    return true;
  }));
}

Result<void> delete_webhook(store::Store& store, const Viewer& viewer, int64_t id) {
  WEFT_TRY_VOID(require_admin(viewer));
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    if (!c.query_int("SELECT 1 FROM webhooks WHERE id = ?", {id})) return not_found("No such webhook.");
    // One statement: redeliveries and what they redeliver go together (foreign keys hold at its end).
    c.execute("DELETE FROM webhook_deliveries WHERE webhook_id = ?", {id});
    c.execute("DELETE FROM webhooks WHERE id = ?", {id});
    events::append(c, {.actor_id = viewer.person_id, .object_id = id, .audience = "self",
                       .payload = events::WebhookDeleted{}});
    return true;
  }));
}

Result<std::vector<Webhook>> webhooks(store::Store& store, const Viewer& viewer) {
  WEFT_TRY_VOID(require_admin(viewer));
  return store::read(store, [&](store::Connection& c) -> Result<std::vector<Webhook>> {
    std::vector<Webhook> out;
    auto rows = c.query(std::string("SELECT ") + kWebhookColumns + " FROM webhooks w ORDER BY w.id");
    while (rows->next()) out.push_back(read_webhook(*rows));
    return out;
  });
}

Result<Webhook> webhook(store::Store& store, const Viewer& viewer, int64_t id) {
  WEFT_TRY_VOID(require_admin(viewer));
  return store::read(store, [&](store::Connection& c) -> Result<Webhook> {
    auto rows = c.query(std::string("SELECT ") + kWebhookColumns + " FROM webhooks w WHERE w.id = ?", {id});
    if (!rows->next()) return not_found("No such webhook.");
    return read_webhook(*rows);
  });
}

Result<cursor::Page<Delivery>> deliveries(store::Store& store, const Viewer& viewer, int64_t webhook_id,
                                          const std::string& status, const cursor::PageRequest& page) {
  WEFT_TRY_VOID(require_admin(viewer));
  if (!status.empty() && status != "pending" && status != "succeeded" && status != "failed") {
    return invalid("status", "status must be pending, succeeded or failed.");
  }
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<Delivery>> {
    if (!c.query_int("SELECT 1 FROM webhooks WHERE id = ?", {webhook_id})) return not_found("No such webhook.");
    std::vector<store::Param> params{webhook_id, page.number(0, INT64_MAX)};
    std::string sql = std::string("SELECT ") + kDeliveryColumns + " FROM webhook_deliveries WHERE webhook_id = ? AND id < ?";
    if (!status.empty()) {
      sql += " AND status = ?";
      params.emplace_back(status);
    }
    sql += " ORDER BY id DESC LIMIT ?";
    params.emplace_back(page.limit + 1);
    cursor::Page<Delivery> out;
    auto rows = c.query(sql, params);
    while (rows->next()) out.items.push_back(read_delivery(*rows));
    if (static_cast<int>(out.items.size()) > page.limit) {
      out.items.resize(page.limit);
      out.next_cursor = cursor::encode({std::to_string(out.items.back().id)});
    }
    return out;
  });
}

Result<Delivery> redeliver(store::Store& store, const Viewer& viewer, int64_t webhook_id, int64_t delivery_id) {
  WEFT_TRY_VOID(require_admin(viewer));
  return store::transact(store, [&](store::Connection& c) -> Result<Delivery> {
    auto rows = c.query("SELECT d.event_id, d.event_type, d.body, w.created_by FROM webhook_deliveries d JOIN webhooks w ON "
                        "w.id = d.webhook_id WHERE d.id = ? AND d.webhook_id = ?",
                        {delivery_id, webhook_id});
    if (!rows->next()) return not_found("No such delivery.");
    if (rows->int64(3) != viewer.person_id) {
      return forbidden("Only the admin who created this webhook may send its deliveries again.");
    }
    auto event_id = rows->optional_int64(0);
    std::string type = rows->text(1), body = rows->text(2);
    rows.reset();
    const int64_t now = now_ms();
    int64_t id = c.insert_returning_id(
        "INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, body, next_attempt_at_ms, redelivery_of, "
        "created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {webhook_id, event_id, type, body, now, delivery_id, now});
    auto again = c.query(std::string("SELECT ") + kDeliveryColumns + " FROM webhook_deliveries WHERE id = ?", {id});
    again->next();
    return read_delivery(*again);
  });
}

std::vector<std::pair<std::string, std::string>> delivery_headers(const std::string& event_id, int64_t timestamp,
                                                                  const std::string& body, const std::string& secret,
                                                                  const std::optional<std::string>& previous_secret) {
  std::string standard = standard_signature(secret, event_id, timestamp, body);
  if (previous_secret) standard += " " + standard_signature(*previous_secret, event_id, timestamp, body);
  return {{"X-Weft-Event-Id", event_id},
          {"X-Weft-Timestamp", std::to_string(timestamp)},
          {"X-Weft-Signature", contract_signature(secret, timestamp, body)},
          {"webhook-id", event_id},
          {"webhook-timestamp", std::to_string(timestamp)},
          {"webhook-signature", standard}};
}

Result<TestResult> send_test(store::Store& store, const Viewer& viewer, int64_t webhook_id, http::Client& client) {
  WEFT_TRY_VOID(require_admin(viewer));
  auto target = store::read(store, [&](store::Connection& c) -> Result<std::pair<std::string, std::string>> {
    auto rows = c.query("SELECT url, secret FROM webhooks WHERE id = ?", {webhook_id});
    if (!rows->next()) return not_found("No such webhook.");
    return std::pair{rows->text(0), rows->text(1)};
  });
  if (!target) return std::unexpected(target.error());
  const int64_t started = now_ms();
  const int64_t now = clock::now_seconds();
  auto delivery_id = store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    return c.insert_returning_id(
        "INSERT INTO webhook_deliveries (webhook_id, event_type, body, status, created_at_ms) VALUES (?, "
        "'webhook.test', '', 'failed', ?)",
        {webhook_id, started});
  });
  if (!delivery_id) return std::unexpected(delivery_id.error());
  const std::string event_id = "test_" + std::to_string(*delivery_id);
  const std::string body = json::to_text(bj::object{{"id", event_id},
                                                    {"type", "webhook.test"},
                                                    {"timestamp", clock::rfc3339(now)},
                                                    {"actor", std::to_string(viewer.person_id)},
                                                    {"data", bj::object{{"webhook_id", std::to_string(webhook_id)}}}});
  auto response = client.post({target->first, delivery_headers(event_id, now, body, target->second, std::nullopt), body});
  const bool ok = response.status >= 200 && response.status < 300;
  auto logged = store::transact(store, [&](store::Connection& c) -> Result<bool> {
    c.execute("UPDATE webhook_deliveries SET body = ?, status = ?, attempts = 1, response_code = ?, response_excerpt = ?, "
              "error = ?, last_attempt_at_ms = ?, delivered_at_ms = ? WHERE id = ?",
              {body, ok ? "succeeded" : "failed",
               response.status ? store::Param(static_cast<long long>(response.status)) : store::Param(nullptr),
               json::utf8_excerpt(response.body, 1024),
               response.error.empty() ? std::optional<std::string>()
                                      : std::optional<std::string>(json::utf8_excerpt(response.error, 1024)),
               now_ms(), ok ? std::optional<int64_t>(now_ms()) : std::nullopt, *delivery_id});
    return true;
  });
  if (!logged) return std::unexpected(logged.error());
  return TestResult{response.status, json::utf8_excerpt(response.body, 4096), response.duration_ms,
                    json::utf8_excerpt(response.error, 1024)};
}

int64_t retry_delay_ms(int64_t failures, double scale, double unit, std::optional<int64_t> retry_after_ms) {
  static constexpr int64_t kSchedule[] = {5'000, 300'000, 1'800'000, 7'200'000, 18'000'000, 36'000'000};
  const int64_t index = std::clamp<int64_t>(failures, 1, 6) - 1;
  double delay = static_cast<double>(kSchedule[index]) * (0.8 + 0.4 * std::clamp(unit, 0.0, 1.0));
  if (retry_after_ms) {
    double asked = static_cast<double>(std::min<int64_t>(*retry_after_ms, int64_t{24} * 3600 * 1000));
    delay = std::max(delay, asked);
  }
  return std::max<int64_t>(0, std::llround(delay * scale));
}

std::optional<int64_t> parse_retry_after(const std::string& value, int64_t now) {
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    if (value.size() > 9) return int64_t{24} * 3600 * 1000;
    return std::stoll(value) * 1000;
  }
  std::tm tm{};
  const char* end = strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  const int64_t at = static_cast<int64_t>(timegm(&tm)) * 1000;
  return std::max<int64_t>(0, at - now);
}

// ---- the subscriber

Result<void> WebhookSubscriber::handle_batch(std::span<const events::Event> events) {
  struct Hook {
    int64_t id;
    std::vector<std::string> events;
    int64_t after;
    int64_t creator;
  };
  std::vector<Hook> hooks;
  auto read = store::read(store_, [&](store::Connection& c) -> Result<bool> {
    auto rows = c.query("SELECT id, events, after_event_id, created_by FROM webhooks WHERE enabled ORDER BY id");
    while (rows->next()) hooks.push_back({rows->int64(0), events_of(rows->text(1)), rows->int64(2), rows->int64(3)});
    return true;
  });
  if (!read) return std::unexpected(read.error());
  if (hooks.empty()) return {};

  struct Pending {
    int64_t webhook_id;
    int64_t event_id;
    std::string type;
    std::string body;
  };
  std::vector<Pending> pending;
  std::map<std::pair<int64_t, int64_t>, std::optional<std::string>> bodies;  // (event, creator) → body
  for (const auto& event : events) {
    if (!event.object_id || event.kind() == events::Kind::kUnknown) continue;
    const std::string verb(event.verb());
    for (const auto& hook : hooks) {
      if (event.id <= hook.after || !wants(hook.events, verb)) continue;
      auto key = std::pair{event.id, hook.creator};
      if (!bodies.contains(key)) {
        auto built = store::read(store_, [&](store::Connection& c) -> Result<std::optional<std::string>> {
          auto creator = policy::viewer_of(c, hook.creator);
          if (!creator) return std::optional<std::string>();
          const std::string type(event.object_type());
          bj::object body{{"id", std::to_string(event.id)},
                          {"type", verb},
                          {"timestamp", clock::rfc3339(event.at)},
                          {"actor", wire::id_value(event.actor_id)}};
          auto record = record_of(c, type, *event.object_id);
          if (event.kind() == events::Kind::kPostDeleted) {
            // A deleted post is nobody's to read: the delivery says which post went, to a creator
            // who could read it before (data null, "deleted": true).
            if (!policy::could_see_deleted_post(c, *creator, *event.object_id)) return std::optional<std::string>();
            body["data"] = nullptr;
            body["deleted"] = true;
            body["object"] = bj::object{{"type", type}, {"id", std::to_string(*event.object_id)}};
            body["record"] = record_ref(c, record);
            return std::optional<std::string>(json::to_text(body));
          }
          auto data = data_of(store_, *creator, type, *event.object_id);
          bj::value outcome = outcome_of(c, event);
          if (!data) {
            // What the webhook's creator cannot see is not sent, except the outcome of work on a
            // record: the loop back to the record's system closes without showing the work.
            if (!record || outcome.is_null()) return std::optional<std::string>();
            // Ids, the status or decision, and the record: not the words its readers wrote.
            if (auto* o = outcome.if_object()) o->erase("outcome");
            body["data"] = nullptr;
            body["redacted"] = true;
            body["object"] = bj::object{{"type", type}, {"id", std::to_string(*event.object_id)}};
          } else {
            body["data"] = std::move(*data);
          }
          body["record"] = record_ref(c, record);
          if (!outcome.is_null()) body["outcome"] = std::move(outcome);
          return std::optional<std::string>(json::to_text(body));
        });
        if (!built) return std::unexpected(built.error());
        bodies[key] = *built;
      }
      if (const auto& body = bodies[key]) pending.push_back({hook.id, event.id, verb, *body});
    }
  }
  if (pending.empty()) return {};
  auto stored = store::transact(store_, [&](store::Connection& c) -> Result<bool> {
    const int64_t now = now_ms();
    for (const auto& p : pending) {
      // A batch offered again adds nothing (one delivery per webhook and event).
      c.execute("INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, body, next_attempt_at_ms, "
                "created_at_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                {p.webhook_id, p.event_id, p.type, p.body, now, now});
    }
    return true;
  });
  if (!stored) return std::unexpected(stored.error());
  if (wake_) wake_();
  return {};
}

// ---- the dispatcher

WebhookDispatcher::WebhookDispatcher(store::Store& store, http::Client& client, WebhookSettings settings, int senders)
    : store_(store), client_(client), settings_(std::move(settings)), senders_(std::max(1, senders)) {}

void WebhookDispatcher::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] {
    core::name_thread("weft-webhooks");
    run();
  });
  for (int k = 0; k < senders_; ++k) {
    threads_.emplace_back([this] {
      core::name_thread("weft-hook-send");
      while (true) {
        std::pair<int64_t, int64_t> job;  // delivery, webhook
        {
          std::unique_lock lock(mutex_);
          work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
          if (stopping_) return;
          job = queue_.front();
          queue_.pop_front();
        }
        send(job.first);
        {
          std::lock_guard lock(mutex_);
          in_flight_.erase(std::find(in_flight_.begin(), in_flight_.end(), job.second));
          woken_ = true;
        }
        changed_.notify_all();
      }
    });
  }
}

void WebhookDispatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  work_ready_.notify_all();
  if (thread_.joinable()) thread_.join();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

void WebhookDispatcher::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  changed_.notify_all();
}

void WebhookDispatcher::run() {
  while (true) {
    // One node delivers (the others stand by, and take over within about a second of its end).
    works_here_ = store_.hold_lease("webhook-deliveries");
    std::chrono::milliseconds delay(1000);
    if (works_here_) {
      struct Head {
        int64_t delivery_id, webhook_id, due_ms;
      };
      std::vector<Head> heads;
      // Each enabled webhook's oldest pending delivery: the next goes only once it is settled.
      auto read = store::read(store_, [&](store::Connection& c) -> Result<bool> {
        // One index seek per enabled webhook (webhook_deliveries_pending), however long the log.
        auto rows = c.query(
            "SELECT x.id, w.id, COALESCE(x.next_attempt_at_ms, 0) FROM webhooks w JOIN webhook_deliveries x ON x.id = "
            "(SELECT y.id FROM webhook_deliveries y WHERE y.webhook_id = w.id AND y.status = 'pending' ORDER BY y.id "
            "LIMIT 1) WHERE w.enabled ORDER BY x.id");
        while (rows->next()) heads.push_back({rows->int64(0), rows->int64(1), rows->int64(2)});
        return true;
      });
      if (!read) spdlog::warn("webhooks: {}", read.error().message);
      const int64_t now = now_ms();
      bool queued = false;
      {
        std::lock_guard lock(mutex_);
        for (const auto& head : heads) {
          if (std::find(in_flight_.begin(), in_flight_.end(), head.webhook_id) != in_flight_.end()) continue;
          int64_t due = head.due_ms;
          if (auto held = unrecorded_until_ms_.find(head.webhook_id); held != unrecorded_until_ms_.end()) {
            if (held->second <= now) {
              unrecorded_until_ms_.erase(held);
            } else {
              due = std::max(due, held->second);
            }
          }
          if (due > now) {
            delay = std::min(delay, std::chrono::milliseconds(due - now));
            continue;
          }
          in_flight_.push_back(head.webhook_id);
          queue_.emplace_back(head.delivery_id, head.webhook_id);
          queued = true;
        }
      }
      if (queued) work_ready_.notify_all();
    }
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::max(delay, std::chrono::milliseconds(1)), [&] { return woken_ || stopping_; });
    if (stopping_) return;
    woken_ = false;
  }
}

void WebhookDispatcher::send(int64_t delivery_id) {
  struct Attempt {
    int64_t id = 0;
    std::optional<int64_t> event_id;
    std::optional<int64_t> redelivery_of;
    std::string body;
    int64_t attempts = 0;
    http::ClientResponse response;
  };
  struct Target {
    int64_t webhook_id = 0;
    std::string url, secret;
    std::optional<std::string> previous_secret;
    std::optional<int64_t> failing_since_ms;
    int64_t creator = 0;
  };
  // The head and the due deliveries queued behind it: sent one after another, in order, and
  // recorded in one transaction (a restart in between sends them again: at least once).
  Target target;
  std::vector<Attempt> run;
  auto loaded = store::read(store_, [&](store::Connection& c) -> Result<bool> {
    auto rows = c.query(
        "SELECT w.id, w.url, w.secret, w.previous_secret, w.previous_expires_at, w.failing_since_ms, w.created_by FROM "
        "webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = ? AND d.status = 'pending' AND "
        "w.enabled",
        {delivery_id});
    if (!rows->next()) return true;
    target.webhook_id = rows->int64(0);
    target.url = rows->text(1);
    target.secret = rows->text(2);
    if (!rows->is_null(3) && rows->optional_int64(4).value_or(0) > clock::now_seconds()) target.previous_secret = rows->text(3);
    target.failing_since_ms = rows->optional_int64(5);
    target.creator = rows->int64(6);
    rows.reset();
    auto queued = c.query(
        "SELECT id, event_id, redelivery_of, body, attempts FROM webhook_deliveries WHERE webhook_id = ? AND status = "
        "'pending' AND id >= ? AND (id = ? OR COALESCE(next_attempt_at_ms, 0) <= ?) ORDER BY id LIMIT ?",
        {target.webhook_id, delivery_id, delivery_id, now_ms(), kRunLength});
    while (queued->next()) {
      Attempt a;
      a.id = queued->int64(0);
      a.event_id = queued->optional_int64(1);
      a.redelivery_of = queued->optional_int64(2);
      a.body = queued->text(3);
      a.attempts = queued->int64(4);
      // A run stops at the first delivery that is waiting for a retry.
      if (!run.empty() && a.attempts > 0) break;
      run.push_back(std::move(a));
    }
    return true;
  });
  if (!loaded || run.empty()) return;
  // What the body shows is checked again now: since it was queued (or first sent), its author may
  // have deleted the post, a moderator hidden it, or the webhook's creator left the space or the
  // organization. Such deliveries are settled as failed, unsent; a redacted body shows
  // nothing to check. A deleted post's delivery goes to a creator who could read it before.
  std::vector<int64_t> withdrawn;
  {
    auto checked = store::read(store_, [&](store::Connection& c) -> Result<bool> {
      const auto viewer = policy::viewer_of(c, target.creator);
      for (const auto& a : run) {
        if (!a.event_id) continue;  // a test event
        // Written by this file's queueing (json::to_text): a quote inside a string is escaped, so
        // this text appears only as the body's own member.
        if (a.body.find("\"redacted\":true") != std::string::npos) continue;
        auto event = c.query("SELECT object_type, object_id, verb FROM events WHERE id = ?", {*a.event_id});
        if (!event->next() || event->is_null(1)) continue;  // the log's part is gone: as it was queued
        const std::string type = event->text(0);
        const int64_t object_id = event->int64(1);
        const bool deletion = event->text(2) == "post.deleted";
        event.reset();
        const bool shown = viewer && (deletion ? policy::could_see_deleted_post(c, *viewer, object_id)
                                               : data_of(store_, *viewer, type, object_id).has_value());
        if (!shown) withdrawn.push_back(a.id);
      }
      return true;
    });
    if (!checked) return;
  }
  if (!withdrawn.empty()) {
    auto settled = store::transact(store_, [&](store::Connection& c) -> Result<bool> {
      for (int64_t id : withdrawn) {
        c.execute("UPDATE webhook_deliveries SET status = 'failed', error = ?, next_attempt_at_ms = NULL, "
                  "last_attempt_at_ms = ? WHERE id = ? AND status = 'pending'",
                  {"Not sent: what it shows is no longer visible to the webhook's creator.", now_ms(), id});
      }
      return true;
    });
    if (!settled) return;
    std::erase_if(run, [&](const Attempt& a) { return std::find(withdrawn.begin(), withdrawn.end(), a.id) != withdrawn.end(); });
    if (run.empty()) return;
  }
  std::size_t sent = 0;
  for (auto& a : run) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
    }
    const std::string event_id =
        a.event_id ? std::to_string(*a.event_id) : "test_" + std::to_string(a.redelivery_of.value_or(a.id));
    const int64_t timestamp = clock::now_seconds();
    a.response = client_.post(
        {target.url, delivery_headers(event_id, timestamp, a.body, target.secret, target.previous_secret), a.body});
    ++sent;
    if (a.response.status < 200 || a.response.status >= 300) break;  // the rest wait behind it
  }
  run.resize(sent);
  if (run.empty()) return;
  const int64_t now = now_ms();
  thread_local std::mt19937_64 random(crypto::random_u64());
  const double unit = std::uniform_real_distribution<double>(0.0, 1.0)(random);
  auto recorded = store::transact(store_, [&](store::Connection& c) -> Result<bool> {
    const char* guard = " WHERE id = ? AND status = 'pending' AND attempts = ?";
    bool succeeded = false;
    for (const auto& a : run) {
      const auto& response = a.response;
      const bool ok = response.status >= 200 && response.status < 300;
      const store::Param code =
          response.status ? store::Param(static_cast<long long>(response.status)) : store::Param(nullptr);
      const std::string excerpt = json::utf8_excerpt(response.body, 1024);
      if (ok) {
        c.execute(std::string("UPDATE webhook_deliveries SET status = 'succeeded', attempts = attempts + 1, "
                              "response_code = ?, response_excerpt = ?, error = NULL, last_attempt_at_ms = ?, "
                              "delivered_at_ms = ?, next_attempt_at_ms = NULL") + guard,
                  {code, excerpt, now, now, a.id, a.attempts});
        succeeded = true;
        continue;
      }
      const std::optional<std::string> error =
          response.error.empty() ? std::optional<std::string>("The receiver answered " + std::to_string(response.status) + ".")
                                 : std::optional<std::string>(json::utf8_excerpt(response.error, 1024));
      const bool gone = response.status == 410;
      const int64_t failing_since = succeeded ? now : target.failing_since_ms.value_or(now);
      const bool give_up =
          gone || static_cast<double>(now - failing_since) >= static_cast<double>(kGiveUpMs) * settings_.retry_scale;
      if (give_up) {
        c.execute(std::string("UPDATE webhook_deliveries SET status = 'failed', attempts = attempts + 1, response_code "
                              "= ?, response_excerpt = ?, error = ?, last_attempt_at_ms = ?, next_attempt_at_ms = NULL") +
                      guard,
                  {code, excerpt, error, now, a.id, a.attempts});
        if (c.execute("UPDATE webhooks SET enabled = ?, disabled_reason = ?, disabled_at = ?, failing_since_ms = ? WHERE "
                      "id = ? AND enabled",
                      {false, gone ? "gone" : "failing", now / 1000, failing_since, target.webhook_id}) > 0) {
          // Admins are told (the notifier reads this event).
          events::append(c, {.object_id = target.webhook_id, .audience = "self",
                             .payload = events::WebhookDisabled{gone ? "gone" : "failing"}});
        }
        return true;
      }
      std::optional<int64_t> retry_after;
      if (response.retry_after) retry_after = parse_retry_after(*response.retry_after, now);
      const int64_t delay = retry_delay_ms(a.attempts + 1, settings_.retry_scale, unit, retry_after);
      c.execute(std::string("UPDATE webhook_deliveries SET attempts = attempts + 1, response_code = ?, "
                            "response_excerpt = ?, error = ?, last_attempt_at_ms = ?, next_attempt_at_ms = ?") + guard,
                {code, excerpt, error, now, now + delay, a.id, a.attempts});
      c.execute("UPDATE webhooks SET failing_since_ms = ? WHERE id = ?", {failing_since, target.webhook_id});
      return true;
    }
    if (succeeded) c.execute("UPDATE webhooks SET failing_since_ms = NULL WHERE id = ?", {target.webhook_id});
    return true;
  });
  if (!recorded) {
    spdlog::warn("webhooks: recording deliveries from {}: {}", delivery_id, recorded.error().message);
    std::lock_guard lock(mutex_);
    unrecorded_until_ms_[target.webhook_id] = now_ms() + kUnrecordedWaitMs;
  }
}

}  // namespace weft::integrations
