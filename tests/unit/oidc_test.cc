// ID tokens from an identity provider: a good one passes; forged, expired, not yet issued, for
// another client, from another issuer, for another sign-in (nonce), signed with an unknown key,
// with "none" or an HMAC, or a key of the wrong type are refused, each with its reason. Keys and
// tokens are made here with cjose, the library that checks them.
#include <gtest/gtest.h>

#include <cjose/cjose.h>

#include <boost/json.hpp>

#include "identity/oidc.h"

namespace weft::identity {
namespace {

constexpr int64_t kNow = 1'800'000'000;
const char* kIssuer = "https://idp.example.com";
const char* kClient = "weft-client";

struct Key {
  cjose_jwk_t* jwk = nullptr;
  std::string kid;
  ~Key() { cjose_jwk_release(jwk); }
  std::string public_json(const char* alg) const {
    cjose_err err{};
    char* json = cjose_jwk_to_json(jwk, false, &err);
    auto object = boost::json::parse(json).as_object();
    free(json);
    object["kid"] = kid;
    object["use"] = "sig";
    object["alg"] = alg;
    return boost::json::serialize(object);
  }
};

Key rsa(const std::string& kid) {
  static const uint8_t e[] = {0x01, 0x00, 0x01};
  cjose_err err{};
  return Key{cjose_jwk_create_RSA_random(2048, e, sizeof e, &err), kid};
}
Key ec(const std::string& kid) {
  cjose_err err{};
  return Key{cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, &err), kid};
}

std::string jwks(std::initializer_list<std::string> keys) {
  std::string out = "{\"keys\":[";
  bool first = true;
  for (const auto& k : keys) {
    out += (first ? "" : ",") + k;
    first = false;
  }
  return out + "]}";
}

boost::json::object good_claims() {
  return {{"iss", kIssuer}, {"aud", kClient}, {"sub", "248289761001"}, {"nonce", "n-0S6_WzA2Mj"},
          {"exp", kNow + 300}, {"iat", kNow - 10}, {"email", "ana@example.com"}, {"email_verified", true},
          {"name", "Ana Lind"}, {"department", "Finance"}, {"groups", boost::json::array{"finance", "eu"}}};
}

std::string sign(const Key& key, const char* alg, const boost::json::object& claims, bool with_kid = true) {
  cjose_err err{};
  cjose_header_t* header = cjose_header_new(&err);
  cjose_header_set(header, CJOSE_HDR_ALG, alg, &err);
  if (with_kid) cjose_header_set(header, CJOSE_HDR_KID, key.kid.c_str(), &err);
  const std::string payload = boost::json::serialize(claims);
  cjose_jws_t* jws = cjose_jws_sign(key.jwk, header, reinterpret_cast<const uint8_t*>(payload.data()), payload.size(), &err);
  const char* compact = nullptr;
  cjose_jws_export(jws, &compact, &err);
  std::string out = compact ? compact : "";
  cjose_jws_release(jws);
  cjose_header_release(header);
  return out;
}

TokenExpectations expected() { return {kIssuer, kClient, "n-0S6_WzA2Mj", kNow, 120}; }

std::string reason(const Result<std::string>& result) { return result ? "accepted" : result.error().message; }

TEST(OidcToken, AGoodTokenPassesAndItsClaimsRead) {
  Key key = rsa("k1");
  const std::string keys = jwks({key.public_json("RS256")});
  auto claims = verify_id_token(sign(key, "RS256", good_claims()), keys, expected());
  ASSERT_TRUE(claims) << claims.error().message;
  auto read = read_claims(*claims, {});
  ASSERT_TRUE(read);
  EXPECT_EQ(read->subject, "248289761001");
  EXPECT_EQ(read->email, "ana@example.com");
  EXPECT_TRUE(read->email_verified);
  EXPECT_EQ(read->name, "Ana Lind");
  EXPECT_EQ(read->unit, "Finance");
  EXPECT_EQ(read->groups, (std::vector<std::string>{"finance", "eu"}));
  // An EC key (ES256), several keys published (key rotation), and a token without kid.
  Key next = ec("k2");
  const std::string rotated = jwks({key.public_json("RS256"), next.public_json("ES256")});
  EXPECT_TRUE(verify_id_token(sign(next, "ES256", good_claims()), rotated, expected()));
  EXPECT_TRUE(verify_id_token(sign(key, "RS256", good_claims(), false), rotated, expected()));
  // Clocks a minute apart are allowed.
  auto late = good_claims();
  late["exp"] = kNow - 60;
  EXPECT_TRUE(verify_id_token(sign(key, "RS256", late), keys, expected()));
}

TEST(OidcToken, RefusedTokens) {
  Key key = rsa("k1");
  Key forger = rsa("k1");  // the same kid, another key
  const std::string keys = jwks({key.public_json("RS256")});
  auto with = [&](const char* name, boost::json::value value) {
    auto claims = good_claims();
    claims[name] = std::move(value);
    return sign(key, "RS256", claims);
  };
  struct Case {
    const char* what;
    std::string token;
    const char* because;
  };
  const std::vector<Case> cases{
      {"forged", sign(forger, "RS256", good_claims()), "signature does not verify"},
      {"expired", with("exp", kNow - 600), "expired"},
      {"issued in the future", with("iat", kNow + 600), "future"},
      {"issued long ago", with("iat", kNow - 7200), "over an hour ago"},
      {"another audience", with("aud", "someone-else"), "another client"},
      {"audiences without azp", with("aud", boost::json::array{kClient, "other"}), "authorized party"},
      {"another issuer", with("iss", "https://evil.example.com"), "issued by someone else"},
      {"a replayed nonce", with("nonce", "an-old-nonce"), "nonce"},
      {"no subject", with("sub", ""), "no subject"},
      {"unknown kid", sign(rsa("k9"), "RS256", good_claims()), "key id k9"},
      {"not a JWT", "not.a.jwt", "not a signed JWT"},
  };
  for (const auto& c : cases) {
    auto result = verify_id_token(c.token, keys, expected());
    ASSERT_FALSE(result) << c.what;
    EXPECT_EQ(result.error().code, ErrorCode::kUnauthenticated) << c.what;
    EXPECT_NE(result.error().message.find(c.because), std::string::npos) << c.what << ": " << reason(result);
  }
  EXPECT_EQ(verify_id_token(sign(rsa("k9"), "RS256", good_claims()), keys, expected()).error().field, "kid");

  // alg "none": a header and claims with an empty signature.
  auto b64 = [](const std::string& s) { return base64url(s); };
  const std::string none = b64(R"({"alg":"none","kid":"k1"})") + "." + b64(boost::json::serialize(good_claims())) + ".";
  auto refused_none = verify_id_token(none, keys, expected());
  ASSERT_FALSE(refused_none);
  // HS256 signed with the public key's text as the secret (the classic key confusion).
  const std::string hs = b64(R"({"alg":"HS256","kid":"k1"})") + "." + b64(boost::json::serialize(good_claims())) + ".c2ln";
  auto refused_hs = verify_id_token(hs, keys, expected());
  ASSERT_FALSE(refused_hs);
  // An RSA algorithm named for an EC key: the key's type must fit.
  Key eckey = ec("k3");
  const std::string mixed = jwks({eckey.public_json("RS256")});
  EXPECT_FALSE(verify_id_token(sign(eckey, "ES256", good_claims()), mixed, expected()));
  EXPECT_FALSE(verify_id_token(sign(key, "RS256", good_claims()), "not json", expected()));
}

TEST(OidcToken, PkceChallengeIsRfc7636s) {
  // RFC 7636 Appendix B.
  EXPECT_EQ(pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  EXPECT_EQ(base64url("\xfb\xff"), "-_8");
}

TEST(OidcClaims, MappedClaimsAndFallbacks) {
  ClaimMap map{.email = "upn", .name = "display", .title = "job", .unit = "dept", .groups = "roles"};
  auto claims = read_claims(R"({"sub":"1","upn":"bo@example.com","given_name":"Bo","family_name":"Ek","job":"Chef",
    "dept":"Kitchen","roles":"cooks"})", map);
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->email, "bo@example.com");
  EXPECT_EQ(claims->name, "Bo Ek");
  EXPECT_EQ(claims->title, "Chef");
  EXPECT_EQ(claims->unit, "Kitchen");
  EXPECT_EQ(claims->groups, std::vector<std::string>{"cooks"});
  EXPECT_FALSE(claims->email_verified);
  auto bare = read_claims(R"({"sub":"2","email":"cy@example.com"})", {});
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->name, "cy");
}

}  // namespace
}  // namespace weft::identity
