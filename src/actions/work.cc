#include "actions/work.h"

#include <boost/json.hpp>
#include <map>

#include "actions/spaces.h"
#include "core/clock.h"
#include "core/limits.h"
#include "core/json.h"
#include "events/event_log.h"
#include "policy/spaces.h"

namespace weft::actions {
namespace {

constexpr int64_t kMaxProposalSeconds = 366LL * 24 * 3600;

struct Item {
  int64_t id = 0;
  int64_t space_id = 0;
  int64_t author_id = 0;
  std::string state;  // status or stage
  std::optional<int64_t> link;  // from_problem_id / from_idea_id / accepted_solution_id
};

std::optional<Item> load_item(store::Connection& c, const char* table, const char* state_column,
                              const char* link_column, int64_t id) {
  auto rows = c.query(std::string("SELECT id, space_id, author_id, ") + state_column + ", " +
                          link_column + " FROM " + table + " WHERE id = ?",
                      {id});
  if (!rows->next()) return std::nullopt;
  return Item{rows->int64(0), rows->int64(1), rows->int64(2), rows->text(3), rows->optional_int64(4)};
}

// The item when the viewer may see its space's content; 404 otherwise (never 403 for an item).
Result<std::pair<Item, policy::SpaceAccess>> visible_item(store::Connection& c, const Viewer& viewer,
                                                          const char* table, const char* state,
                                                          const char* link, int64_t id,
                                                          const char* what) {
  auto item = load_item(c, table, state, link, id);
  if (!item) return not_found(std::string("No such ") + what + ".");
  auto access = policy::space_access(c, viewer, item->space_id);
  if (!access.content) return not_found(std::string("No such ") + what + ".");
  return std::pair{*item, access};
}

Result<void> check_text(const std::string& field, const std::string& text, std::size_t min,
                        std::size_t max) {
  std::size_t length = json::utf8_length(text);
  if (length < min) return invalid(field, field + " must not be empty.");
  if (length > max) return invalid(field, field + " must be at most " + std::to_string(max) + " characters.");
  return {};
}

void resolve_problem(store::Connection& c, int64_t problem_id, std::optional<int64_t> actor,
                     const char* why) {
  if (c.execute("UPDATE problems SET status = 'resolved', resolved_at = ? WHERE id = ? AND status = 'open'",
                {clock::now_seconds(), problem_id}) == 0) {
    return;
  }
  auto space = c.query_int("SELECT space_id FROM problems WHERE id = ?", {problem_id});
  events::append(c, {.actor_id = actor,
                     .object_id = problem_id,
                     .space_id = space,
                     .audience = "space",
                     .payload = events::ProblemResolved{why}});
}

void set_stage(store::Connection& c, int64_t idea_id, int64_t space_id, const std::string& stage,
               const std::string& note, std::optional<int64_t> actor) {
  const int64_t now = clock::now_seconds();
  c.execute("UPDATE ideas SET stage = ?, stage_changed_at = ? WHERE id = ?", {stage, now, idea_id});
  c.execute("INSERT INTO idea_stages (idea_id, stage, note, by_id, at) VALUES (?, ?, ?, ?, ?)",
            {idea_id, stage, note, actor, now});
  events::append(c, {.actor_id = actor,
                     .object_id = idea_id,
                     .space_id = space_id,
                     .audience = "space",
                     .payload = events::IdeaStageChanged{stage}});
  if (stage == "implemented") {
    if (auto problem = c.query_int("SELECT from_problem_id FROM ideas WHERE id = ?", {idea_id})) {
      resolve_problem(c, *problem, actor, "idea implemented");
    }
  }
}

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
      "UPDATE proposals SET status = 'closed', outcome = ?, decision = ?, closed_at = ? WHERE id = ?",
      {request.outcome, decision, clock::now_seconds(), proposal.id});
  events::append(c, {.actor_id = actor,
                     .object_id = proposal.id,
                     .space_id = proposal.space_id,
                     .audience = "space",
                     .payload = events::ProposalClosed{decision, proposal.author_id}});
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

}  // namespace

