// wire::TextOut writes the JSON text that JsonOut's object serializes to, byte for byte, for every
// kind of field; and clock::append_rfc3339 writes what gmtime writes.
#include <gtest/gtest.h>

#include <ctime>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/clock.h"
#include "core/json.h"
#include "wire/shape.h"
#include "wire/wire.h"

namespace weft::wire {
namespace {

// Text with everything a writer must escape: quotes, backslashes, every control character, and
// UTF-8 beyond ASCII (written as is).
std::string awkward() {
  std::string text = "say \"hi\" \\ back/slash é ✓ 🌍 ";
  for (char c = 0; c < 0x20; ++c) text += c;
  text += '\x7f';
  return text;
}

Post sample_post() {
  Post p;
  p.id = 9007199254740993;  // beyond a double's exact integers: ids are strings
  p.author = {.id = 7, .handle = "ana", .name = awkward(), .title = "", .unit_id = 3, .avatar_version = 2};
  p.body = awkward();
  p.audience = "public";
  p.root_id = p.id;
  p.reshare_of = 5;
  auto original = std::make_shared<Post>();
  original->id = 5;
  original->author = {.id = 8, .handle = "bo", .name = "Bo", .title = "Engineer", .unit_id = std::nullopt};
  original->body = "original";
  original->audience = "space";
  original->space_id = 4;
  original->record_id = 12;
  original->root_id = 5;
  original->created_at = -86401;  // before 1970
  original->hidden_reason = "spam";
  p.reshared = original;
  p.topics = {"ops", awkward()};
  p.mentions = {1, 2, 3};
  p.mention_handles = {"a", "b"};
  p.reshared_by_me = true;
  p.reactions = {1, 0, 42, -1};
  p.my_reactions = {"like"};
  p.reply_count = 3;
  p.reshare_count = 1;
  p.created_at = 1796000000;
  p.edited_at = 1796000123;
  p.can_edit = true;
  return p;
}

TEST(WireText, APostIsWrittenAsItsObjectSerializes) {
  Post full = sample_post();
  Post empty;  // every optional absent, every list empty
  for (const Post* post : {&full, &empty, full.reshared.get()}) {
    for (bool nested : {false, true}) {
      std::string text;
      append_post_json(text, *post, nested);
      EXPECT_EQ(text, boost::json::serialize(post_json(*post, nested))) << "post " << post->id << " nested " << nested;
      // And it is JSON that reads back to the same value.
      EXPECT_EQ(boost::json::parse(text), boost::json::value(post_json(*post, nested)));
    }
  }
}

struct Everything {
  int64_t id = 12;
  std::optional<int64_t> maybe_id;
  std::string text = awkward();
  std::optional<std::string> maybe_text = "x";
  std::optional<int64_t> maybe_integer = -9;
  std::vector<std::pair<std::string, int64_t>> map = {{"open", 3}, {"re\"solved", 5}};
  double number = 0.1;
  std::optional<double> maybe_number;
  std::string fields = R"({"amount":12.5,"ok":true,"name":"a\"b","none":null})";
  std::string broken = "{not json";
  std::optional<std::string> old_value = "[1,\"two\",{\"three\":3}]";
  std::optional<std::string> bad_value = "[1,";
  std::vector<Post> posts;
  std::vector<PersonSummary> people = {{.id = 1, .handle = "a", .name = "A"}, {.id = 2, .handle = "b", .name = "B"}};
};

