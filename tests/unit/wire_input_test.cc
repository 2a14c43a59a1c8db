// Request bodies read by their shape (wire::read, JsonIn) and the schema the same shape documents
// (define_input): what is required, what may be left out or null, the bounds, and the faults.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "wire/shape.h"

namespace weft::wire {
namespace {

struct Sample {
  std::string title;
  std::string body = "kept";
  std::optional<std::string> kind;
  int64_t target = 0;
  std::optional<int64_t> parent;
  bool urgent = false;
  std::optional<std::vector<std::string>> tags;
};

const auto kSample = [](auto& r, Sample& s) {
  r.text("title", s.title, {.length = {2, 10}});
  r.text("body", s.body, {.sometimes = true, .length = {0, 20}});
  r.text_or_null("kind", s.kind, {.one_of = {"a", "b"}, .length = {1, 5}});
  r.id("target", s.target);
  r.id_or_null("parent", s.parent);
  r.boolean("urgent", s.urgent, {.sometimes = true});
  r.texts("tags", s.tags, {.length = {1, 4}, .max_items = 2});
};

Result<Sample> read_text(const char* text) {
  Sample sample;
  WEFT_TRY_VOID(read(boost::json::parse(text).as_object(), sample, kSample));
  return sample;
}

TEST(WireInput, ReadsEveryKindOfFieldAndKeepsWhatIsLeftOut) {
  auto sample = read_text(R"({"title":"Roof","target":"7","parent":"3","urgent":true,"tags":["ops"],"kind":"a"})");
  ASSERT_TRUE(sample.has_value()) << sample.error().message;
  EXPECT_EQ(sample->title, "Roof");
  EXPECT_EQ(sample->body, "kept");  // left out: as it was
  EXPECT_EQ(sample->kind, "a");
  EXPECT_EQ(sample->target, 7);
  EXPECT_EQ(sample->parent, 3);
  EXPECT_TRUE(sample->urgent);
  ASSERT_TRUE(sample->tags.has_value());
  EXPECT_EQ(*sample->tags, std::vector<std::string>{"ops"});

  auto bare = read_text(R"({"title":"Roof","target":"7","parent":null,"kind":null})");
  ASSERT_TRUE(bare.has_value());
  EXPECT_FALSE(bare->parent.has_value());
  EXPECT_FALSE(bare->kind.has_value());
  EXPECT_FALSE(bare->urgent);
  EXPECT_FALSE(bare->tags.has_value());
}

TEST(WireInput, TheFirstFaultIsAnsweredWithItsField) {
  struct Case {
    const char* body;
    const char* field;
  };
  for (const Case& c : {Case{R"({"target":"7"})", "title"},
                        Case{R"({"title":"R","target":"7"})", "title"},                     // too short
                        Case{R"({"title":"Roof and more words","target":"7"})", "title"},  // too long
                        Case{R"({"title":3,"target":"7"})", "title"},
                        Case{R"({"title":"Roof"})", "target"},
                        Case{R"({"title":"Roof","target":"x"})", "target"},
                        Case{R"({"title":"Roof","target":"7","parent":7})", "parent"},
                        Case{R"({"title":"Roof","target":"7","urgent":"yes"})", "urgent"},
                        Case{R"({"title":"Roof","target":"7","tags":["a","b","c"]})", "tags"},
                        Case{R"({"title":"Roof","target":"7","tags":["toolong"]})", "tags"},
                        Case{R"({"title":"Roof","target":"7","body":"x","kind":"abcdefg"})", "kind"}}) {
    auto sample = read_text(c.body);
    ASSERT_FALSE(sample.has_value()) << c.body;
    EXPECT_EQ(sample.error().code, ErrorCode::kInvalidArgument) << c.body;
    EXPECT_EQ(sample.error().field, c.field) << c.body;
  }
}

TEST(WireInput, TheSchemaSaysWhatTheReaderDoes) {
  ShapeCatalog catalog;
  catalog.define_input<Sample>("Sample", kSample);
  const auto& schema = catalog.shapes().at("Sample");
  // Required: the texts and ids not marked "sometimes"; what may be null may be left out.
  boost::json::array required{"title", "target"};
  EXPECT_EQ(schema.at("required").as_array(), required);
  const auto& properties = schema.at("properties").as_object();
  EXPECT_EQ(properties.at("title").at("minLength").to_number<int64_t>(), 2);
  EXPECT_EQ(properties.at("title").at("maxLength").to_number<int64_t>(), 10);
  EXPECT_FALSE(properties.at("body").as_object().contains("minLength"));
  EXPECT_EQ(properties.at("kind").at("enum").as_array(), (boost::json::array{"a", "b", nullptr}));
  EXPECT_EQ(properties.at("tags").at("maxItems").to_number<int64_t>(), 2);
  EXPECT_EQ(properties.at("tags").at("items").at("maxLength").to_number<int64_t>(), 4);
  EXPECT_EQ(properties.at("parent").at("type").as_array(), (boost::json::array{"string", "null"}));
}

struct Timed {
  int64_t closes_at = 0;
  std::optional<int64_t> review_at;
  int64_t vote = 5;
};
const auto kTimed = [](auto& r, Timed& t) {
  r.time("closes_at", t.closes_at);
  r.time_or_null("review_at", t.review_at);
  r.integer("vote", t.vote, {.int_one_of = {-1, 0, 1}, .sometimes = true});
};

TEST(WireInput, TimesAndWholeNumbers) {
  Timed timed;
  auto ok = read(boost::json::parse(R"({"closes_at":"2026-12-01T17:00:00Z","vote":-1})").as_object(), timed, kTimed);
  ASSERT_TRUE(ok.has_value()) << ok.error().message;
  EXPECT_EQ(timed.closes_at, 1796144400);
  EXPECT_FALSE(timed.review_at.has_value());
  EXPECT_EQ(timed.vote, -1);
  for (const char* bad : {R"({})", R"({"closes_at":"tomorrow"})", R"({"closes_at":7})",
                          R"({"closes_at":"2026-12-01T17:00:00Z","review_at":"soon"})",
                          R"({"closes_at":"2026-12-01T17:00:00Z","vote":2})",
                          R"({"closes_at":"2026-12-01T17:00:00Z","vote":"1"})"}) {
    Timed t;
    auto result = read(boost::json::parse(bad).as_object(), t, kTimed);
    ASSERT_FALSE(result.has_value()) << bad;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << bad;
    EXPECT_FALSE(result.error().field.empty()) << bad;
  }
  ShapeCatalog catalog;
  catalog.define_input<Timed>("Timed", kTimed);
  const auto& properties = catalog.shapes().at("Timed").at("properties").as_object();
  EXPECT_EQ(properties.at("closes_at").at("format").as_string(), "date-time");
  EXPECT_EQ(properties.at("vote").at("enum").as_array(), (boost::json::array{-1, 0, 1}));
  EXPECT_EQ(catalog.shapes().at("Timed").at("required").as_array(), boost::json::array{"closes_at"});
}

TEST(WireInput, AVerbatimTextIsKeptAsSent) {
  struct Secret {
    std::string password;
    std::string name;
  };
  const auto kSecret = [](auto& r, Secret& s) {
    r.text("password", s.password, {.length = {0, 12}, .verbatim = true});
    r.text("name", s.name, {.length = {1, 20}});
  };
  Secret secret;
  ASSERT_TRUE(read(boost::json::parse(R"({"password":"  pass word ","name":"  Ada "})").as_object(), secret, kSecret));
  EXPECT_EQ(secret.password, "  pass word ");  // spaces are part of a password
  EXPECT_EQ(secret.name, "Ada");               // and never of a name
  Secret other;
  auto too_long = read(boost::json::parse(R"({"password":"0123456789abc","name":"Ada"})").as_object(), other, kSecret);
  ASSERT_FALSE(too_long.has_value());
  EXPECT_EQ(too_long.error().field, "password");
  auto missing = read(boost::json::parse(R"({"name":"Ada"})").as_object(), other, kSecret);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().field, "password");
}

TEST(WireInput, AListOfObjectsIsReadItemByItemAndFaultsNameTheList) {
  struct Rule {
    std::string group;
    std::optional<int64_t> unit_id;
  };
  struct Rules {
    std::vector<Rule> rules;
  };
  const auto kRule = [](auto& r, Rule& rule) {
    r.text("group", rule.group, {.length = {1, 10}});
    r.id_or_null("unit_id", rule.unit_id);
  };
  const auto kRules = [kRule](auto& r, Rules& in) { r.array("rules", "RuleInput", in.rules, kRule); };
  Rules rules;
  ASSERT_TRUE(read(boost::json::parse(R"({"rules":[{"group":"ops","unit_id":"4"},{"group":"eng"}]})").as_object(),
                   rules, kRules));
  ASSERT_EQ(rules.rules.size(), 2u);
  EXPECT_EQ(rules.rules[0].unit_id, 4);
  EXPECT_EQ(rules.rules[1].group, "eng");
  for (const char* bad : {R"({})", R"({"rules":{}})", R"({"rules":[3]})", R"({"rules":[{"unit_id":"4"}]})"}) {
    Rules r;
    auto result = read(boost::json::parse(bad).as_object(), r, kRules);
    ASSERT_FALSE(result.has_value()) << bad;
    EXPECT_EQ(result.error().field, "rules") << bad;
  }
  ShapeCatalog catalog;
  catalog.define_input<Rules>("Rules", kRules);
  // The items' shape is an input too: what may be null may be left out.
  EXPECT_EQ(catalog.shapes().at("RuleInput").at("required").as_array(), boost::json::array{"group"});
}

// Fields whose null means something: a text or an object left out (unchanged), null (cleared) or
// given; a closed object; an object of scalars; a list left out versus an empty one.
struct Change {
  json::OptionalText mode;
  json::OptionalText reason;
  struct Names {
    std::string email = "email";
    std::string unit = "department";
  } names;
  struct Access {
    std::vector<int64_t> people;
  };
  std::optional<std::optional<Access>> access;
  std::optional<std::string> fields;
  std::optional<std::vector<Names>> list;
};
const auto kNames = [](auto& r, Change::Names& n) {
  r.text("email", n.email, {.sometimes = true, .length = {1, 20}});
  r.text("unit", n.unit, {.sometimes = true, .length = {1, 20}});
};
const auto kChange = [](auto& r, Change& c) {
  r.text_or_null("mode", c.mode, {.one_of = {"on", "off"}, .sometimes = true, .length = {1, 5}});
  r.text_or_null("reason", c.reason, {.length = {1, 50}});  // required, may be null
  r.object("names", nullptr, c.names, kNames, {.sometimes = true, .closed = true});
  r.object_or_null("access", nullptr, c.access,
                   [](auto& inner, Change::Access& a) { inner.ids("people", a.people, {.max_items = 2}); });
  r.json_object("fields", c.fields, {.max_items = 4});
  r.array("list", nullptr, c.list, kNames);
};

Result<Change> read_change(const char* text) {
  Change change;
  WEFT_TRY_VOID(read(boost::json::parse(text).as_object(), change, kChange));
  return change;
}

TEST(WireInput, PresentOrNullFieldsClosedObjectsAndObjectsOfScalars) {
  auto left_out = read_change(R"({"reason":null})");
  ASSERT_TRUE(left_out.has_value()) << left_out.error().message;
  EXPECT_FALSE(left_out->mode.present);
  EXPECT_TRUE(left_out->reason.present);
  EXPECT_FALSE(left_out->reason.value.has_value());
  EXPECT_EQ(left_out->names.unit, "department");  // left out: the defaults stay
  EXPECT_FALSE(left_out->access.has_value());
  EXPECT_FALSE(left_out->fields.has_value());
  EXPECT_FALSE(left_out->list.has_value());

  auto given = read_change(
      R"({"mode":null,"reason":" late ","names":{"unit":"division"},"access":{"people":["4","9"]},)"
      R"("fields":{"amount":12.5,"owner":"Ada","open":true,"note":null},"list":[]})");
  ASSERT_TRUE(given.has_value()) << given.error().message;
  EXPECT_TRUE(given->mode.present);
  EXPECT_FALSE(given->mode.value.has_value());
  EXPECT_EQ(given->reason.value, "late");
  EXPECT_EQ(given->names.unit, "division");
  EXPECT_EQ(given->names.email, "email");
  ASSERT_TRUE(given->access.has_value() && given->access->has_value());
  EXPECT_EQ((*given->access)->people, (std::vector<int64_t>{4, 9}));
  ASSERT_TRUE(given->fields.has_value());
  EXPECT_EQ(boost::json::parse(*given->fields), boost::json::parse(R"({"amount":12.5,"owner":"Ada","open":true,"note":null})"));
  ASSERT_TRUE(given->list.has_value());
  EXPECT_TRUE(given->list->empty());

  auto lifted = read_change(R"({"reason":"x","access":null})");
  ASSERT_TRUE(lifted.has_value());
  ASSERT_TRUE(lifted->access.has_value());
  EXPECT_FALSE(lifted->access->has_value());

  struct Case {
    const char* body;
    const char* field;
  };
  for (const Case& c : {Case{R"({})", "reason"},
                        Case{R"({"reason":"x","mode":3})", "mode"},
                        Case{R"({"reason":"x","names":{"email":"mail","phone":"tel"}})", "names"},  // closed
                        Case{R"({"reason":"x","names":"email"})", "names"},
                        Case{R"({"reason":"x","names":{"unit":""}})", "names"},
                        Case{R"({"reason":"x","access":{"people":["1","2","3"]}})", "access"},
                        Case{R"({"reason":"x","access":[]})", "access"},
                        Case{R"({"reason":"x","fields":{"a":[1]}})", "fields"},
                        Case{R"({"reason":"x","fields":{"a":1,"b":2,"c":3,"d":4,"e":5}})", "fields"},
                        Case{R"({"reason":"x","fields":"a=1"})", "fields"},
                        Case{R"({"reason":"x","list":[{"phone":"x","unit":""}]})", "list"}}) {
    auto change = read_change(c.body);
    ASSERT_FALSE(change.has_value()) << c.body;
    EXPECT_EQ(change.error().code, ErrorCode::kInvalidArgument) << c.body;
    EXPECT_EQ(change.error().field, c.field) << c.body;
  }

  ShapeCatalog catalog;
  catalog.define_input<Change>("Change", kChange);
  const auto& schema = catalog.shapes().at("Change");
  EXPECT_EQ(schema.at("required").as_array(), boost::json::array{"reason"});
  const auto& properties = schema.at("properties").as_object();
  EXPECT_EQ(properties.at("mode").at("enum").as_array(), (boost::json::array{"on", "off", nullptr}));
  EXPECT_EQ(properties.at("names").at("additionalProperties"), boost::json::value(false));
  EXPECT_EQ(properties.at("access").at("oneOf").as_array().size(), 2u);
  EXPECT_EQ(properties.at("fields").at("maxProperties").to_number<int64_t>(), 4);
  EXPECT_EQ(properties.at("list").at("type").as_string(), "array");
}

}  // namespace
}  // namespace weft::wire
