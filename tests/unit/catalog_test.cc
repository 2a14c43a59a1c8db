// The event catalog: every kind round-trips through its stored JSON, and the stored shape is the
// one existing stores already hold (so old events still decode).
#include <gtest/gtest.h>

#include <set>

#include "events/catalog.h"
#include "events/event_log.h"
#include "test_store.h"

namespace weft::events {
namespace {

struct Case {
  Payload payload;
  std::string json;  // the stored payload, exactly
};

std::vector<Case> cases() {
  return {
      {PersonCreated{"ada"}, R"({"handle":"ada"})"},
      {PersonUpdated{"admin"}, R"({"role":"admin"})"},
      {PersonDeactivated{}, "{}"},
      {PersonReactivated{}, "{}"},
      {PersonPasswordChanged{}, "{}"},
      {PersonCredentialsEnded{}, "{}"},
      {PersonFollowed{}, "{}"},
      {PersonUnfollowed{}, "{}"},
      {SessionCreated{}, "{}"},
      {SessionEnded{}, "{}"},
      {TokenCreated{}, "{}"},
      {TokenRevoked{}, "{}"},
      {SkillEndorsed{"sql"}, R"({"skill":"sql"})"},
      {SkillEndorsementWithdrawn{"sql"}, R"({"skill":"sql"})"},
      {UnitCreated{}, "{}"},
      {UnitUpdated{}, "{}"},
      {TopicFollowed{"pricing"}, R"({"topic":"pricing"})"},
      {TopicUnfollowed{"pricing"}, R"({"topic":"pricing"})"},
      {PostCreated{7, {8, 9}}, R"({"author":7,"mentions":[8,9]})"},
      {PostReplied{7, {}, 10, 11, 12, 13},
       R"({"author":7,"mentions":[],"reply_to":10,"parent_author":11,"root_id":12,"root_author":13})"},
      {PostReshared{7, {8}, 20, 21}, R"({"author":7,"mentions":[8],"reshare_of":20,"original_author":21})"},
      {PostEdited{7, {9}}, R"({"author":7,"mentions":[9]})"},
      {PostDeleted{}, "{}"},
      {ReactionAdded{"insightful", 7}, R"({"kind":"insightful","post_author":7})"},
      {ReactionRemoved{"like"}, R"({"kind":"like"})"},
      {SpaceCreated{}, "{}"},
      {SpaceUpdated{}, "{}"},
      {SpaceMemberAdded{"guest"}, R"({"role":"guest"})"},
      {SpaceMemberChanged{"owner"}, R"({"role":"owner"})"},
      {SpaceMemberRemoved{}, "{}"},
      {SpaceJoinRequested{}, "{}"},
      {SpaceJoinDeclined{}, "{}"},
      {SpaceInvitationSent{"member"}, R"({"role":"member"})"},
      {SpaceInvitationRevoked{}, "{}"},
      {ProblemCreated{}, "{}"},
      {ProblemResolved{"solution accepted"}, R"({"by":"solution accepted"})"},
      {ProblemReopened{}, "{}"},
      {SolutionAdded{5, 6}, R"({"solution_id":5,"problem_author":6})"},
      {SolutionVoted{5, -1}, R"({"solution_id":5,"value":-1})"},
      {SolutionAccepted{5, 6}, R"({"solution_id":5,"solution_author":6})"},
      {IdeaCreated{std::nullopt}, R"({"from_problem_id":null})"},
      {IdeaVoted{1}, R"({"value":1})"},
      {IdeaCommented{3, 4}, R"({"comment_id":3,"idea_author":4})"},
      {IdeaStageChanged{"vetting"}, R"({"stage":"vetting"})"},
      {ProposalOpened{1767225600, 7}, R"({"closes_at":1767225600,"follow_up_of":7})"},
      {ProposalStance{"block", 4}, R"({"stance":"block","proposal_author":4})"},
      {ProposalClosed{"adopted", 4, 1798761600}, R"({"decision":"adopted","author":4,"review_at":1798761600})"},
      {RecordUpserted{"crm", "opportunity", "0061", 0, {"title", "fields.amount"}, 1, "hook", 3},
       R"({"system":"crm","type":"opportunity","external_id":"0061","created":0,)"
       R"("changed":["title","fields.amount"],"quiet":1,"via":"hook","secret_id":3})"},
      {RecordFollowed{}, "{}"},
      {RecordUnfollowed{}, "{}"},
      {InboundSecretCreated{"CRM"}, R"({"name":"CRM"})"},
      {InboundSecretRotated{86400}, R"({"overlap_seconds":86400})"},
      {InboundSecretRevoked{}, "{}"},
      {PersonExported{}, "{}"},
      {WebhookCreated{"https://hooks.example.org/weft"}, R"({"url":"https://hooks.example.org/weft"})"},
      {WebhookUpdated{}, "{}"},
      {WebhookDeleted{}, "{}"},
      {WebhookDisabled{"gone"}, R"({"reason":"gone"})"},
      {ExpertiseFeedbackGiven{4, "not_me", "problem", 12},
       R"({"feedback_id":4,"verdict":"not_me","subject_type":"problem","subject_id":12})"},
      {PersonAvailabilityChanged{1767225600}, R"({"unavailable_until":1767225600})"},
      {PersonAvailabilityChanged{}, R"({"unavailable_until":null})"},
      {ExpertsSuggested{{7, 9, 3}, {7, 3}}, R"({"people":[7,9,3],"notified":[7,3]})"},
      {PageCreated{4, 10}, R"({"parent_id":4,"revision":10})"},
      {PageEdited{12, 10, 1}, R"({"revision":12,"base":10,"merged":1})"},
      {PageRestored{13, 10}, R"({"revision":13,"restored_from":10})"},
      {PageCommented{21}, R"({"comment_id":21})"},
      {PostReported{"spam"}, R"({"reason":"spam"})"},
      {PostHidden{"off topic", 4}, R"({"reason":"off topic","author_id":4})"},
      {PostRestored{"fine after all", 4}, R"({"reason":"fine after all","author_id":4})"},
      {PostReportsDismissed{"not a problem"}, R"({"reason":"not a problem"})"},
      {AuditExported{"action=session.created"}, R"({"filter":"action=session.created"})"},
  };
}

Kind kind(const Payload& payload) { return static_cast<Kind>(payload.index()); }

TEST(Catalog, EveryKindHasACaseHere) {
  std::set<Kind> covered;
  for (const auto& c : cases()) covered.insert(kind(c.payload));
  EXPECT_EQ(covered.size(), kKindCount - 1);  // all but Unknown
}

TEST(Catalog, EveryKindEncodesToItsStoredShapeAndDecodesBack) {
  for (const auto& c : cases()) {
    const Kind k = kind(c.payload);
    SCOPED_TRACE(std::string(verb_of(k)));
    EXPECT_EQ(encode_payload(c.payload), c.json);
    auto decoded = decode_payload(k, c.json);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(decoded->index(), c.payload.index());
    EXPECT_EQ(encode_payload(*decoded), c.json);
  }
}

TEST(Catalog, VerbsAreUniqueAndNameTheirKind) {
  std::set<std::string_view> verbs;
  for (std::size_t i = 1; i < kKindCount; ++i) {
    const Kind k = static_cast<Kind>(i);
    EXPECT_TRUE(verbs.insert(verb_of(k)).second) << verb_of(k);
    EXPECT_EQ(kind_of(verb_of(k)), k);
    EXPECT_FALSE(object_type_of(k).empty()) << verb_of(k);
  }
  EXPECT_EQ(kind_of("record.commented"), Kind::kUnknown);
  EXPECT_EQ(object_type_of(Kind::kRecordUpserted), "record");
  EXPECT_EQ(kind_of(""), Kind::kUnknown);
}

TEST(Catalog, DecodingToleratesWhatOlderVersionsStored) {
  // A missing field keeps its default; an unknown key is ignored; an empty payload is {}.
  auto decoded = decode_payload(Kind::kSolutionAdded, R"({"problem_author":6,"note":"x"})");
  ASSERT_TRUE(decoded);
  const auto& added = std::get<SolutionAdded>(*decoded);
  EXPECT_EQ(added.solution_id, 0);
  EXPECT_EQ(added.problem_author, 6);
  EXPECT_TRUE(decode_payload(Kind::kPostDeleted, ""));
  // An unknown verb keeps its name.
  auto unknown = decode_payload(Kind::kUnknown, R"({"a":1})", "record.commented");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(std::get<Unknown>(*unknown).verb, "record.commented");
}

TEST(Catalog, AWrongTypeIsAnErrorNamingTheField) {
  auto decoded = decode_payload(Kind::kPostCreated, R"({"author":"seven","mentions":[]})");
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message.find("author"), std::string::npos);
  EXPECT_FALSE(decode_payload(Kind::kPostCreated, R"({"author":7,"mentions":[1,"x"]})"));
  EXPECT_FALSE(decode_payload(Kind::kPostCreated, "[1]"));
  EXPECT_FALSE(decode_payload(Kind::kRecordUpserted, R"({"changed":["title",2]})"));
}

TEST(Catalog, TheLogStoresVerbObjectTypeAndPayloadAndReadsThemBackTyped) {
  testing::TempStore store;
  auto id = store::transact(*store, [&](store::Connection& c) -> Result<int64_t> {
    return append(c, {.actor_id = 3, .object_id = 40, .space_id = 5, .audience = "space",
                      .payload = SolutionAccepted{41, 9}});
  });
  ASSERT_TRUE(id);
  auto row = store::read(*store, [&](store::Connection& c) -> Result<std::vector<std::string>> {
    auto rows = c.query("SELECT verb, object_type, payload FROM events WHERE id = ?", {*id});
    rows->next();
    return std::vector<std::string>{rows->text(0), rows->text(1), rows->text(2)};
  });
  ASSERT_TRUE(row);
  EXPECT_EQ((*row)[0], "solution.accepted");
  EXPECT_EQ((*row)[1], "problem");
  EXPECT_EQ((*row)[2], R"({"solution_id":41,"solution_author":9})");
  auto events = store::read(*store, [&](store::Connection& c) -> Result<std::vector<Event>> {
    return read_after(c, 0, 10);
  });
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1u);
  const Event& e = events->front();
  EXPECT_EQ(e.kind(), Kind::kSolutionAccepted);
  ASSERT_NE(e.as<SolutionAccepted>(), nullptr);
  EXPECT_EQ(e.as<SolutionAccepted>()->solution_author, 9);
  EXPECT_EQ(e.object_id, 40);
  EXPECT_EQ(e.space_id, 5);
}

}  // namespace
}  // namespace weft::events
