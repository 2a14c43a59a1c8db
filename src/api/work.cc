// Problems and solutions, ideas, proposals: the work in a space and its outcome chain.
#include "actions/work.h"
#include "api/app.h"
#include "api/serialize.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/limits.h"
#include "queries/work.h"

namespace weft::api {
namespace {

Result<int> read_vote(const boost::json::object& body) {
  const auto* value = body.if_contains("value");
  if (value == nullptr || !value->is_int64() || value->as_int64() < -1 || value->as_int64() > 1) {
    return invalid("value", "value must be 1, -1 or 0.");
  }
  return static_cast<int>(value->as_int64());
}

Result<std::string> read_filter(http::Context& context, const char* name,
                                std::initializer_list<const char*> allowed) {
  std::string value = context.request.query(name);
  if (value.empty()) return value;
  for (const char* candidate : allowed) {
    if (value == candidate) return value;
  }
  return invalid(name, std::string(name) + " is not one of the allowed values.");
}

Result<cursor::PageRequest> page_of(http::Context& context) {
  return cursor::page_request(context.request.query("cursor"), context.request.query("limit"), 1);
}

// --- problems ---

Result<http::Response> problem_response(http::Context& context, int64_t id, int status) {
  WEFT_ASSIGN_OR_RETURN(auto problem, queries::problem(context.app.store, context.viewer(), id, true));
  return json_response(status, problem_json(problem));
}

Result<http::Response> create_problem(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto space, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto title, json::required_string(body, "title", {limits::kWorkTitle.min, limits::kWorkTitle.max}));
  WEFT_ASSIGN_OR_RETURN(auto text, json::optional_string(body, "body", {limits::kWorkBody.min, limits::kWorkBody.max}));
  WEFT_ASSIGN_OR_RETURN(auto record, json::optional_id(body, "record_id"));
  WEFT_ASSIGN_OR_RETURN(auto id, actions::create_problem(context.app.store, context.viewer(), space, title,
                                                         text.value_or(""), record.value));
  return problem_response(context, id, 201);
}

Result<http::Response> list_problems(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto space, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto status, read_filter(context, "status", {"open", "resolved"}));
  WEFT_ASSIGN_OR_RETURN(auto page, page_of(context));
  WEFT_ASSIGN_OR_RETURN(auto list, queries::space_problems(context.app.store, context.viewer(), space, status, page));
  return page_response(list, [](const Problem& p) { return problem_json(p); });
}

Result<http::Response> get_problem(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  return problem_response(context, id, 200);
}

Result<http::Response> add_solution(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto problem, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto text, json::required_string(body, "body", {limits::kAnswer.min, limits::kAnswer.max}));
  WEFT_ASSIGN_OR_RETURN(auto id, actions::add_solution(context.app.store, context.viewer(), problem, text));
  WEFT_ASSIGN_OR_RETURN(auto solution, queries::solution(context.app.store, context.viewer(), id));
  return json_response(201, solution_json(solution));
}

Result<http::Response> vote_solution(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto value, read_vote(body));
  WEFT_TRY_VOID(actions::vote_solution(context.app.store, context.viewer(), id, value));
  WEFT_ASSIGN_OR_RETURN(auto solution, queries::solution(context.app.store, context.viewer(), id));
  return json_response(200, solution_json(solution));
}

Result<http::Response> accept(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto solution, json::optional_id(body, "solution_id"));
  if (!solution.value) return invalid("solution_id", "solution_id is required.");
  WEFT_TRY_VOID(actions::accept_solution(context.app.store, context.viewer(), id, *solution.value));
  return problem_response(context, id, 200);
}

Result<http::Response> reopen(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_TRY_VOID(actions::reopen_problem(context.app.store, context.viewer(), id));
  return problem_response(context, id, 200);
}

// --- ideas ---

Result<http::Response> idea_response(http::Context& context, int64_t id, int status) {
  WEFT_ASSIGN_OR_RETURN(auto idea, queries::idea(context.app.store, context.viewer(), id, true));
  return json_response(status, idea_json(idea));
}

Result<http::Response> create_idea(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto space, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto title, json::required_string(body, "title", {limits::kWorkTitle.min, limits::kWorkTitle.max}));
  WEFT_ASSIGN_OR_RETURN(auto text, json::optional_string(body, "body", {limits::kWorkBody.min, limits::kWorkBody.max}));
  WEFT_ASSIGN_OR_RETURN(auto problem, json::optional_id(body, "from_problem_id"));
  WEFT_ASSIGN_OR_RETURN(auto id, actions::create_idea(context.app.store, context.viewer(), space, title,
                                                      text.value_or(""), problem.value));
  return idea_response(context, id, 201);
}

