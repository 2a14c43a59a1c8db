#include "mail/mail.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <set>

#include "actions/posts.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/text.h"
#include "core/threads.h"
#include "http/message.h"
#include "integrations/inbound.h"
#include "mail/message.h"
#include "policy/records.h"
#include "policy/spaces.h"
#include "queries/posts.h"

namespace weft::mail {
namespace {


int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string env(const char* name, std::string fallback = "") {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) : fallback;
}

std::string domain_of(const std::string& address) {
  auto at = address.rfind('@');
  return at == std::string::npos ? "weft.invalid" : address.substr(at + 1);
}

// The one settings row, made on first use with a fresh signing key.
void ensure_settings(store::Connection& c) {
  c.execute("INSERT INTO mail_settings (id, default_mode, signing_key, updated_at) VALUES (1, 'weekly', ?, ?) ON "
            "CONFLICT DO NOTHING",
            {store::Param::owned(crypto::random_hex(32)), clock::now_seconds()});
}

std::string signing_key(store::Connection& c) {
  auto rows = c.query("SELECT signing_key FROM mail_settings WHERE id = 1");
  if (rows->next()) return rows->text(0);
  rows.reset();
  ensure_settings(c);
  return signing_key(c);
}

std::string organization_mode(store::Connection& c) {
  auto rows = c.query("SELECT default_mode FROM mail_settings WHERE id = 1");
  return rows->next() ? rows->text(0) : std::string("weekly");
}

// The person's choice for a space (0: their default), falling back to theirs, then the organization's.
std::string mode_for(store::Connection& c, int64_t person_id, std::optional<int64_t> space_id) {
  auto rows = c.query("SELECT mode FROM mail_preferences WHERE person_id = ? AND space_id IN (?, 0) ORDER BY space_id "
                      "DESC LIMIT 1",
                      {person_id, space_id.value_or(0)});
  if (rows->next()) return rows->text(0);
  rows.reset();
  return organization_mode(c);
}

std::string mac_hex(const std::string& key, const std::string& data, std::size_t chars) {
  return crypto::hmac_sha256_hex(key, data).substr(0, chars);
}

std::string clip(std::string_view text, std::size_t max_chars) {
  std::string out;
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    unsigned char ch = static_cast<unsigned char>(text[i]);
    std::size_t len = ch < 0x80 ? 1 : (ch >> 5) == 6 ? 2 : (ch >> 4) == 14 ? 3 : (ch >> 3) == 30 ? 4 : 1;
    if (count == max_chars) return out + "…";
    out.append(text.substr(i, len));
    i += len;
    ++count;
  }
  return out;
}

// What a notification is about, for its message: the subject's title or the post's words.
struct About {
  std::string actor;
  std::string title;    // a problem's, idea's, proposal's, page's, space's or record's
  std::string excerpt;  // a post's words
  std::string path;     // in the web UI
};

About about(store::Connection& c, const Notification& n) {
  About a;
  a.actor = n.actor.name.empty() ? "Someone" : n.actor.name;
  auto title_of = [&](const char* sql, int64_t id) {
    auto rows = c.query(sql, {id});
    if (rows->next()) a.title = rows->text(0);
  };
  if (n.post_id) {
    auto rows = c.query("SELECT body FROM posts WHERE id = ?", {*n.post_id});
    if (rows->next()) a.excerpt = clip(rows->text(0), 600);
    a.path = "/posts/" + std::to_string(*n.post_id);
  } else if (n.subject_type == "problem") {
    title_of("SELECT title FROM problems WHERE id = ?", n.subject_id);
    a.path = "/problems/" + std::to_string(n.subject_id);
  } else if (n.subject_type == "idea") {
    title_of("SELECT title FROM ideas WHERE id = ?", n.subject_id);
    a.path = "/ideas/" + std::to_string(n.subject_id);
  } else if (n.subject_type == "proposal") {
    title_of("SELECT title FROM proposals WHERE id = ?", n.subject_id);
    a.path = "/proposals/" + std::to_string(n.subject_id);
  } else if (n.subject_type == "page") {
    title_of("SELECT title FROM pages WHERE id = ?", n.subject_id);
    a.path = "/pages/" + std::to_string(n.subject_id);
  } else if (n.subject_type == "space") {
    title_of("SELECT name FROM spaces WHERE id = ?", n.subject_id);
    a.path = "/spaces/" + std::to_string(n.subject_id);
  } else if (n.subject_type == "record") {
    title_of("SELECT title FROM records WHERE id = ?", n.subject_id);
    a.path = "/records/" + std::to_string(n.subject_id);
  } else if (n.subject_type == "person") {
    a.path = "/people/" + std::to_string(n.subject_id);
  } else {
    a.path = "/notifications";
  }
  return a;
}

std::string quoted(const std::string& title) { return title.empty() ? std::string() : " “" + title + "”"; }

