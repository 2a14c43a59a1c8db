// Proposals: opening (from an idea or not), stances, closing by hand or at the deadline.
#include "actions/work.h"

#include "actions/work_items.h"
#include "core/clock.h"
#include "core/limits.h"
#include "events/event_log.h"
#include "policy/spaces.h"

namespace weft::actions {
using namespace detail;

namespace {

constexpr int64_t kMaxProposalSeconds = 366LL * 24 * 3600;

std::string tally_decision(store::Connection& c, int64_t proposal_id) {
  auto rows = c.query("SELECT agree, disagree, block FROM proposals WHERE id = ?", {proposal_id});
  rows->next();
  return rows->int64(0) > rows->int64(1) && rows->int64(2) == 0 ? "adopted" : "rejected";
}

// Closes an open proposal in the caller's transaction; `actor` is empty for the scheduler.
void close_open(store::Connection& c, const Item& proposal, std::optional<int64_t> actor,
                const CloseRequest& request) {
  const std::string decision = request.decision ? *request.decision : tally_decision(c, proposal.id);
  c.execute(
      "UPDATE proposals SET status = 'closed', outcome = ?, decision = ?, closed_at = ?, review_at = ? WHERE id = ?",
      {request.outcome, decision, clock::now_seconds(), request.review_at, proposal.id});
  events::append(c, {.actor_id = actor,
                     .object_id = proposal.id,
                     .space_id = proposal.space_id,
                     .audience = "space",
                     .payload = events::ProposalClosed{decision, proposal.author_id, request.review_at}});
  if (decision != "adopted" || !proposal.link) return;
  auto idea = load_item(c, "ideas", "stage", "from_problem_id", *proposal.link);
  if (!idea) return;
  if (idea->state != "accepted" && idea->state != "implemented") {
    set_stage(c, idea->id, idea->space_id, "accepted",
              "Adopted by proposal #" + std::to_string(proposal.id) + ".", actor);
  }
  if (request.resolve_problem && idea->link) {
    resolve_problem(c, *idea->link, actor, "proposal adopted");
  }
}

// A proposal whose deadline has passed is decided by its tally at the deadline, whenever the
// closer gets to it (up to a few seconds later, or after a restart): from the deadline on, no
// stance and no hand can change what it decides.
bool past_deadline(store::Connection& c, int64_t proposal_id) {
  return c.query_int("SELECT 1 FROM proposals WHERE id = ? AND closes_at <= ?", {proposal_id, clock::now_seconds()})
      .has_value();
}

}  // namespace

Result<int64_t> create_proposal(store::Store& store, const Viewer& viewer, int64_t space_id,
                                const std::string& title, const std::string& body,
                                int64_t closes_at, std::optional<int64_t> from_idea_id,
                                std::optional<int64_t> follow_up_of) {
  WEFT_TRY_VOID(check_text("title", title, limits::kWorkTitle.min, limits::kWorkTitle.max));
  WEFT_TRY_VOID(check_text("body", body, limits::kWorkBody.min, limits::kWorkBody.max));
  const int64_t now = clock::now_seconds();
  if (closes_at <= now) return invalid("closes_at", "closes_at must be in the future.");
  if (closes_at > now + kMaxProposalSeconds) return invalid("closes_at", "closes_at must be within a year.");
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    WEFT_TRY_VOID(policy::require_member(c, viewer, space_id));
    if (from_idea_id) {
      auto space = c.query_int("SELECT space_id FROM ideas WHERE id = ?", {*from_idea_id});
      if (!space || *space != space_id) {
        return invalid("from_idea_id", "from_idea_id must name an idea in this space.");
      }
    }
    if (follow_up_of) {
      auto rows = c.query("SELECT space_id, status FROM proposals WHERE id = ?", {*follow_up_of});
      if (!rows->next() || rows->int64(0) != space_id) {
        return invalid("follow_up_of", "follow_up_of must name a proposal in this space.");
      }
      if (rows->text(1) != "closed") {
        return invalid("follow_up_of", "Only a decided (closed) proposal can be followed up.");
      }
    }
    int64_t id = c.insert_returning_id(
        "INSERT INTO proposals (space_id, author_id, title, body, from_idea_id, closes_at, "
        "created_at, follow_up_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {space_id, viewer.person_id, title, body, from_idea_id, closes_at, now, follow_up_of});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = id,
                       .space_id = space_id,
                       .audience = "space",
                       .payload = events::ProposalOpened{closes_at, follow_up_of}});
    return id;
  });
}

