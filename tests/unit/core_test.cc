#include <gtest/gtest.h>

#include <cstdlib>

#include "core/clock.h"
#include "core/config.h"
#include "core/cursor.h"
#include "core/json.h"
#include "core/throttle.h"

namespace weft {
namespace {

TEST(Throttle, OneClaimPerKeyInAnIntervalAndExpiredKeysAreDropped) {
  Throttle throttle(60);
  EXPECT_TRUE(throttle.claim(7, 1000));
  EXPECT_FALSE(throttle.claim(7, 1000)) << "the same second";
  EXPECT_FALSE(throttle.claim(7, 1059)) << "within the interval";
  EXPECT_TRUE(throttle.claim(8, 1059)) << "another key";
  EXPECT_TRUE(throttle.claim(7, 1060)) << "the interval is over";
  EXPECT_FALSE(throttle.claim(7, 1061));
  // Many keys: once there are thousands, the expired ones go and only the recent stay.
  for (int64_t key = 100; key < 5100; ++key) EXPECT_TRUE(throttle.claim(key, 2000));
  EXPECT_TRUE(throttle.claim(1, 3000));
  EXPECT_LE(throttle.size(), 2u) << "the 5,000 keys claimed at 2000 had expired by 3000";
  EXPECT_FALSE(throttle.claim(1, 3001));
}

TEST(Json, ParseObjectRejectsNonObjectsAndDeepNesting) {
  EXPECT_TRUE(json::parse_object(R"({"a":1})").has_value());
  EXPECT_EQ(json::parse_object("[1]").error().code, ErrorCode::kMalformedJson);
  EXPECT_EQ(json::parse_object("").error().code, ErrorCode::kMalformedJson);
  EXPECT_EQ(json::parse_object(R"({"a":)").error().code, ErrorCode::kMalformedJson);
  EXPECT_EQ(json::parse_object(std::string(100, '[') + std::string(100, ']')).error().code,
            ErrorCode::kMalformedJson);
  EXPECT_EQ(json::parse_object("{\"a\":\"\xff\"}").error().code, ErrorCode::kMalformedJson);
}

TEST(Json, ParseObjectRejectsNulInStringsAndKeys) {
  EXPECT_TRUE(json::parse_object(R"({"a":"x\\u0000y"})").has_value()) << "an escaped backslash, then text";
  EXPECT_EQ(json::parse_object(R"({"a":"x\u0000y"})").error().code, ErrorCode::kMalformedJson);
  EXPECT_EQ(json::parse_object(R"({"a":{"b":["ok","\u0000"]}})").error().code, ErrorCode::kMalformedJson);
  EXPECT_EQ(json::parse_object(R"({"k\u0000":1})").error().code, ErrorCode::kMalformedJson);
}

TEST(Json, Utf8ExcerptCutsAtCharactersAndReplacesBadBytes) {
  EXPECT_EQ(json::utf8_excerpt("abc", 10), "abc");
  EXPECT_EQ(json::utf8_excerpt("ab\xC3\xA9", 3), "ab") << "\"é\" would cross the limit";
  EXPECT_EQ(json::utf8_excerpt("ab\xC3\xA9", 4), "ab\xC3\xA9");
  EXPECT_EQ(json::utf8_excerpt("o\xE9k", 10), "o\xEF\xBF\xBDk") << "a Latin-1 byte";
  EXPECT_EQ(json::utf8_excerpt("\x80\x80", 10), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(json::utf8_excerpt("a\xF0\x9F\x98", 10), "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD") << "a cut character";
  EXPECT_EQ(json::utf8_excerpt("\xED\xA0\x80", 10).find('\xED'), std::string::npos) << "a surrogate";
  EXPECT_TRUE(json::valid_utf8(json::utf8_excerpt(std::string("x\xff\xfe\xC3", 4), 1024)));
}

TEST(Json, RequiredStringChecksTypeLengthAndTrims) {
  auto body = *json::parse_object(R"({"name":"  Ada  ","n":5,"long":"abcdef","empty":" "})");
  EXPECT_EQ(*json::required_string(body, "name", {1, 10}), "Ada");
  auto wrong_type = json::required_string(body, "n", {1, 10});
  EXPECT_EQ(wrong_type.error().field, "n");
  EXPECT_EQ(json::required_string(body, "missing", {1, 10}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(json::required_string(body, "long", {1, 3}).has_value());
  EXPECT_FALSE(json::required_string(body, "empty", {1, 3}).has_value());
}

TEST(Json, LengthsCountCodePointsNotBytes) {
  EXPECT_EQ(json::utf8_length("héllo"), 5u);
  EXPECT_EQ(json::utf8_length("日本"), 2u);
  EXPECT_TRUE(json::valid_utf8("日本"));
  EXPECT_FALSE(json::valid_utf8("\xc3"));
  EXPECT_FALSE(json::valid_utf8("\xed\xa0\x80"));  // a surrogate
}

TEST(Json, OptionalIdTellsAbsentFromNullFromBad) {
  auto body = *json::parse_object(R"({"a":"12","b":null,"c":"x","d":7,"e":-1})");
  EXPECT_EQ(*json::optional_id(body, "a")->value, 12);
  EXPECT_TRUE(json::optional_id(body, "b")->present);
  EXPECT_FALSE(json::optional_id(body, "b")->value.has_value());
  EXPECT_FALSE(json::optional_id(body, "zz")->present);
  EXPECT_FALSE(json::optional_id(body, "c").has_value());
  EXPECT_FALSE(json::optional_id(body, "d").has_value());  // ids are strings
  EXPECT_FALSE(json::optional_id(body, "e").has_value());
}

TEST(Json, ParseIdAcceptsOnlyPositiveIntegers) {
  EXPECT_EQ(json::parse_id("42"), 42);
  EXPECT_FALSE(json::parse_id("0").has_value());
  EXPECT_FALSE(json::parse_id("-3").has_value());
  EXPECT_FALSE(json::parse_id("4a").has_value());
  EXPECT_FALSE(json::parse_id("99999999999999999999999").has_value());
}

TEST(Cursor, RoundTripsAndRejectsForgeries) {
  std::string encoded = cursor::encode({"Ana Kim", "17"});
  auto decoded = cursor::decode(encoded, 2);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ((*decoded)[0], "Ana Kim");
  EXPECT_EQ((*decoded)[1], "17");
  EXPECT_FALSE(cursor::decode(encoded, 1).has_value());
  EXPECT_FALSE(cursor::decode("not a cursor!", 2).has_value());
  EXPECT_FALSE(cursor::decode("", 2).has_value());
}

TEST(Cursor, PageRequestValidatesLimit) {
  EXPECT_EQ(cursor::page_request("", "", 1)->limit, 20);
  EXPECT_EQ(cursor::page_request("", "100", 1)->limit, 100);
  EXPECT_EQ(cursor::page_request("", "0", 1).error().field, "limit");
  EXPECT_EQ(cursor::page_request("", "101", 1).error().field, "limit");
  EXPECT_EQ(cursor::page_request("", "ten", 1).error().field, "limit");
  EXPECT_EQ(cursor::page_request("garbage", "", 1).error().field, "cursor");
}

TEST(Cursor, EveryPartIsCheckedForItsKind) {
  using cursor::Part;
  auto refused = [](const std::string& c, std::vector<Part> parts, int64_t max_offset = 0) {
    auto r = cursor::page_request(c, "", std::move(parts), max_offset);
    return !r && r.error().code == ErrorCode::kInvalidArgument && r.error().field == "cursor";
  };
  // The cursor that once made a search page negative: an offset past any window.
  EXPECT_TRUE(refused(cursor::encode({"4294967196"}), {Part::kOffset}, 2000));
  EXPECT_TRUE(refused(cursor::encode({"2001"}), {Part::kOffset}, 2000));
  EXPECT_EQ(cursor::page_request(cursor::encode({"2000"}), "", {Part::kOffset}, 2000)->number(0, 0), 2000);
  // Ids: positive, no sign, no leading zero, within int64.
  EXPECT_TRUE(refused(cursor::encode({"-5"}), {Part::kId}));
  EXPECT_TRUE(refused(cursor::encode({"0"}), {Part::kId}));
  EXPECT_TRUE(refused(cursor::encode({"007"}), {Part::kId}));
  EXPECT_TRUE(refused(cursor::encode({"9223372036854775808"}), {Part::kId}));
  EXPECT_TRUE(refused(cursor::encode({"99999999999999999999"}), {Part::kId}));
  EXPECT_TRUE(refused(cursor::encode({"12a"}), {Part::kId}));
  EXPECT_EQ(cursor::page_request(cursor::encode({"9223372036854775807"}), "", {Part::kId})->number(0, 0),
            INT64_MAX);
  // Part counts must match exactly; a list without cursors takes none.
  EXPECT_TRUE(refused(cursor::encode({"1", "2"}), {Part::kId}));
  EXPECT_TRUE(refused(cursor::encode({"1"}), {Part::kName, Part::kId}));
  EXPECT_TRUE(refused(cursor::encode({"1"}), {}));
  // Names: valid UTF-8, bounded.
  EXPECT_TRUE(refused(cursor::encode({"\xff\xfe", "3"}), {Part::kName, Part::kId}));
  EXPECT_TRUE(refused(cursor::encode({std::string(401, 'a'), "3"}), {Part::kName, Part::kId}));
  auto ok = cursor::page_request(cursor::encode({"Ana Kim", "17"}), "5", 2);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->after[0], "Ana Kim");
  EXPECT_EQ(ok->number(1, 0), 17);
  EXPECT_EQ(ok->limit, 5);
  EXPECT_TRUE(refused(std::string(3000, 'A'), {Part::kId}));
}

TEST(Clock, Rfc3339RoundTrips) {
  EXPECT_EQ(clock::rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(clock::rfc3339(1795429500), "2026-11-23T10:25:00Z");
  EXPECT_EQ(clock::parse_rfc3339("2026-11-23T10:25:00Z"), 1795429500);
  EXPECT_FALSE(clock::parse_rfc3339("2026-13-23T10:25:00Z").has_value());
  EXPECT_FALSE(clock::parse_rfc3339("yesterday").has_value());
  EXPECT_EQ(clock::parse_rfc3339("2026-11-23T10:25:00.123Z"), 1795429500);
  EXPECT_FALSE(clock::parse_rfc3339("2026-11-23T10:25:00.Z").has_value());
  EXPECT_FALSE(clock::parse_rfc3339("2026-11-23T10:25:00.1x3Z").has_value());
  // Digits where digits go, and a day the month has.
  for (const char* bad : {"2026-01-01T-1:-1:-1Z", "2026-+1-01T00:00:00Z", "2026-02-31T00:00:00Z", "2025-02-29T00:00:00Z",
                          "2026-04-31T00:00:00Z", "2026-1-01T00:00:00Z ", " 2026-01-01T00:00:00Z", "2026-01-01 00:00:00Z",
                          "2026-01-01T00:00:00", "2026-01-01T00:00:00+01:00", "2026-01-01T24:00:00Z",
                          "2026-01-01T00:00:00.1234567890Z"}) {
    EXPECT_FALSE(clock::parse_rfc3339(bad).has_value()) << bad;
  }
  EXPECT_EQ(clock::parse_rfc3339("2024-02-29T00:00:00Z"), 1709164800);  // a leap year's day
  EXPECT_EQ(clock::parse_rfc3339("2026-12-31T23:59:59.999999999Z"), 1798761599);
}

TEST(Config, FlagsWinOverEnvironment) {
  Config base;
  base.listen_port = 8080;
  auto config = apply_flags(base, {"--listen", "127.0.0.1:0", "--data-dir=/tmp/x", "--threads", "3"}, nullptr);
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->listen_port, 0);
  EXPECT_EQ(config->data_dir, "/tmp/x");
  EXPECT_EQ(config->threads, 3);
  EXPECT_FALSE(apply_flags(base, {"--listen", "nonsense"}, nullptr).has_value());
  EXPECT_FALSE(apply_flags(base, {"--bogus"}, nullptr).has_value());
  EXPECT_FALSE(apply_flags(base, {"--threads", "0"}, nullptr).has_value());
  EXPECT_FALSE(apply_flags(base, {"--threads", "4abc"}, nullptr).has_value());
  EXPECT_FALSE(apply_flags(base, {"--log-level", "verbose"}, nullptr).has_value()) << "spdlog would read it as off";
  EXPECT_EQ(apply_flags(base, {"--log-level", "warn"}, nullptr)->log_level, "warn");
}

TEST(Config, WebhookAllowPrivateFlagSaysWhich) {
  Config base;
  base.webhook_allow_private = true;  // as WEFT_WEBHOOK_ALLOW_PRIVATE=true would set it
  EXPECT_FALSE(apply_flags(base, {"--webhook-allow-private=false"}, nullptr)->webhook_allow_private);
  EXPECT_TRUE(apply_flags(Config{}, {"--webhook-allow-private"}, nullptr)->webhook_allow_private);
  EXPECT_TRUE(apply_flags(Config{}, {"--webhook-allow-private=true"}, nullptr)->webhook_allow_private);
  EXPECT_FALSE(apply_flags(base, {"--webhook-allow-private=maybe"}, nullptr).has_value());
}

TEST(Config, WebhookRetryScale) {
  Config base;
  EXPECT_EQ(base.webhook_retry_scale, 1.0);
  auto config = apply_flags(base, {"--webhook-retry-scale", "0.001"}, nullptr);
  ASSERT_TRUE(config.has_value());
  EXPECT_DOUBLE_EQ(config->webhook_retry_scale, 0.001);
  for (const char* bad : {"0", "-1", "abc", "1001", "0.5x", "", "nan"}) {
    EXPECT_FALSE(parse_retry_scale("X", bad).has_value()) << bad;
  }
  EXPECT_EQ(parse_retry_scale("WEFT_WEBHOOK_RETRY_SCALE", "0").error().message,
            "WEFT_WEBHOOK_RETRY_SCALE must be a number greater than 0 and at most 1000, e.g. 0.001.");
  EXPECT_DOUBLE_EQ(*parse_retry_scale("X", "1000"), 1000.0);
}

// The configuration read with one variable set to `value`.
Result<Config> config_with(const char* name, const char* value) {
  setenv(name, value, 1);
  auto config = config_from_environment();
  unsetenv(name);
  return config;
}

TEST(Config, ReadWorkersAreAWholeNumberOrChosenFromTheBackend) {
  EXPECT_EQ(config_from_environment()->read_workers, 0);  // as many as there are workers
  EXPECT_EQ(config_with("WEFT_READ_WORKERS", "3")->read_workers, 3);
  for (const char* bad : {"0", "abc", "-2", "1025", "2.5"}) {
    auto config = config_with("WEFT_READ_WORKERS", bad);
    ASSERT_FALSE(config.has_value()) << bad;
    EXPECT_EQ(config.error().message, "WEFT_READ_WORKERS must be a whole number from 1 to 1024.");
  }
}

TEST(Config, RoundsTakeZeroToTenThousandMilliseconds) {
  struct Case {
    const char* name;
    int Config::*field;
    int fallback;
    const char* zero_means;
  };
  for (const Case& c : {Case{"WEFT_VIEW_ROUND_MS", &Config::view_round_ms, 100, "a round per commit"},
                        Case{"WEFT_WRITE_ROUND_MS", &Config::write_round_ms, 30, "writes always first"}}) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ((*config_from_environment()).*c.field, c.fallback);
    EXPECT_EQ((*config_with(c.name, "0")).*c.field, 0);
    EXPECT_EQ((*config_with(c.name, "250")).*c.field, 250);
    EXPECT_EQ((*config_with(c.name, "10000")).*c.field, 10000);
    for (const char* bad : {"abc", "-1", "10001", "1.5"}) {
      auto config = config_with(c.name, bad);
      ASSERT_FALSE(config.has_value()) << bad;
      EXPECT_EQ(config.error().message,
                std::string(c.name) + " must be a whole number from 0 (" + c.zero_means + ") to 10000.");
    }
  }
}

}  // namespace
}  // namespace weft
