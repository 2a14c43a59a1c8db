#include "actions/accounts.h"

#include <arpa/inet.h>

#include <algorithm>

#include "actions/spaces.h"

#include "core/clock.h"
#include "core/limits.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/throttle.h"
#include "events/event_log.h"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

namespace weft::actions {
namespace {

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Verifying against this keeps an unknown e-mail as slow as a wrong password.
const std::string& dummy_hash() {
  static const std::string hash = crypto::hash_password("weft-no-such-account");
  return hash;
}

// Signing in accepts every pending invitation to the e-mail: each becomes a membership.
void accept_invitations(store::Connection& c, int64_t person_id, const std::string& email, int64_t now) {
  struct Invitation {
    int64_t id, space_id;
    std::string role;
    int64_t invited_by;
  };
  std::vector<Invitation> pending;
  {
    auto rows = c.query(
        "SELECT id, space_id, role, invited_by FROM space_invitations WHERE email = ? AND accepted_at IS NULL "
        "AND revoked_at IS NULL AND expires_at > ? ORDER BY id",
        {email, now});
    while (rows->next()) pending.push_back({rows->int64(0), rows->int64(1), rows->text(2), rows->int64(3)});
  }
  if (pending.empty()) return;
  const bool guest = c.query_text("SELECT role FROM people WHERE id = ?", {person_id}).value_or("") == "guest";
  for (const auto& invitation : pending) {
    c.execute("UPDATE space_invitations SET accepted_at = ?, accepted_by = ? WHERE id = ?",
              {now, person_id, invitation.id});
    if (c.query_int("SELECT 1 FROM space_members WHERE space_id = ? AND person_id = ?",
                    {invitation.space_id, person_id})) {
      continue;
    }
    // Added by the owner who invited them (the notification names who brought them in).
    insert_member(c, invitation.invited_by, invitation.space_id, person_id, guest ? "guest" : invitation.role, now);
  }
}

}  // namespace

void end_credentials(store::Connection& c, int64_t actor_id, int64_t person_id,
                     const std::string& keep_session_hash) {
  c.execute("DELETE FROM sessions WHERE person_id = ? AND token_hash <> ?", {person_id, keep_session_hash});
  c.execute("UPDATE api_tokens SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL",
            {clock::now_seconds(), person_id});
  events::append(c, {.actor_id = actor_id,
                     .object_id = person_id,
                     .audience = "self",
                     .payload = events::PersonCredentialsEnded{}});
}

namespace {
// The client as the throttle counts it: an IPv4 address (also written IPv4-mapped, ::ffff:a.b.c.d),
// or an IPv6 client's /64, the block one subscriber is given: counting each of its addresses
// apart would let one client spray from as many addresses as it likes.
std::string client_key(const std::string& address) {
  in6_addr v6{};
  if (address.find(':') == std::string::npos || inet_pton(AF_INET6, address.c_str(), &v6) != 1) return address;
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    char v4[INET_ADDRSTRLEN];
    if (inet_ntop(AF_INET, &v6.s6_addr[12], v4, sizeof v4)) return v4;
  }
  std::fill(std::begin(v6.s6_addr) + 8, std::end(v6.s6_addr), 0);
  char text[INET6_ADDRSTRLEN];
  if (!inet_ntop(AF_INET6, &v6, text, sizeof text)) return address;
  return std::string(text) + "/64";
}
}  // namespace