bool stage_move_allowed(const std::string& from, const std::string& to) {
  static const std::map<std::string, std::vector<std::string>> moves = {
      {"new", {"under_review", "declined"}},
      {"under_review", {"accepted", "declined", "new"}},
      {"accepted", {"implemented", "under_review", "declined"}},
      {"declined", {"under_review"}},
      {"implemented", {}}};
  auto it = moves.find(from);
  return it != moves.end() && std::find(it->second.begin(), it->second.end(), to) != it->second.end();
}

Result<int64_t> create_problem(store::Store& store, const Viewer& viewer, int64_t space_id,
                               const std::string& title, const std::string& body,
                               std::optional<int64_t> record_id) {
  WEFT_TRY_VOID(check_text("title", title, limits::kWorkTitle.min, limits::kWorkTitle.max));
  WEFT_TRY_VOID(check_text("body", body, limits::kWorkBody.min, limits::kWorkBody.max));
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    WEFT_TRY_VOID(policy::require_member(c, viewer, space_id));
    if (record_id) return not_found("No such record.");
    int64_t id = c.insert_returning_id(
        "INSERT INTO problems (space_id, author_id, title, body, record_id, created_at) VALUES (?, "
        "?, ?, ?, ?, ?)",
        {space_id, viewer.person_id, title, body, record_id, clock::now_seconds()});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = id,
                       .space_id = space_id,
                       .audience = "space",
                       .payload = events::ProblemCreated{}});
    return id;
  });
}

Result<int64_t> add_solution(store::Store& store, const Viewer& viewer, int64_t problem_id,
                             const std::string& body) {
  WEFT_TRY_VOID(check_text("body", body, limits::kAnswer.min, limits::kAnswer.max));
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    WEFT_ASSIGN_OR_RETURN(auto found, visible_item(c, viewer, "problems", "status",
                                                   "accepted_solution_id", problem_id, "problem"));
    auto& [problem, access] = found;
    if (!access.member()) return forbidden("Join the space first.");
    int64_t id = c.insert_returning_id("INSERT INTO solutions (problem_id, author_id, body, created_at) VALUES (?, ?, ?, ?)",
              {problem_id, viewer.person_id, body, clock::now_seconds()});
    c.execute("UPDATE problems SET solution_count = solution_count + 1 WHERE id = ?", {problem_id});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = problem_id,
                       .space_id = problem.space_id,
                       .audience = "space",
                       .payload = events::SolutionAdded{id, problem.author_id}});
    return id;
  });
}

Result<void> vote_solution(store::Store& store, const Viewer& viewer, int64_t solution_id, int value) {
  if (value < -1 || value > 1) return invalid("value", "value must be 1, -1 or 0.");
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    auto rows = c.query("SELECT problem_id, author_id FROM solutions WHERE id = ?", {solution_id});
    if (!rows->next()) return not_found("No such solution.");
    int64_t problem_id = rows->int64(0), author = rows->int64(1);
    rows.reset();
    WEFT_ASSIGN_OR_RETURN(auto found, visible_item(c, viewer, "problems", "status",
                                                   "accepted_solution_id", problem_id, "solution"));
    if (!found.second.member()) return forbidden("Join the space first.");
    if (author == viewer.person_id) return invalid("value", "You cannot vote on your own solution.");
    int64_t old = c.query_int("SELECT value FROM solution_votes WHERE solution_id = ? AND person_id = ?",
                              {solution_id, viewer.person_id}).value_or(0);
    if (old == value) return true;
    if (value == 0) {
      c.execute("DELETE FROM solution_votes WHERE solution_id = ? AND person_id = ?", {solution_id, viewer.person_id});
    } else {
      c.execute(
          "INSERT INTO solution_votes (solution_id, person_id, value) VALUES (?, ?, ?) ON CONFLICT "
          "(solution_id, person_id) DO UPDATE SET value = excluded.value",
          {solution_id, viewer.person_id, value});
    }
    c.execute("UPDATE solutions SET votes = votes + ? WHERE id = ?", {value - old, solution_id});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = problem_id,
                       .space_id = found.first.space_id,
                       .audience = "space",
                       .payload = events::SolutionVoted{solution_id, value}});
    return true;
  }));
}

