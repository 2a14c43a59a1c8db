// The home page's agenda: the work waiting for the signed-in person (queries/agenda.h).
#include "api/app.h"
#include "api/serialize.h"
#include "queries/agenda.h"
#include "queries/person_work.h"
#include "wire/shape.h"

namespace weft::api {
namespace {

const auto kProposal = [](const Proposal& p) { return wire::proposal_json(p); };
const auto kProblem = [](const Problem& p) { return wire::problem_json(p); };
const auto kIdea = [](const Idea& i) { return wire::idea_json(i); };

const auto kAgenda = [](auto& w, const queries::Agenda& a) {
  w.object("awaiting_stance", nullptr, a, [](auto& s, const queries::Agenda& a) {
    s.shape_list("items", "Proposal", a.awaiting_stance, kProposal);
    s.integer("total", a.awaiting_stance_total);
  }, {.description = "open proposals in the caller's spaces without their stance, soonest deadline first"});
  w.object("suggested", nullptr, a, [](auto& s, const queries::Agenda& a) {
    s.shape_list("items", "Problem", a.suggested, kProblem);
  }, {.description = "open problems the caller was suggested for as someone who can help"});
  w.object("open_problems", nullptr, a, [](auto& s, const queries::Agenda& a) {
    s.shape_list("items", "Problem", a.open_problems, kProblem);
    s.integer("total", a.open_problems_total);
  }, {.description = "open problems in the caller's spaces, newest first"});
  w.object("recent_decisions", nullptr, a, [](auto& s, const queries::Agenda& a) {
    s.shape_list("items", "Proposal", a.recent_decisions, kProposal);
  }, {.description = "proposals closed in the caller's spaces in the last 14 days"});
  w.object("idea_updates", nullptr, a, [](auto& s, const queries::Agenda& a) {
    s.shape_list("items", "Idea", a.idea_updates, kIdea);
  }, {.description = "the caller's ideas that moved past new, latest change first"});
  w.object("records", nullptr, a, [](auto& s, const queries::Agenda& a) {
    s.shape_list("items", "Record", a.records, [](const Record& r) { return wire::record_json(r); });
  }, {.description = "records the caller follows, last changed first"});
  w.object("spaces", nullptr, a, [](auto& s, const queries::Agenda& a) {
    s.shape_list("items", "Space", a.spaces, [](const Space& space) { return wire::space_json(space); });
  }, {.description = "the caller's spaces, newest first"});
  w.object("getting_started", nullptr, a, [](auto& s, const queries::Agenda& a) {
    s.integer("skills", a.skills);
    s.integer("spaces", a.space_count);
    s.integer("following", a.following);
  }, {.description = "for a first-run card: what a newcomer has not done yet"});
};

const auto kPersonWork = [](auto& w, const queries::PersonWork& p) {
  w.object("counts", nullptr, p, [](auto& c, const queries::PersonWork& p) {
    c.integer("solved", p.solved_count, {.description = "problems whose accepted solution is theirs"});
    c.integer("solutions", p.solutions_count);
    c.integer("raised", p.raised_count);
    c.integer("ideas", p.ideas_count);
    c.integer("adopted", p.adopted_count, {.description = "their ideas accepted or implemented"});
    c.integer("decisions", p.decisions_count, {.description = "closed proposals they took a stance on"});
  });
  w.shape_list("solved", "Problem", p.solved, kProblem, {.description = "latest resolved first"});
  w.shape_list("raised", "Problem", p.raised, kProblem);
  w.shape_list("adopted", "Idea", p.adopted, kIdea);
  w.shape_list("decisions", "Proposal", p.decisions, kProposal);
};

Result<http::Response> get_agenda(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto a, queries::agenda(context.app.store, context.viewer()));
  return json_response(200, wire::to_json(a, kAgenda));
}

// A person's record of work (queries/person_work.h).
Result<http::Response> get_person_work(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto w, queries::person_work(context.app.store, context.viewer(), id));
  return json_response(200, wire::to_json(w, kPersonWork));
}

}  // namespace

void register_agenda_routes(App& app) {
  app.shapes->define<queries::Agenda>("Agenda", kAgenda);
  app.shapes->define<queries::PersonWork>("PersonWork", kPersonWork);
  app.router.add("GET", "/api/v1/people/{id}/work", http::Access::kSignedIn,
                 {.summary = "A person's record of work over what the caller may see: problems solved (their solution "
                             "accepted), solutions, problems raised, ideas and those adopted, decisions taken part in; "
                             "counts and the latest ten of each",
                  .tag = "people", .response_schema = "PersonWork"},
                 get_person_work);
  app.router.add("GET", "/api/v1/me/agenda", http::Access::kSignedIn,
                 {.summary = "The work waiting for the caller: proposals awaiting their stance, problems they were "
                             "suggested for and open problems in their spaces, recent decisions, their ideas that "
                             "moved, records they follow, their spaces, and what a newcomer has not done yet",
                  .tag = "people", .response_schema = "Agenda"},
                 get_agenda);
}

}  // namespace weft::api
