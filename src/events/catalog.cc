#include "events/catalog.h"

#include <array>
#include <boost/json.hpp>

#include "core/json.h"

namespace weft::events {
namespace {

struct KindInfo {
  Kind kind;
  std::string_view verb;
  std::string_view object_type;
};

// In the order of Kind and Payload.
constexpr std::array<KindInfo, kKindCount> kKinds{{
    {Kind::kUnknown, "", ""},
    {Kind::kPersonCreated, "person.created", "person"},
    {Kind::kPersonUpdated, "person.updated", "person"},
    {Kind::kPersonDeactivated, "person.deactivated", "person"},
    {Kind::kPersonReactivated, "person.reactivated", "person"},
    {Kind::kPersonPasswordChanged, "person.password_changed", "person"},
    {Kind::kPersonCredentialsEnded, "person.credentials_ended", "person"},
    {Kind::kPersonFollowed, "person.followed", "person"},
    {Kind::kPersonUnfollowed, "person.unfollowed", "person"},
    {Kind::kSessionCreated, "session.created", "person"},
    {Kind::kSessionEnded, "session.ended", "person"},
    {Kind::kTokenCreated, "token.created", "token"},
    {Kind::kTokenRevoked, "token.revoked", "token"},
    {Kind::kSkillEndorsed, "skill.endorsed", "person"},
    {Kind::kSkillEndorsementWithdrawn, "skill.endorsement_withdrawn", "person"},
    {Kind::kUnitCreated, "unit.created", "unit"},
    {Kind::kUnitUpdated, "unit.updated", "unit"},
    {Kind::kTopicFollowed, "topic.followed", "topic"},
    {Kind::kTopicUnfollowed, "topic.unfollowed", "topic"},
    {Kind::kPostCreated, "post.created", "post"},
    {Kind::kPostReplied, "post.replied", "post"},
    {Kind::kPostReshared, "post.reshared", "post"},
    {Kind::kPostEdited, "post.edited", "post"},
    {Kind::kPostDeleted, "post.deleted", "post"},
    {Kind::kReactionAdded, "reaction.added", "post"},
    {Kind::kReactionRemoved, "reaction.removed", "post"},
    {Kind::kSpaceCreated, "space.created", "space"},
    {Kind::kSpaceUpdated, "space.updated", "space"},
    {Kind::kSpaceMemberAdded, "space.member_added", "person"},
    {Kind::kSpaceMemberChanged, "space.member_changed", "person"},
    {Kind::kSpaceMemberRemoved, "space.member_removed", "person"},
    {Kind::kSpaceJoinRequested, "space.join_requested", "space"},
    {Kind::kSpaceJoinDeclined, "space.join_declined", "person"},
    {Kind::kSpaceInvitationSent, "space.invitation_sent", "invitation"},
    {Kind::kSpaceInvitationRevoked, "space.invitation_revoked", "invitation"},
    {Kind::kProblemCreated, "problem.created", "problem"},
    {Kind::kProblemResolved, "problem.resolved", "problem"},
    {Kind::kProblemReopened, "problem.reopened", "problem"},
    {Kind::kSolutionAdded, "solution.added", "problem"},
    {Kind::kSolutionVoted, "solution.voted", "problem"},
    {Kind::kSolutionAccepted, "solution.accepted", "problem"},
    {Kind::kIdeaCreated, "idea.created", "idea"},
    {Kind::kIdeaVoted, "idea.voted", "idea"},
    {Kind::kIdeaCommented, "idea.commented", "idea"},
    {Kind::kIdeaStageChanged, "idea.stage_changed", "idea"},
    {Kind::kProposalOpened, "proposal.opened", "proposal"},
    {Kind::kProposalStance, "proposal.stance", "proposal"},
    {Kind::kProposalClosed, "proposal.closed", "proposal"},
    {Kind::kRecordUpserted, "record.upserted", "record"},
    {Kind::kRecordFollowed, "record.followed", "record"},
    {Kind::kRecordUnfollowed, "record.unfollowed", "record"},
    {Kind::kInboundSecretCreated, "inbound_secret.created", "inbound_secret"},
    {Kind::kInboundSecretRotated, "inbound_secret.rotated", "inbound_secret"},
    {Kind::kInboundSecretRevoked, "inbound_secret.revoked", "inbound_secret"},
    {Kind::kPersonExported, "person.exported", "person"},
    {Kind::kWebhookCreated, "webhook.created", "webhook"},
    {Kind::kWebhookUpdated, "webhook.updated", "webhook"},
    {Kind::kWebhookDeleted, "webhook.deleted", "webhook"},
    {Kind::kWebhookDisabled, "webhook.disabled", "webhook"},
    {Kind::kExpertiseFeedbackGiven, "expertise.feedback_given", "person"},
    {Kind::kPersonAvailabilityChanged, "person.availability_changed", "person"},
    {Kind::kExpertsSuggested, "problem.experts_suggested", "problem"},
    {Kind::kPageCreated, "page.created", "page"},
    {Kind::kPageEdited, "page.edited", "page"},
    {Kind::kPageRestored, "page.restored", "page"},
    {Kind::kPageCommented, "page.commented", "page"},
    {Kind::kPostReported, "post.reported", "post"},
    {Kind::kPostHidden, "post.hidden", "post"},
    {Kind::kPostRestored, "post.restored", "post"},
    {Kind::kPostReportsDismissed, "post.reports_dismissed", "post"},
    {Kind::kAuditExported, "audit.exported", "person"},
}};

template <std::size_t... I>
constexpr bool kinds_in_order(std::index_sequence<I...>) {
  return ((std::variant_alternative_t<I, Payload>::kKind == static_cast<Kind>(I) &&
           kKinds[I].kind == static_cast<Kind>(I)) &&
          ...);
}
static_assert(kinds_in_order(std::make_index_sequence<kKindCount>{}),
              "Kind, Payload and kKinds must list the kinds in the same order");

// "a, b, c" → {"a", "b", "c"}
template <std::size_t N>
constexpr std::array<std::string_view, N> split_names(std::string_view list) {
  std::array<std::string_view, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    auto comma = list.find(',');
    out[i] = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    while (!list.empty() && list.front() == ' ') list.remove_prefix(1);
  }
  return out;
}

boost::json::value to_json(int64_t v) { return v; }
boost::json::value to_json(const std::string& v) { return boost::json::string(v); }
boost::json::value to_json(const std::optional<int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
boost::json::value to_json(const std::vector<int64_t>& v) {
  boost::json::array out;
  for (int64_t x : v) out.push_back(x);
  return out;
}
boost::json::value to_json(const std::vector<std::string>& v) {
  boost::json::array out;
  for (const auto& x : v) out.push_back(boost::json::string(x));
  return out;
}

bool from_json(const boost::json::value& j, int64_t& out) {
  if (j.is_int64()) return out = j.as_int64(), true;
  if (j.is_uint64() && j.as_uint64() <= INT64_MAX)
    return out = static_cast<int64_t>(j.as_uint64()), true;
  return false;
}
bool from_json(const boost::json::value& j, std::string& out) {
  if (!j.is_string()) return false;
  out = std::string(j.as_string());
  return true;
}
bool from_json(const boost::json::value& j, std::optional<int64_t>& out) {
  if (j.is_null()) return out.reset(), true;
  int64_t v = 0;
  if (!from_json(j, v)) return false;
  out = v;
  return true;
}
bool from_json(const boost::json::value& j, std::vector<int64_t>& out) {
  if (!j.is_array()) return false;
  out.clear();
  for (const auto& item : j.as_array()) {
    int64_t v = 0;
    if (!from_json(item, v)) return false;
    out.push_back(v);
  }
  return true;
}

bool from_json(const boost::json::value& j, std::vector<std::string>& out) {
  if (!j.is_array()) return false;
  out.clear();
  for (const auto& item : j.as_array()) {
    if (!item.is_string()) return false;
    out.emplace_back(item.as_string());
  }
  return true;
}

template <class T>
constexpr auto field_names() {
  constexpr std::size_t n = std::tuple_size_v<decltype(std::declval<const T&>().tie())>;
  return split_names<n>(T::kFieldNames);
}

template <class T>
std::string encode(const T& payload) {
  [[maybe_unused]] static constexpr auto names = field_names<T>();
  boost::json::object out;
  std::apply(
      [&](const auto&... field) {
        [[maybe_unused]] std::size_t i = 0;
        ((out[names[i++]] = to_json(field)), ...);
      },
      payload.tie());
  return json::to_text(out);
}

template <class T>
Result<Payload> decode(const boost::json::object& object) {
  [[maybe_unused]] static constexpr auto names = field_names<T>();
  T payload;
  std::string bad;
  std::apply(
      [&](auto&... field) {
        [[maybe_unused]] std::size_t i = 0;
        (
            (void)[&] {
              std::string_view name = names[i++];
              if (const auto* value = object.if_contains(name);
                  value && !from_json(*value, field) && bad.empty()) {
                bad = std::string(name);
              }
            }(),
            ...);
      },
      payload.tie());
  if (!bad.empty()) {
    return fail(ErrorCode::kInternal,
                std::string(verb_of(T::kKind)) + ": payload field " + bad + " has the wrong type");
  }
  return Payload(std::move(payload));
}

template <std::size_t... I>
Result<Payload> decode_index(std::size_t index, const boost::json::object& object,
                             std::index_sequence<I...>) {
  Result<Payload> out = fail(ErrorCode::kInternal, "no such event kind");
  ((index == I ? (out = decode<std::variant_alternative_t<I, Payload>>(object), true) : false) ||
   ...);
  return out;
}

}  // namespace

std::string_view verb_of(Kind kind) { return kKinds[static_cast<std::size_t>(kind)].verb; }
std::string_view object_type_of(Kind kind) {
  return kKinds[static_cast<std::size_t>(kind)].object_type;
}

Kind kind_of(std::string_view verb) {
  for (const auto& info : kKinds) {
    if (info.verb == verb && !verb.empty()) return info.kind;
  }
  return Kind::kUnknown;
}

std::string encode_payload(const Payload& payload) {
  return std::visit([](const auto& p) { return encode(p); }, payload);
}

Result<Payload> decode_payload(Kind kind, std::string_view text, std::string_view verb) {
  if (kind == Kind::kUnknown) return Payload(Unknown{std::string(verb)});
  boost::json::object object;
  if (!text.empty()) {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(text, ec);
    if (ec || !parsed.is_object()) {
      return fail(ErrorCode::kInternal,
                  std::string(verb_of(kind)) + ": payload is not a JSON object");
    }
    object = std::move(parsed.as_object());
  }
  return decode_index(static_cast<std::size_t>(kind), object,
                      std::make_index_sequence<kKindCount>{});
}

}  // namespace weft::events