Result<void> accept_solution(store::Store& store, const Viewer& viewer, int64_t problem_id,
                             int64_t solution_id) {
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_ASSIGN_OR_RETURN(auto found, visible_item(c, viewer, "problems", "status",
                                                   "accepted_solution_id", problem_id, "problem"));
    auto& [problem, access] = found;
    if (problem.author_id != viewer.person_id && !access.owner()) {
      return forbidden("Only the problem's author or a space owner may accept a solution.");
    }
    auto author = c.query_int("SELECT author_id FROM solutions WHERE id = ? AND problem_id = ?",
                              {solution_id, problem_id});
    if (!author) return invalid("solution_id", "That solution does not belong to this problem.");
    if (problem.link == solution_id && problem.state == "resolved") return true;
    const int64_t now = clock::now_seconds();
    c.execute(
        "UPDATE problems SET status = 'resolved', accepted_solution_id = ?, resolved_at = "
        "COALESCE(CASE WHEN status = 'resolved' THEN resolved_at END, ?) WHERE id = ?",
        {solution_id, now, problem_id});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = problem_id,
                       .space_id = problem.space_id,
                       .audience = "space",
                       .payload = events::SolutionAccepted{solution_id, *author}});
    return true;
  }));
}

Result<void> reopen_problem(store::Store& store, const Viewer& viewer, int64_t problem_id) {
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_ASSIGN_OR_RETURN(auto found, visible_item(c, viewer, "problems", "status",
                                                   "accepted_solution_id", problem_id, "problem"));
    auto& [problem, access] = found;
    if (problem.author_id != viewer.person_id && !access.owner()) {
      return forbidden("Only the problem's author or a space owner may reopen it.");
    }
    if (problem.state == "open") return true;
    c.execute("UPDATE problems SET status = 'open', accepted_solution_id = NULL, resolved_at = NULL WHERE id = ?",
              {problem_id});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = problem_id,
                       .space_id = problem.space_id,
                       .audience = "space",
                       .payload = events::ProblemReopened{}});
    return true;
  }));
}

Result<int64_t> create_idea(store::Store& store, const Viewer& viewer, int64_t space_id,
                            const std::string& title, const std::string& body,
                            std::optional<int64_t> from_problem_id) {
  WEFT_TRY_VOID(check_text("title", title, limits::kWorkTitle.min, limits::kWorkTitle.max));
  WEFT_TRY_VOID(check_text("body", body, limits::kWorkBody.min, limits::kWorkBody.max));
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    WEFT_TRY_VOID(policy::require_member(c, viewer, space_id));
    if (from_problem_id) {
      auto space = c.query_int("SELECT space_id FROM problems WHERE id = ?", {*from_problem_id});
      if (!space || *space != space_id) {
        return invalid("from_problem_id", "from_problem_id must name a problem in this space.");
      }
    }
    const int64_t now = clock::now_seconds();
    int64_t id = c.insert_returning_id(
        "INSERT INTO ideas (space_id, author_id, title, body, from_problem_id, created_at, "
        "stage_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {space_id, viewer.person_id, title, body, from_problem_id, now, now});
    c.execute("INSERT INTO idea_stages (idea_id, stage, note, by_id, at) VALUES (?, 'new', 'Pitched.', ?, ?)",
              {id, viewer.person_id, now});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = id,
                       .space_id = space_id,
                       .audience = "space",
                       .payload = events::IdeaCreated{from_problem_id}});
    return id;
  });
}

