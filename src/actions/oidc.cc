#include "actions/oidc.h"

#include "actions/group_rules.h"
#include "actions/people.h"
#include "actions/units.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/limits.h"
#include "events/event_log.h"
#include "policy/people.h"

namespace weft::actions {
namespace {

constexpr int64_t kStateSeconds = 600;

bool http_url(const std::string& url) {
  return (url.starts_with("https://") || url.starts_with("http://")) && url.size() > 10 && url.size() <= 500 &&
         url.find_first_of(" \t\r\n") == std::string::npos;
}

bool claim_name(const std::string& name) {
  return !name.empty() && name.size() <= 100 && name.find_first_of(" \t\r\n\"") == std::string::npos;
}

}  // namespace

Result<std::optional<OidcSettings>> oidc_settings(store::Store& store) {
  return store::read(store, [&](store::Connection& c) -> Result<std::optional<OidcSettings>> {
    auto rows = c.query("SELECT issuer, client_id, client_secret, scopes, display_name, claim_email, claim_name, "
                        "claim_title, claim_unit, claim_groups, local_passwords, break_glass_email, updated_at "
                        "FROM oidc_settings WHERE id = 1");
    if (!rows->next()) return std::optional<OidcSettings>();
    OidcSettings s;
    s.issuer = rows->text(0);
    s.client_id = rows->text(1);
    s.client_secret = rows->text(2);
    s.scopes = rows->text(3);
    s.display_name = rows->text(4);
    s.claims = {rows->text(5), rows->text(6), rows->text(7), rows->text(8), rows->text(9)};
    s.local_passwords = rows->int64(10) != 0;
    s.break_glass_email = rows->optional_text(11);
    s.updated_at = rows->int64(12);
    return std::optional<OidcSettings>(std::move(s));
  });
}

Result<void> save_oidc_settings(store::Store& store, const Viewer& viewer, OidcSettings s) {
  if (!policy::can_manage_people(viewer)) return forbidden("Only admins may set up single sign-on.");
  // The issuer is kept as written: ID tokens must name it exactly (OpenID Connect Discovery §4.3).
  if (!http_url(s.issuer)) return invalid("issuer", "issuer must be the provider's https:// (or http://) URL.");
  if (s.client_id.empty() || s.client_id.size() > 300) return invalid("client_id", "client_id is required.");
  if (s.client_secret.size() > 1000) return invalid("client_secret", "client_secret is too long.");
  if (s.scopes.find("openid") == std::string::npos || s.scopes.size() > 300) {
    return invalid("scopes", "scopes must include openid.");
  }
  if (s.display_name.empty()) s.display_name = "your organization";
  if (json::utf8_length(s.display_name) > 60) return invalid("display_name", "display_name must be at most 60 characters.");
  for (const auto* name : {&s.claims.email, &s.claims.name, &s.claims.title, &s.claims.unit, &s.claims.groups}) {
    if (!claim_name(*name)) return invalid("claims", "Each claim must be named (at most 100 characters, no spaces).");
  }
  if (s.break_glass_email) {
    auto email = normalize_email(*s.break_glass_email);
    if (!email) return invalid("break_glass_email", "break_glass_email must be an e-mail address.");
    s.break_glass_email = *email;
  }
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    auto stored = c.query_text("SELECT client_secret FROM oidc_settings WHERE id = 1");
    if (s.client_secret.empty()) {
      if (!stored) return invalid("client_secret", "client_secret is required.");
      s.client_secret = *stored;
    }
    if (!s.local_passwords) {
      if (!s.break_glass_email ||
          !c.query_int("SELECT 1 FROM people WHERE email = ? AND role = 'admin' AND deactivated_at IS NULL",
                       {*s.break_glass_email})) {
        return invalid("break_glass_email",
                       "Before turning passwords off, name an active admin who keeps one (break_glass_email).");
      }
    }
    c.execute("DELETE FROM oidc_settings WHERE id = 1");
    c.execute("INSERT INTO oidc_settings (id, issuer, client_id, client_secret, scopes, display_name, claim_email, "
              "claim_name, claim_title, claim_unit, claim_groups, local_passwords, break_glass_email, updated_at) "
              "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {s.issuer, s.client_id, s.client_secret, s.scopes, s.display_name, s.claims.email, s.claims.name,
               s.claims.title, s.claims.unit, s.claims.groups, static_cast<int64_t>(s.local_passwords ? 1 : 0),
               s.break_glass_email, clock::now_seconds()});
    return true;
  }));
}

Result<void> remove_oidc_settings(store::Store& store, const Viewer& viewer) {
  if (!policy::can_manage_people(viewer)) return forbidden("Only admins may set up single sign-on.");
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    c.execute("DELETE FROM oidc_settings WHERE id = 1");
    c.execute("DELETE FROM oidc_states");
    return true;
  }));
}