SigninThrottle::Attempt SigninThrottle::begin(const std::string& email, const std::string& raw_address, int64_t now) {
  const std::string address = client_key(raw_address);
  Attempt attempt{0, crypto::random_hex(12)};
  auto counted = store::transact(store_, [&](store::Connection& c) -> Result<bool> {
    for (const auto& [key, limit] : {std::pair{"account:" + email, limits_.per_account},
                                     std::pair{"address:" + address, limits_.per_address}}) {
      auto rows = c.query("SELECT COUNT(*), MIN(at) FROM signin_failures WHERE key = ? AND at > ?",
                          {key, now - limits_.window_seconds});
      if (!rows->next() || rows->int64(0) < limit) continue;
      attempt.retry_after =
          std::max(attempt.retry_after, std::max<int64_t>(1, rows->int64(1) + limits_.window_seconds - now));
    }
    if (attempt.retry_after > 0) return true;
    c.execute("INSERT INTO signin_failures (key, at, attempt) VALUES (?, ?, ?), (?, ?, ?)",
              {"account:" + email, now, attempt.id, "address:" + address, now, attempt.id});
    // What has left every window goes, so the table stays as small as the current attempts.
    c.execute("DELETE FROM signin_failures WHERE at <= ?", {now - limits_.window_seconds});
    return true;
  });
  if (!counted) spdlog::warn("sign-in throttle: {}", counted.error().message);
  return attempt;
}

void SigninThrottle::succeeded(store::Connection& c, const Attempt& attempt) {
  c.execute("DELETE FROM signin_failures WHERE attempt = ?", {attempt.id});
}

Result<SignedIn> sign_in(store::Store& store, SigninThrottle& throttle, std::string email,
                         const std::string& password, const std::string& address) {
  email = lowercase(email);
  const int64_t now = clock::now_seconds();
  const auto attempt = throttle.begin(email, address, now);
  if (attempt.retry_after > 0) {
    Error error{ErrorCode::kRateLimited, "Too many failed sign-ins; try again later."};
    error.retry_after_seconds = static_cast<int>(attempt.retry_after);
    return std::unexpected(error);
  }
  // Single sign-on only: passwords are for the break-glass admin alone. Told before the password
  // is checked, and the same for a right and a wrong one, so that it tests no password.
  WEFT_ASSIGN_OR_RETURN(auto sso_only, store::read(store, [&](store::Connection& c) -> Result<std::optional<std::string>> {
    auto rows = c.query("SELECT local_passwords, COALESCE(break_glass_email, '') FROM oidc_settings WHERE id = 1");
    if (!rows->next() || rows->int64(0) != 0) return std::optional<std::string>();
    return std::optional<std::string>(rows->text(1));
  }));
  if (sso_only && lowercase(*sso_only) != email) {
    (void)crypto::verify_password(dummy_hash(), password);  // the time a check takes, whoever asks
    return forbidden("Sign in through your organization's identity provider; passwords are turned off.");
  }
  struct Account {
    int64_t id;
    std::string hash;
  };
  WEFT_ASSIGN_OR_RETURN(
      auto account, store::read(store, [&](store::Connection& c) -> Result<std::optional<Account>> {
        auto rows = c.query(
            "SELECT id, password_hash FROM people WHERE email = ? AND deactivated_at IS NULL", {email});
        if (!rows->next()) return std::optional<Account>();
        return std::optional<Account>(Account{rows->int64(0), rows->text(1)});
      }));
  // An unknown e-mail, and an account with no password (made by SCIM or single sign-on: "!"),
  // take the same time as a wrong password: the dummy hash is checked instead, so timing tells
  // none of them apart.
  const bool has_password = account && account->hash.starts_with("$argon2");
  bool ok = crypto::verify_password(has_password ? account->hash : dummy_hash(), password) && has_password;
  if (!ok) return fail(ErrorCode::kUnauthenticated, "Wrong e-mail or password.");  // counted already
  SignedIn signed_in;
  WEFT_TRY_VOID(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    throttle.succeeded(c, attempt);
    signed_in = start_session(c, account->id, email, now);
    return true;
  }));
  return signed_in;
}

