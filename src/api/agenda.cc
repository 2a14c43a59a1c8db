// The home page's agenda: the work waiting for the signed-in person (queries/agenda.h).
#include "api/app.h"
#include "api/serialize.h"
#include "queries/agenda.h"
#include "queries/person_work.h"
#include "wire/wire.h"

namespace weft::api {
namespace {

template <typename T, typename ToJson>
boost::json::array array_of(const std::vector<T>& items, ToJson&& to_json) {
  boost::json::array out;
  for (const auto& item : items) out.push_back(to_json(item));
  return out;
}

Result<http::Response> get_agenda(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto a, queries::agenda(context.app.store, context.viewer()));
  auto proposal = [](const Proposal& p) { return wire::proposal_json(p); };
  auto problem = [](const Problem& p) { return wire::problem_json(p); };
  boost::json::object body{
      {"awaiting_stance", {{"items", array_of(a.awaiting_stance, proposal)}, {"total", a.awaiting_stance_total}}},
      {"suggested", {{"items", array_of(a.suggested, problem)}}},
      {"open_problems", {{"items", array_of(a.open_problems, problem)}, {"total", a.open_problems_total}}},
      {"recent_decisions", {{"items", array_of(a.recent_decisions, proposal)}}},
      {"idea_updates", {{"items", array_of(a.idea_updates, [](const Idea& i) { return wire::idea_json(i); })}}},
      {"records", {{"items", array_of(a.records, [](const Record& r) { return wire::record_json(r); })}}},
      {"spaces", {{"items", array_of(a.spaces, [](const Space& s) { return wire::space_json(s); })}}},
      {"getting_started", {{"skills", a.skills}, {"spaces", a.space_count}, {"following", a.following}}},
  };
  return json_response(200, body);
}

// A person's record of work (queries/person_work.h).
Result<http::Response> get_person_work(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto w, queries::person_work(context.app.store, context.viewer(), id));
  auto problem = [](const Problem& p) { return wire::problem_json(p); };
  boost::json::object body{
      {"counts",
       {{"solved", w.solved_count},
        {"solutions", w.solutions_count},
        {"raised", w.raised_count},
        {"ideas", w.ideas_count},
        {"adopted", w.adopted_count},
        {"decisions", w.decisions_count}}},
      {"solved", array_of(w.solved, problem)},
      {"raised", array_of(w.raised, problem)},
      {"adopted", array_of(w.adopted, [](const Idea& i) { return wire::idea_json(i); })},
      {"decisions", array_of(w.decisions, [](const Proposal& p) { return wire::proposal_json(p); })},
  };
  return json_response(200, body);
}

}  // namespace

void register_agenda_routes(App& app) {
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
