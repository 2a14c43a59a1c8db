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
  WEFT_ASSIGN_OR_RETURN(auto title, json::required_string(body, "title", {limits::kWorkTitle.min, limits::kWorkTitle.max}));
  WEFT_ASSIGN_OR_RETURN(auto text, json::optional_string(body, "body", {limits::kWorkBody.min, limits::kWorkBody.max}));
  WEFT_ASSIGN_OR_RETURN(auto closes_text, json::required_string(body, "closes_at", {limits::kTimestamp.min, limits::kTimestamp.max}));
  auto closes_at = clock::parse_rfc3339(closes_text);
  if (!closes_at) return invalid("closes_at", "closes_at must be an RFC 3339 UTC time like 2026-12-01T17:00:00Z.");
  WEFT_ASSIGN_OR_RETURN(auto idea, json::optional_id(body, "from_idea_id"));
  WEFT_ASSIGN_OR_RETURN(auto follow_up, json::optional_id(body, "follow_up_of"));
  WEFT_ASSIGN_OR_RETURN(auto id, actions::create_proposal(context.app.store, context.viewer(), space, title,
                                                          text.value_or(""), *closes_at, idea.value, follow_up.value));
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
  WEFT_ASSIGN_OR_RETURN(request.outcome, json::required_string(body, "outcome", {limits::kOutcome.min, limits::kOutcome.max}));
  WEFT_ASSIGN_OR_RETURN(request.decision, json::optional_string(body, "decision", {limits::kChoice.min, limits::kChoice.max}));
  WEFT_ASSIGN_OR_RETURN(auto resolve, json::optional_bool(body, "resolve_problem"));
  request.resolve_problem = resolve.value_or(false);
  WEFT_ASSIGN_OR_RETURN(auto review_text, json::optional_string(body, "review_at", {limits::kTimestamp.min, limits::kTimestamp.max}));
  if (review_text) {
    auto review_at = clock::parse_rfc3339(*review_text);
    if (!review_at) return invalid("review_at", "review_at must be an RFC 3339 UTC time like 2027-06-01T09:00:00Z.");
    request.review_at = *review_at;
  }
  WEFT_TRY_VOID(actions::close_proposal(context.app.store, context.viewer(), id, request));
  return proposal_response(context, id, 200);
}

}  // namespace

void register_proposal_routes(App& app) {
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