Result<http::Response> list_ideas(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto space, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto stage, read_filter(context, "stage",
                                                {"new", "under_review", "accepted", "implemented", "declined"}));
  WEFT_ASSIGN_OR_RETURN(auto page, page_of(context));
  WEFT_ASSIGN_OR_RETURN(auto list, queries::space_ideas(context.app.store, context.viewer(), space, stage, page));
  return page_response(list, [](const Idea& i) { return idea_json(i); });
}

Result<http::Response> get_idea(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  return idea_response(context, id, 200);
}

Result<http::Response> vote_idea(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto value, read_vote(body));
  WEFT_TRY_VOID(actions::vote_idea(context.app.store, context.viewer(), id, value));
  return idea_response(context, id, 200);
}

Result<http::Response> comment_idea(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto text, json::required_string(body, "body", {limits::kAnswer.min, limits::kAnswer.max}));
  WEFT_ASSIGN_OR_RETURN(auto comment, actions::comment_idea(context.app.store, context.viewer(), id, text));
  // The comment itself, however many came before it (the idea page shows the first 1,000).
  WEFT_ASSIGN_OR_RETURN(auto c, queries::idea_comment(context.app.store, context.viewer(), comment));
  return json_response(201, boost::json::object{{"id", std::to_string(c.id)},
                                                {"author", summary_json(c.author)},
                                                {"body", c.body},
                                                {"created_at", clock::rfc3339(c.created_at)}});
}

Result<http::Response> move_idea(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto stage, json::required_string(body, "stage", {limits::kChoice.min, limits::kChoice.max}));
  WEFT_ASSIGN_OR_RETURN(auto note, json::required_string(body, "note", {limits::kNote.min, limits::kNote.max}));
  WEFT_TRY_VOID(actions::move_idea(context.app.store, context.viewer(), id, stage, note));
  return idea_response(context, id, 200);
}

// --- proposals ---

Result<http::Response> proposal_response(http::Context& context, int64_t id, int status) {
  WEFT_ASSIGN_OR_RETURN(auto proposal, queries::proposal(context.app.store, context.viewer(), id, true));
  return json_response(status, proposal_json(proposal));
}

Result<http::Response> create_proposal(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto space, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto title, json::required_string(body, "title", {limits::kWorkTitle.min, limits::kWorkTitle.max}));
  WEFT_ASSIGN_OR_RETURN(auto text, json::optional_string(body, "body", {limits::kWorkBody.min, limits::kWorkBody.max}));
  WEFT_ASSIGN_OR_RETURN(auto closes_text, json::required_string(body, "closes_at", {limits::kTimestamp.min, limits::kTimestamp.max}));
  auto closes_at = clock::parse_rfc3339(closes_text);
  if (!closes_at) return invalid("closes_at", "closes_at must be an RFC 3339 UTC time like 2026-12-01T17:00:00Z.");
  WEFT_ASSIGN_OR_RETURN(auto idea, json::optional_id(body, "from_idea_id"));
  WEFT_ASSIGN_OR_RETURN(auto id, actions::create_proposal(context.app.store, context.viewer(), space, title,
                                                          text.value_or(""), *closes_at, idea.value));
  return proposal_response(context, id, 201);
}

Result<http::Response> list_proposals(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto space, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto status, read_filter(context, "status", {"open", "closed"}));
  WEFT_ASSIGN_OR_RETURN(auto page, page_of(context));
  WEFT_ASSIGN_OR_RETURN(auto list, queries::space_proposals(context.app.store, context.viewer(), space, status, page));
  return page_response(list, [](const Proposal& p) { return proposal_json(p); });
}

Result<http::Response> get_proposal(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  return proposal_response(context, id, 200);
}

Result<http::Response> stance(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  WEFT_ASSIGN_OR_RETURN(auto value, json::required_string(body, "stance", {limits::kChoice.min, limits::kChoice.max}));
  WEFT_ASSIGN_OR_RETURN(auto reason, json::optional_string(body, "reason", {limits::kReason.min, limits::kReason.max}));
  WEFT_TRY_VOID(actions::take_stance(context.app.store, context.viewer(), id, value, reason.value_or("")));
  return proposal_response(context, id, 200);
}

Result<http::Response> close(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  actions::CloseRequest request;
  WEFT_ASSIGN_OR_RETURN(request.outcome, json::required_string(body, "outcome", {limits::kOutcome.min, limits::kOutcome.max}));
  WEFT_ASSIGN_OR_RETURN(request.decision, json::optional_string(body, "decision", {limits::kChoice.min, limits::kChoice.max}));
  WEFT_ASSIGN_OR_RETURN(auto resolve, json::optional_bool(body, "resolve_problem"));
  request.resolve_problem = resolve.value_or(false);
  WEFT_TRY_VOID(actions::close_proposal(context.app.store, context.viewer(), id, request));
  return proposal_response(context, id, 200);
}

}  // namespace