// The subject line of a notification's message; empty for the kinds never sent on their own.
std::string subject_of(const Notification& n, const About& a) {
  const std::string& k = n.kind;
  if (k == "mention") return a.actor + " mentioned you";
  if (k == "reply") return a.actor + " replied to you";
  if (k == "record_post") return a.actor + " started a conversation on a record you follow";
  if (k == "record_changed") return "A record you follow changed:" + quoted(a.title);
  if (k == "solution") return a.actor + " proposed a solution to" + quoted(a.title);
  if (k == "expert_suggested") return "You could help with" + quoted(a.title);
  if (k == "accepted") return "Your solution was accepted:" + quoted(a.title);
  if (k == "stage") return "An idea you backed moved:" + quoted(a.title);
  if (k == "comment") return a.actor + " commented on your idea" + quoted(a.title);
  if (k == "proposal_opened") return "A proposal needs your stance:" + quoted(a.title);
  if (k == "stance") return a.actor + " took a stance on" + quoted(a.title);
  if (k == "proposal_closed") return "A decision was recorded:" + quoted(a.title);
  if (k == "page_edited") return "A page you watch changed:" + quoted(a.title);
  if (k == "page_comment") return a.actor + " commented on" + quoted(a.title);
  if (k == "join_request") return a.actor + " asks to join" + quoted(a.title);
  if (k == "space_added") return "You were added to" + quoted(a.title);
  if (k == "post_hidden") return "A moderator hid your post";
  if (k == "post_restored") return "Your post is visible again";
  if (k == "post_reported") return a.actor + " reported a post you moderate";
  if (k == "webhook_disabled") return "A webhook was disabled";
  return {};  // reactions, reshares, follows: never worth an e-mail of their own
}

struct Outgoing {
  int64_t person_id = 0;
  std::string kind;
  std::string dedupe_key;
  std::string to;
  std::string subject;
  std::string body;
  std::optional<std::string> reply_to;
  int64_t space_for_unsubscribe = 0;
};

// Writes the message into the outbox (once per dedupe key).
void queue(store::Connection& c, const Settings& settings, const Outgoing& out) {
  const int64_t now = clock::now_seconds();
  const std::string token = unsubscribe_token(c, out.person_id, out.space_for_unsubscribe);
  Message m;
  m.from = mailbox(settings.from_name, settings.from_address);
  m.to = out.to;
  m.subject = out.subject;
  m.reply_to = out.reply_to;
  m.date = now;
  m.message_id = crypto::sha256_hex(out.dedupe_key + "/" + settings.from_address).substr(0, 32) + "@" +
                 domain_of(settings.from_address);
  m.body = out.body + "\n\n-- \nChoose what Weft e-mails you: " + settings.base_url() +
           "/settings/notifications\nStop these e-mails: " + settings.base_url() + "/unsubscribe?token=" + token + "\n";
  m.headers = {{"List-Unsubscribe", "<" + settings.base_url() + "/api/v1/mail/unsubscribe?token=" + token + ">"},
               {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
               {"Auto-Submitted", "auto-generated"},
               {"X-Weft-Kind", out.kind}};
  c.execute("INSERT INTO mail_outbox (person_id, kind, dedupe_key, to_address, subject, message, status, attempts, "
            "next_attempt_at_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, 0, ?) ON CONFLICT DO NOTHING",
            {out.person_id, out.kind, out.dedupe_key, out.to, header_text(out.subject, 150),
             store::Param::owned(render(m)), now});
}

// "Reply", or nothing, for a notification one may answer by e-mail (a post's conversation).
bool answerable(const Notification& n) {
  return n.post_id && (n.kind == "mention" || n.kind == "reply" || n.kind == "record_post");
}

std::string date_of(int64_t seconds) { return clock::rfc3339(seconds).substr(0, 10); }

}  // namespace

std::string Settings::base_url() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->base_url;
}

void Settings::set_base_url(std::string url) {
  while (url.ends_with('/')) url.pop_back();
  std::lock_guard lock(shared_->mutex);
  shared_->base_url = std::move(url);
}

bool valid_mode(std::string_view mode) {
  for (const char* m : kModes) {
    if (mode == m) return true;
  }
  return false;
}

