// OpenID Connect without the network: checking an ID token (OpenID Connect Core 1.0 §3.1.3.7) —
// its JWS signature against the provider's published keys (cjose, the JOSE library Debian ships),
// then issuer, audience, authorized party, expiry, issue time and nonce with a small allowance
// for clocks — and the PKCE challenge (RFC 7636, S256). Reading a token's claims into what Weft
// keeps of a person goes by the admin's claim mapping.
#pragma once

#include <boost/json/fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace weft::identity {

struct TokenExpectations {
  std::string issuer;
  std::string client_id;
  std::string nonce;
  int64_t now = 0;
  int64_t skew_seconds = 120;
};

// The claims of a verified ID token, as a JSON object's text; unauthenticated otherwise, with
// field "kid" when no published key has the token's key id (fetch the keys again, once).
// Accepted algorithms: RS256/384/512, PS256/384/512, ES256/384/512 — never "none", never an HMAC
// (a client secret is not a key the provider publishes); the key's type must fit the algorithm.
Result<std::string> verify_id_token(std::string_view token, std::string_view jwks, const TokenExpectations& expect);

struct ClaimMap {
  std::string email = "email";
  std::string name = "name";
  std::string title = "title";
  std::string unit = "department";
  std::string groups = "groups";
};
struct Claims {
  std::string subject;
  std::optional<std::string> email;
  bool email_verified = false;
  bool email_verified_false = false;  // the provider said explicitly that the address is unverified
  std::string name;
  std::string title;
  std::optional<std::string> unit;
  std::vector<std::string> groups;
};
// From verified claims (JSON text) by the map; a name from given_name and family_name, or the
// e-mail's local part, when the name claim is missing.
Result<Claims> read_claims(std::string_view claims_json, const ClaimMap& map);

// base64url without padding, and the S256 challenge of a PKCE verifier.
std::string base64url(std::string_view bytes);
std::string pkce_challenge(std::string_view verifier);

}  // namespace weft::identity