SignedIn start_session(store::Connection& c, int64_t person_id, const std::string& email, int64_t now) {
  SignedIn signed_in{person_id, crypto::random_hex(32), crypto::random_hex(16)};
  c.execute(
      "INSERT INTO sessions (token_hash, person_id, csrf_token, created_at, expires_at) "
      "VALUES (?, ?, ?, ?, ?)",
      {crypto::sha256_hex(signed_in.session_token), person_id, signed_in.csrf_token, now, now + kSessionSeconds});
  c.execute("DELETE FROM sessions WHERE person_id = ? AND expires_at < ?", {person_id, now});
  events::append(c, {.actor_id = person_id,
                     .object_id = person_id,
                     .audience = "self",
                     .payload = events::SessionCreated{}});
  accept_invitations(c, person_id, email, now);
  return signed_in;
}

Result<void> sign_out(store::Store& store, const std::string& session_token) {
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    auto person = c.query_int("SELECT person_id FROM sessions WHERE token_hash = ?",
                              {crypto::sha256_hex(session_token)});
    if (!person) return true;
    c.execute("DELETE FROM sessions WHERE token_hash = ?", {crypto::sha256_hex(session_token)});
    events::append(c, {.actor_id = *person,
                       .object_id = *person,
                       .audience = "self",
                       .payload = events::SessionEnded{}});
    return true;
  }));
}

namespace {
// A live session by the hash of its token (what the cookie's value hashes to).
std::optional<Authenticated> session_by_hash(store::Connection& c, const std::string& hash) {
  auto rows = c.query(
      "SELECT s.person_id, s.csrf_token, p.role, p.unit_id FROM sessions s JOIN people p ON p.id = "
      "s.person_id WHERE s.token_hash = ? AND s.expires_at > ? AND p.deactivated_at IS NULL",
      {hash, clock::now_seconds()});
  if (!rows->next()) return std::nullopt;
  Authenticated auth;
  auth.viewer.person_id = rows->int64(0);
  auth.csrf_token = rows->text(1);
  auth.viewer.role = parse_role(rows->text(2)).value_or(Role::kGuest);
  auth.viewer.unit_id = rows->optional_int64(3);
  auth.by_cookie = true;
  auth.session_hash = hash;
  return auth;
}
}  // namespace

std::optional<Authenticated> resolve_session(store::Store& store, const std::string& session_token) {
  if (session_token.size() != 64) return std::nullopt;
  auto found = store::read(store, [&](store::Connection& c) -> Result<std::optional<Authenticated>> {
    return session_by_hash(c, crypto::sha256_hex(session_token));
  });
  return found ? *found : std::nullopt;
}

namespace {
constexpr int64_t kTokenUseSeconds = 60;  // how stale a token's last use may get before it is written

constexpr const char* kTokenColumns =
    "SELECT t.id, t.person_id, t.scopes, p.role, t.last_used_at, p.unit_id FROM api_tokens t JOIN "
    "people p ON p.id = t.person_id WHERE t.revoked_at IS NULL AND p.deactivated_at IS NULL AND "
    "(t.expires_at IS NULL OR t.expires_at > ?) AND ";

Authenticated token_auth(store::Rows& rows) {
  Authenticated auth;
  auth.token_id = rows.int64(0);
  auth.viewer.person_id = rows.int64(1);
  auth.scopes = static_cast<unsigned>(rows.int64(2));
  auth.viewer.role = parse_role(rows.text(3)).value_or(Role::kGuest);
  auth.viewer.unit_id = rows.optional_int64(5);
  // A token without the admin scope carries no admin power: its holder acts as a member. Decided
  // here, where every token is resolved (requests, streams, rechecks), and nowhere else.
  // A scim token acts for its admin on /scim/v2 only (the router lets it reach nothing else).
  if (!(auth.scopes & (kScopeAdmin | kScopeScim)) && auth.viewer.is_admin()) auth.viewer.role = Role::kMember;
  return auth;
}
}  // namespace

