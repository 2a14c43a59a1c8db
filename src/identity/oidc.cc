#include "identity/oidc.h"

#include <cjose/cjose.h>
#include <sodium.h>

#include <boost/json.hpp>

#include <array>
#include <memory>

namespace weft::identity {
namespace {

Error refused(const std::string& why, const std::string& field = "id_token") {
  return Error{ErrorCode::kUnauthenticated, "The identity provider's answer was refused: " + why, field};
}

struct JwsDeleter {
  void operator()(cjose_jws_t* jws) const { cjose_jws_release(jws); }
};
struct JwkDeleter {
  void operator()(cjose_jwk_t* jwk) const { cjose_jwk_release(jwk); }
};

bool algorithm_fits(std::string_view alg, cjose_jwk_kty_t kty) {
  static constexpr std::array<std::string_view, 6> kRsa = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"};
  static constexpr std::array<std::string_view, 3> kEc = {"ES256", "ES384", "ES512"};
  if (std::find(kRsa.begin(), kRsa.end(), alg) != kRsa.end()) return kty == CJOSE_JWK_KTY_RSA;
  if (std::find(kEc.begin(), kEc.end(), alg) != kEc.end()) return kty == CJOSE_JWK_KTY_EC;
  return false;
}

std::optional<std::string> text_of(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (!value || !value->is_string()) return std::nullopt;
  return std::string(value->as_string());
}

std::optional<int64_t> seconds_of(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (!value) return std::nullopt;
  if (value->is_int64()) return value->as_int64();
  if (value->is_uint64()) return static_cast<int64_t>(value->as_uint64());
  if (value->is_double()) return static_cast<int64_t>(value->as_double());
  return std::nullopt;
}

}  // namespace

std::string base64url(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string pkce_challenge(std::string_view verifier) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size());
  return base64url(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

Result<std::string> verify_id_token(std::string_view token, std::string_view jwks, const TokenExpectations& expect) {
  if (token.size() > 16384) return std::unexpected(refused("the ID token is too long."));
  cjose_err err{};
  std::unique_ptr<cjose_jws_t, JwsDeleter> jws(cjose_jws_import(token.data(), token.size(), &err));
  if (!jws) return std::unexpected(refused("the ID token is not a signed JWT."));
  cjose_header_t* header = cjose_jws_get_protected(jws.get());
  const char* alg = header ? cjose_header_get(header, CJOSE_HDR_ALG, &err) : nullptr;
  const char* kid = header ? cjose_header_get(header, CJOSE_HDR_KID, &err) : nullptr;
  if (!alg) return std::unexpected(refused("the ID token names no algorithm."));
  const std::string algorithm(alg);
  if (algorithm == "none" || algorithm.starts_with("HS")) {
    return std::unexpected(refused("the ID token's algorithm " + algorithm + " is not accepted."));
  }

  // The provider's keys: the one with the token's kid (or, without a kid, any that verifies).
  boost::system::error_code ec;
  auto parsed = boost::json::parse(jwks, ec);
  if (ec || !parsed.is_object() || !parsed.as_object().contains("keys") || !parsed.as_object().at("keys").is_array()) {
    return std::unexpected(refused("the provider's keys (JWKS) cannot be read.", "jwks"));
  }
  bool known_kid = false;
  bool verified = false;
  for (const auto& entry : parsed.as_object().at("keys").as_array()) {
    if (!entry.is_object()) continue;
    const auto& key = entry.as_object();
    if (auto use = text_of(key, "use"); use && *use != "sig") continue;
    const auto key_id = text_of(key, "kid");
    if (kid && key_id != std::string(kid)) continue;
    if (auto key_alg = text_of(key, "alg"); key_alg && *key_alg != algorithm) continue;
    known_kid = true;
    const std::string text = boost::json::serialize(key);
    std::unique_ptr<cjose_jwk_t, JwkDeleter> jwk(cjose_jwk_import(text.data(), text.size(), &err));
    if (!jwk) continue;
    if (!algorithm_fits(algorithm, cjose_jwk_get_kty(jwk.get(), &err))) continue;
    if (cjose_jws_verify(jws.get(), jwk.get(), &err)) {
      verified = true;
      break;
    }
  }
  if (!known_kid) {
    return std::unexpected(refused(std::string("no published key has the ID token's key id") + (kid ? " " + std::string(kid) : "") + ".", "kid"));
  }
  if (!verified) return std::unexpected(refused("the ID token's signature does not verify."));

  uint8_t* plain = nullptr;
  size_t plain_len = 0;
  if (!cjose_jws_get_plaintext(jws.get(), &plain, &plain_len, &err)) {
    return std::unexpected(refused("the ID token has no claims."));
  }
  const std::string claims_text(reinterpret_cast<const char*>(plain), plain_len);
  auto claims_value = boost::json::parse(claims_text, ec);
  if (ec || !claims_value.is_object()) return std::unexpected(refused("the ID token's claims are not a JSON object."));
  const auto& claims = claims_value.as_object();

  if (text_of(claims, "iss") != expect.issuer) return std::unexpected(refused("the ID token was issued by someone else."));
  bool audience = false;
  std::size_t audiences = 0;
  if (const auto* aud = claims.if_contains("aud")) {
    if (aud->is_string()) {
      audiences = 1;
      audience = aud->as_string() == expect.client_id;
    } else if (aud->is_array()) {
      audiences = aud->as_array().size();
      for (const auto& a : aud->as_array()) audience = audience || (a.is_string() && a.as_string() == expect.client_id);
    }
  }
  if (!audience) return std::unexpected(refused("the ID token is meant for another client."));
  if (audiences > 1 && text_of(claims, "azp") != expect.client_id) {
    return std::unexpected(refused("the ID token's authorized party is another client."));
  }
  const auto exp = seconds_of(claims, "exp");
  const auto iat = seconds_of(claims, "iat");
  if (!exp || *exp + expect.skew_seconds <= expect.now) return std::unexpected(refused("the ID token has expired."));
  if (!iat || *iat - expect.skew_seconds > expect.now) return std::unexpected(refused("the ID token was issued in the future."));
  if (*iat + 3600 + expect.skew_seconds < expect.now) return std::unexpected(refused("the ID token was issued over an hour ago."));
  if (text_of(claims, "nonce") != expect.nonce) return std::unexpected(refused("the ID token's nonce is not this sign-in's."));
  if (!text_of(claims, "sub") || text_of(claims, "sub")->empty()) return std::unexpected(refused("the ID token names no subject."));
  return claims_text;
}

Result<Claims> read_claims(std::string_view claims_json, const ClaimMap& map) {
  boost::system::error_code ec;
  auto value = boost::json::parse(claims_json, ec);
  if (ec || !value.is_object()) return invalid("claims", "The claims are not a JSON object.");
  const auto& claims = value.as_object();
  Claims out;
  out.subject = text_of(claims, "sub").value_or("");
  out.email = text_of(claims, map.email);
  if (const auto* verified = claims.if_contains("email_verified")) {
    out.email_verified = (verified->is_bool() && verified->as_bool()) ||
                         (verified->is_string() && verified->as_string() == "true");
    out.email_verified_false = (verified->is_bool() && !verified->as_bool()) ||
                               (verified->is_string() && verified->as_string() == "false");
  }
  out.name = text_of(claims, map.name).value_or("");
  if (out.name.empty()) {
    const std::string joined = text_of(claims, "given_name").value_or("") + " " + text_of(claims, "family_name").value_or("");
    const auto begin = joined.find_first_not_of(' ');
    if (begin != std::string::npos) out.name = joined.substr(begin, joined.find_last_not_of(' ') - begin + 1);
  }
  if (out.name.empty() && out.email) out.name = out.email->substr(0, out.email->find('@'));
  out.title = text_of(claims, map.title).value_or("");
  out.unit = text_of(claims, map.unit);
  if (const auto* groups = claims.if_contains(map.groups)) {
    if (groups->is_array()) {
      for (const auto& g : groups->as_array()) {
        if (g.is_string()) out.groups.emplace_back(g.as_string());
      }
    } else if (groups->is_string()) {
      out.groups.emplace_back(groups->as_string());
    }
  }
  return out;
}

}  // namespace weft::identity