const auto kEverything = [](auto& w, const Everything& e) {
  w.id("id", e.id);
  w.id_or_null("maybe_id", e.maybe_id);
  w.text("text", e.text);
  w.text_or_null("maybe_text", e.maybe_text);
  w.text_or_null("no_text", std::optional<std::string>());
  w.integer("integer", -4611686018427387904);
  w.integer_or_null("maybe_integer", e.maybe_integer);
  w.boolean("yes", true);
  w.boolean("no", false);
  w.null_field("nothing");
  w.integer_map("map", e.map);
  w.integer_map("empty_map", {});
  w.shape("shape", "PersonSummary", summary_json(e.people[0]));
  w.shape_value("post", "Post", e.posts.front(), PostShape{});
  w.shape_list("posts", "Post", e.posts, PostShape{});
  w.shape_list("summaries", "PersonSummary", e.people, [](const PersonSummary& p) { return summary_json(p); });
  w.number("number", e.number);
  w.number("big_number", 1e300);
  w.number("whole_number", 3.0);
  w.number_or_null("maybe_number", e.maybe_number);
  w.json_object("fields", e.fields);
  w.json_object("broken", e.broken);
  w.json_value_or_null("old", e.old_value);
  w.json_value_or_null("bad", e.bad_value);
  w.json_value_or_null("gone", std::optional<std::string>());
  w.time("time", 0);
  w.time_or_null("maybe_time", std::optional<int64_t>(253402300799));  // 9999-12-31T23:59:59Z
  w.texts("texts", std::vector<std::string>{"a", awkward(), ""});
  w.texts("no_texts", std::vector<std::string>{});
  w.ids("ids", std::vector<int64_t>{1, 22, 333});
  w.counts("counts", std::array<const char*, 3>{"agree", "disagree", "block"}, std::array<int64_t, 3>{1, 2, 3});
  w.object("person", "PersonSummary", e.people[1], kSummary);
  w.object_or_null("no_person", "PersonSummary", static_cast<const PersonSummary*>(nullptr), kSummary);
  w.object_or_null("a_person", "PersonSummary", &e.people[0], kSummary);
  w.array("people", "PersonSummary", e.people, kSummary);
  w.array("no_people", "PersonSummary", std::vector<PersonSummary>{}, kSummary);
};

TEST(WireText, EveryKindOfFieldIsWrittenAsItsObjectSerializes) {
  Everything e;
  e.posts = {sample_post(), Post{}};
  EXPECT_EQ(to_text(e, kEverything), boost::json::serialize(to_json(e, kEverything)));
  e.maybe_id = 4;
  e.maybe_text.reset();
  e.maybe_integer.reset();
  e.maybe_number = -2.5e-7;
  e.posts = {Post{}};
  EXPECT_EQ(to_text(e, kEverything), boost::json::serialize(to_json(e, kEverything)));
}

TEST(WireText, StringsAreEscapedAsBoostJsonEscapesThem) {
  for (std::string text : {std::string(), std::string("plain"), awkward(), std::string(1, '\0'),
                           std::string("\"\\\"\\"), std::string("\xff\xfe not UTF-8")}) {
    std::string out;
    json::append_string(out, text);
    EXPECT_EQ(out, boost::json::serialize(boost::json::value(boost::json::string(text))));
  }
}

TEST(WireText, IntegersAreWrittenAsBoostJsonWritesThem) {
  for (int64_t value : {int64_t{0}, int64_t{-1}, int64_t{42}, INT64_MIN, INT64_MAX}) {
    std::string out;
    json::append_integer(out, value);
    EXPECT_EQ(out, boost::json::serialize(boost::json::value(value)));
  }
}

TEST(ClockText, Rfc3339AgreesWithGmtimeAcrossTheCalendar) {
  auto by_gmtime = [](int64_t seconds) {
    std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
    return std::string(buf);
  };
  // Every leap-year rule (1900, 2000, 2100), month ends, times before 1970, and a walk in uneven steps.
  for (int64_t seconds : {int64_t{0}, int64_t{-1}, int64_t{-86400}, int64_t{-86401}, int64_t{951782400},
                          int64_t{951868799}, int64_t{4107542400}, int64_t{-2203891200}, int64_t{253402300799},
                          int64_t{-62135596800}}) {
    EXPECT_EQ(clock::rfc3339(seconds), by_gmtime(seconds)) << seconds;
  }
  for (int64_t seconds = -2300000000; seconds < 4200000000; seconds += 7919 * 61) {
    ASSERT_EQ(clock::rfc3339(seconds), by_gmtime(seconds)) << seconds;
  }
  std::string appended = "at ";
  clock::append_rfc3339(appended, 1796000000);
  EXPECT_EQ(appended, "at " + clock::rfc3339(1796000000));
}

}  // namespace
}  // namespace weft::wire
