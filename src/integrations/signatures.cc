#include "integrations/signatures.h"

#include <charconv>

#include "core/crypto.h"

namespace weft::integrations {
namespace {

std::optional<int64_t> digits(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

std::unexpected<Error> unsigned_request(std::string message) {
  return fail(ErrorCode::kUnauthenticated, std::move(message));
}

}  // namespace

std::string new_secret() { return "whsec_" + crypto::base64_encode(crypto::random_bytes(32)); }

std::string standard_key(std::string_view secret) {
  if (secret.starts_with("whsec_")) {
    if (auto key = crypto::base64_decode(secret.substr(6))) return *key;
  }
  return std::string(secret);
}

std::string contract_signature(std::string_view secret, int64_t timestamp, std::string_view body) {
  std::string payload = std::to_string(timestamp) + ".";
  payload.append(body);
  return "sha256=" + crypto::hmac_sha256_hex(secret, payload);
}

std::string standard_signature(std::string_view secret, std::string_view id, int64_t timestamp, std::string_view body) {
  std::string payload(id);
  payload += "." + std::to_string(timestamp) + ".";
  payload.append(body);
  return "v1," + crypto::base64_encode(crypto::hmac_sha256(standard_key(secret), payload));
}

Result<Claim> read_claim_from(std::string_view key_id, std::string_view weft_timestamp, std::string_view weft_signature,
                              std::string_view webhook_id, std::string_view webhook_timestamp,
                              std::string_view webhook_signature, int64_t now) {
  Claim claim;
  std::string_view timestamp;
  if (!weft_signature.empty()) {
    claim.form = Form::kContract;
    auto id = digits(key_id);
    if (!id || *id == 0) return unsigned_request("X-Weft-Key-Id must name an inbound secret by its id.");
    claim.key_id = id;
    if (weft_signature.size() != 71 || !weft_signature.starts_with("sha256=")) {
      return unsigned_request("X-Weft-Signature must be sha256= and 64 lowercase hex digits.");
    }
    for (char ch : weft_signature.substr(7)) {
      if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
        return unsigned_request("X-Weft-Signature must be sha256= and 64 lowercase hex digits.");
      }
    }
    claim.signatures.emplace_back(weft_signature);
    timestamp = weft_timestamp;
  } else if (!webhook_signature.empty()) {
    claim.form = Form::kStandard;
    if (webhook_id.empty() || webhook_id.size() > 200) return unsigned_request("webhook-id must be 1 to 200 characters.");
    claim.message_id = std::string(webhook_id);
    std::size_t start = 0;
    while (start < webhook_signature.size() && claim.signatures.size() < 20) {
      std::size_t space = webhook_signature.find(' ', start);
      std::string_view entry = webhook_signature.substr(start, space == std::string_view::npos ? std::string_view::npos
                                                                                                : space - start);
      if (entry.starts_with("v1,") && entry.size() > 3) claim.signatures.emplace_back(entry);
      if (space == std::string_view::npos) break;
      start = space + 1;
    }
    if (claim.signatures.empty()) return unsigned_request("webhook-signature holds no v1 signature.");
    timestamp = webhook_timestamp;
  } else {
    return unsigned_request(
        "Sign the request: X-Weft-Key-Id, X-Weft-Timestamp and X-Weft-Signature, or webhook-id, webhook-timestamp "
        "and webhook-signature.");
  }
  auto seconds = digits(timestamp);
  if (!seconds) return unsigned_request("The timestamp must be Unix seconds.");
  if (*seconds > now + kToleranceSeconds || *seconds < now - kToleranceSeconds) {
    return unsigned_request("The timestamp is more than 5 minutes from the server's clock.");
  }
  claim.timestamp = *seconds;
  return claim;
}

std::optional<std::string> matching_signature(const Claim& claim, std::string_view secret, std::string_view body) {
  const std::string expected = claim.form == Form::kContract
                                   ? contract_signature(secret, claim.timestamp, body)
                                   : standard_signature(secret, claim.message_id, claim.timestamp, body);
  std::optional<std::string> found;
  // Every entry is compared, so the time taken does not tell which one matched.
  for (const auto& given : claim.signatures) {
    if (given.size() == expected.size() && crypto::constant_time_equal(given, expected) && !found) found = given;
  }
  return found;
}

}  // namespace weft::integrations
