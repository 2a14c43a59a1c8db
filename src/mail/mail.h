// E-mail, sparingly (docs/design/mail.md): each person chooses per space — realtime, a daily or
// weekly digest, or off — over the organization's default (a weekly digest). Realtime messages
// are written by the notifier, in the transaction that stores the notification, for the kinds
// worth an interruption (work and conversation, never reactions, reshares or follows); digests
// rank what matters and are skipped when nothing does. Every message goes through the outbox
// (mail_outbox: one row per message, its dedupe_key makes it once), which the Sender works under
// a lease. Reply addresses and unsubscribe links are signed with the organization's key; a reply
// that comes back through the signed inbound hook lands in the thread as its person.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "mail/smtp.h"
#include "model/notification.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::http {
struct Request;
}

namespace weft::mail {

inline constexpr const char* kModes[] = {"realtime", "daily", "weekly", "off"};
bool valid_mode(std::string_view mode);

struct Settings {
  RelaySettings relay;
  std::string from_address = "weft@weft.invalid";  // WEFT_MAIL_FROM
  std::string from_name = "Weft";
  std::string reply_domain;  // WEFT_MAIL_REPLY_DOMAIN; empty: the from address's domain
  // Links in messages: WEFT_PUBLIC_URL, else the listening address (known once listening; other
  // threads read it meanwhile, hence the lock).
  std::string base_url() const;
  void set_base_url(std::string url);
  double retry_scale = 1.0;  // WEFT_MAIL_RETRY_SCALE: multiplies every retry delay
  int digest_hour = 7;       // WEFT_MAIL_DIGEST_HOUR: daily digests go at this hour (UTC), weekly on Mondays
  int64_t reply_days = 30;   // reply addresses expire after this many days

 private:
  struct Shared {
    std::mutex mutex;
    std::string base_url;
  };
  std::shared_ptr<Shared> shared_ = std::make_shared<Shared>();
};
// Reads WEFT_SMTP_* and WEFT_MAIL_*; `base_url` is the fallback for links.
Result<Settings> settings_from_environment(const std::string& base_url);

// ---- preferences

struct SpaceChoice {
  int64_t space_id = 0;
  std::string space_name;
  std::string mode;  // realtime, daily, weekly, off; "default" when the person set none
};
struct Preferences {
  std::string email;
  std::optional<std::string> default_mode;  // the person's own, or none (the organization's)
  std::string organization_mode;
  std::string effective_mode;
  std::vector<SpaceChoice> spaces;  // the person's spaces
};
struct PreferenceChange {
  bool set_default = false;
  std::optional<std::string> default_mode;  // nullopt with set_default: back to the organization's
  std::vector<std::pair<int64_t, std::optional<std::string>>> spaces;  // nullopt: back to the default
};
Result<Preferences> preferences(store::Store& store, const Viewer& viewer);
Result<Preferences> change_preferences(store::Store& store, const Viewer& viewer, const PreferenceChange& change);

struct OrganizationMail {
  std::string default_mode;
  bool relay_configured = false;
  std::string from_address;
  int64_t pending = 0, sent = 0, failed = 0;
  std::optional<std::string> last_error;
};
Result<OrganizationMail> organization_mail(store::Store& store, const Viewer& viewer, const Settings& settings);
Result<OrganizationMail> set_organization_mode(store::Store& store, const Viewer& viewer, const Settings& settings,
                                               const std::string& mode);

// ---- messages

// Called by the notifier inside its transaction for each new notification: queues a realtime
// message when the person asked for one for this kind and space.
void on_notification(store::Connection& c, const Settings& settings, const Notification& notification);

struct DigestRun {
  int64_t people = 0;   // whose default is this period
  int64_t queued = 0;   // digests written
  int64_t skipped = 0;  // nothing worth sending
  int64_t already = 0;  // sent for this period before
};
// Builds and queues the `period` (daily, weekly) digests due at `now` (seconds): what matters
// since the period before `now`, skipped when nothing does; once per person and period.
Result<DigestRun> run_digests(store::Store& store, const Settings& settings, const std::string& period, int64_t now,
                              const std::function<void(int64_t done, int64_t total)>& progress = nullptr,
                              bool dry_run = false);

// ---- tokens

// reply+<post>-<person>-<expires>-<mac>@domain
std::string reply_address(store::Connection& c, const Settings& settings, int64_t post_id, int64_t person_id,
                          int64_t now);
// <person>-<space>-<mac>
std::string unsubscribe_token(store::Connection& c, int64_t person_id, int64_t space_id);
// One-click unsubscribe: that scope goes off. 400 for a token that does not verify.
struct Unsubscribed {
  std::string email;
  std::optional<std::string> space_name;  // nullopt: every e-mail
};
Result<Unsubscribed> unsubscribe(store::Store& store, const std::string& token);

// An e-mail reply (through the signed inbound hook): {"to", "from", "text", "message_id"}. 413
// over 256 KiB, 401 for a bad hook signature, 403 for a reply address that is forged, expired or
// not its person's (the from address must be theirs); the reply's text without the quoted
// message. Answers the new reply's id (the same id again for the same message_id).
struct InboundReply {
  int64_t post_id = 0;
  int64_t reply_id = 0;
  bool duplicate = false;
};
struct InboundMail {
  std::string to;
  std::string from;
  std::string text;
  std::string message_id;
};
inline constexpr std::size_t kMaxInbound = 256 * 1024;
// `read` turns the body into an InboundMail once its signature has been checked.
Result<InboundReply> accept_reply(store::Store& store, const Settings& settings, const http::Request& request,
                                  const std::function<Result<InboundMail>(std::string_view body)>& read, int64_t now);
// The reply's own words: the quoted message ("> …", "On … wrote:") and a signature ("-- ") cut.
std::string reply_text(std::string_view text);

// ---- sending

class Sender {
 public:
  // `settings` outlives the sender.
  Sender(store::Store& store, const Settings& settings);
  ~Sender() { stop(); }
  void start();
  void stop();
  void wake();

 private:
  void run();
  int send_due();
  store::Store& store_;
  const Settings& settings_;
  Relay relay_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

// Queues the digests when they are due (hourly check, under the "mail-digests" lease).
class DigestClock {
 public:
  DigestClock(store::Store& store, const Settings& settings, std::function<void()> wake_sender);
  ~DigestClock() { stop(); }
  void start();
  void stop();

 private:
  store::Store& store_;
  const Settings& settings_;
  std::function<void()> wake_sender_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace weft::mail
