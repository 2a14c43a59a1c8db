// Problems and their solutions: posting, voting, accepting, reopening.
#include "actions/work.h"

#include "actions/work_items.h"
#include "core/clock.h"
#include "core/limits.h"
#include "events/event_log.h"
#include "policy/records.h"
#include "policy/spaces.h"

namespace weft::actions {
using namespace detail;

Result<int64_t> create_problem(store::Store& store, const Viewer& viewer, int64_t space_id,
                               const std::string& title, const std::string& body,
                               std::optional<int64_t> record_id) {
  WEFT_TRY_VOID(check_text("title", title, limits::kWorkTitle.min, limits::kWorkTitle.max));
  WEFT_TRY_VOID(check_text("body", body, limits::kWorkBody.min, limits::kWorkBody.max));
  return store::transact(store, [&](store::Connection& c) -> Result<int64_t> {
    WEFT_TRY_VOID(policy::require_member(c, viewer, space_id));
    if (record_id) WEFT_TRY_VOID(policy::require_record(c, viewer, *record_id));
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
    // Accepting a solution resolves an open problem: say so in the log, as every other way of
    // resolving does (webhooks on problem.resolved carry the outcome back to a record's system).
    if (problem.state == "open") {
      events::append(c, {.actor_id = viewer.person_id,
                         .object_id = problem_id,
                         .space_id = problem.space_id,
                         .audience = "space",
                         .payload = events::ProblemResolved{"solution accepted"}});
    }
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

}  // namespace weft::actions
