// Each shape is written once, as a function template over a writer: JsonOut writes an object's
// values, SchemaOut writes the JSON Schema of the same fields (for the OpenAPI document). What
// Weft sends and what its contract says are therefore the same code. The templates live here
// only; wire.h declares plain functions.
#include "wire/wire.h"

#include <initializer_list>

#include "core/clock.h"
#include "core/json.h"
#include "wire/shape.h"

namespace weft::wire {

boost::json::value id_value(std::optional<int64_t> id) {
  if (!id) return nullptr;
  return boost::json::string(std::to_string(*id));
}

boost::json::value time_value(std::optional<int64_t> seconds) {
  if (!seconds) return nullptr;
  return boost::json::string(clock::rfc3339(*seconds));
}

namespace {

constexpr std::initializer_list<const char*> kRoles = {"admin", "member", "guest"};
constexpr std::initializer_list<const char*> kAudiences = {"public", "unit", "followers", "space"};
constexpr std::initializer_list<const char*> kStages = {"new", "under_review", "accepted", "implemented",
                                                        "declined"};
constexpr std::initializer_list<const char*> kStances = {"agree", "abstain", "disagree", "block"};
constexpr std::initializer_list<const char*> kDecisions = {"adopted", "rejected"};
constexpr std::initializer_list<int> kVotes = {-1, 0, 1};

// The shapes. Each takes its writer first; a flag chooses a variant (a detail view, a nested post),
// and the schema of each variant is registered under its own name in schemas() below.

// A comment on an idea or a page.
const auto kComment = [](auto& w, const IdeaComment& c) {
  w.id("id", c.id);
  w.object("author", "PersonSummary", c.author, kSummary);
  w.text("body", c.body);
  w.time("created_at", c.created_at);
};

template <typename W>
void skill_fields(W& w, const SkillEntry& s) {
  w.text("name", s.name);
  w.integer("endorsements", s.endorsements);
  w.boolean("endorsed_by_me", s.endorsed_by_me);
}

template <typename W>
void person_fields(W& w, const Person& p, bool with_counts) {
  w.id("id", p.id);
  w.text("handle", p.handle);
  w.text("name", p.name);
  w.text("email", p.email);
  w.text("title", p.title);
  w.id_or_null("unit_id", p.unit_id);
  w.text("role", role_name(p.role), {.one_of = kRoles});
  w.boolean("active", p.active);
  w.time_or_null("unavailable_until", p.unavailable_until,
                 {.description = "away until then: left out of expertise suggestions"});
  avatar_field(w, p.id, p.avatar_version);
  w.array("skills", "Skill", p.skills, [](auto& inner, const SkillEntry& s) { skill_fields(inner, s); });
  w.text("bio", p.bio);
  w.time("created_at", p.created_at);
  if (with_counts) {
    w.integer("followers_count", p.followers_count);
    w.integer("following_count", p.following_count);
    w.boolean("followed_by_me", p.followed_by_me);
  }
}

template <typename W>
void unit_fields(W& w, const Unit& u) {
  w.id("id", u.id);
  w.text("name", u.name);
  w.id_or_null("parent_id", u.parent_id);
  w.integer("people_count", u.people_count);
  w.time("created_at", u.created_at);
}

template <typename W>
void post_fields(W& w, const Post& p, bool nested) {
  w.id("id", p.id);
  w.object("author", "PersonSummary", p.author, kSummary);
  w.text("body", p.body, {.description = "Markdown text; never HTML from the server"});
  w.text("audience", p.audience, {.one_of = kAudiences});
  w.id_or_null("space_id", p.space_id);
  w.id_or_null("record_id", p.record_id);
  w.id_or_null("reply_to", p.reply_to);
  w.id("root_id", p.root_id);
  w.id_or_null("reshare_of", p.reshare_of);
  if (!nested) {
    // The original of a reshare, when the viewer may see it; an original carries none of its own.
    w.object_or_null("reshared", "Post", p.reshared.get(),
                     [](auto& inner, const Post& original) { post_fields(inner, original, true); },
                     {.sometimes = true});
  }
  w.texts("topics", p.topics);
  w.ids("mentions", p.mentions);
  w.texts("mention_handles", p.mention_handles,
          {.description = "handles of the people mentioned who exist; other @words are plain text"});
  w.boolean("reshared_by_me", p.reshared_by_me, {.description = "the caller reshared it already (once per person)"});
  w.counts("reactions", kReactionKinds, p.reactions);
  w.texts("my_reactions", p.my_reactions);
  w.integer("reply_count", p.reply_count);
  w.integer("reshare_count", p.reshare_count);
  w.time("created_at", p.created_at);
  w.time_or_null("edited_at", p.edited_at);
  w.boolean("can_edit", p.can_edit);
  w.boolean("hidden", p.hidden_reason.has_value(),
            {.description = "a moderator hid it: only its author sees it, with hidden_reason"});
  w.text_or_null("hidden_reason", p.hidden_reason);
}

template <typename W>
void notification_fields(W& w, const Notification& n) {
  w.id("id", n.id);
  w.text("kind", n.kind);
  w.object_or_null("actor", "PersonSummary", n.actor.id != 0 ? &n.actor : nullptr, kSummary);
  w.text("subject_type", n.subject_type);
  w.id("subject_id", n.subject_id);
  w.id_or_null("post_id", n.post_id);
  w.id_or_null("space_id", n.space_id);
  w.id_or_null("record_id", n.record_id, {.description = "the record the subject is on, if any"});
  w.time("created_at", n.created_at);
  w.boolean("read", n.read);
}

template <typename W>
void space_fields(W& w, const Space& s) {
  w.id("id", s.id);
  w.text("name", s.name);
  w.text("purpose", s.purpose);
  w.text("kind", s.kind, {.one_of = {"project", "problem", "community"}});
  w.text("visibility", s.visibility, {.one_of = {"public", "private", "secret"}});
  w.integer("member_count", s.member_count);
  w.text_or_null("my_role", s.my_role, {.one_of = {"owner", "member", "guest"}});
  w.boolean("join_requested", s.join_requested);
  w.time("created_at", s.created_at);
}

template <typename W>
void chain_problem_fields(W& w, const ChainItem& c) {
  w.id("id", c.id);
  w.text("title", c.title);
  w.text("status", c.state, {.one_of = {"open", "resolved"}});
  w.array("people", "PersonSummary", c.people, kSummary);
}

template <typename W>
void chain_idea_fields(W& w, const ChainItem& c) {
  w.id("id", c.id);
  w.text("title", c.title);
  w.text("stage", c.state, {.one_of = kStages});
  w.array("people", "PersonSummary", c.people, kSummary);
}

template <typename W>
void chain_proposal_fields(W& w, const ChainItem& c) {
  w.id("id", c.id);
  w.text("title", c.title);
  w.text("status", c.state, {.one_of = {"open", "closed"}});
  w.text_or_null("outcome", c.outcome);
  w.text_or_null("decision", c.decision, {.one_of = kDecisions});
  w.array("people", "PersonSummary", c.people, kSummary);
}

// The chain from a problem through ideas to proposals and their decisions.
template <typename W>
void chain_fields(W& w, const Chain& c) {
  w.object_or_null("problem", "ChainProblem", c.problem ? &*c.problem : nullptr,
                   [](auto& inner, const ChainItem& item) { chain_problem_fields(inner, item); });
  w.array("ideas", "ChainIdea", c.ideas, [](auto& inner, const ChainItem& item) { chain_idea_fields(inner, item); });
  w.array("proposals", "ChainProposal", c.proposals,
          [](auto& inner, const ChainItem& item) { chain_proposal_fields(inner, item); });
}
const auto kChain = [](auto& w, const Chain& c) { chain_fields(w, c); };
const Chain kNoChain;

template <typename W>
void suggestion_fields(W& w, const ExpertSuggestion& s) {
  w.object("person", "PersonSummary", s.person, kSummary);
  w.number("score", s.score);
  w.array("reasons", nullptr, s.reasons, [](auto& inner, const ExpertReason& r) {
    inner.text("kind", r.kind);
    inner.text("detail", r.detail);
    inner.text_or_null("ref", r.ref, {.sometimes = true});
  });
}

template <typename W>
void solution_fields(W& w, const Solution& s) {
  w.id("id", s.id);
  w.id("problem_id", s.problem_id);
  w.object("author", "PersonSummary", s.author, kSummary);
  w.text("body", s.body);
  w.integer("votes", s.votes);
  w.integer("my_vote", s.my_vote, {.int_one_of = kVotes});
  w.boolean("accepted", s.accepted);
  w.time("created_at", s.created_at);
}

template <typename W>
void problem_fields(W& w, const Problem& p, bool detail) {
  w.id("id", p.id);
  w.id("space_id", p.space_id);
  w.text("title", p.title);
  w.text("body", p.body);
  w.object("author", "PersonSummary", p.author, kSummary);
  w.text("status", p.status, {.one_of = {"open", "resolved"}});
  w.id_or_null("accepted_solution_id", p.accepted_solution_id);
  w.array("suggested_experts", "ExpertSuggestion", p.suggested_experts,
          [](auto& inner, const ExpertSuggestion& s) { suggestion_fields(inner, s); });
  w.integer("solution_count", p.solution_count);
  w.id_or_null("record_id", p.record_id);
  w.time("created_at", p.created_at);
  w.time_or_null("resolved_at", p.resolved_at);
  w.integer_or_null("resolution_seconds",
                    p.resolved_at ? std::optional<int64_t>(*p.resolved_at - p.created_at) : std::nullopt);
  if (detail) {
    w.array("solutions", "Solution", p.solutions, [](auto& inner, const Solution& s) { solution_fields(inner, s); });
    w.object("chain", "Chain", p.chain ? *p.chain : kNoChain, kChain);
  }
}

template <typename W>
void idea_fields(W& w, const Idea& i, bool detail) {
  w.id("id", i.id);
  w.id("space_id", i.space_id);
  w.text("title", i.title);
  w.text("body", i.body);
  w.object("author", "PersonSummary", i.author, kSummary);
  w.text("stage", i.stage, {.one_of = kStages});
  w.integer("score", i.score);
  w.integer("my_vote", i.my_vote, {.int_one_of = kVotes});
  w.id_or_null("from_problem_id", i.from_problem_id);
  w.integer("comment_count", i.comment_count);
  w.time("created_at", i.created_at);
  w.time("stage_changed_at", i.stage_changed_at);
  if (detail) {
    w.array("comments", "Comment", i.comments, kComment);
    w.array("stages", nullptr, i.stages, [](auto& inner, const StageChange& s) {
      inner.text("stage", s.stage, {.one_of = kStages});
      inner.text("note", s.note);
      inner.object_or_null("by", "PersonSummary", s.by ? &*s.by : nullptr, kSummary);
      inner.time("at", s.at);
    });
    w.object("chain", "Chain", i.chain ? *i.chain : kNoChain, kChain);
  }
}

template <typename W>
void proposal_fields(W& w, const Proposal& r, bool detail) {
  w.id("id", r.id);
  w.id("space_id", r.space_id);
  w.text("title", r.title);
  w.text("body", r.body);
  w.object("author", "PersonSummary", r.author, kSummary);
  w.text("status", r.status, {.one_of = {"open", "closed"}});
  w.time("closes_at", r.closes_at);
  w.counts("tally", kStances, std::array<int64_t, 4>{r.agree, r.abstain, r.disagree, r.block});
  w.text_or_null("my_stance", r.my_stance, {.one_of = kStances});
  w.text_or_null("outcome", r.outcome);
  w.text_or_null("decision", r.decision, {.one_of = kDecisions});
  w.id_or_null("from_idea_id", r.from_idea_id);
  w.time("created_at", r.created_at);
  w.time_or_null("closed_at", r.closed_at);
  w.time_or_null("review_at", r.review_at, {.description = "when the decision should be looked at again"});
  w.id_or_null("follow_up_of", r.follow_up_of, {.description = "the earlier proposal this one follows up"});
  w.id_or_null("followed_up_by", r.followed_up_by, {.description = "the first later proposal following this one up"});
  if (detail) {
    w.array("stances", nullptr, r.stances, [](auto& inner, const Stance& s) {
      inner.object("person", "PersonSummary", s.person, kSummary);
      inner.text("stance", s.stance, {.one_of = kStances});
      inner.text("reason", s.reason);
      inner.time("updated_at", s.updated_at);
    });
    w.object("chain", "Chain", r.chain ? *r.chain : kNoChain, kChain);
  }
}

template <typename W>
void record_change_fields(W& w, const RecordChange& c) {
  w.id("id", c.id);
  w.text("what", c.what, {.one_of = {"field", "title", "url"}});
  w.text("field", c.field, {.description = "the field's name; title or url for those"});
  w.json_value_or_null("old", c.old_value, {.description = "null: the field was absent"});
  w.json_value_or_null("new", c.new_value, {.description = "null: the field is gone"});
  w.boolean("quiet", c.quiet, {.description = "sent with quiet: shown in the history only"});
  w.time("changed_at", c.changed_at);
}
const auto kRecordChange = [](auto& w, const RecordChange& c) { record_change_fields(w, c); };

template <typename W>
void record_fields(W& w, const Record& r) {
  w.id("id", r.id);
  w.text("system", r.system);
  w.text("type", r.type);
  w.text("external_id", r.external_id);
  w.text("title", r.title);
  w.text_or_null("url", r.url);
  w.json_object("fields", r.fields, {.description = "the source system's fields: text, numbers, true, false, null"});
  w.id_or_null("space_id", r.space_id);
  w.object_or_null("owner", "PersonSummary", r.owner ? &*r.owner : nullptr, kSummary);
  w.boolean("restricted", r.restricted, {.description = "true: an access list decides who sees the record"});
  w.integer("follower_count", r.follower_count);
  w.time("created_at", r.created_at);
  w.time("updated_at", r.updated_at);
  if (r.detail) {
    w.boolean("following", r.following);
    w.object_or_null("access", nullptr, r.access ? &*r.access : nullptr,
                     [](auto& inner, const RecordAccessList& a) {
                       inner.ids("people", a.people);
                       inner.ids("units", a.units);
                     },
                     {.description = "the access list; shown to admins only", .sometimes = true});
    w.object("conversation", nullptr, r, [](auto& inner, const Record& rec) {
      inner.array("items", "Post", rec.conversation, [](auto& post, const Post& p) { post_fields(post, p, false); });
      inner.text_or_null("next_cursor", rec.conversation_cursor);
    });
    w.array("changes", "RecordChange", r.changes, kRecordChange);
    w.array("problems", nullptr, r.problems, [](auto& inner, const RecordProblem& p) {
      inner.id("id", p.id);
      inner.text("title", p.title);
      inner.text("status", p.status, {.one_of = {"open", "resolved"}});
      inner.id("space_id", p.space_id);
    });
    w.array("suggested_experts", "ExpertSuggestion", r.suggested_experts,
            [](auto& inner, const ExpertSuggestion& s) { suggestion_fields(inner, s); });
    w.text("suggestions_basis", r.suggestions_basis,
           {.one_of = {"followers_and_owner_unit", "expertise"},
            .description = "expertise: ranked by the expertise engine; followers_and_owner_unit: when it names "
                           "nobody, the record's followers and people of its owner's unit"});
  }
}

template <typename T, typename Fields>
boost::json::object values(const T& value, Fields&& fields) {
  JsonOut w;
  fields(w, value);
  return std::move(w.out);
}

}  // namespace

boost::json::object person_json(const Person& person, bool with_counts) {
  return values(person, [&](auto& w, const Person& p) { person_fields(w, p, with_counts); });
}
boost::json::object unit_json(const Unit& unit) { return values(unit, [](auto& w, const Unit& u) { unit_fields(w, u); }); }
boost::json::object summary_json(const PersonSummary& person) { return values(person, kSummary); }
boost::json::object comment_json(const IdeaComment& comment) { return values(comment, kComment); }
boost::json::object post_json(const Post& post, bool nested) {
  return values(post, [&](auto& w, const Post& p) { post_fields(w, p, nested); });
}
void append_post_json(std::string& out, const Post& post, bool nested) {
  append_json(out, post, [&](auto& w, const Post& p) { post_fields(w, p, nested); });
}
boost::json::object notification_json(const Notification& notification) {
  return values(notification, [](auto& w, const Notification& n) { notification_fields(w, n); });
}
boost::json::object space_json(const Space& space) {
  return values(space, [](auto& w, const Space& s) { space_fields(w, s); });
}
boost::json::object solution_json(const Solution& solution) {
  return values(solution, [](auto& w, const Solution& s) { solution_fields(w, s); });
}
boost::json::object problem_json(const Problem& problem) {
  return values(problem, [](auto& w, const Problem& p) { problem_fields(w, p, p.chain.has_value()); });
}
boost::json::object idea_json(const Idea& idea) {
  return values(idea, [](auto& w, const Idea& i) { idea_fields(w, i, i.chain.has_value()); });
}
boost::json::object proposal_json(const Proposal& proposal) {
  return values(proposal, [](auto& w, const Proposal& r) { proposal_fields(w, r, r.chain.has_value()); });
}

boost::json::object record_json(const Record& record) {
  return values(record, [](auto& w, const Record& r) { record_fields(w, r); });
}
boost::json::object record_change_json(const RecordChange& change) { return values(change, kRecordChange); }

boost::json::object suggestion_json(const ExpertSuggestion& suggestion) {
  return values(suggestion, [](auto& w, const ExpertSuggestion& s) { suggestion_fields(w, s); });
}

template <typename W>
void accuracy_fields(W& w, const ExpertiseAccuracy& a) {
  w.time("from", a.from);
  w.time("to", a.to);
  w.integer("problems", a.problems, {.description = "resolved in the period, visible to the caller, scored"});
  w.number("hit_at_1", a.hit_at_1, {.description = "share of problems whose accepted solver ranked first"});
  w.number("hit_at_3", a.hit_at_3);
  w.number("hit_at_10", a.hit_at_10);
  w.number("mrr", a.mrr, {.description = "mean reciprocal rank of the accepted solver (0 when not ranked)"});
  w.number("candidates", a.candidates, {.description = "people ranked per problem, on average"});
  w.array("months", nullptr, a.months, [](auto& inner, const AccuracyPeriod& p) {
    inner.text("month", p.month);
    inner.integer("problems", p.problems);
    inner.number("hit_at_3", p.hit_at_3);
    inner.number("mrr", p.mrr);
  });
  w.array("items", nullptr, a.items, [](auto& inner, const AccuracyItem& item) {
    inner.id("problem_id", item.problem_id);
    inner.text("title", item.title);
    inner.time("resolved_at", item.resolved_at);
    inner.object("solver", "PersonSummary", item.solver, kSummary);
    inner.integer_or_null("rank", item.rank, {.description = "where the solver ranked; null: not ranked"});
    inner.integer("candidates", item.candidates);
  });
}
const auto kAccuracy = [](auto& w, const ExpertiseAccuracy& a) { accuracy_fields(w, a); };

boost::json::object accuracy_json(const ExpertiseAccuracy& accuracy) { return values(accuracy, kAccuracy); }

template <typename W>
void duration_fields(W& w, const DurationFigure& d) {
  w.integer("count", d.count);
  w.integer_or_null("median_seconds", d.median_seconds);
  w.integer_or_null("p90_seconds", d.p90_seconds, {.description = "nearest-rank 90th percentile"});
}
template <typename W>
void buckets(W& w, const char* key, const std::vector<CountBucket>& list) {
  w.array(key, nullptr, list, [](auto& inner, const CountBucket& b) {
    inner.text("name", b.name);
    inner.integer("count", b.count);
  });
}

template <typename W>
void outcomes_fields(W& w, const Outcomes& o) {
  w.time("from", o.from);
  w.time("to", o.to);
  w.id_or_null("unit_id", o.unit_id);
  w.id_or_null("space_id", o.space_id);
  w.object("problems", nullptr, o, [](auto& p, const Outcomes& x) {
    p.integer("opened", x.problems_opened);
    p.integer("resolved", x.problems_resolved);
    p.object("time_to_first_solution", nullptr, x.time_to_first_solution,
             [](auto& d, const DurationFigure& f) { duration_fields(d, f); });
    p.object("time_to_resolution", nullptr, x.time_to_resolution,
             [](auto& d, const DurationFigure& f) { duration_fields(d, f); });
    buckets(p, "unsolved_by_age", x.unsolved_by_age);
  });
  w.object("ideas", nullptr, o, [](auto& i, const Outcomes& x) {
    i.integer("created", x.ideas_created);
    buckets(i, "by_stage", x.ideas_by_stage);
    i.number_or_null("adoption_rate", x.adoption_rate, {.description = "accepted or implemented, of those created"});
  });
  w.object("proposals", nullptr, o, [](auto& r, const Outcomes& x) {
    r.integer("opened", x.proposals_opened);
    r.integer("decided", x.proposals_decided);
    r.integer("adopted", x.proposals_adopted);
    r.integer("rejected", x.proposals_rejected);
    r.integer("blocked", x.proposals_blocked, {.description = "rejected with at least one block"});
    r.integer("past_review", x.proposals_past_review,
              {.description = "decisions whose review date passed before `to` with no follow-up proposal opened by then"});
  });
  w.integer("chains_completed", o.chains_completed);
  w.object("knowledge", nullptr, o, [](auto& k, const Outcomes& x) {
    k.integer("pages_created", x.pages_created);
    k.integer("page_saves", x.page_saves, {.description = "revisions saved in the period, first ones included"});
    k.integer("problems_captured", x.problems_captured,
              {.description = "of the problems resolved, those a page was promoted from or links to"});
    k.integer("proposals_captured", x.proposals_captured,
              {.description = "of the proposals decided, those a page was promoted from or links to"});
  });
  w.object("participation", nullptr, o, [](auto& p, const Outcomes& x) {
    p.integer_or_null("people", x.participants, {.description = "null: fewer than min_group (withheld)"});
    p.integer_or_null("units", x.participant_units);
    p.integer("min_group", x.min_group);
  });
}
const auto kOutcomes = [](auto& w, const Outcomes& o) { outcomes_fields(w, o); };

boost::json::object outcomes_json(const Outcomes& outcomes) { return values(outcomes, kOutcomes); }


template <typename W>
void unit_ref_fields(W& w, const UnitRef& u) {
  w.id("id", u.id);
  w.text("name", u.name);
  w.integer("people", u.people, {.description = "its active people"});
}
const auto kUnitRef = [](auto& w, const UnitRef& u) { unit_ref_fields(w, u); };

template <typename W>
void network_fields(W& w, const Network& n) {
  w.time("from", n.from);
  w.time("to", n.to);
  w.time("computed_at", n.computed_at, {.description = "when these figures were computed (they are cached)"});
  w.integer("age_seconds", n.age_seconds);
  w.text("view", n.view, {.one_of = {"mine", "organization"}});
  w.integer("min_group", n.min_group);
  w.integer("people", n.people, {.description = "people with at least one tie"});
  w.integer("ties", n.ties, {.description = "distinct pairs of people"});
  w.integer("interactions", n.interactions);
  buckets(w, "by_kind", n.by_kind);
  w.number_or_null("cross_unit_share", n.cross_unit_share,
                   {.description = "interactions between people of two different units, of those between people with a unit"});
  w.array("trend", nullptr, n.trend, [](auto& t, const TrendPoint& p) {
    t.time("from", p.from);
    t.time("to", p.to);
    t.integer("interactions", p.interactions);
    t.number_or_null("cross_unit_share", p.cross_unit_share);
  });
  w.integer("unit_level", n.unit_level,
            {.description = "depth of the unit tree units are counted at (roots 0): each person counts in their unit's "
                            "ancestor at this level"});
  w.integer("unit_levels", n.unit_levels, {.description = "the deepest level of the unit tree"});
  w.array("units", "UnitRef", n.units, kUnitRef);
  w.integer("withheld_units", n.withheld_units, {.description = "units under the privacy floor, left out"});
  w.array("matrix", nullptr, n.matrix, [](auto& m, const MatrixCell& c) {
    m.id("from_unit_id", c.from_unit_id);
    m.id("to_unit_id", c.to_unit_id);
    m.integer("interactions", c.interactions, {.description = "by people of from_unit on the posts or work of people of to_unit"});
    m.integer("solutions", c.solutions, {.description = "solutions by from_unit to problems raised in to_unit"});
  });
  w.array("brokers", nullptr, n.brokers, [](auto& b, const Broker& x) {
    b.object("person", "PersonSummary", x.person, kSummary);
    b.number("betweenness", x.betweenness);
    b.integer("units_bridged", x.units_bridged);
    b.integer("ties", x.ties);
  });
  w.boolean("betweenness_sampled", n.betweenness_sampled);
  w.integer("betweenness_sources", n.betweenness_sources);
  w.array("unit_ties", nullptr, n.unit_ties, [](auto& u, const UnitTies& t) {
    u.object("unit", "UnitRef", t.unit, kUnitRef);
    u.integer("active", t.active);
    u.integer("internal", t.internal);
    u.integer("external", t.external);
    u.integer("partner_units", t.partner_units);
    u.number_or_null("external_share", t.external_share);
    u.boolean("silo", t.silo, {.description = "external_share under 0.2, or no partner unit"});
  });
  w.object("communities", nullptr, n, [](auto& c, const Network& x) {
    c.integer("count", x.community_count);
    c.number_or_null("modularity", x.modularity);
    c.number_or_null("unit_assortativity", x.unit_assortativity);
    c.number_or_null("matches_units", x.communities_vs_units, {.description = "normalized mutual information with units, 0..1"});
    c.array("items", nullptr, x.communities, [](auto& i, const Community& k) {
      i.integer("index", k.index);
      i.integer("size", k.size);
      i.array("units", nullptr, k.units, [](auto& u, const CountBucket& b) {
        u.text("unit_id", b.name);
        u.integer("people", b.count);
      });
      i.id_or_null("main_unit_id", k.main_unit_id);
      i.number("main_unit_share", k.main_unit_share);
    });
  });
  w.object("timings", nullptr, n, [](auto& t, const Network& x) {
    t.integer("collect_ms", x.collect_ms, {.description = "reading the interactions from the store"});
    t.integer("betweenness_ms", x.betweenness_ms);
    t.integer("communities_ms", x.communities_ms);
  });
}
const auto kNetwork = [](auto& w, const Network& n) { network_fields(w, n); };

template <typename W>
void reach_fields(W& w, const ReachFigure& r) {
  w.integer("items", r.items);
  w.integer("reached", r.reached);
  w.integer("connected", r.connected);
  w.integer_or_null("median_reached", r.median_reached);
  w.integer_or_null("median_connected", r.median_connected);
  w.number_or_null("connection_rate", r.connection_rate, {.description = "connected / reached"});
}
const auto kReach = [](auto& w, const ReachFigure& r) { reach_fields(w, r); };

template <typename W>
void engagement_fields(W& w, const Engagement& e) {
  w.time("from", e.from);
  w.time("to", e.to);
  w.id_or_null("unit_id", e.unit_id);
  w.time("computed_at", e.computed_at, {.description = "when these figures were computed (they are cached)"});
  w.integer("age_seconds", e.age_seconds);
  w.text("view", e.view, {.one_of = {"mine", "organization"}});
  w.integer("min_group", e.min_group);
  w.object("reach", nullptr, e, [](auto& r, const Engagement& x) {
    r.object("posts", "ReachFigure", x.posts, kReach);
    r.object("problems", "ReachFigure", x.problems, kReach);
    r.object("ideas", "ReachFigure", x.ideas, kReach);
    r.object("proposals", "ReachFigure", x.proposals, kReach);
  });
  w.object("conversation", nullptr, e, [](auto& c, const Engagement& x) {
    c.integer("conversations", x.conversations, {.description = "posts with a reply from someone else"});
    c.integer("broadcasts", x.broadcasts);
    c.number_or_null("share", x.conversation_share);
    c.array("units", nullptr, x.units, [](auto& u, const UnitConversation& k) {
      u.object("unit", "UnitRef", k.unit, kUnitRef);
      u.integer("posts", k.posts);
      u.integer("conversations", k.conversations);
      u.integer("broadcasts", k.broadcasts);
      u.number_or_null("share", k.conversation_share);
    });
    c.integer("withheld_units", x.withheld_units);
  });
  w.object("cascades", nullptr, e, [](auto& c, const Engagement& x) {
    c.integer("count", x.cascades);
    c.integer("reshares", x.reshares);
    c.integer("max_depth", x.max_depth);
    c.array("top", nullptr, x.top_cascades, [](auto& t, const CascadeSummary& k) {
      t.id("post_id", k.post_id);
      t.object("author", "PersonSummary", k.author, kSummary);
      t.integer("reshares", k.reshares);
      t.integer("depth", k.depth);
      t.integer("breadth", k.breadth);
      t.integer("units_reached", k.units_reached);
      t.integer("people_reached", k.people_reached);
    });
    c.array("sharers", nullptr, x.sharers, [](auto& s, const Sharer& k) {
      s.object("person", "PersonSummary", k.person, kSummary);
      s.integer("reshares", k.reshares);
      s.integer("cross_unit", k.cross_unit);
      s.integer("new_people", k.new_people);
    });
  });
}
const auto kEngagement = [](auto& w, const Engagement& e) { engagement_fields(w, e); };

boost::json::object network_json(const Network& network) { return values(network, kNetwork); }
boost::json::object engagement_json(const Engagement& engagement) { return values(engagement, kEngagement); }

template <typename W>
void page_fields(W& w, const Page& p, bool with_body) {
  w.id("id", p.id);
  w.id("space_id", p.space_id);
  w.id_or_null("parent_id", p.parent_id, {.description = "the page above it in the space's tree; null: a top page"});
  w.text("title", p.title);
  if (with_body) {
    w.text("body", p.body, {.description = "Markdown"});
    w.boolean("watching", p.watching, {.description = "the caller is told of each edit"});
  }
  w.text("revision", std::to_string(p.revision), {.description = "the current revision, also the ETag"});
  w.object("author", "PersonSummary", p.author, kSummary, {.description = "who saved the current revision"});
  w.integer("revision_count", p.revision_count);
  w.integer("comment_count", p.comment_count);
  w.time("created_at", p.created_at);
  w.time("updated_at", p.updated_at);
  w.text_or_null("source_type", p.source_type,
                 {.one_of = {"problem", "proposal"}, .description = "promoted from this kind of item; null: written here"});
  w.id_or_null("source_id", p.source_id);
}

template <typename W>
void page_revision_fields(W& w, const PageRevision& r) {
  w.text("revision", std::to_string(r.revision));
  w.object("author", "PersonSummary", r.author, kSummary);
  w.text("summary", r.summary);
  w.boolean("merged", r.merged, {.description = "saved over newer revisions by a three-way merge"});
  w.text_or_null("restored_from", r.restored_from ? std::optional<std::string>(std::to_string(*r.restored_from))
                                                   : std::nullopt,
                 {.description = "the older revision it brings back"});
  w.time("created_at", r.created_at);
}
const auto kPageRevision = [](auto& w, const PageRevision& r) { page_revision_fields(w, r); };

template <typename W>
void page_diff_fields(W& w, const PageDiff& d) {
  w.text("from", std::to_string(d.from));
  w.text("to", std::to_string(d.to));
  w.text("from_title", d.from_title);
  w.text("to_title", d.to_title);
  w.array("hunks", "PageDiffHunk", d.hunks, [](auto& h, const pages::DiffHunk& hunk) {
    h.integer("from_start", hunk.from_start, {.description = "first line in `from`, counted from 1"});
    h.integer("from_count", hunk.from_count);
    h.integer("to_start", hunk.to_start);
    h.integer("to_count", hunk.to_count);
    h.array("lines", "PageDiffLine", hunk.lines, [](auto& l, const pages::DiffLine& line) {
      l.text("op", std::string(1, line.op), {.one_of = {"=", "-", "+"}, .description = "= both, - removed, + added"});
      l.text("text", line.text);
    });
  });
  w.boolean("exact", d.exact,
            {.description = "false when the revisions differ too much for the fewest changes to be worked out within "
                            "the server's bound on the work: some changed runs are then shown as replaced whole"});
}
const auto kPageDiff = [](auto& w, const PageDiff& d) { page_diff_fields(w, d); };

const auto kPageImport = [](auto& w, const PageImport& r) {
  w.array("items", "PageEntry", r.items, [](auto& p, const Page& page) { page_fields(p, page, false); },
          {.description = "the pages made, parents before their children"});
  w.texts("skipped", r.skipped, {.description = "files left out: not Markdown"});
};

boost::json::object page_json(const Page& page, bool with_body) {
  return values(page, [with_body](auto& w, const Page& p) { page_fields(w, p, with_body); });
}
boost::json::object page_revision_json(const PageRevision& revision) { return values(revision, kPageRevision); }
boost::json::object page_diff_json(const PageDiff& diff) { return values(diff, kPageDiff); }
boost::json::object page_import_json(const PageImport& result) { return values(result, kPageImport); }

const auto kError = [](auto& w, const Error& e) {
  w.object("error", nullptr, e, [](auto& inner, const Error& error) {
    inner.text("code", error_code_name(error.code),
               {.one_of = {"invalid_argument", "malformed_json", "unauthenticated", "csrf_mismatch", "permission_denied",
                           "not_found", "method_not_allowed", "conflict", "precondition_failed",
                           "precondition_required", "payload_too_large", "unsupported_media_type", "rate_limited",
                           "unavailable", "internal"}});
    inner.text("message", error.message, {.description = "for people: what went wrong and what to do"});
    if (!error.field.empty() || inner.kSchema) {
      inner.text("field", error.field, {.description = "the input field at fault", .sometimes = true});
    }
  });
};

boost::json::object error_json(const Error& error) { return to_json(error, kError); }

boost::json::object schemas() {
  ShapeCatalog catalog;
  auto define = [&]<typename T>(const char* name, auto fields) { catalog.define<T>(name, fields); };
  // A kind of item with its list: {"items": [...], "next_cursor": ...}, paged or whole.
  auto paged = [&]<typename T>(const char* list, const char* item, auto fields) {
    catalog.define_page<T>(list, item, fields);
  };
  auto whole = [&]<typename T>(const char* list, const char* item, auto fields) {
    catalog.define_items<T>(list, item, fields);
  };
  define.operator()<Error>("Error", kError);
  define.operator()<PersonSummary>("PersonSummary", kSummary);
  paged.operator()<Person>("PersonList", "Person", [](auto& w, const Person& p) { person_fields(w, p, false); });
  define.operator()<Person>("PersonDetail", [](auto& w, const Person& p) { person_fields(w, p, true); });
  whole.operator()<Unit>("UnitList", "Unit", [](auto& w, const Unit& u) { unit_fields(w, u); });
  paged.operator()<Post>("PostList", "Post", [](auto& w, const Post& p) { post_fields(w, p, false); });
  paged.operator()<Notification>("NotificationList", "Notification",
                                 [](auto& w, const Notification& n) { notification_fields(w, n); });
  paged.operator()<Space>("SpaceList", "Space", [](auto& w, const Space& s) { space_fields(w, s); });
  paged.operator()<Problem>("ProblemList", "Problem", [](auto& w, const Problem& p) { problem_fields(w, p, false); });
  define.operator()<Problem>("ProblemDetail", [](auto& w, const Problem& p) { problem_fields(w, p, true); });
  paged.operator()<Idea>("IdeaList", "Idea", [](auto& w, const Idea& i) { idea_fields(w, i, false); });
  define.operator()<Idea>("IdeaDetail", [](auto& w, const Idea& i) { idea_fields(w, i, true); });
  paged.operator()<Proposal>("ProposalList", "Proposal",
                             [](auto& w, const Proposal& r) { proposal_fields(w, r, false); });
  define.operator()<Proposal>("ProposalDetail", [](auto& w, const Proposal& r) { proposal_fields(w, r, true); });
  paged.operator()<Record>("RecordList", "Record", [](auto& w, const Record& r) { record_fields(w, r); });
  define.operator()<Record>("RecordDetail", [](auto& w, const Record& r) {
    Record detail = r;
    detail.detail = true;
    record_fields(w, detail);
  });
  paged.operator()<RecordChange>("RecordChangeList", "RecordChange", kRecordChange);
  define.operator()<Page>("Page", [](auto& w, const Page& p) { page_fields(w, p, true); });
  whole.operator()<Page>("PageEntryList", "PageEntry", [](auto& w, const Page& p) { page_fields(w, p, false); });
  paged.operator()<PageRevision>("PageRevisionList", "PageRevision", kPageRevision);
  paged.operator()<IdeaComment>("CommentList", "Comment", kComment);
  define.operator()<PageDiff>("PageDiff", kPageDiff);
  define.operator()<PageImport>("PageImport", kPageImport);
  define.operator()<ExpertiseAccuracy>("ExpertiseAccuracy", kAccuracy);
  define.operator()<Outcomes>("AnalyticsOutcomes", kOutcomes);
  define.operator()<Network>("AnalyticsNetwork", kNetwork);
  define.operator()<Engagement>("AnalyticsEngagement", kEngagement);
  boost::json::object out;
  for (const auto& [name, schema] : catalog.shapes()) out[name] = schema;
  return out;
}

}  // namespace weft::wire
