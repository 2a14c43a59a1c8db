// Problems and their solutions: posting, listing, voting, accepting, reopening.
#include "actions/work.h"
#include "api/app.h"
#include "api/serialize.h"
#include "api/work_params.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/limits.h"
#include "queries/work.h"

namespace weft::api {
using namespace detail;
namespace {

struct NewProblemIn {
  std::string title;
  std::string body;
  std::optional<int64_t> record_id;
};
const auto kNewProblem = [](auto& r, NewProblemIn& in) {
  r.text("title", in.title, {.length = limits::kWorkTitle});
  r.text("body", in.body, {.description = "Markdown text", .sometimes = true, .length = limits::kWorkBody});
  r.id_or_null("record_id", in.record_id, {.description = "the business record it is about"});
};

struct AcceptIn {
  int64_t solution_id = 0;
};
const auto kAccept = [](auto& r, AcceptIn& in) { r.id("solution_id", in.solution_id); };

const auto kAcross = detail::across_shape<Problem>("Problem", [](const Problem& x) { return problem_json(x); }, "problems by status");

Result<http::Response> problem_response(http::Context& context, int64_t id, int status) {
  WEFT_ASSIGN_OR_RETURN(auto problem, queries::problem(context.app.store, context.viewer(), id, true));
  add_problem_suggestions(context.app, context.viewer(), problem);
  return json_response(status, problem_json(problem));
}

Result<http::Response> create_problem(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto space, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  NewProblemIn in;
  WEFT_TRY_VOID(wire::read(body, in, kNewProblem));
  WEFT_ASSIGN_OR_RETURN(auto id, actions::create_problem(context.app.store, context.viewer(), space, in.title, in.body,
                                                         in.record_id));
  return problem_response(context, id, 201);
}

Result<http::Response> list_problems(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto space, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto status, read_filter(context, "status", {"open", "resolved"}));
  WEFT_ASSIGN_OR_RETURN(auto page, page_of(context));
  WEFT_ASSIGN_OR_RETURN(auto list, queries::space_problems(context.app.store, context.viewer(), space, status, page));
  return page_response(list, [](const Problem& p) { return problem_json(p); });
}

Result<http::Response> problems_across(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto scope, space_and_unit(context));
  WEFT_ASSIGN_OR_RETURN(auto status, read_filter(context, "status", {"open", "resolved"}));
  WEFT_ASSIGN_OR_RETURN(auto page, page_of(context));
  queries::WorkFilter filter{scope.first, scope.second, status, ""};
  WEFT_ASSIGN_OR_RETURN(auto list, queries::problems_across(context.app.store, context.viewer(), filter, page));
  return detail::across_response(list, kAcross);
}

Result<http::Response> get_problem(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  return problem_response(context, id, 200);
}

Result<http::Response> add_solution(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto problem, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  TextBodyIn in;
  WEFT_TRY_VOID(wire::read(body, in, kTextBody));
  WEFT_ASSIGN_OR_RETURN(auto id, actions::add_solution(context.app.store, context.viewer(), problem, in.body));
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
  AcceptIn in;
  WEFT_TRY_VOID(wire::read(body, in, kAccept));
  WEFT_TRY_VOID(actions::accept_solution(context.app.store, context.viewer(), id, in.solution_id));
  return problem_response(context, id, 200);
}

Result<http::Response> reopen(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_TRY_VOID(actions::reopen_problem(context.app.store, context.viewer(), id));
  return problem_response(context, id, 200);
}

}  // namespace

void register_problem_routes(App& app) {
  app.shapes->define_input<VoteIn>("Vote", kVote);
  app.shapes->define_input<NewProblemIn>("NewProblem", kNewProblem);
  app.shapes->define_input<TextBodyIn>("TextBody", kTextBody);
  app.shapes->define_input<AcceptIn>("Accept", kAccept);
  app.shapes->define<queries::WorkAcross<Problem>>("ProblemsAcross", kAcross);
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
  r.add("GET", "/api/v1/problems", Access::kSignedIn,
        {.summary = "Problems across every space the caller may see, newest first, with counts by status",
         .tag = "problems", .response_schema = "ProblemsAcross",
         .query = {"space_id", "unit_id", "status", "cursor", "limit"}},
        problems_across);
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
}

}  // namespace weft::api