Result<Settings> settings_from_environment(const std::string& base_url) {
  Settings s;
  s.relay.url = env("WEFT_SMTP_URL");
  if (!s.relay.url.empty() && !s.relay.url.starts_with("smtp://") && !s.relay.url.starts_with("smtps://")) {
    return invalid("WEFT_SMTP_URL", "WEFT_SMTP_URL must be smtp://host:port or smtps://host:port.");
  }
  s.relay.user = env("WEFT_SMTP_USER");
  s.relay.password = env("WEFT_SMTP_PASSWORD");
  const std::string starttls = env("WEFT_SMTP_STARTTLS");
  s.relay.starttls = starttls.empty() ? "try" : starttls;
  if (s.relay.starttls != "required" && s.relay.starttls != "try" && s.relay.starttls != "off") {
    return invalid("WEFT_SMTP_STARTTLS", "WEFT_SMTP_STARTTLS must be required, try or off.");
  }
  // With a password, "try" would send it in the clear to whoever strips STARTTLS from the relay's
  // greeting: unset, it means required; said outright, it is refused.
  if (!s.relay.user.empty() && s.relay.url.starts_with("smtp://") && s.relay.starttls == "try") {
    if (!starttls.empty()) {
      return invalid("WEFT_SMTP_STARTTLS", "WEFT_SMTP_STARTTLS=try with WEFT_SMTP_USER could send the password "
                                           "unencrypted; use required (or off for a relay on this machine).");
    }
    s.relay.starttls = "required";
  }
  s.relay.verify_tls = env("WEFT_SMTP_TLS_VERIFY", "true") != "false";
  const std::string from = env("WEFT_MAIL_FROM", "Weft <weft@weft.invalid>");
  auto address = address_in(from);
  if (!address) return invalid("WEFT_MAIL_FROM", "WEFT_MAIL_FROM must be an address or \"Name <address>\".");
  s.from_address = *address;
  auto open = from.find('<');
  if (open != std::string::npos && open > 0) {
    std::string name = from.substr(0, open);
    while (!name.empty() && (name.back() == ' ' || name.back() == '"')) name.pop_back();
    while (!name.empty() && (name.front() == ' ' || name.front() == '"')) name.erase(name.begin());
    if (!name.empty()) s.from_name = name;
  }
  s.reply_domain = env("WEFT_MAIL_REPLY_DOMAIN", domain_of(s.from_address));
  s.set_base_url(env("WEFT_PUBLIC_URL", base_url));
  const std::string scale = env("WEFT_MAIL_RETRY_SCALE", "1");
  char* end = nullptr;
  s.retry_scale = std::strtod(scale.c_str(), &end);
  if (end == scale.c_str() || *end != '\0' || s.retry_scale <= 0 || s.retry_scale > 1000) {
    return invalid("WEFT_MAIL_RETRY_SCALE", "WEFT_MAIL_RETRY_SCALE must be a number above 0.");
  }
  s.reply_days = std::atoi(env("WEFT_MAIL_REPLY_DAYS", "30").c_str());
  if (s.reply_days < 0 || s.reply_days > 365) return invalid("WEFT_MAIL_REPLY_DAYS", "WEFT_MAIL_REPLY_DAYS is 0 to 365.");
  s.digest_hour = std::atoi(env("WEFT_MAIL_DIGEST_HOUR", "7").c_str());
  if (s.digest_hour < 0 || s.digest_hour > 23) return invalid("WEFT_MAIL_DIGEST_HOUR", "WEFT_MAIL_DIGEST_HOUR is 0 to 23.");
  return s;
}

// ---- preferences

Result<Preferences> preferences(store::Store& store, const Viewer& viewer) {
  return store::read(store, [&](store::Connection& c) -> Result<Preferences> {
    Preferences p;
    p.email = c.query_text("SELECT email FROM people WHERE id = ?", {viewer.person_id}).value_or("");
    p.organization_mode = organization_mode(c);
    auto own = c.query("SELECT mode FROM mail_preferences WHERE person_id = ? AND space_id = 0", {viewer.person_id});
    if (own->next()) p.default_mode = own->text(0);
    own.reset();
    p.effective_mode = p.default_mode.value_or(p.organization_mode);
    auto rows = c.query("SELECT s.id, s.name, mp.mode FROM space_members m JOIN spaces s ON s.id = m.space_id LEFT "
                        "JOIN mail_preferences mp ON mp.person_id = m.person_id AND mp.space_id = s.id WHERE "
                        "m.person_id = ? ORDER BY s.name, s.id LIMIT 500",
                        {viewer.person_id});
    while (rows->next()) {
      p.spaces.push_back({rows->int64(0), rows->text(1), rows->is_null(2) ? std::string("default") : rows->text(2)});
    }
    return p;
  });
}

Result<Preferences> change_preferences(store::Store& store, const Viewer& viewer, const PreferenceChange& change) {
  if (change.default_mode && !valid_mode(*change.default_mode)) {
    return invalid("default_mode", "default_mode must be realtime, daily, weekly, off or null.");
  }
  for (const auto& [space, mode] : change.spaces) {
    if (mode && *mode != "realtime" && *mode != "off") {
      return invalid("spaces", "A space's mode is realtime, off or default (its messages then follow default_mode).");
    }
  }
  auto done = store::transact(store, [&](store::Connection& c) -> Result<bool> {
    for (const auto& [space, mode] : change.spaces) {
      if (!c.query_int("SELECT 1 FROM space_members WHERE space_id = ? AND person_id = ?", {space, viewer.person_id})) {
        return fail(ErrorCode::kNotFound, "You are not a member of space " + std::to_string(space) + ".", "spaces");
      }
      if (mode) {
        c.execute("INSERT INTO mail_preferences (person_id, space_id, mode) VALUES (?, ?, ?) ON CONFLICT (person_id, "
                  "space_id) DO UPDATE SET mode = excluded.mode",
                  {viewer.person_id, space, *mode});
      } else {
        c.execute("DELETE FROM mail_preferences WHERE person_id = ? AND space_id = ?", {viewer.person_id, space});
      }
    }
    if (change.set_default) {
      if (change.default_mode) {
        c.execute("INSERT INTO mail_preferences (person_id, space_id, mode) VALUES (?, 0, ?) ON CONFLICT (person_id, "
                  "space_id) DO UPDATE SET mode = excluded.mode",
                  {viewer.person_id, *change.default_mode});
      } else {
        c.execute("DELETE FROM mail_preferences WHERE person_id = ? AND space_id = 0", {viewer.person_id});
      }
    }
    return true;
  });
  if (!done) return std::unexpected(done.error());
  return preferences(store, viewer);
}