PendingSignIn begin_oidc_sign_in(store::Store& store, const std::string& return_to) {
  PendingSignIn pending{crypto::random_hex(32), crypto::random_hex(32), crypto::random_hex(48)};
  const int64_t now = clock::now_seconds();
  (void)store::transact(store, [&](store::Connection& c) -> Result<bool> {
    c.execute("DELETE FROM oidc_states WHERE created_at < ?", {now - kStateSeconds});
    c.execute("INSERT INTO oidc_states (state_hash, nonce, verifier, return_to, created_at) VALUES (?, ?, ?, ?, ?)",
              {crypto::sha256_hex(pending.state), pending.nonce, pending.verifier, return_to, now});
    return true;
  });
  return pending;
}

Result<ReturningSignIn> take_oidc_state(store::Store& store, const std::string& state) {
  if (state.empty() || state.size() > 200) return fail(ErrorCode::kUnauthenticated, "The sign-in has no valid state.");
  const std::string hash = crypto::sha256_hex(state);
  return store::transact(store, [&](store::Connection& c) -> Result<ReturningSignIn> {
    auto rows = c.query("SELECT nonce, verifier, return_to, created_at FROM oidc_states WHERE state_hash = ?", {hash});
    if (!rows->next()) {
      return fail(ErrorCode::kUnauthenticated, "This sign-in is unknown or was used already; start again.");
    }
    ReturningSignIn out{rows->text(0), rows->text(1), rows->text(2)};
    const int64_t created = rows->int64(3);
    rows.reset();
    c.execute("DELETE FROM oidc_states WHERE state_hash = ?", {hash});
    if (created + kStateSeconds < clock::now_seconds()) {
      return fail(ErrorCode::kUnauthenticated, "This sign-in took over ten minutes; start again.");
    }
    return out;
  });
}

Result<SignedIn> oidc_sign_in(store::Store& store, const identity::Claims& claims) {
  if (claims.subject.empty() || claims.subject.size() > 255) {
    return fail(ErrorCode::kUnauthenticated, "The identity provider named nobody (no subject).");
  }
  std::optional<std::string> email;
  if (claims.email) {
    auto normalized = normalize_email(*claims.email);
    if (normalized) email = *normalized;
  }
  return store::transact(store, [&](store::Connection& c) -> Result<SignedIn> {
    const int64_t now = clock::now_seconds();
    // A subject is unique at its issuer only: the link is kept as "<issuer> <subject>", so that after
    // a change of provider its subjects never sign in as people the old one linked.
    auto issuer = c.query_text("SELECT issuer FROM oidc_settings WHERE id = 1");
    if (!issuer) return fail(ErrorCode::kUnauthenticated, "Single sign-on is not set up.");
    const std::string subject = *issuer + " " + claims.subject;
    std::optional<int64_t> person = c.query_int("SELECT id FROM people WHERE oidc_subject = ?", {subject});
    // The first sign-in of someone Weft knows by e-mail links them (the provider vouches for it,
    // unless it says the address is unverified).
    if (!person && email) {
      if (!claims.email_verified_false) {
        person = c.query_int("SELECT id FROM people WHERE email = ? AND oidc_subject IS NULL", {*email});
      }
      if (person) c.execute("UPDATE people SET oidc_subject = ?, updated_at = ? WHERE id = ?", {subject, now, *person});
    }
    if (!person) {
      if (!email) {
        return fail(ErrorCode::kUnauthenticated,
                    "The identity provider sent no e-mail address, so no account can be made; ask an admin.");
      }
      std::optional<int64_t> unit;
      if (claims.unit && !claims.unit->empty() && json::utf8_length(*claims.unit) <= limits::kName.max) {
        unit = c.query_int("SELECT id FROM units WHERE LOWER(name) = LOWER(?) ORDER BY id LIMIT 1", {*claims.unit});
        if (!unit) unit = insert_unit(c, std::nullopt, *claims.unit, std::nullopt);
      }
      std::string name = claims.name.empty() ? email->substr(0, email->find('@')) : claims.name;
      if (json::utf8_length(name) > limits::kName.max) {
        // Whole characters: a cut inside one would be invalid text.
        std::size_t chars = 0, end = 0;
        while (end < name.size() && chars < static_cast<std::size_t>(limits::kName.max)) {
          ++end;
          while (end < name.size() && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) ++end;
          ++chars;
        }
        name.resize(end);
      }
      std::string title = json::utf8_length(claims.title) > limits::kJobTitle.max ? std::string() : claims.title;
      NewPerson fresh{.name = name, .email = *email, .unit_id = unit, .title = title};
      WEFT_ASSIGN_OR_RETURN(int64_t id, insert_person(c, std::nullopt, fresh, "!"));
      c.execute("UPDATE people SET oidc_subject = ?, updated_at = ? WHERE id = ?", {subject, now, id});
      person = id;
    }
    if (c.query_int("SELECT 1 FROM people WHERE id = ? AND deactivated_at IS NOT NULL", {*person})) {
      return forbidden("This account is deactivated; ask an admin.");
    }
    // The groups this sign-in names, and the admin's rules for them.
    set_idp_groups(c, *person, claims.groups);
    apply_group_rules(c, std::nullopt, *person);
    const std::string address = c.query_text("SELECT email FROM people WHERE id = ?", {*person}).value_or("");
    return start_session(c, *person, address, now);
  });
}

}  // namespace weft::actions
