// Actions on the work in spaces — problems and solutions, ideas and their stages, proposals and
// stances — and the links between them (an idea from a problem, a proposal from an idea) that
// make one outcome chain. Each checks space membership and roles, writes in one transaction and
// appends its event.
#pragma once

#include <optional>
#include <string>

#include "core/error.h"
#include "model/person.h"
#include "store/store.h"

namespace weft::actions {

Result<int64_t> create_problem(store::Store& store, const Viewer& viewer, int64_t space_id,
                               const std::string& title, const std::string& body,
                               std::optional<int64_t> record_id);
Result<int64_t> add_solution(store::Store& store, const Viewer& viewer, int64_t problem_id,
                             const std::string& body);
Result<void> vote_solution(store::Store& store, const Viewer& viewer, int64_t solution_id, int value);
Result<void> accept_solution(store::Store& store, const Viewer& viewer, int64_t problem_id,
                             int64_t solution_id);
Result<void> reopen_problem(store::Store& store, const Viewer& viewer, int64_t problem_id);

Result<int64_t> create_idea(store::Store& store, const Viewer& viewer, int64_t space_id,
                            const std::string& title, const std::string& body,
                            std::optional<int64_t> from_problem_id);
Result<void> vote_idea(store::Store& store, const Viewer& viewer, int64_t idea_id, int value);
Result<int64_t> comment_idea(store::Store& store, const Viewer& viewer, int64_t idea_id,
                             const std::string& body);
Result<void> move_idea(store::Store& store, const Viewer& viewer, int64_t idea_id,
                       const std::string& stage, const std::string& note);
bool stage_move_allowed(const std::string& from, const std::string& to);

Result<int64_t> create_proposal(store::Store& store, const Viewer& viewer, int64_t space_id,
                                const std::string& title, const std::string& body,
                                int64_t closes_at, std::optional<int64_t> from_idea_id,
                                std::optional<int64_t> follow_up_of = std::nullopt);
Result<void> take_stance(store::Store& store, const Viewer& viewer, int64_t proposal_id,
                         const std::string& stance, const std::string& reason);
struct CloseRequest {
  std::string outcome;
  std::optional<std::string> decision;  // adopted | rejected; the tally decides when absent
  bool resolve_problem = false;
  std::optional<int64_t> review_at;  // when the decision should be looked at again (after now)
};
Result<void> close_proposal(store::Store& store, const Viewer& viewer, int64_t proposal_id,
                            const CloseRequest& request);
// Closes every open proposal whose deadline has passed (the scheduler); answers how many.
Result<int> close_due_proposals(store::Store& store, int64_t now);
// The next deadline of an open proposal, if any.
std::optional<int64_t> next_deadline(store::Store& store);

}  // namespace weft::actions