Result<OrganizationMail> organization_mail(store::Store& store, const Viewer& viewer, const Settings& settings) {
  if (!viewer.is_admin()) return forbidden("Only admins see the organization's e-mail settings.");
  return store::read(store, [&](store::Connection& c) -> Result<OrganizationMail> {
    OrganizationMail o;
    o.default_mode = organization_mode(c);
    o.relay_configured = !settings.relay.url.empty();
    o.from_address = settings.from_address;
    auto rows = c.query("SELECT status, COUNT(*) FROM mail_outbox GROUP BY status");
    while (rows->next()) {
      const std::string status = rows->text(0);
      if (status == "pending" || status == "sending") o.pending += rows->int64(1);
      if (status == "sent") o.sent = rows->int64(1);
      if (status == "failed") o.failed = rows->int64(1);
    }
    rows.reset();
    o.last_error = c.query_text("SELECT last_error FROM mail_outbox WHERE last_error IS NOT NULL ORDER BY id DESC LIMIT 1");
    return o;
  });
}

Result<OrganizationMail> set_organization_mode(store::Store& store, const Viewer& viewer, const Settings& settings,
                                               const std::string& mode) {
  if (!viewer.is_admin()) return forbidden("Only admins change the organization's e-mail default.");
  if (!valid_mode(mode)) return invalid("default_mode", "default_mode must be realtime, daily, weekly or off.");
  auto done = store::transact(store, [&](store::Connection& c) -> Result<bool> {
    ensure_settings(c);
    c.execute("UPDATE mail_settings SET default_mode = ?, updated_at = ? WHERE id = 1", {mode, clock::now_seconds()});
    return true;
  });
  if (!done) return std::unexpected(done.error());
  return organization_mail(store, viewer, settings);
}

// ---- realtime messages

void on_notification(store::Connection& c, const Settings& settings, const Notification& n) {
  if (mode_for(c, n.person_id, n.space_id) != "realtime") return;
  About a = about(c, n);
  const std::string subject = subject_of(n, a);
  if (subject.empty()) return;
  auto rows = c.query("SELECT email FROM people WHERE id = ? AND deactivated_at IS NULL", {n.person_id});
  if (!rows->next()) return;
  std::string to = rows->text(0);
  rows.reset();
  if (!valid_address(to)) return;
  Outgoing out;
  out.person_id = n.person_id;
  out.kind = "notification";
  // Stable across a rebuild of the notifications: the event, the person and the kind.
  out.dedupe_key = fmt::format("n:{}:{}:{}", n.event_id, n.person_id, n.kind);
  out.to = to;
  out.subject = subject;
  out.space_for_unsubscribe = n.space_id.value_or(0);
  std::string body = subject + ".\n";
  if (!a.excerpt.empty()) body += "\n" + a.excerpt + "\n";
  body += "\nOpen it in Weft: " + settings.base_url() + a.path + "\n";
  if (answerable(n)) {
    out.reply_to = reply_address(c, settings, *n.post_id, n.person_id, clock::now_seconds());
    body += "Or reply to this e-mail: your answer goes into the conversation as you.\n";
  }
  out.body = body;
  queue(c, settings, out);
}

// ---- digests

namespace {

struct Line {
  std::string text;
  std::string path;
  std::optional<int64_t> record;  // the record it hangs on: mailed only to those who pass its gate
};

struct SpaceNews {
  std::vector<std::pair<int64_t, Line>> closing;  // proposal id, line
  std::vector<Line> outcomes;
};

}  // namespace

