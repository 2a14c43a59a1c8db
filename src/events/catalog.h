// The event catalog: every kind of activity Weft records, with one payload struct per kind.
//
// Actions build an Event with a typed payload and append it (event_log.h); subscribers read
// `event.kind()` and `event.as<PostReplied>()` — no verb strings, no payload fields by name. The
// payload is stored as a JSON object whose keys are the struct's field names (encode_payload);
// the verb ("post.replied") is stored beside it and is what webhooks and exports show. Decoding
// is tolerant of what older versions stored: a missing field keeps its default, an unknown key is
// ignored, and an unknown verb decodes as Unknown. A wrong type is an error.
//
// To add a kind: a struct below with kKind and WEFT_EVENT_FIELDS, its place in Kind, Payload and
// kKinds (catalog.cc) — all in the same order — and a case in tests/unit/catalog_test.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "core/error.h"

namespace weft::events {

// clang-format off
enum class Kind : uint8_t {
  kUnknown,
  kPersonCreated, kPersonUpdated, kPersonDeactivated, kPersonReactivated, kPersonPasswordChanged,
  kPersonCredentialsEnded, kPersonFollowed, kPersonUnfollowed,
  kSessionCreated, kSessionEnded, kTokenCreated, kTokenRevoked,
  kSkillEndorsed, kSkillEndorsementWithdrawn,
  kUnitCreated, kUnitUpdated,
  kTopicFollowed, kTopicUnfollowed,
  kPostCreated, kPostReplied, kPostReshared, kPostEdited, kPostDeleted,
  kReactionAdded, kReactionRemoved,
  kSpaceCreated, kSpaceUpdated, kSpaceMemberAdded, kSpaceMemberChanged, kSpaceMemberRemoved,
  kSpaceJoinRequested, kSpaceJoinDeclined, kSpaceInvitationSent, kSpaceInvitationRevoked,
  kProblemCreated, kProblemResolved, kProblemReopened,
  kSolutionAdded, kSolutionVoted, kSolutionAccepted,
  kIdeaCreated, kIdeaVoted, kIdeaCommented, kIdeaStageChanged,
  kProposalOpened, kProposalStance, kProposalClosed,
  kRecordUpserted, kRecordFollowed, kRecordUnfollowed,
  kInboundSecretCreated, kInboundSecretRotated, kInboundSecretRevoked,
  kPersonExported,
  kWebhookCreated, kWebhookUpdated, kWebhookDeleted, kWebhookDisabled,
  kExpertiseFeedbackGiven, kPersonAvailabilityChanged, kExpertsSuggested,
  kPageCreated, kPageEdited, kPageRestored, kPageCommented,
  kPostReported, kPostHidden, kPostRestored, kPostReportsDismissed, kAuditExported,
};
// clang-format on

// The payload's fields, in order, for encoding and decoding: names come from the macro argument.
#define WEFT_EVENT_FIELDS(...)                                    \
  static constexpr std::string_view kFieldNames = #__VA_ARGS__;   \
  auto tie() { return std::tie(__VA_ARGS__); }                    \
  auto tie() const { return std::tie(__VA_ARGS__); }

#define WEFT_EVENT(Name, ...)                                     \
  static constexpr Kind kKind = Kind::k##Name;                    \
  WEFT_EVENT_FIELDS(__VA_ARGS__)

struct Unknown {
  static constexpr Kind kKind = Kind::kUnknown;
  std::string verb;  // as stored; not part of the payload
  WEFT_EVENT_FIELDS()
};

// People and accounts. Object: the person (token for token events).
struct PersonCreated { std::string handle; WEFT_EVENT(PersonCreated, handle) };
// `role`: the new role when an admin changed it (empty otherwise).
struct PersonUpdated { std::string role; WEFT_EVENT(PersonUpdated, role) };
struct PersonDeactivated { WEFT_EVENT(PersonDeactivated) };
struct PersonReactivated { WEFT_EVENT(PersonReactivated) };
struct PersonPasswordChanged { WEFT_EVENT(PersonPasswordChanged) };
struct PersonCredentialsEnded { WEFT_EVENT(PersonCredentialsEnded) };
struct PersonFollowed { WEFT_EVENT(PersonFollowed) };      // actor follows the object
struct PersonUnfollowed { WEFT_EVENT(PersonUnfollowed) };
struct SessionCreated { WEFT_EVENT(SessionCreated) };
struct SessionEnded { WEFT_EVENT(SessionEnded) };
struct TokenCreated { WEFT_EVENT(TokenCreated) };
struct TokenRevoked { WEFT_EVENT(TokenRevoked) };
struct SkillEndorsed { std::string skill; WEFT_EVENT(SkillEndorsed, skill) };
struct SkillEndorsementWithdrawn { std::string skill; WEFT_EVENT(SkillEndorsementWithdrawn, skill) };
struct UnitCreated { WEFT_EVENT(UnitCreated) };
struct UnitUpdated { WEFT_EVENT(UnitUpdated) };
struct TopicFollowed { std::string topic; WEFT_EVENT(TopicFollowed, topic) };
struct TopicUnfollowed { std::string topic; WEFT_EVENT(TopicUnfollowed, topic) };

// Posts. Object: the post.
struct PostCreated {
  int64_t author = 0;
  std::vector<int64_t> mentions;
  WEFT_EVENT(PostCreated, author, mentions)
};
struct PostReplied {
  int64_t author = 0;
  std::vector<int64_t> mentions;
  int64_t reply_to = 0;
  int64_t parent_author = 0;
  int64_t root_id = 0;
  int64_t root_author = 0;
  WEFT_EVENT(PostReplied, author, mentions, reply_to, parent_author, root_id, root_author)
};
struct PostReshared {
  int64_t author = 0;
  std::vector<int64_t> mentions;
  int64_t reshare_of = 0;
  int64_t original_author = 0;
  WEFT_EVENT(PostReshared, author, mentions, reshare_of, original_author)
};
struct PostEdited {
  int64_t author = 0;
  std::vector<int64_t> mentions;
  WEFT_EVENT(PostEdited, author, mentions)
};
struct PostDeleted { WEFT_EVENT(PostDeleted) };
struct ReactionAdded {
  std::string kind;
  int64_t post_author = 0;
  WEFT_EVENT(ReactionAdded, kind, post_author)
};
struct ReactionRemoved { std::string kind; WEFT_EVENT(ReactionRemoved, kind) };

// Spaces. Object: the space (the person for membership events, the invitation for invitations).
struct SpaceCreated { WEFT_EVENT(SpaceCreated) };
struct SpaceUpdated { WEFT_EVENT(SpaceUpdated) };
struct SpaceMemberAdded { std::string role; WEFT_EVENT(SpaceMemberAdded, role) };
struct SpaceMemberChanged { std::string role; WEFT_EVENT(SpaceMemberChanged, role) };
struct SpaceMemberRemoved { WEFT_EVENT(SpaceMemberRemoved) };
struct SpaceJoinRequested { WEFT_EVENT(SpaceJoinRequested) };
struct SpaceJoinDeclined { WEFT_EVENT(SpaceJoinDeclined) };
struct SpaceInvitationSent { std::string role; WEFT_EVENT(SpaceInvitationSent, role) };
struct SpaceInvitationRevoked { WEFT_EVENT(SpaceInvitationRevoked) };

// Work in spaces. Object: the problem, idea or proposal.
struct ProblemCreated { WEFT_EVENT(ProblemCreated) };
struct ProblemResolved { std::string by; WEFT_EVENT(ProblemResolved, by) };
struct ProblemReopened { WEFT_EVENT(ProblemReopened) };
struct SolutionAdded {
  int64_t solution_id = 0;
  int64_t problem_author = 0;
  WEFT_EVENT(SolutionAdded, solution_id, problem_author)
};
struct SolutionVoted {
  int64_t solution_id = 0;
  int64_t value = 0;
  WEFT_EVENT(SolutionVoted, solution_id, value)
};
struct SolutionAccepted {
  int64_t solution_id = 0;
  int64_t solution_author = 0;
  WEFT_EVENT(SolutionAccepted, solution_id, solution_author)
};
struct IdeaCreated { std::optional<int64_t> from_problem_id; WEFT_EVENT(IdeaCreated, from_problem_id) };
struct IdeaVoted { int64_t value = 0; WEFT_EVENT(IdeaVoted, value) };
struct IdeaCommented {
  int64_t comment_id = 0;
  int64_t idea_author = 0;
  WEFT_EVENT(IdeaCommented, comment_id, idea_author)
};
struct IdeaStageChanged { std::string stage; WEFT_EVENT(IdeaStageChanged, stage) };
struct ProposalOpened {
  int64_t closes_at = 0;
  std::optional<int64_t> follow_up_of;  // the earlier proposal this one follows up
  WEFT_EVENT(ProposalOpened, closes_at, follow_up_of)
};
struct ProposalStance {
  std::string stance;
  int64_t proposal_author = 0;
  WEFT_EVENT(ProposalStance, stance, proposal_author)
};
struct ProposalClosed {
  std::string decision;
  int64_t author = 0;  // the proposal's author
  std::optional<int64_t> review_at;  // when the decision should be looked at again
  WEFT_EVENT(ProposalClosed, decision, author, review_at)
};

// Records from other systems. Object: the record.
struct RecordUpserted {
  std::string system;
  std::string type;
  std::string external_id;
  int64_t created = 0;               // 1: the upsert created the record
  std::vector<std::string> changed;  // "title", "url", "access", "fields.<name>"
  int64_t quiet = 0;                 // 1: the sender asked that changes not be posted
  std::string via;                   // "api" or "hook"
  std::optional<int64_t> secret_id;  // the inbound secret that signed it (via "hook")
  WEFT_EVENT(RecordUpserted, system, type, external_id, created, changed, quiet, via, secret_id)
};
struct RecordFollowed { WEFT_EVENT(RecordFollowed) };
struct RecordUnfollowed { WEFT_EVENT(RecordUnfollowed) };

// Integrations. Object: the inbound secret (never its value).
struct InboundSecretCreated { std::string name; WEFT_EVENT(InboundSecretCreated, name) };
struct InboundSecretRotated { int64_t overlap_seconds = 0; WEFT_EVENT(InboundSecretRotated, overlap_seconds) };
struct InboundSecretRevoked { WEFT_EVENT(InboundSecretRevoked) };

// Someone other than the person downloaded the person's data. Object: the person.
struct PersonExported { WEFT_EVENT(PersonExported) };

// Outbound webhooks. Object: the webhook (never its secret).
struct WebhookCreated { std::string url; WEFT_EVENT(WebhookCreated, url) };
struct WebhookUpdated { WEFT_EVENT(WebhookUpdated) };
struct WebhookDeleted { WEFT_EVENT(WebhookDeleted) };
struct WebhookDisabled { std::string reason; WEFT_EVENT(WebhookDisabled, reason) };  // gone, failing

// Expertise. Feedback's object: the person it is about; suggestions' object: the problem.
struct ExpertiseFeedbackGiven {
  int64_t feedback_id = 0;
  std::string verdict;       // not_me, helped
  std::string subject_type;  // problem, record
  int64_t subject_id = 0;
  WEFT_EVENT(ExpertiseFeedbackGiven, feedback_id, verdict, subject_type, subject_id)
};
struct PersonAvailabilityChanged {
  std::optional<int64_t> unavailable_until;  // none: available again
  WEFT_EVENT(PersonAvailabilityChanged, unavailable_until)
};
struct ExpertsSuggested {
  std::vector<int64_t> people;    // best first
  std::vector<int64_t> notified;  // those under their daily cap, told of it
  WEFT_EVENT(ExpertsSuggested, people, notified)
};

// Knowledge pages. Object: the page.
struct PageCreated {
  std::optional<int64_t> parent_id;
  int64_t revision = 0;
  WEFT_EVENT(PageCreated, parent_id, revision)
};
struct PageEdited {
  int64_t revision = 0;
  int64_t base = 0;    // the revision its author started from
  int64_t merged = 0;  // 1: merged with revisions saved since
  WEFT_EVENT(PageEdited, revision, base, merged)
};
struct PageRestored {
  int64_t revision = 0;
  int64_t restored_from = 0;
  WEFT_EVENT(PageRestored, revision, restored_from)
};
struct PageCommented {
  int64_t comment_id = 0;
  WEFT_EVENT(PageCommented, comment_id)
};

// Moderation. Object: the post (a reply is a post too); `reason` is the reporter's or moderator's.
struct PostReported { std::string reason; WEFT_EVENT(PostReported, reason) };
struct PostHidden { std::string reason; int64_t author_id = 0; WEFT_EVENT(PostHidden, reason, author_id) };
struct PostRestored { std::string reason; int64_t author_id = 0; WEFT_EVENT(PostRestored, reason, author_id) };
struct PostReportsDismissed { std::string reason; WEFT_EVENT(PostReportsDismissed, reason) };
// An admin downloaded the audit log. Object: the admin.
struct AuditExported { std::string filter; WEFT_EVENT(AuditExported, filter) };

#undef WEFT_EVENT

// In the order of Kind.
// clang-format off
using Payload = std::variant<
    Unknown,
    PersonCreated, PersonUpdated, PersonDeactivated, PersonReactivated, PersonPasswordChanged,
    PersonCredentialsEnded, PersonFollowed, PersonUnfollowed,
    SessionCreated, SessionEnded, TokenCreated, TokenRevoked,
    SkillEndorsed, SkillEndorsementWithdrawn,
    UnitCreated, UnitUpdated,
    TopicFollowed, TopicUnfollowed,
    PostCreated, PostReplied, PostReshared, PostEdited, PostDeleted,
    ReactionAdded, ReactionRemoved,
    SpaceCreated, SpaceUpdated, SpaceMemberAdded, SpaceMemberChanged, SpaceMemberRemoved,
    SpaceJoinRequested, SpaceJoinDeclined, SpaceInvitationSent, SpaceInvitationRevoked,
    ProblemCreated, ProblemResolved, ProblemReopened,
    SolutionAdded, SolutionVoted, SolutionAccepted,
    IdeaCreated, IdeaVoted, IdeaCommented, IdeaStageChanged,
    ProposalOpened, ProposalStance, ProposalClosed,
    RecordUpserted, RecordFollowed, RecordUnfollowed,
    InboundSecretCreated, InboundSecretRotated, InboundSecretRevoked,
    PersonExported,
    WebhookCreated, WebhookUpdated, WebhookDeleted, WebhookDisabled,
    ExpertiseFeedbackGiven, PersonAvailabilityChanged, ExpertsSuggested,
    PageCreated, PageEdited, PageRestored, PageCommented,
    PostReported, PostHidden, PostRestored, PostReportsDismissed, AuditExported>;
// clang-format on

inline constexpr std::size_t kKindCount = std::variant_size_v<Payload>;

// "post.replied" for kPostReplied; "" for kUnknown.
std::string_view verb_of(Kind kind);
// What the event's object_id names: "person", "post", "space", "problem", …
std::string_view object_type_of(Kind kind);
// kUnknown for a verb this version does not know.
Kind kind_of(std::string_view verb);

// The payload as a JSON object (compact text), keys in field order.
std::string encode_payload(const Payload& payload);
// The payload of `kind` from stored JSON text; kUnknown gives Unknown{verb}.
Result<Payload> decode_payload(Kind kind, std::string_view json, std::string_view verb = {});

}  // namespace weft::events
