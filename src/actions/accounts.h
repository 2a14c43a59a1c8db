// Accounts: signing in and out, sessions, API tokens, and sign-in throttling.
//
// A session is a random token sent as the `weft_session` cookie and stored only as its SHA-256;
// an API token likewise. Both resolve to a Viewer. All functions are thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "model/credential.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::actions {

// Counts failed sign-ins per e-mail and per address within a sliding window. The failures live
// in the store (signin_failures), so every node that shares it counts the same attempts.
class SigninThrottle {
 public:
  struct Limits {
    int per_account = 5;
    int per_address = 50;
    int64_t window_seconds = 15 * 60;
  };
  explicit SigninThrottle(store::Store& store) : store_(store) {}
  SigninThrottle(store::Store& store, Limits limits) : store_(store), limits_(limits) {}
  // An attempt is counted as a failure before its password is checked (so that attempts made at
  // once cannot all pass the count), and forgotten if it succeeds.
  struct Attempt {
    int64_t retry_after = 0;  // > 0: refused, seconds until another attempt is allowed
    std::string id;           // the attempt's rows, to forget on success
  };
  // When the store cannot answer, the attempt goes ahead (it will then fail on the store).
  Attempt begin(const std::string& email, const std::string& address, int64_t now);
  void succeeded(store::Connection& c, const Attempt& attempt);

 private:
  store::Store& store_;
  Limits limits_;
};

// The caller of a request (model/credential.h), under the names actions/ has always used.
using weft::Authenticated;
using weft::Scope;
using weft::kScopeAdmin;
using weft::kScopeRead;
using weft::kScopeWrite;

struct SignedIn {
  int64_t person_id = 0;
  std::string session_token;
  std::string csrf_token;
};

inline constexpr int64_t kSessionSeconds = 30 * 24 * 3600;

// Refused (permission_denied) when the admin turned local passwords off, except for the
// break-glass admin's e-mail.
Result<SignedIn> sign_in(store::Store& store, SigninThrottle& throttle, std::string email,
                         const std::string& password, const std::string& address);
// Inside a write transaction: a new session for a person already authenticated (by password or
// by the identity provider), with its event; pending invitations to `email` are accepted.
SignedIn start_session(store::Connection& c, int64_t person_id, const std::string& email, int64_t now);
Result<void> sign_out(store::Store& store, const std::string& session_token);
std::optional<Authenticated> resolve_session(store::Store& store, const std::string& session_token);
std::optional<Authenticated> resolve_bearer(store::Store& store, const std::string& token);
// Checks a credential resolved earlier again (its session or token may have ended, its person's
// role or unit changed): the current answer, or nullopt when it no longer holds.
std::optional<Authenticated> recheck(store::Store& store, const Authenticated& auth);

struct NewToken {
  int64_t id = 0;
  std::string token;
};
struct TokenInfo {
  int64_t id = 0;
  std::string name;
  unsigned scopes = 0;
  int64_t created_at = 0;
  std::optional<int64_t> last_used_at;
  std::optional<int64_t> expires_at;
};
inline constexpr int64_t kMaxTokenSeconds = 10LL * 366 * 24 * 3600;
// `expires_at` (unix seconds) must be in the future and within kMaxTokenSeconds.
Result<NewToken> create_token(store::Store& store, const Viewer& viewer, const std::string& name,
                              unsigned scopes, std::optional<int64_t> expires_at = std::nullopt);
// The viewer's own token, or (for an admin) anyone's.
Result<void> revoke_token(store::Store& store, const Viewer& viewer, int64_t token_id);
// Admin: revokes every live token of a person.
Result<void> revoke_person_tokens(store::Store& store, const Viewer& viewer, int64_t person_id);
// The live tokens of `person_id`: the viewer's own, or (for an admin) anyone's.
Result<std::vector<TokenInfo>> list_tokens(store::Store& store, const Viewer& viewer,
                                           std::optional<int64_t> person_id = std::nullopt);

// Inside a write transaction: ends every session and revokes every token of a person (password
// reset, deactivation), with one event that tells open streams to check their credential again.
void end_credentials(store::Connection& c, int64_t actor_id, int64_t person_id,
                     const std::string& keep_session_hash = "");

// Changes the viewer's own password after checking the current one; ends their other sessions.
// Wrong current passwords count with failed sign-ins in `throttle` (the same account's bucket), so
// a stolen session cannot guess the password without limit.
Result<void> change_password(store::Store& store, SigninThrottle& throttle, const Viewer& viewer,
                             const std::string& current_password, const std::string& new_password,
                             const std::string& keep_session_token, const std::string& address);

std::optional<unsigned> parse_scope(std::string_view name);
std::vector<std::string> scope_names(unsigned scopes);

}  // namespace weft::actions