Result<DigestRun> run_digests(store::Store& store, const Settings& settings, const std::string& period, int64_t now,
                              const std::function<void(int64_t, int64_t)>& progress, bool dry_run) {
  if (period != "daily" && period != "weekly") return invalid("period", "period must be daily or weekly.");
  const int64_t span = period == "daily" ? 86400 : 7 * 86400;
  const int64_t since = now - span;
  const int64_t soon = now + (period == "daily" ? 2 : 7) * 86400;
  struct Reader {
    int64_t id;
    std::string email, name;
    Viewer viewer;
  };
  std::vector<Reader> readers;
  auto listed = store::read(store, [&](store::Connection& c) -> Result<bool> {
    const std::string org = organization_mode(c);
    auto rows = c.query("SELECT p.id, p.email, p.name, p.role, p.unit_id FROM people p LEFT JOIN mail_preferences mp "
                        "ON mp.person_id = p.id AND mp.space_id = 0 WHERE p.deactivated_at IS NULL AND COALESCE(mp.mode, "
                        "?) = ? ORDER BY p.id",
                        {org, period});
    while (rows->next()) {
      Reader r{rows->int64(0), rows->text(1), rows->text(2), {}};
      r.viewer = Viewer{r.id, parse_role(rows->text(3)).value_or(Role::kGuest), rows->optional_int64(4)};
      readers.push_back(std::move(r));
    }
    return true;
  });
  if (!listed) return std::unexpected(listed.error());
  DigestRun run;
  run.people = static_cast<int64_t>(readers.size());
  std::map<int64_t, SpaceNews> news;  // per space, read once per run
  const std::string date = date_of(now);
  constexpr std::size_t kChunk = 500;
  for (std::size_t start = 0; start < readers.size(); start += kChunk) {
    const std::size_t end = std::min(readers.size(), start + kChunk);
    std::vector<Outgoing> outgoing;
    // Reads for a chunk of people, then one write transaction for their digests.
    auto built = store::read(store, [&](store::Connection& c) -> Result<bool> {
      for (std::size_t i = start; i < end; ++i) {
        const Reader& r = readers[i];
        const std::string key = fmt::format("digest:{}:{}:{}", period, r.id, date);
        if (c.query_int("SELECT 1 FROM mail_outbox WHERE dedupe_key = ?", {key})) {
          ++run.already;
          continue;
        }
        if (!valid_address(r.email)) {
          ++run.skipped;
          continue;
        }
        // The spaces they belong to and have not silenced.
        std::vector<int64_t> spaces;
        {
          auto rows = c.query("SELECT m.space_id FROM space_members m LEFT JOIN mail_preferences mp ON mp.person_id = "
                              "m.person_id AND mp.space_id = m.space_id WHERE m.person_id = ? AND COALESCE(mp.mode, '') "
                              "<> 'off'",
                              {r.id});
          while (rows->next()) spaces.push_back(rows->int64(0));
        }
        std::set<int64_t> member_of(spaces.begin(), spaces.end());
        auto may_see = [&](std::optional<int64_t> space_id, std::optional<int64_t> post_id) {
          if (post_id) return queries::can_see_post(c, r.viewer, *post_id);
          return !space_id || member_of.count(*space_id) > 0 || policy::space_access(c, r.viewer, *space_id).content;
        };
        std::vector<Line> replies, help, closing, outcomes;
        {
          // Replies and mentions still unread; problems the expertise engine asked them about.
          auto rows = c.query(
              "SELECT n.kind, n.post_id, n.space_id, n.subject_id, COALESCE(a.name, ''), COALESCE(substr(p.body, 1, "
              "160), ''), COALESCE(pr.title, ''), COALESCE(pr.status, ''), pr.record_id FROM notifications n LEFT JOIN people a ON "
              "a.id = n.actor_id LEFT JOIN posts p ON p.id = n.post_id LEFT JOIN problems pr ON pr.id = n.subject_id "
              "AND n.subject_type = 'problem' WHERE n.person_id = ? AND n.created_at >= ? AND n.kind IN ('reply', "
              "'mention', 'expert_suggested') AND (n.read_at IS NULL OR n.kind = 'expert_suggested') ORDER BY n.id "
              "DESC LIMIT 40",
              {r.id, since});
          struct Row {
            std::string kind;
            std::optional<int64_t> post, space;
            int64_t subject;
            std::string actor, excerpt, title, status;
            std::optional<int64_t> record;
          };
          std::vector<Row> found;
          while (rows->next()) {
            found.push_back({rows->text(0), rows->optional_int64(1), rows->optional_int64(2), rows->int64(3),
                             rows->text(4), rows->text(5), rows->text(6), rows->text(7), rows->optional_int64(8)});
          }
          rows.reset();
          for (const auto& f : found) {
            if (f.space && member_of.count(*f.space) == 0 && !policy::space_access(c, r.viewer, *f.space).content) continue;
            if (f.kind == "expert_suggested") {
              // A problem on a record: only while its access list lets them in.
              if (f.status == "open" && help.size() < 5 && policy::passes_record_gate(c, r.viewer, f.record)) {
                help.push_back({"“" + f.title + "”", "/problems/" + std::to_string(f.subject)});
              }
            } else if (replies.size() < 5 && f.post && may_see(f.space, f.post)) {
              replies.push_back({f.actor + (f.kind == "reply" ? " replied: " : " mentioned you: ") + clip(f.excerpt, 140),
                                 "/posts/" + std::to_string(*f.post)});
            }
          }
        }
        std::vector<int64_t> closing_ids;
        for (int64_t space : spaces) {
          auto it = news.find(space);
          if (it == news.end()) {
            SpaceNews n;
            auto rows = c.query("SELECT p.id, p.title, s.name FROM proposals p JOIN spaces s ON s.id = p.space_id WHERE "
                                "p.space_id = ? AND p.status = 'open' AND p.closes_at >= ? AND p.closes_at < ? ORDER BY "
                                "p.closes_at LIMIT 5",
                                {space, now, soon});
            while (rows->next()) {
              n.closing.push_back({rows->int64(0), {"“" + rows->text(1) + "” in " + rows->text(2),
                                                    "/proposals/" + std::to_string(rows->int64(0))}});
            }
            rows.reset();
            auto done = c.query(
                "SELECT 'Problem solved: ' || title, '/problems/' || CAST(id AS TEXT), record_id FROM problems WHERE "
                "space_id = ?1 AND status = 'resolved' AND resolved_at >= ?2 UNION ALL SELECT 'Decision: ' || title || "
                "' (' || COALESCE(decision, 'closed') || ')', '/proposals/' || CAST(id AS TEXT), NULL FROM proposals "
                "WHERE space_id = ?1 AND status = 'closed' AND closed_at >= ?2 UNION ALL SELECT 'Idea ' || stage || ': ' "
                "|| title, '/ideas/' || CAST(id AS TEXT), NULL FROM ideas WHERE space_id = ?1 AND stage IN ('accepted', "
                "'implemented') AND stage_changed_at >= ?2 LIMIT 5",
                {space, since});
            while (done->next()) n.outcomes.push_back({done->text(0), done->text(1), done->optional_int64(2)});
            it = news.emplace(space, std::move(n)).first;
          }
          for (const auto& [id, line] : it->second.closing) {
            if (closing.size() < 5) {
              closing.push_back(line);
              closing_ids.push_back(id);
            }
          }
          // The space's news is shared by its readers; a problem on a restricted record is told
          // only to those on its access list.
          for (const auto& line : it->second.outcomes) {
            if (outcomes.size() < 8 && policy::passes_record_gate(c, r.viewer, line.record)) outcomes.push_back(line);
          }
        }
        // A proposal they took a stance on already is not "closing soon" for them.
        if (!closing_ids.empty()) {
          std::set<int64_t> stood;
          auto rows = c.query("SELECT proposal_id FROM stances WHERE person_id = ? AND proposal_id IN (" + c.ids_sql() + ")",
                              {r.id, store::Param::ids(closing_ids)});
          while (rows->next()) stood.insert(rows->int64(0));
          std::vector<Line> kept;
          for (std::size_t k = 0; k < closing.size(); ++k) {
            if (!stood.count(closing_ids[k])) kept.push_back(closing[k]);
          }
          closing = std::move(kept);
        }
        if (replies.empty() && help.empty() && closing.empty() && outcomes.empty()) {
          ++run.skipped;
          continue;
        }
        std::string body = fmt::format("Hello {},\n\nWhat needs you in Weft {}:\n", r.name,
                                       period == "daily" ? "today" : "this week");
        auto section = [&](const char* title, const std::vector<Line>& lines) {
          if (lines.empty()) return;
          body += std::string("\n") + title + "\n";
          for (const auto& l : lines) body += "- " + l.text + "\n  " + settings.base_url() + l.path + "\n";
        };
        section("Problems you could help with", help);
        section("Proposals closing soon (you have not taken a stance)", closing);
        section("Replies and mentions waiting for you", replies);
        section("Outcomes in your spaces", outcomes);
        const std::size_t count = help.size() + closing.size() + replies.size();
        std::string subject = count > 0 ? fmt::format("Weft: {} thing{} need{} you", count, count == 1 ? "" : "s",
                                                      count == 1 ? "s" : "")
                                        : fmt::format("Weft: {} outcome{} in your spaces", outcomes.size(),
                                                      outcomes.size() == 1 ? "" : "s");
        outgoing.push_back({r.id, "digest_" + period, key, r.email, subject, body, std::nullopt, 0});
      }
      return true;
    });
    if (!built) return std::unexpected(built.error());
    if (!outgoing.empty() && !dry_run) {
      auto written = store::transact(store, [&](store::Connection& c) -> Result<bool> {
        for (const auto& out : outgoing) queue(c, settings, out);
        return true;
      });
      if (!written) return std::unexpected(written.error());
    }
    run.queued += static_cast<int64_t>(outgoing.size());
    if (progress) progress(static_cast<int64_t>(end), static_cast<int64_t>(readers.size()));
  }
  return run;
}

