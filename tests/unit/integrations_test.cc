// Signatures of inbound hooks and outbound webhooks, both forms (integrations/signatures.h).
#include <gtest/gtest.h>

#include <map>

#include "core/crypto.h"
#include "integrations/signatures.h"
#include "integrations/webhooks.h"

namespace weft::integrations {
namespace {

constexpr int64_t kNow = 1700000000;

Result<Claim> contract(std::string_view key_id, std::string_view ts, std::string_view signature) {
  return read_claim_from(key_id, ts, signature, "", "", "", kNow);
}
Result<Claim> standard(std::string_view id, std::string_view ts, std::string_view signatures) {
  return read_claim_from("", "", "", id, ts, signatures, kNow);
}

TEST(Signatures, ContractFormMatchesAnIndependentlyComputedVector) {
  // node -e 'crypto.createHmac("sha256","s3cret").update("1700000000.{\"a\":1}").digest("hex")'
  EXPECT_EQ(contract_signature("s3cret", kNow, R"({"a":1})"),
            "sha256=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940");
}

TEST(Signatures, StandardFormMatchesTheSpecificationsExample) {
  // The example of the Standard Webhooks specification.
  EXPECT_EQ(standard_signature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                               R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  // A secret without the prefix keys the HMAC with its own bytes.
  EXPECT_EQ(standard_key("plain"), "plain");
  EXPECT_EQ(standard_key("whsec_!!"), "whsec_!!");
}

TEST(Signatures, TimestampsWithinFiveMinutesAreAccepted) {
  const std::string body = "{}";
  for (int64_t offset : {-300, 0, 300}) {
    auto sig = contract_signature("k", kNow + offset, body);
    auto claim = contract("7", std::to_string(kNow + offset), sig);
    ASSERT_TRUE(claim) << offset << ": " << claim.error().message;
    EXPECT_EQ(claim->key_id, 7);
    EXPECT_TRUE(matching_signature(*claim, "k", body));
    EXPECT_FALSE(matching_signature(*claim, "other", body));
    EXPECT_FALSE(matching_signature(*claim, "k", body + " "));
  }
  for (int64_t offset : {-301, 301}) {
    auto claim = contract("7", std::to_string(kNow + offset), contract_signature("k", kNow + offset, body));
    ASSERT_FALSE(claim);
    EXPECT_EQ(claim.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(claim.error().message, "The timestamp is more than 5 minutes from the server's clock.");
  }
}

TEST(Signatures, MalformedHeadersAreRefused) {
  const std::string sig = contract_signature("k", kNow, "{}");
  EXPECT_FALSE(contract("", std::to_string(kNow), sig));
  EXPECT_FALSE(contract("x", std::to_string(kNow), sig));
  EXPECT_FALSE(contract("7", "", sig));
  EXPECT_FALSE(contract("7", "17e8", sig));
  EXPECT_FALSE(contract("7", std::to_string(kNow), "sha256=ABC"));
  std::string upper = sig;
  for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_FALSE(contract("7", std::to_string(kNow), "sha256=" + upper.substr(7)));
  EXPECT_FALSE(read_claim_from("", "", "", "", "", "", kNow));
  EXPECT_FALSE(standard("", std::to_string(kNow), "v1,abc"));
  EXPECT_FALSE(standard(std::string(201, 'm'), std::to_string(kNow), "v1,abc"));
  EXPECT_FALSE(standard("m", std::to_string(kNow), "v1a,abc v2,def"));
}

TEST(Signatures, EveryV1EntryOfAStandardListIsTried) {
  const std::string secret = "whsec_" + crypto::base64_encode(std::string(32, '\x05'));
  const std::string good = standard_signature(secret, "m1", kNow, "{}");
  auto claim = standard("m1", std::to_string(kNow), "v1,AAAA v1a,xyz garbage " + good);
  ASSERT_TRUE(claim);
  EXPECT_EQ(claim->signatures.size(), 2u);
  EXPECT_EQ(matching_signature(*claim, secret, "{}"), good);
  EXPECT_FALSE(matching_signature(*claim, secret, "{} "));
}

TEST(Signatures, NewSecretsAreWhsecAndDecodeToThirtyTwoBytes) {
  const std::string a = new_secret(), b = new_secret();
  EXPECT_NE(a, b);
  ASSERT_TRUE(a.starts_with("whsec_"));
  auto key = crypto::base64_decode(a.substr(6));
  ASSERT_TRUE(key);
  EXPECT_EQ(key->size(), 32u);
  EXPECT_FALSE(crypto::base64_decode("not base64!"));
  EXPECT_EQ(crypto::base64_encode("hi"), "aGk=");
  EXPECT_EQ(crypto::base64_decode("aGk="), "hi");
}

TEST(WebhookSchedule, FollowsTheStandardWebhooksScheduleScaledAndJittered) {
  const int64_t expected[] = {5'000, 300'000, 1'800'000, 7'200'000, 18'000'000, 36'000'000, 36'000'000, 36'000'000};
  for (int64_t n = 1; n <= 8; ++n) {
    EXPECT_EQ(retry_delay_ms(n, 1.0, 0.5, std::nullopt), expected[n - 1]) << n;
    EXPECT_EQ(retry_delay_ms(n, 1.0, 0.0, std::nullopt), expected[n - 1] * 8 / 10) << n;
    EXPECT_EQ(retry_delay_ms(n, 1.0, 1.0, std::nullopt), expected[n - 1] * 12 / 10) << n;
  }
  EXPECT_EQ(retry_delay_ms(2, 0.001, 0.5, std::nullopt), 300);
  // Retry-After replaces a shorter delay, capped at a day, and is scaled too.
  EXPECT_EQ(retry_delay_ms(1, 1.0, 0.5, 60'000), 60'000);
  EXPECT_EQ(retry_delay_ms(2, 1.0, 0.5, 60'000), 300'000);
  EXPECT_EQ(retry_delay_ms(1, 1.0, 0.5, int64_t{48} * 3600 * 1000), int64_t{24} * 3600 * 1000);
  EXPECT_EQ(retry_delay_ms(1, 0.001, 0.5, 3'600'000), 3'600);
}

TEST(WebhookSchedule, ReadsRetryAfterAsSecondsOrAnHttpDate) {
  EXPECT_EQ(parse_retry_after("120", 0), 120'000);
  EXPECT_EQ(parse_retry_after("0", 0), 0);
  // Wed, 21 Oct 2015 07:28:00 GMT is 1445412480.
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480'000 - 30'000), 30'000);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480'000 + 5'000), 0);
  EXPECT_FALSE(parse_retry_after("soon", 0));
  EXPECT_FALSE(parse_retry_after("", 0));
}

TEST(WebhookHeaders, CarryBothFormsAndASecondSignatureDuringARotation) {
  const std::string secret = new_secret(), previous = new_secret();
  auto headers = delivery_headers("42", kNow, "{}", secret, previous);
  std::map<std::string, std::string> by_name(headers.begin(), headers.end());
  EXPECT_EQ(by_name["X-Weft-Event-Id"], "42");
  EXPECT_EQ(by_name["webhook-id"], "42");
  EXPECT_EQ(by_name["X-Weft-Signature"], contract_signature(secret, kNow, "{}"));
  EXPECT_EQ(by_name["webhook-signature"],
            standard_signature(secret, "42", kNow, "{}") + " " + standard_signature(previous, "42", kNow, "{}"));
}

}  // namespace
}  // namespace weft::integrations