std::optional<Authenticated> resolve_bearer(store::Store& store, const std::string& token) {
  if (!token.starts_with("weft_") || token.size() != 69) return std::nullopt;
  const int64_t now = clock::now_seconds();
  std::optional<int64_t> last_used;
  auto found = store::read(store, [&](store::Connection& c) -> Result<std::optional<Authenticated>> {
    auto rows = c.query(std::string(kTokenColumns) + "t.token_hash = ?", {now, crypto::sha256_hex(token)});
    if (!rows->next()) return std::optional<Authenticated>();
    last_used = rows->optional_int64(4);
    return std::optional<Authenticated>(token_auth(*rows));
  });
  if (!found || !*found) return std::nullopt;
  // A token's many requests at once (a client's parallel calls, its streams) record it once.
  static Throttle recording(kTokenUseSeconds);
  if ((!last_used || *last_used < now - kTokenUseSeconds) && recording.claim(*(*found)->token_id, now)) {
    // Bookkeeping, not a change anyone follows: no event, at most once a minute per token, and
    // never a reason to refuse the request (a busy or full store only skips the record).
    auto recorded = store::transact(store, [&](store::Connection& c) -> Result<bool> {
      c.execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", {now, *(*found)->token_id});
      return true;
    });
    if (!recorded) spdlog::debug("token use not recorded: {}", recorded.error().message);
  }
  return *found;
}

std::optional<Authenticated> recheck(store::Store& store, const Authenticated& auth) {
  const int64_t now = clock::now_seconds();
  auto found = store::read(store, [&](store::Connection& c) -> Result<std::optional<Authenticated>> {
    if (auth.token_id) {
      auto rows = c.query(std::string(kTokenColumns) + "t.id = ?", {now, *auth.token_id});
      if (!rows->next()) return std::optional<Authenticated>();
      return std::optional<Authenticated>(token_auth(*rows));
    }
    return session_by_hash(c, auth.session_hash);
  });
  if (!found) return auth;  // the store could not answer: keep the stream, check again next time
  return *found;
}

Result<void> change_password(store::Store& store, SigninThrottle& throttle, const Viewer& viewer,
                             const std::string& current_password, const std::string& new_password,
                             const std::string& keep_session_token, const std::string& address) {
  if (new_password.size() < limits::kPassword.min || new_password.size() > limits::kPassword.max) {
    return invalid("new_password", "new_password must be 8 to 1024 characters.");
  }
  struct Stored {
    std::string hash, email;
  };
  WEFT_ASSIGN_OR_RETURN(auto stored, store::read(store, [&](store::Connection& c) -> Result<Stored> {
    auto rows = c.query("SELECT password_hash, email FROM people WHERE id = ?", {viewer.person_id});
    if (!rows->next()) return not_found("No such person.");
    return Stored{rows->text(0), lowercase(rows->text(1))};
  }));
  const int64_t now = clock::now_seconds();
  const auto attempt = throttle.begin(stored.email, address, now);
  if (attempt.retry_after > 0) {
    Error error{ErrorCode::kRateLimited, "Too many wrong passwords; try again later."};
    error.retry_after_seconds = static_cast<int>(attempt.retry_after);
    return std::unexpected(error);
  }
  if (!crypto::verify_password(stored.hash, current_password)) {
    return invalid("current_password", "The current password is not right.");  // counted already
  }
  std::string hash = crypto::hash_password(new_password);
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    throttle.succeeded(c, attempt);
    c.execute("UPDATE people SET password_hash = ? WHERE id = ?", {hash, viewer.person_id});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = viewer.person_id,
                       .audience = "self",
                       .payload = events::PersonPasswordChanged{}});
    // Every other session ends and every token is revoked: a changed password cuts off whoever
    // held the old one.
    end_credentials(c, viewer.person_id, viewer.person_id,
                    keep_session_token.empty() ? "" : crypto::sha256_hex(keep_session_token));
    return true;
  }));
}

std::optional<unsigned> parse_scope(std::string_view name) {
  if (name == "read") return kScopeRead;
  if (name == "write") return kScopeWrite;
  if (name == "admin") return kScopeAdmin;
  if (name == "scim") return kScopeScim;
  return std::nullopt;
}

