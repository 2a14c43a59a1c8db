// Single sign-on through the organization's OpenID Connect provider (docs/design/identity.md):
// the admin's settings, sign-ins under way (state, nonce and PKCE verifier, each used once, for
// ten minutes), and signing a person in from the provider's verified claims — found by the
// provider's subject, else by e-mail (linked then), else created just in time.
#pragma once

#include <optional>
#include <string>

#include "actions/accounts.h"
#include "core/error.h"
#include "identity/oidc.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::actions {

struct OidcSettings {
  std::string issuer;
  std::string client_id;
  std::string client_secret;  // empty in a change: keep the one stored
  std::string scopes = "openid email profile";
  std::string display_name;
  identity::ClaimMap claims;
  bool local_passwords = true;
  std::optional<std::string> break_glass_email;
  int64_t updated_at = 0;
};

Result<std::optional<OidcSettings>> oidc_settings(store::Store& store);
// Admins. invalid_argument for a bad issuer URL, no client id, scopes without openid, no client
// secret the first time, a break-glass e-mail that is no active admin's while passwords go off.
Result<void> save_oidc_settings(store::Store& store, const Viewer& viewer, OidcSettings settings);
// Admins: single sign-on off, passwords back for everyone.
Result<void> remove_oidc_settings(store::Store& store, const Viewer& viewer);

struct PendingSignIn {
  std::string state, nonce, verifier;
};
PendingSignIn begin_oidc_sign_in(store::Store& store, const std::string& return_to);
struct ReturningSignIn {
  std::string nonce, verifier, return_to;
};
// The sign-in a state names, once (unauthenticated: unknown, used or older than ten minutes).
Result<ReturningSignIn> take_oidc_state(store::Store& store, const std::string& state);

// A session for the person the claims name. permission_denied for a deactivated person;
// unauthenticated without a subject, or without an e-mail to make a new person with.
Result<SignedIn> oidc_sign_in(store::Store& store, const identity::Claims& claims);

}  // namespace weft::actions
