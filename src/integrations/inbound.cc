#include "integrations/inbound.h"

#include "actions/records.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/limits.h"
#include "events/event_log.h"
#include "integrations/signatures.h"

namespace weft::integrations {
namespace {

std::unexpected<Error> refused(std::string message) { return fail(ErrorCode::kUnauthenticated, std::move(message)); }

Result<void> require_admin(const Viewer& viewer) {
  if (!viewer.is_admin()) return forbidden("Only admins may manage inbound secrets.");
  return {};
}

Result<void> require_live_secret(store::Connection& c, int64_t id) {
  auto revoked = c.query("SELECT revoked_at FROM inbound_secrets WHERE id = ?", {id});
  if (!revoked->next()) return not_found("No such inbound secret.");
  if (!revoked->is_null(0)) return fail(ErrorCode::kConflict, "This inbound secret is revoked.");
  return {};
}

}  // namespace

Result<NewSecret> create_inbound_secret(store::Store& store, const Viewer& viewer, const std::string& name,
                                        const std::optional<std::string>& system) {
  WEFT_TRY_VOID(require_admin(viewer));
  std::size_t length = json::utf8_length(name);
  if (length < limits::kTokenName.min || length > limits::kTokenName.max) {
    return invalid("name", "name must be 1 to 100 characters.");
  }
  if (system) WEFT_TRY_VOID(actions::check_record_key("system", *system));
  NewSecret out{.secret = new_secret()};
  return store::transact(store, [&](store::Connection& c) -> Result<NewSecret> {
    if (c.query_int("SELECT COUNT(*) FROM inbound_secrets WHERE revoked_at IS NULL").value_or(0) >= 100) {
      return fail(ErrorCode::kConflict, "There are 100 inbound secrets already; revoke one first.");
    }
    const int64_t now = clock::now_seconds();
    out.id = c.insert_returning_id(
        "INSERT INTO inbound_secrets (name, system, created_by, created_at) VALUES (?, ?, ?, ?)",
        {name, system, viewer.person_id, now});
    c.execute("INSERT INTO inbound_secret_keys (secret_id, secret, created_at) VALUES (?, ?, ?)",
              {out.id, out.secret, now});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = out.id,
                       .audience = "self",
                       .payload = events::InboundSecretCreated{name}});
    return out;
  });
}

Result<NewSecret> rotate_inbound_secret(store::Store& store, const Viewer& viewer, int64_t id, int64_t overlap_seconds) {
  WEFT_TRY_VOID(require_admin(viewer));
  if (overlap_seconds < 0 || overlap_seconds > kMaxOverlapSeconds) {
    return invalid("overlap_seconds", "overlap_seconds must be 0 to 604800 (a week).");
  }
  NewSecret out{.id = id, .secret = new_secret()};
  return store::transact(store, [&](store::Connection& c) -> Result<NewSecret> {
    WEFT_TRY_VOID(require_live_secret(c, id));
    const int64_t now = clock::now_seconds();
    // The keys still valid keep signing until the overlap ends (never longer than they had).
    c.execute("UPDATE inbound_secret_keys SET expires_at = ? WHERE secret_id = ? AND (expires_at IS NULL OR "
              "expires_at > ?)",
              {now + overlap_seconds, id, now + overlap_seconds});
    c.execute("INSERT INTO inbound_secret_keys (secret_id, secret, created_at) VALUES (?, ?, ?)", {id, out.secret, now});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = id,
                       .audience = "self",
                       .payload = events::InboundSecretRotated{overlap_seconds}});
    return out;
  });
}

Result<void> revoke_inbound_secret(store::Store& store, const Viewer& viewer, int64_t id) {
  WEFT_TRY_VOID(require_admin(viewer));
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    if (!c.query_int("SELECT 1 FROM inbound_secrets WHERE id = ?", {id})) return not_found("No such inbound secret.");
    if (c.execute("UPDATE inbound_secrets SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                  {clock::now_seconds(), id}) == 0) {
      return true;  // revoked already
    }
    c.execute("DELETE FROM inbound_secret_keys WHERE secret_id = ?", {id});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = id,
                       .audience = "self",
                       .payload = events::InboundSecretRevoked{}});
    return true;
  }));
}

Result<std::vector<SecretInfo>> inbound_secrets(store::Store& store, const Viewer& viewer) {
  WEFT_TRY_VOID(require_admin(viewer));
  return store::read(store, [&](store::Connection& c) -> Result<std::vector<SecretInfo>> {
    std::vector<SecretInfo> out;
    auto rows = c.query(
        "SELECT s.id, s.name, s.system, s.created_by, s.created_at, s.revoked_at, s.last_used_at, (SELECT MAX(k.expires_at) "
        "FROM inbound_secret_keys k WHERE k.secret_id = s.id AND k.expires_at > ?) FROM inbound_secrets s ORDER BY s.id DESC "
        "LIMIT 500",
        {clock::now_seconds()});
    while (rows->next()) {
      out.push_back({rows->int64(0), rows->text(1), rows->optional_text(2), rows->int64(3), rows->int64(4),
                     rows->optional_int64(5), rows->optional_int64(6), rows->optional_int64(7)});
    }
    return out;
  });
}