// ---- tokens

std::string reply_address(store::Connection& c, const Settings& settings, int64_t post_id, int64_t person_id,
                          int64_t now) {
  const int64_t expires = now + settings.reply_days * 86400;
  const std::string data = fmt::format("reply:{}:{}:{}", post_id, person_id, expires);
  return fmt::format("reply+{}-{}-{}-{}@{}", post_id, person_id, expires, mac_hex(signing_key(c), data, 24),
                     settings.reply_domain);
}

std::string unsubscribe_token(store::Connection& c, int64_t person_id, int64_t space_id) {
  const std::string data = fmt::format("unsubscribe:{}:{}", person_id, space_id);
  return fmt::format("{}-{}-{}", person_id, space_id, mac_hex(signing_key(c), data, 32));
}

namespace {

// "a-b-c-mac" → the numbers and the mac; nullopt for anything else.
std::optional<std::pair<std::vector<int64_t>, std::string>> split_token(std::string_view token, std::size_t numbers) {
  std::vector<int64_t> values;
  for (std::size_t k = 0; k < numbers; ++k) {
    auto dash = token.find('-');
    if (dash == std::string_view::npos || dash == 0 || dash > 19) return std::nullopt;
    int64_t v = 0;
    for (char ch : token.substr(0, dash)) {
      if (ch < '0' || ch > '9') return std::nullopt;
      v = v * 10 + (ch - '0');
    }
    values.push_back(v);
    token.remove_prefix(dash + 1);
  }
  if (token.empty() || token.size() > 64) return std::nullopt;
  return std::pair{values, std::string(token)};
}

}  // namespace

Result<Unsubscribed> unsubscribe(store::Store& store, const std::string& token) {
  auto parts = split_token(token, 2);
  if (!parts) return invalid("token", "This unsubscribe link is not valid.");
  const int64_t person = parts->first[0], space = parts->first[1];
  return store::transact(store, [&](store::Connection& c) -> Result<Unsubscribed> {
    const std::string want = mac_hex(signing_key(c), fmt::format("unsubscribe:{}:{}", person, space), 32);
    if (!crypto::constant_time_equal(want, parts->second)) return invalid("token", "This unsubscribe link is not valid.");
    Unsubscribed out;
    auto email = c.query_text("SELECT email FROM people WHERE id = ?", {person});
    if (!email) return invalid("token", "This unsubscribe link is not valid.");
    out.email = *email;
    if (space != 0) out.space_name = c.query_text("SELECT name FROM spaces WHERE id = ?", {space});
    c.execute("INSERT INTO mail_preferences (person_id, space_id, mode) VALUES (?, ?, 'off') ON CONFLICT (person_id, "
              "space_id) DO UPDATE SET mode = 'off'",
              {person, space});
    return out;
  });
}

