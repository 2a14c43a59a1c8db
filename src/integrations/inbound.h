// Inbound hooks: other systems send records to POST /api/v1/hooks/records signed with a secret an
// admin created (docs/design/work-context.md, "Inbound hook"). Secrets are shown once, rotated with
// an overlap in which the old key still signs, and revoked at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "http/message.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::integrations {

inline constexpr std::size_t kMaxHookBody = 262144;  // 256 KiB
inline constexpr int64_t kSeenSeconds = 600;          // signatures remembered for replay checks
inline constexpr int64_t kMaxOverlapSeconds = 604800; // a rotation's overlap: at most a week

struct SecretInfo {
  int64_t id = 0;
  std::string name;
  std::optional<std::string> system;
  int64_t created_by = 0;
  int64_t created_at = 0;
  std::optional<int64_t> revoked_at;
  std::optional<int64_t> last_used_at;
  std::optional<int64_t> previous_key_expires_at;  // while a rotation's overlap lasts
};

struct NewSecret {
  int64_t id = 0;
  std::string secret;  // shown once
};

Result<NewSecret> create_inbound_secret(store::Store& store, const Viewer& viewer, const std::string& name,
                                        const std::optional<std::string>& system);
Result<NewSecret> rotate_inbound_secret(store::Store& store, const Viewer& viewer, int64_t id, int64_t overlap_seconds);
Result<void> revoke_inbound_secret(store::Store& store, const Viewer& viewer, int64_t id);
Result<std::vector<SecretInfo>> inbound_secrets(store::Store& store, const Viewer& viewer);

struct HookOutcome {
  int64_t record_id = 0;
  std::string status;  // created, updated, unchanged
};

// A signed hook request is checked in two steps. check_signed_hook reads the live keys and hashes
// the body with them, outside any write: 413 for a body over 256 KiB; 401 for a missing,
// malformed, stale, unknown or wrong signature. Answers who signed. record_signed_hook, inside the
// caller's write transaction, checks the key is still live and records what was signed: 401 for a
// replay (or a key revoked meanwhile).
struct SignedBy {
  int64_t secret_id = 0;
  std::optional<std::string> system;
  int64_t key_id = 0;
  std::string seen;  // a digest of what was signed, for replays
};
Result<SignedBy> check_signed_hook(store::Store& store, const http::Request& request, int64_t now);
Result<void> record_signed_hook(store::Connection& c, const SignedBy& signer, int64_t now);

// Verifies and applies a signed hook request, in one transaction: 413 for a body over 256 KiB;
// 401 for a missing, malformed, stale, unknown, wrong or replayed signature; 400 for a body that
// is not a valid record. Nothing is stored unless it answers a value.
Result<HookOutcome> accept_record_hook(store::Store& store, const http::Request& request, int64_t now);

}  // namespace weft::integrations