Result<void> vote_idea(store::Store& store, const Viewer& viewer, int64_t idea_id, int value) {
  if (value < -1 || value > 1) return invalid("value", "value must be 1, -1 or 0.");
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_ASSIGN_OR_RETURN(auto found, visible_item(c, viewer, "ideas", "stage", "from_problem_id",
                                                   idea_id, "idea"));
    if (!found.second.member()) return forbidden("Join the space first.");
    int64_t old = c.query_int("SELECT value FROM idea_votes WHERE idea_id = ? AND person_id = ?",
                              {idea_id, viewer.person_id}).value_or(0);
    if (old == value) return true;
    if (value == 0) {
      c.execute("DELETE FROM idea_votes WHERE idea_id = ? AND person_id = ?", {idea_id, viewer.person_id});
    } else {
      c.execute(
          "INSERT INTO idea_votes (idea_id, person_id, value) VALUES (?, ?, ?) ON CONFLICT "
          "(idea_id, person_id) DO UPDATE SET value = excluded.value",
          {idea_id, viewer.person_id, value});
    }
    c.execute("UPDATE ideas SET score = score + ? WHERE id = ?", {value - old, idea_id});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = idea_id,
                       .space_id = found.first.space_id,
                       .audience = "space",
                       .payload = events::IdeaVoted{value}});
    return true;
  }));
}

Result<int64_t> comment_idea(store::Store& store, const Viewer& viewer, int64_t idea_id,
                             const std::string& body) {
  WEFT_TRY_VOID(check_text("body", body, limits::kAnswer.min, limits::kAnswer.max));
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    WEFT_ASSIGN_OR_RETURN(auto found, visible_item(c, viewer, "ideas", "stage", "from_problem_id",
                                                   idea_id, "idea"));
    if (!found.second.member()) return forbidden("Join the space first.");
    int64_t id = c.insert_returning_id("INSERT INTO idea_comments (idea_id, author_id, body, created_at) VALUES (?, ?, ?, ?)",
              {idea_id, viewer.person_id, body, clock::now_seconds()});
    c.execute("UPDATE ideas SET comment_count = comment_count + 1 WHERE id = ?", {idea_id});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = idea_id,
                       .space_id = found.first.space_id,
                       .audience = "space",
                       .payload = events::IdeaCommented{id, found.first.author_id}});
    return id;
  });
}

Result<void> move_idea(store::Store& store, const Viewer& viewer, int64_t idea_id,
                       const std::string& stage, const std::string& note) {
  static const std::vector<std::string> stages = {"new", "under_review", "accepted", "implemented", "declined"};
  if (std::find(stages.begin(), stages.end(), stage) == stages.end()) {
    return invalid("stage", "stage must be new, under_review, accepted, implemented or declined.");
  }
  WEFT_TRY_VOID(check_text("note", note, limits::kNote.min, limits::kNote.max));
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_ASSIGN_OR_RETURN(auto found, visible_item(c, viewer, "ideas", "stage", "from_problem_id",
                                                   idea_id, "idea"));
    auto& [idea, access] = found;
    if (!access.owner()) return forbidden("Only the space's owners move ideas through stages.");
    if (!stage_move_allowed(idea.state, stage)) {
      return invalid("stage", "An idea cannot move from " + idea.state + " to " + stage + ".");
    }
    set_stage(c, idea_id, idea.space_id, stage, note, viewer.person_id);
    return true;
  }));
}

Result<int64_t> create_proposal(store::Store& store, const Viewer& viewer, int64_t space_id,
                                const std::string& title, const std::string& body,
                                int64_t closes_at, std::optional<int64_t> from_idea_id) {
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
    int64_t id = c.insert_returning_id(
        "INSERT INTO proposals (space_id, author_id, title, body, from_idea_id, closes_at, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {space_id, viewer.person_id, title, body, from_idea_id, closes_at, now});
    events::append(c, {.actor_id = viewer.person_id,
                       .object_id = id,
                       .space_id = space_id,
                       .audience = "space",
                       .payload = events::ProposalOpened{closes_at}});
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
  return discard_value(store::transact(store, [&](store::Connection& c) -> Result<bool> {
    WEFT_ASSIGN_OR_RETURN(auto found, visible_item(c, viewer, "proposals", "status", "from_idea_id",
                                                   proposal_id, "proposal"));
    auto& [proposal, access] = found;
    if (proposal.author_id != viewer.person_id && !access.owner()) {
      return forbidden("Only the proposal's author or a space owner may close it.");
    }
    if (proposal.state != "open") return fail(ErrorCode::kConflict, "This proposal is already closed.");
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