// ---- replies by e-mail

std::string reply_text(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view trimmed = line;
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) trimmed.remove_prefix(1);
    const bool quote_start = trimmed.starts_with(">") || line == "-- " || trimmed.starts_with("-----Original Message") ||
                             (trimmed.starts_with("On ") && trimmed.ends_with("wrote:")) ||
                             trimmed.starts_with("________________________________");
    if (quote_start) break;
    out.append(line);
    out += '\n';
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ' || out.back() == '\t')) out.pop_back();
  std::size_t lead = 0;
  while (lead < out.size() && (out[lead] == '\n' || out[lead] == ' ')) ++lead;
  return out.substr(lead);
}

Result<InboundReply> accept_reply(store::Store& store, const Settings& settings, const http::Request& request,
                                  const std::function<Result<InboundMail>(std::string_view body)>& read, int64_t now) {
  if (request.body.size() > kMaxInbound) return fail(ErrorCode::kPayloadTooLarge, "An inbound mail may be at most 256 KiB.");
  struct Claim {
    int64_t post_id = 0;
    Viewer viewer;
    std::string message_id;
    std::string text;
  };
  Claim claim;
  std::optional<int64_t> existing;
  int64_t reply_id = 0;
  // Whether another delivery of the same mail recorded its reply first (PostgreSQL: a node or a
  // transaction beside this one); this one's reply is then undone and the first one's answered.
  bool lost_race = false;
  WEFT_ASSIGN_OR_RETURN(auto signer, integrations::check_signed_hook(store, request, now));
  auto checked = store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_TRY_VOID(integrations::record_signed_hook(c, signer, now));
    WEFT_ASSIGN_OR_RETURN(auto mail, read(request.body));
    auto& [to, from, text, message_id] = mail;
    auto to_address = address_in(to);
    auto from_address = address_in(from);
    if (!to_address) return invalid("to", "to must be an e-mail address.");
    if (!from_address) return invalid("from", "from must be an e-mail address.");
    // reply+<post>-<person>-<expires>-<mac>@domain
    const std::string local = to_address->substr(0, to_address->find('@'));
    const std::string domain = text::lowercase_ascii(to_address->substr(to_address->find('@') + 1));
    auto refused = [] { return forbidden("This reply address is not valid."); };
    if (!local.starts_with("reply+") || domain != text::lowercase_ascii(settings.reply_domain)) return refused();
    auto parts = split_token(std::string_view(local).substr(6), 3);
    if (!parts) return refused();
    const int64_t post = parts->first[0], person = parts->first[1], expires = parts->first[2];
    const std::string want =
        mac_hex(signing_key(c), fmt::format("reply:{}:{}:{}", post, person, expires), 24);
    if (!crypto::constant_time_equal(want, text::lowercase_ascii(parts->second))) return refused();
    if (expires < now) return forbidden("This reply address has expired; answer in Weft instead.");
    auto rows = c.query("SELECT email, role, unit_id FROM people WHERE id = ? AND deactivated_at IS NULL", {person});
    if (!rows->next()) return refused();
    if (text::lowercase_ascii(rows->text(0)) != text::lowercase_ascii(*from_address)) {
      return forbidden("The reply did not come from the address it was sent to.");
    }
    claim.viewer = Viewer{person, parse_role(rows->text(1)).value_or(Role::kGuest), rows->optional_int64(2)};
    rows.reset();
    claim.post_id = post;
    claim.message_id = message_id;
    claim.text = reply_text(text);
    // A duplicate is the same person's mail again (a Message-ID is its sender's to choose).
    existing = c.query_int("SELECT post_id FROM mail_inbound WHERE person_id = ? AND message_id = ?",
                           {person, message_id});
    if (existing) return true;
    if (claim.text.empty()) return invalid("text", "The reply has no words of its own.");
    // The reply and the record of the mail it came from are one write, so two deliveries of one
    // mail at the same moment make one reply: the second's insert meets the first's key.
    WEFT_ASSIGN_OR_RETURN(reply_id, actions::reply_in(c, claim.viewer, claim.post_id, claim.text));
    if (c.execute("INSERT INTO mail_inbound (message_id, person_id, post_id, at) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT DO NOTHING",
                  {claim.message_id, claim.viewer.person_id, reply_id, now}) == 0) {
      lost_race = true;
      return fail(ErrorCode::kConflict, "Another delivery of this mail made its reply first.");  // undoes this one
    }
    return true;
  });
  if (!checked && !lost_race) return std::unexpected(checked.error());
  if (lost_race) {
    auto first = store::read(store, [&](store::Connection& c) -> Result<std::optional<int64_t>> {
      return c.query_int("SELECT post_id FROM mail_inbound WHERE person_id = ? AND message_id = ?",
                         {claim.viewer.person_id, claim.message_id});
    });
    if (!first) return std::unexpected(first.error());
    if (!*first) return fail(ErrorCode::kConflict, "The reply was being recorded by another delivery; send it again.");
    existing = **first;
  }
  if (existing) return InboundReply{claim.post_id, *existing, true};
  return InboundReply{claim.post_id, reply_id, false};
}

// ---- sending

Sender::Sender(store::Store& store, const Settings& settings)
    : store_(store), settings_(settings), relay_(settings_.relay) {}

