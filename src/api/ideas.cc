// Ideas: pitching, listing, voting, comments and stage moves.
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

struct NewIdeaIn {
  std::string title;
  std::string body;
  std::optional<int64_t> from_problem_id;
};
const auto kNewIdea = [](auto& r, NewIdeaIn& in) {
  r.text("title", in.title, {.length = limits::kWorkTitle});
  r.text("body", in.body, {.description = "Markdown text", .sometimes = true, .length = limits::kWorkBody});
  r.id_or_null("from_problem_id", in.from_problem_id, {.description = "the problem it answers"});
};

struct StageIn {
  std::string stage;
  std::string note;
};
const auto kStageChange = [](auto& r, StageIn& in) {
  r.text("stage", in.stage, {.one_of = {"new", "under_review", "accepted", "implemented", "declined"},
                             .length = limits::kChoice});
  r.text("note", in.note, {.description = "why it moves", .length = limits::kNote});
};

const auto kAcross = detail::across_shape<Idea>("Idea", [](const Idea& x) { return idea_json(x); }, "ideas by stage");

Result<http::Response> idea_response(http::Context& context, int64_t id, int status) {
  WEFT_ASSIGN_OR_RETURN(auto idea, queries::idea(context.app.store, context.viewer(), id, true));
  return json_response(status, idea_json(idea));
}

Result<http::Response> create_idea(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto space, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  NewIdeaIn in;
  WEFT_TRY_VOID(wire::read(body, in, kNewIdea));
  WEFT_ASSIGN_OR_RETURN(auto id, actions::create_idea(context.app.store, context.viewer(), space, in.title, in.body,
                                                      in.from_problem_id));
  return idea_response(context, id, 201);
}

Result<http::Response> ideas_across(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto scope, space_and_unit(context));
  WEFT_ASSIGN_OR_RETURN(auto stage, read_filter(context, "stage", {"new", "under_review", "accepted", "implemented",
                                                                   "declined"}));
  WEFT_ASSIGN_OR_RETURN(auto page, page_of(context));
  queries::WorkFilter filter{scope.first, scope.second, stage, ""};
  WEFT_ASSIGN_OR_RETURN(auto list, queries::ideas_across(context.app.store, context.viewer(), filter, page));
  return detail::across_response(list, kAcross);
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
  TextBodyIn in;
  WEFT_TRY_VOID(wire::read(body, in, kTextBody));
  WEFT_ASSIGN_OR_RETURN(auto comment, actions::comment_idea(context.app.store, context.viewer(), id, in.body));
  // The comment itself, however many came before it (the idea page shows the first 1,000).
  WEFT_ASSIGN_OR_RETURN(auto c, queries::idea_comment(context.app.store, context.viewer(), comment));
  return json_response(201, wire::comment_json(c));
}

Result<http::Response> move_idea(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  StageIn in;
  WEFT_TRY_VOID(wire::read(body, in, kStageChange));
  WEFT_TRY_VOID(actions::move_idea(context.app.store, context.viewer(), id, in.stage, in.note));
  return idea_response(context, id, 200);
}

}  // namespace

void register_idea_routes(App& app) {
  app.shapes->define_input<VoteIn>("Vote", kVote);
  app.shapes->define_input<NewIdeaIn>("NewIdea", kNewIdea);
  app.shapes->define_input<TextBodyIn>("TextBody", kTextBody);
  app.shapes->define_input<StageIn>("StageChange", kStageChange);
  app.shapes->define<queries::WorkAcross<Idea>>("IdeasAcross", kAcross);
  using http::Access;
  auto& r = app.router;
  const std::vector<std::string> page_query = {"cursor", "limit"};
  r.add("POST", "/api/v1/spaces/{id}/ideas", Access::kSignedIn,
        {.summary = "Pitch an idea, on its own or from a problem", .tag = "ideas",
         .request_schema = "NewIdea", .response_schema = "IdeaDetail", .status = 201},
        create_idea);
  r.add("GET", "/api/v1/spaces/{id}/ideas", Access::kSignedIn,
        {.summary = "A space's ideas (the board), newest first", .tag = "ideas",
         .response_schema = "IdeaList", .query = {"stage", "cursor", "limit"}},
        list_ideas);
  r.add("GET", "/api/v1/ideas", Access::kSignedIn,
        {.summary = "Ideas across every space the caller may see, newest first, with counts by stage",
         .tag = "ideas", .response_schema = "IdeasAcross", .query = {"space_id", "unit_id", "stage", "cursor", "limit"}},
        ideas_across);
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
}

}  // namespace weft::api
