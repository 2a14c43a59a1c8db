// Outbound webhooks (docs/design/work-context.md, "Outbound webhooks"): admins register URLs for
// event types; the "webhooks" subscriber of the activity log turns each wanted event into a
// pending delivery (in the store, so nothing lives only in memory); the dispatcher sends them —
// at least once, in order per webhook, a few webhooks at a time — signed in Weft's form and the
// Standard Webhooks form, retried on the Standard Webhooks schedule (scaled by
// WEFT_WEBHOOK_RETRY_SCALE), disabled on 410 or after 5 days of failure.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/cursor.h"
#include "core/error.h"
#include "events/subscriber.h"
#include "http/client.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::integrations {

struct WebhookSettings {
  bool allow_private = false;
  std::vector<std::string> own_addresses;
  double retry_scale = 1.0;
};

struct Webhook {
  int64_t id = 0;
  std::string url;
  std::vector<std::string> events;
  bool enabled = true;
  std::optional<std::string> disabled_reason;  // gone, failing, admin
  std::optional<int64_t> failing_since_ms;
  int64_t created_by = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t pending = 0;
};

struct Delivery {
  int64_t id = 0;
  int64_t webhook_id = 0;
  std::optional<int64_t> event_id;
  std::string event_type;
  std::string status;  // pending, succeeded, failed
  int64_t attempts = 0;
  std::optional<int64_t> response_code;
  std::optional<std::string> response_excerpt;
  std::optional<std::string> error;
  std::optional<int64_t> next_attempt_at_ms;
  std::optional<int64_t> last_attempt_at_ms;
  std::optional<int64_t> delivered_at_ms;
  std::optional<int64_t> redelivery_of;
  int64_t created_at_ms = 0;
};

struct WebhookInput {
  std::optional<std::string> url;
  std::optional<std::vector<std::string>> events;
  std::optional<std::string> secret;
  std::optional<bool> enabled;
};

// The verbs a webhook may ask for ("*" asks for all of them); credentials and integrations are
// never delivered.
const std::vector<std::string>& deliverable_verbs();
// 400 (field url) unless `url` is an http(s) URL with a host, no userinfo or fragment, at most
// 2,000 characters, whose every address webhooks may reach.
Result<void> check_webhook_url(const std::string& url, const WebhookSettings& settings);

Result<int64_t> create_webhook(store::Store& store, const Viewer& viewer, const WebhookInput& input,
                               const WebhookSettings& settings);
Result<void> update_webhook(store::Store& store, const Viewer& viewer, int64_t id, const WebhookInput& input,
                            const WebhookSettings& settings);
Result<void> delete_webhook(store::Store& store, const Viewer& viewer, int64_t id);
Result<std::vector<Webhook>> webhooks(store::Store& store, const Viewer& viewer);
Result<Webhook> webhook(store::Store& store, const Viewer& viewer, int64_t id);
Result<cursor::Page<Delivery>> deliveries(store::Store& store, const Viewer& viewer, int64_t webhook_id,
                                          const std::string& status, const cursor::PageRequest& page);
// A new pending delivery of the same body (and event id), sent after what is pending.
Result<Delivery> redeliver(store::Store& store, const Viewer& viewer, int64_t webhook_id, int64_t delivery_id);

struct TestResult {
  int status_code = 0;
  std::string body;
  int64_t duration_ms = 0;
  std::string error;
};
// Sends a webhook.test event now and logs it as a delivery.
Result<TestResult> send_test(store::Store& store, const Viewer& viewer, int64_t webhook_id, http::Client& client);

// The headers of one attempt: Weft's (X-Weft-Event-Id, X-Weft-Timestamp, X-Weft-Signature) and
// Standard Webhooks' (webhook-id, webhook-timestamp, webhook-signature; a second v1 entry while a
// previous secret is still valid).
std::vector<std::pair<std::string, std::string>> delivery_headers(const std::string& event_id, int64_t timestamp,
                                                                  const std::string& body, const std::string& secret,
                                                                  const std::optional<std::string>& previous_secret);

// The schedule: after the n-th failure (n >= 1) wait 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, then 10 h
// each time, times jitter in [0.8, 1.2] (`unit` in [0, 1] picks it), times `scale`. A Retry-After
// (milliseconds) longer than that replaces it, capped at 24 h, scaled too.
int64_t retry_delay_ms(int64_t failures, double scale, double unit, std::optional<int64_t> retry_after_ms);
// Retry-After as seconds or an HTTP date, in milliseconds from `now_ms`; nullopt when unreadable.
std::optional<int64_t> parse_retry_after(const std::string& value, int64_t now_ms);
inline constexpr int64_t kGiveUpMs = int64_t{5} * 24 * 3600 * 1000;  // disable after 5 days failing

// The "webhooks" view: wanted events become pending deliveries. Durable, starting at the log's end
// (a new webhook hears of what happens after it is made); it cannot be rebuilt (that would send
// history again).
class WebhookSubscriber final : public events::Subscriber {
 public:
  WebhookSubscriber(store::Store& store, std::function<void()> wake) : store_(store), wake_(std::move(wake)) {}
  std::string name() const override { return "webhooks"; }
  Result<void> handle(const events::Event& event) override {
    return handle_batch(std::span<const events::Event>(&event, 1));
  }
  Result<void> handle_batch(std::span<const events::Event> events) override;
  bool starts_at_log_end() const override { return true; }
  Result<void> begin_rebuild(store::Connection&) override {
    return invalid("subscriber", "webhooks cannot be rebuilt: that would send every event again");
  }

 private:
  store::Store& store_;
  std::function<void()> wake_;
};

// Sends pending deliveries: one node (the "webhook-deliveries" lease), one delivery in flight per
// webhook, at most `senders` webhooks at once.
class WebhookDispatcher {
 public:
  WebhookDispatcher(store::Store& store, http::Client& client, WebhookSettings settings, int senders = 4);
  ~WebhookDispatcher() { stop(); }
  void start();
  void stop();
  void wake();
  bool works_here() const { return works_here_.load(); }

 private:
  void run();
  void send(int64_t delivery_id);
  store::Store& store_;
  http::Client& client_;
  WebhookSettings settings_;
  int senders_;
  std::mutex mutex_;
  std::condition_variable changed_;     // wakes the loop
  std::condition_variable work_ready_;  // wakes the senders
  bool woken_ = false;
  bool stopping_ = false;
  std::vector<int64_t> in_flight_;  // webhooks with a delivery queued or being sent
  // Webhooks whose last attempts could not be recorded (the store refused or failed): left alone
  // until then, so that a delivery still pending is not sent again and again at once.
  std::map<int64_t, int64_t> unrecorded_until_ms_;
  std::deque<std::pair<int64_t, int64_t>> queue_;  // (delivery, webhook) due now
  std::vector<std::thread> threads_;  // the senders
  std::atomic<bool> works_here_{false};
  std::thread thread_;
};

}  // namespace weft::integrations
