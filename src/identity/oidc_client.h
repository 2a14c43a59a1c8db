// The identity provider over the network: its discovery document, its published keys (cached,
// fetched again once when a token names a key id they lack — key rotation), and the code-for-token
// exchange at its token endpoint (client_secret_post, with the PKCE verifier).
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/error.h"
#include "http/client.h"
#include "identity/oidc.h"

namespace weft::identity {

struct ProviderDocument {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
  std::optional<std::string> end_session_endpoint;
};

class OidcClient {
 public:
  explicit OidcClient(http::Client& client) : client_(client) {}
  // invalid_argument (field "issuer") when the document cannot be fetched or read, or names
  // another issuer than the one asked for.
  Result<ProviderDocument> discover(const std::string& issuer);
  // The ID token's verified claims (JSON text) for an authorization code.
  Result<std::string> redeem(const ProviderDocument& provider, const std::string& client_id,
                             const std::string& client_secret, const std::string& code,
                             const std::string& redirect_uri, const std::string& verifier, const std::string& nonce);
  // Forgets what was cached (settings changed).
  void forget();

 private:
  Result<std::string> keys(const std::string& jwks_uri, bool refresh);

  http::Client& client_;
  std::mutex mutex_;
  struct Cached {
    std::string value;
    std::chrono::steady_clock::time_point at;
  };
  std::map<std::string, Cached> documents_;
  std::map<std::string, Cached> keys_;
  std::map<std::string, std::chrono::steady_clock::time_point> refreshed_;
};

}  // namespace weft::identity
