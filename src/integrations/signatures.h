// Signatures of hooks and webhooks, both forms (pure functions; no store, no HTTP):
// - Weft's contract (API.md): X-Weft-Timestamp: <unix seconds>, X-Weft-Signature: sha256=<lowercase
//   hex of HMAC-SHA256(secret, timestamp + "." + raw body)>, and X-Weft-Key-Id for inbound hooks.
// - Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature: a space-separated list of
//   "v1,<base64 of HMAC-SHA256(key, id + "." + timestamp + "." + raw body)>", where the key is the
//   base64-decoded part of a "whsec_" secret, or else the secret's own bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace weft::integrations {

inline constexpr int64_t kToleranceSeconds = 300;

// A new secret: "whsec_" + base64 of 32 random bytes.
std::string new_secret();
// The HMAC key of the Standard form for `secret`.
std::string standard_key(std::string_view secret);

std::string contract_signature(std::string_view secret, int64_t timestamp, std::string_view body);
std::string standard_signature(std::string_view secret, std::string_view id, int64_t timestamp, std::string_view body);

enum class Form { kContract, kStandard };

// What a signed request claims, read from its headers. `header` answers a header by lower-case
// name ("" when absent).
struct Claim {
  Form form = Form::kContract;
  std::optional<int64_t> key_id;  // the contract form names its secret
  std::string message_id;         // the Standard form's webhook-id
  int64_t timestamp = 0;
  std::vector<std::string> signatures;  // contract: one "sha256=<hex>"; Standard: every "v1,<b64>"
};

// Reads the claim from header values; 401 messages name what is wrong.
Result<Claim> read_claim_from(std::string_view key_id, std::string_view weft_timestamp, std::string_view weft_signature,
                              std::string_view webhook_id, std::string_view webhook_timestamp,
                              std::string_view webhook_signature, int64_t now);

// The signature among the claim's that `secret` makes over `body`, compared in constant time;
// nullopt when none matches.
std::optional<std::string> matching_signature(const Claim& claim, std::string_view secret, std::string_view body);

}  // namespace weft::integrations