Result<SignedBy> check_signed_hook(store::Store& store, const http::Request& request, int64_t now) {
  if (request.body.size() > kMaxHookBody) {
    return fail(ErrorCode::kPayloadTooLarge, "A hook's body may be at most 256 KiB.");
  }
  WEFT_ASSIGN_OR_RETURN(auto claim, read_claim_from(request.header("x-weft-key-id"), request.header("x-weft-timestamp"),
                                                    request.header("x-weft-signature"), request.header("webhook-id"),
                                                    request.header("webhook-timestamp"),
                                                    request.header("webhook-signature"), now));
  // Candidate keys: the named secret's for the contract form, every live secret's otherwise.
  struct Key {
    std::string secret;
    int64_t key_id, secret_id;
    std::optional<std::string> system;
  };
  WEFT_ASSIGN_OR_RETURN(auto keys, store::read(store, [&](store::Connection& c) -> Result<std::vector<Key>> {
    std::string sql =
        "SELECT k.secret, k.id, s.id, s.system FROM inbound_secret_keys k JOIN inbound_secrets s ON s.id = k.secret_id "
        "WHERE s.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ?)";
    std::vector<store::Param> params{now};
    if (claim.key_id) {
      sql += " AND s.id = ?";
      params.emplace_back(*claim.key_id);
    }
    sql += " ORDER BY k.id LIMIT 300";
    std::vector<Key> out;
    auto rows = c.query(sql, params);
    while (rows->next()) out.push_back({rows->text(0), rows->int64(1), rows->int64(2), rows->optional_text(3)});
    return out;
  }));
  // Hashing the body with each key happens here, outside the writer's transaction: forged
  // requests cost a reader's time, not everyone's writes.
  std::optional<SignedBy> signer;
  for (const auto& key : keys) {
    // Every candidate is tried, so the time taken does not tell which key matched.
    auto matched = matching_signature(claim, key.secret, request.body);
    if (matched && !signer) signer = SignedBy{key.secret_id, key.system, key.key_id, {}};
  }
  if (!signer) return refused("The signature does not match.");
  // What was signed, not the signature text: a request signed with several keys (a rotation's
  // overlap) must not be accepted again carrying another of its signatures.
  signer->seen = crypto::sha256_hex(std::to_string(static_cast<int>(claim.form)) + "\n" + claim.message_id + "\n" +
                                    std::to_string(claim.timestamp) + "\n" + request.body);
  return *signer;
}

Result<void> record_signed_hook(store::Connection& c, const SignedBy& signer, int64_t now) {
  // The key may have been revoked or expired since it was checked.
  if (!c.query_int("SELECT 1 FROM inbound_secret_keys k JOIN inbound_secrets s ON s.id = k.secret_id WHERE k.id = ? AND "
                   "s.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ?)",
                   {signer.key_id, now})) {
    return refused("The signature does not match.");
  }
  c.execute("DELETE FROM seen_signatures WHERE at < ?", {now - kSeenSeconds});
  if (c.execute("INSERT INTO seen_signatures (secret_id, mac, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                {signer.secret_id, signer.seen, now}) == 0) {
    return refused("This request was already accepted (replay).");
  }
  c.execute("UPDATE inbound_secrets SET last_used_at = ? WHERE id = ?", {now, signer.secret_id});
  return {};
}

Result<HookOutcome> accept_record_hook(store::Store& store, const http::Request& request, int64_t now) {
  if (request.body.size() > kMaxHookBody) {
    return fail(ErrorCode::kPayloadTooLarge, "A hook's body may be at most 256 KiB.");
  }
  WEFT_ASSIGN_OR_RETURN(auto signer, check_signed_hook(store, request, now));
  return store::transact(store, [&](store::Connection& c) -> Result<HookOutcome> {
    WEFT_TRY_VOID(record_signed_hook(c, signer, now));
    WEFT_ASSIGN_OR_RETURN(auto body, json::parse_object(request.body));
    WEFT_ASSIGN_OR_RETURN(auto input, actions::parse_record_input(body));
    actions::RecordSource source{.secret_id = signer.secret_id, .secret_system = signer.system};
    WEFT_ASSIGN_OR_RETURN(auto outcome, actions::upsert_record_in(c, source, input));
    return HookOutcome{outcome.id, outcome.created ? "created" : outcome.changed.empty() ? "unchanged" : "updated"};
  });
}

}  // namespace weft::integrations