std::vector<std::string> scope_names(unsigned scopes) {
  std::vector<std::string> out;
  if (scopes & kScopeRead) out.push_back("read");
  if (scopes & kScopeWrite) out.push_back("write");
  if (scopes & kScopeAdmin) out.push_back("admin");
  if (scopes & kScopeScim) out.push_back("scim");
  return out;
}

Result<NewToken> create_token(store::Store& store, const Viewer& viewer, const std::string& name,
                              unsigned scopes, std::optional<int64_t> expires_at) {
  if (scopes == 0) return invalid("scopes", "scopes must name at least one of read, write, admin.");
  const int64_t now = clock::now_seconds();
  if (expires_at && (*expires_at <= now || *expires_at > now + kMaxTokenSeconds)) {
    return invalid("expires_at", "expires_at must be in the future and within 10 years.");
  }
  if ((scopes & kScopeAdmin) && !viewer.is_admin()) {
    return forbidden("Only admins may create tokens with the admin scope.");
  }
  if (scopes & kScopeScim) {
    if (!viewer.is_admin()) return forbidden("Only admins may create scim tokens.");
    if (scopes != kScopeScim) return invalid("scopes", "A scim token has the scim scope alone.");
  }
  NewToken token{0, "weft_" + crypto::random_hex(32)};
  WEFT_ASSIGN_OR_RETURN(token.id, store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    int64_t id = c.insert_returning_id(
        "INSERT INTO api_tokens (person_id, name, token_hash, scopes, created_at, expires_at) VALUES "
        "(?, ?, ?, ?, ?, ?)",
        {viewer.person_id, name, crypto::sha256_hex(token.token), static_cast<int64_t>(scopes),
         now, expires_at ? store::Param(*expires_at) : store::Param(nullptr)});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = id,
                       .audience = "self",
                       .payload = events::TokenCreated{}});
    return id;
  }));
  return token;
}

Result<void> revoke_token(store::Store& store, const Viewer& viewer, int64_t token_id) {
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    auto changed = c.execute(
        "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND (person_id = ? OR ?) AND revoked_at IS NULL",
        {clock::now_seconds(), token_id, viewer.person_id, viewer.is_admin()});
    if (changed == 0) return not_found("No such token.");
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = token_id,
                       .audience = "self",
                       .payload = events::TokenRevoked{}});
    return true;
  }));
}

Result<void> revoke_person_tokens(store::Store& store, const Viewer& viewer, int64_t person_id) {
  if (!viewer.is_admin()) return forbidden("Only admins may revoke another person's tokens.");
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    if (!c.query_int("SELECT 1 FROM people WHERE id = ?", {person_id})) return not_found("No such person.");
    c.execute("UPDATE api_tokens SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL",
              {clock::now_seconds(), person_id});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = person_id,
                       .audience = "self",
                       .payload = events::PersonCredentialsEnded{}});
    return true;
  }));
}

Result<std::vector<TokenInfo>> list_tokens(store::Store& store, const Viewer& viewer,
                                           std::optional<int64_t> person_id) {
  const int64_t whose = person_id.value_or(viewer.person_id);
  if (whose != viewer.person_id && !viewer.is_admin()) {
    return forbidden("Only admins may list another person's tokens.");
  }
  return store::read(store, [&](store::Connection& c) -> Result<std::vector<TokenInfo>> {
    if (!c.query_int("SELECT 1 FROM people WHERE id = ?", {whose})) return not_found("No such person.");
    auto rows = c.query(
        "SELECT id, name, scopes, created_at, last_used_at, expires_at FROM api_tokens WHERE "
        "person_id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) ORDER BY id DESC",
        {whose, clock::now_seconds()});
    std::vector<TokenInfo> out;
    while (rows->next()) {
      out.push_back({rows->int64(0), rows->text(1), static_cast<unsigned>(rows->int64(2)),
                     rows->int64(3), rows->optional_int64(4), rows->optional_int64(5)});
    }
    return out;
  });
}

}  // namespace weft::actions