void Sender::start() {
  if (thread_.joinable()) return;
  // A message left "sending" by a process that stopped mid-send may have gone: it is not sent
  // again (never twice), but marked for an admin to see.
  auto marked = store::transact(store_, [](store::Connection& c) -> Result<bool> {
    c.execute("UPDATE mail_outbox SET status = 'failed', last_error = 'Interrupted while sending; not sent again in "
              "case it went.' WHERE status = 'sending'");
    return true;
  });
  if (!marked) spdlog::warn("mail: {}", marked.error().message);
  thread_ = std::thread([this] {
    core::name_thread("weft-mail");
    run();
  });
}

void Sender::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Sender::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  changed_.notify_all();
}

void Sender::run() {
  while (true) {
    int sent = 0;
    if (relay_.configured() && store_.hold_lease("mail-outbox")) sent = send_due();
    std::unique_lock lock(mutex_);
    if (stopping_) return;
    if (sent > 0) continue;  // more may be due
    changed_.wait_for(lock, std::chrono::milliseconds(1000), [&] { return woken_ || stopping_; });
    if (stopping_) return;
    woken_ = false;
  }
}

int Sender::send_due() {
  struct Due {
    int64_t id, attempts;
    std::string to, message;
  };
  std::vector<Due> due;
  auto claimed = store::transact(store_, [&](store::Connection& c) -> Result<bool> {
    due.clear();
    auto rows = c.query("SELECT id, attempts, to_address, message FROM mail_outbox WHERE status = 'pending' AND "
                        "next_attempt_at_ms <= ? ORDER BY id LIMIT 50",
                        {now_ms()});
    while (rows->next()) due.push_back({rows->int64(0), rows->int64(1), rows->text(2), rows->text(3)});
    rows.reset();
    // Claimed before sending: a message is never handed to the relay twice.
    for (const auto& d : due) {
      c.execute("UPDATE mail_outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?", {d.id});
    }
    return true;
  });
  if (!claimed) {
    spdlog::warn("mail: {}", claimed.error().message);
    return 0;
  }
  int sent = 0;
  for (const auto& d : due) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {
        // Not handed over: back to pending.
        (void)store::transact(store_, [&](store::Connection& c) -> Result<bool> {
          c.execute("UPDATE mail_outbox SET status = 'pending', attempts = attempts - 1 WHERE id = ? AND status = "
                    "'sending'",
                    {d.id});
          return true;
        });
        continue;
      }
    }
    SendResult result = relay_.send(settings_.from_address, d.to, d.message);
    const int64_t attempts = d.attempts + 1;
    auto recorded = store::transact(store_, [&](store::Connection& c) -> Result<bool> {
      if (result.ok) {
        c.execute("UPDATE mail_outbox SET status = 'sent', sent_at = ?, last_error = NULL WHERE id = ?",
                  {clock::now_seconds(), d.id});
        return true;
      }
      // 1 min, 5 min, 30 min, 2 h, 6 h, then given up (after 6 attempts) or at once when refused for good.
      static constexpr int64_t kDelays[] = {60, 300, 1800, 7200, 21600};
      const bool give_up = result.permanent || attempts > 5;
      const int64_t delay_ms =
          static_cast<int64_t>(static_cast<double>(kDelays[std::min<int64_t>(attempts - 1, 4)] * 1000) * settings_.retry_scale);
      c.execute("UPDATE mail_outbox SET status = ?, last_error = ?, next_attempt_at_ms = ? WHERE id = ?",
                {give_up ? "failed" : "pending", store::Param::owned(result.error), now_ms() + delay_ms, d.id});
      return true;
    });
    if (!recorded) spdlog::warn("mail: recording message {}: {}", d.id, recorded.error().message);
    if (result.ok) {
      ++sent;
    } else {
      spdlog::warn("mail: message {} to {}: {}", d.id, d.to, result.error);
    }
  }
  return sent;
}

DigestClock::DigestClock(store::Store& store, const Settings& settings, std::function<void()> wake_sender)
    : store_(store), settings_(settings), wake_sender_(std::move(wake_sender)) {}

void DigestClock::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] {
    core::name_thread("weft-digests");
    std::string daily_done, weekly_done;  // the dates run in this process (a restart runs again: idempotent)
    while (true) {
      {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, std::chrono::seconds(60), [&] { return stopping_; });
        if (stopping_) return;
      }
      if (!store_.hold_lease("mail-digests")) continue;
      const int64_t now = clock::now_seconds();
      const std::time_t t = static_cast<std::time_t>(now);
      std::tm tm{};
      gmtime_r(&t, &tm);
      if (tm.tm_hour < settings_.digest_hour) continue;
      const std::string today = date_of(now);
      for (const std::string period : {"daily", "weekly"}) {
        std::string& done = period == "daily" ? daily_done : weekly_done;
        if (done == today || (period == "weekly" && tm.tm_wday != 1)) continue;
        auto run = run_digests(store_, settings_, period, now);
        if (!run) {
          spdlog::warn("mail: {} digests: {}", period, run.error().message);
          continue;
        }
        done = today;
        spdlog::info("mail: {} digests: {} people, {} queued, {} with nothing worth sending", period, run->people,
                     run->queued, run->skipped);
        if (run->queued > 0 && wake_sender_) wake_sender_();
      }
    }
  });
}

void DigestClock::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace weft::mail