Result<void> take_stance(store::Store& store, const Viewer& viewer, int64_t proposal_id,
                         const std::string& stance, const std::string& reason) {
  if (stance != "agree" && stance != "abstain" && stance != "disagree" && stance != "block") {
    return invalid("stance", "stance must be agree, abstain, disagree or block.");
  }
  WEFT_TRY_VOID(check_text("reason", reason, limits::kReason.min, limits::kReason.max));
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_ASSIGN_OR_RETURN(auto found, visible_item(c, viewer, "proposals", "status", "from_idea_id",
                                                   proposal_id, "proposal"));
    auto& [proposal, access] = found;
    if (!access.member()) return forbidden("Join the space first.");
    if (proposal.state != "open") return fail(ErrorCode::kConflict, "This proposal is closed.");
    if (past_deadline(c, proposal_id)) return fail(ErrorCode::kConflict, "This proposal closed at its deadline.");
    auto old = c.query_text("SELECT stance FROM stances WHERE proposal_id = ? AND person_id = ?",
                            {proposal_id, viewer.person_id});
    c.execute(
        "INSERT INTO stances (proposal_id, person_id, stance, reason, updated_at) VALUES (?, ?, ?, ?, "
        "?) ON CONFLICT (proposal_id, person_id) DO UPDATE SET stance = excluded.stance, reason = "
        "excluded.reason, updated_at = excluded.updated_at",
        {proposal_id, viewer.person_id, stance, reason, clock::now_seconds()});
    if (!old || *old != stance) {
      if (old) c.execute("UPDATE proposals SET " + *old + " = " + *old + " - 1 WHERE id = ?", {proposal_id});
      c.execute("UPDATE proposals SET " + stance + " = " + stance + " + 1 WHERE id = ?", {proposal_id});
    }
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = proposal_id,
                       .space_id = proposal.space_id,
                       .audience = "space",
                       .payload = events::ProposalStance{stance, proposal.author_id}});
    return true;
  }));
}

Result<void> close_proposal(store::Store& store, const Viewer& viewer, int64_t proposal_id,
                            const CloseRequest& request) {
  WEFT_TRY_VOID(check_text("outcome", request.outcome, limits::kOutcome.min, limits::kOutcome.max));
  if (request.decision && *request.decision != "adopted" && *request.decision != "rejected") {
    return invalid("decision", "decision must be adopted or rejected.");
  }
  if (request.review_at) {
    const int64_t now = clock::now_seconds();
    if (*request.review_at <= now) return invalid("review_at", "review_at must be in the future.");
    if (*request.review_at > now + 5 * kMaxProposalSeconds) return invalid("review_at", "review_at must be within five years.");
  }
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_ASSIGN_OR_RETURN(auto found, visible_item(c, viewer, "proposals", "status", "from_idea_id",
                                                   proposal_id, "proposal"));
    auto& [proposal, access] = found;
    if (proposal.author_id != viewer.person_id && !access.owner()) {
      return forbidden("Only the proposal's author or a space owner may close it.");
    }
    if (proposal.state != "open") return fail(ErrorCode::kConflict, "This proposal is already closed.");
    if (past_deadline(c, proposal_id)) {
      return fail(ErrorCode::kConflict, "This proposal closed at its deadline; its stances decide it.");
    }
    close_open(c, proposal, viewer.person_id, request);
    return true;
  }));
}

Result<int> close_due_proposals(store::Store& store, int64_t now) {
  return store::transact(store, [&](store::Connection& c) -> Result<int> {
    std::vector<int64_t> due;
    {
      auto rows = c.query("SELECT id FROM proposals WHERE status = 'open' AND closes_at <= ? ORDER BY closes_at LIMIT 500",
                          {now});
      while (rows->next()) due.push_back(rows->int64(0));
    }
    for (int64_t id : due) {
      auto proposal = load_item(c, "proposals", "status", "from_idea_id", id);
      close_open(c, *proposal, std::nullopt, {.outcome = "Closed at the deadline."});
    }
    return static_cast<int>(due.size());
  });
}

std::optional<int64_t> next_deadline(store::Store& store) {
  auto next = store::read(store, [](store::Connection& c) -> Result<std::optional<int64_t>> {
    return c.query_int("SELECT MIN(closes_at) FROM proposals WHERE status = 'open'");
  });
  return next ? *next : std::nullopt;
}

}  // namespace weft::actions