void register_work_routes(App& app) {
  using http::Access;
  auto& r = app.router;
  const std::vector<std::string> page_query = {"cursor", "limit"};
  r.add("POST", "/api/v1/spaces/{id}/problems", Access::kSignedIn,
        {.summary = "Post a problem in a space", .tag = "problems", .request_schema = "NewProblem",
         .response_schema = "ProblemDetail", .status = 201},
        create_problem);
  r.add("GET", "/api/v1/spaces/{id}/problems", Access::kSignedIn,
        {.summary = "A space's problems, newest first", .tag = "problems",
         .response_schema = "ProblemList", .query = {"status", "cursor", "limit"}},
        list_problems);
  r.add("GET", "/api/v1/problems/{id}", Access::kSignedIn,
        {.summary = "A problem with its solutions and chain", .tag = "problems",
         .response_schema = "ProblemDetail"},
        get_problem);
  r.add("POST", "/api/v1/problems/{id}/solutions", Access::kSignedIn,
        {.summary = "Propose a solution", .tag = "problems", .request_schema = "TextBody",
         .response_schema = "Solution", .status = 201},
        add_solution);
  r.add("PUT", "/api/v1/solutions/{id}/vote", Access::kSignedIn,
        {.summary = "Vote on a solution: 1, -1 or 0 to withdraw", .tag = "problems",
         .request_schema = "Vote", .response_schema = "Solution"},
        vote_solution);
  r.add("POST", "/api/v1/problems/{id}/accept", Access::kSignedIn,
        {.summary = "Accept a solution (the problem's author or a space owner)", .tag = "problems",
         .request_schema = "Accept", .response_schema = "ProblemDetail"},
        accept);
  r.add("POST", "/api/v1/problems/{id}/reopen", Access::kSignedIn,
        {.summary = "Reopen a resolved problem", .tag = "problems", .response_schema = "ProblemDetail"},
        reopen);
  r.add("POST", "/api/v1/spaces/{id}/ideas", Access::kSignedIn,
        {.summary = "Pitch an idea, on its own or from a problem", .tag = "ideas",
         .request_schema = "NewIdea", .response_schema = "IdeaDetail", .status = 201},
        create_idea);
  r.add("GET", "/api/v1/spaces/{id}/ideas", Access::kSignedIn,
        {.summary = "A space's ideas (the board), newest first", .tag = "ideas",
         .response_schema = "IdeaList", .query = {"stage", "cursor", "limit"}},
        list_ideas);
  r.add("GET", "/api/v1/ideas/{id}", Access::kSignedIn,
        {.summary = "An idea with comments, stage history and chain", .tag = "ideas",
         .response_schema = "IdeaDetail"},
        get_idea);
  r.add("PUT", "/api/v1/ideas/{id}/vote", Access::kSignedIn,
        {.summary = "Vote on an idea: 1, -1 or 0 to withdraw", .tag = "ideas",
         .request_schema = "Vote", .response_schema = "IdeaDetail"},
        vote_idea);
  r.add("POST", "/api/v1/ideas/{id}/comments", Access::kSignedIn,
        {.summary = "Comment on an idea", .tag = "ideas", .request_schema = "TextBody",
         .response_schema = "Comment", .status = 201},
        comment_idea);
  r.add("POST", "/api/v1/ideas/{id}/stage", Access::kSignedIn,
        {.summary = "Move an idea to another stage, with a note (space owners)", .tag = "ideas",
         .request_schema = "StageChange", .response_schema = "IdeaDetail"},
        move_idea);
  r.add("POST", "/api/v1/spaces/{id}/proposals", Access::kSignedIn,
        {.summary = "Open a proposal with a deadline", .tag = "proposals",
         .request_schema = "NewProposal", .response_schema = "ProposalDetail", .status = 201},
        create_proposal);
  r.add("GET", "/api/v1/spaces/{id}/proposals", Access::kSignedIn,
        {.summary = "A space's proposals, newest first", .tag = "proposals",
         .response_schema = "ProposalList", .query = {"status", "cursor", "limit"}},
        list_proposals);
  r.add("GET", "/api/v1/proposals/{id}", Access::kSignedIn,
        {.summary = "A proposal with stances, reasons and chain", .tag = "proposals",
         .response_schema = "ProposalDetail"},
        get_proposal);
  r.add("PUT", "/api/v1/proposals/{id}/stance", Access::kSignedIn,
        {.summary = "Take a stance: agree, abstain, disagree or block, with a reason",
         .tag = "proposals", .request_schema = "StanceBody", .response_schema = "ProposalDetail"},
        stance);
  r.add("POST", "/api/v1/proposals/{id}/close", Access::kSignedIn,
        {.summary = "Close a proposal with a written outcome (its author or a space owner)",
         .tag = "proposals", .request_schema = "CloseProposal", .response_schema = "ProposalDetail"},
        close);
}

}  // namespace weft::api
