// Proposals: opening, listing, stances and closing.
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

struct NewProposalIn {
  std::string title;
  std::string body;
  int64_t closes_at = 0;
  std::optional<int64_t> from_idea_id;
  std::optional<int64_t> follow_up_of;
};
const auto kNewProposal = [](auto& r, NewProposalIn& in) {
  r.text("title", in.title, {.length = limits::kWorkTitle});
  r.text("body", in.body, {.description = "Markdown text", .sometimes = true, .length = limits::kWorkBody});
  r.time("closes_at", in.closes_at, {.description = "when the vote ends (after now)"});
  r.id_or_null("from_idea_id", in.from_idea_id, {.description = "the idea it carries forward"});
  r.id_or_null("follow_up_of", in.follow_up_of, {.description = "the earlier proposal it follows up"});
};

const auto kCloseProposal = [](auto& r, actions::CloseRequest& in) {
  r.text("outcome", in.outcome, {.description = "what was decided, in words", .length = limits::kOutcome});
  r.text_or_null("decision", in.decision, {.one_of = {"adopted", "rejected"},
                                           .description = "absent: the tally decides", .length = limits::kChoice});
  r.boolean("resolve_problem", in.resolve_problem,
            {.description = "also resolve the problem the proposal came from", .sometimes = true});
  r.time_or_null("review_at", in.review_at, {.description = "when the decision should be looked at again"});
};

struct StanceIn {
  std::string stance;
  std::string reason;
};
const auto kStance = [](auto& r, StanceIn& in) {
  r.text("stance", in.stance, {.one_of = {"agree", "abstain", "disagree", "block"}, .length = limits::kChoice});
  r.text("reason", in.reason, {.sometimes = true, .length = limits::kReason});
};

const auto kAcross = detail::across_shape<Proposal>("Proposal", [](const Proposal& x) { return proposal_json(x); }, "proposals open, adopted and rejected");

Result<http::Response> proposal_response(http::Context& context, int64_t id, int status) {
  WEFT_ASSIGN_OR_RETURN(auto proposal, queries::proposal(context.app.store, context.viewer(), id, true));
  return json_response(status, proposal_json(proposal));
}

Result<http::Response> create_proposal(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto space, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  NewProposalIn in;
  WEFT_TRY_VOID(wire::read(body, in, kNewProposal));
  WEFT_ASSIGN_OR_RETURN(auto id, actions::create_proposal(context.app.store, context.viewer(), space, in.title, in.body,
                                                          in.closes_at, in.from_idea_id, in.follow_up_of));
  return proposal_response(context, id, 201);
}

Result<http::Response> proposals_across(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto scope, space_and_unit(context));
  WEFT_ASSIGN_OR_RETURN(auto status, read_filter(context, "status", {"open", "closed"}));
  WEFT_ASSIGN_OR_RETURN(auto decision, read_filter(context, "decision", {"adopted", "rejected"}));
  WEFT_ASSIGN_OR_RETURN(auto page, page_of(context));
  queries::WorkFilter filter{scope.first, scope.second, status, decision};
  WEFT_ASSIGN_OR_RETURN(auto list, queries::proposals_across(context.app.store, context.viewer(), filter, page));
  return detail::across_response(list, kAcross);
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
  StanceIn in;
  WEFT_TRY_VOID(wire::read(body, in, kStance));
  WEFT_TRY_VOID(actions::take_stance(context.app.store, context.viewer(), id, in.stance, in.reason));
  return proposal_response(context, id, 200);
}

Result<http::Response> close(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  actions::CloseRequest request;
  WEFT_TRY_VOID(wire::read(body, request, kCloseProposal));
  WEFT_TRY_VOID(actions::close_proposal(context.app.store, context.viewer(), id, request));
  return proposal_response(context, id, 200);
}

}  // namespace

void register_proposal_routes(App& app) {
  app.shapes->define_input<NewProposalIn>("NewProposal", kNewProposal);
  app.shapes->define_input<actions::CloseRequest>("CloseProposal", kCloseProposal);
  app.shapes->define_input<StanceIn>("StanceBody", kStance);
  app.shapes->define<queries::WorkAcross<Proposal>>("ProposalsAcross", kAcross);
  using http::Access;
  auto& r = app.router;
  const std::vector<std::string> page_query = {"cursor", "limit"};
  r.add("POST", "/api/v1/spaces/{id}/proposals", Access::kSignedIn,
        {.summary = "Open a proposal with a deadline", .tag = "proposals",
         .request_schema = "NewProposal", .response_schema = "ProposalDetail", .status = 201},
        create_proposal);
  r.add("GET", "/api/v1/spaces/{id}/proposals", Access::kSignedIn,
        {.summary = "A space's proposals, newest first", .tag = "proposals",
         .response_schema = "ProposalList", .query = {"status", "cursor", "limit"}},
        list_proposals);
  r.add("GET", "/api/v1/proposals", Access::kSignedIn,
        {.summary = "Proposals and decisions across every space the caller may see, newest first, with counts "
                    "(open, adopted, rejected)",
         .tag = "proposals", .response_schema = "ProposalsAcross",
         .query = {"space_id", "unit_id", "status", "decision", "cursor", "limit"}},
        proposals_across);
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
