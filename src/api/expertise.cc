// Expertise: who can help with a problem (GET /expertise), feedback on suggestions, a person's
// availability, and how well suggestions have worked (admins). docs/design/expertise.md.
#include "actions/expertise.h"
#include "api/app.h"
#include "api/serialize.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/limits.h"
#include "expertise/service.h"
#include "policy/spaces.h"
#include "wire/shape.h"

namespace weft::api {
namespace {

struct SuggestionsOut {
  std::vector<ExpertSuggestion> items;
  bool ready = false;
};
const auto kSuggestions = [](auto& w, const SuggestionsOut& s) {
  w.shape_list("items", "ExpertSuggestion", s.items, [](const ExpertSuggestion& e) { return wire::suggestion_json(e); });
  w.boolean("ready", s.ready, {.description = "false while the expertise index is still being built"});
};

struct FeedbackOut {
  actions::FeedbackOutcome outcome;
  actions::FeedbackInput input;
};
const auto kFeedback = [](auto& w, const FeedbackOut& f) {
  w.id("id", f.outcome.id);
  w.id("person_id", f.outcome.person_id, {.description = "who was suggested"});
  w.text("verdict", f.input.verdict, {.one_of = {"not_me", "helped"}});
  w.text("subject_type", f.input.subject_type, {.one_of = {"problem", "record"}});
  w.id("subject_id", f.input.subject_id);
  w.time("created_at", f.outcome.created_at);
};

const auto kFeedbackIn = [](auto& r, actions::FeedbackInput& in) {
  r.text("verdict", in.verdict, {.one_of = {"not_me", "helped"}, .length = limits::kChoice});
  r.text("subject_type", in.subject_type, {.one_of = {"problem", "record"}, .length = limits::kChoice});
  r.id("subject_id", in.subject_id, {.description = "the problem's or record's id"});
  r.id_or_null("person_id", in.person_id, {.description = "helped: who helped; not_me: the caller, or absent"});
};

struct AvailabilityOut {
  std::optional<int64_t> until;
};
const auto kAvailability = [](auto& w, const AvailabilityOut& a) {
  w.time_or_null("unavailable_until", a.until, {.description = "left out of suggestions until then; null: available"});
};

constexpr std::size_t kQueryMax = 2000;

Result<std::optional<int64_t>> optional_id_query(http::Context& context, const char* name) {
  const std::string text = context.request.query(name);
  if (text.empty()) return std::optional<int64_t>();
  auto id = json::parse_id(text);
  if (!id) return invalid(name, std::string(name) + " must be an id.");
  return std::optional<int64_t>(*id);
}

Result<http::Response> who_can_help(http::Context& context) {
  const std::string q = context.request.query("q");
  if (json::utf8_length(q) > kQueryMax) return invalid("q", "q must be at most 2000 characters.");
  if (q.find_first_not_of(" \t\r\n") == std::string::npos) return invalid("q", "Describe the problem: q.");
  int limit = 10;
  if (const std::string text = context.request.query("limit"); !text.empty()) {
    auto n = json::parse_id(text);
    if (!n || *n > 50) return invalid("limit", "limit must be a whole number from 1 to 50.");
    limit = static_cast<int>(*n);
  }
  WEFT_ASSIGN_OR_RETURN(auto space_id, optional_id_query(context, "space_id"));
  WEFT_ASSIGN_OR_RETURN(auto unit_id, optional_id_query(context, "unit_id"));
  const std::string outside = context.request.query("outside_unit");
  if (!outside.empty() && outside != "true" && outside != "false") {
    return invalid("outside_unit", "outside_unit must be true or false.");
  }
  expertise::SuggestRequest request{.text = q, .space_id = space_id, .unit_id = unit_id,
                                    .outside_unit = outside == "true", .limit = limit};
  std::vector<ExpertSuggestion> items;
  auto found = store::read(context.app.store, [&](store::Connection& c) -> Result<bool> {
    if (space_id) {
      // Filtering by a space names its members: the caller must see them.
      WEFT_TRY_VOID(discard_value(policy::require_content(c, context.viewer(), *space_id)));
    }
    if (unit_id && (context.viewer().is_guest() || !c.query_int("SELECT 1 FROM units WHERE id = ?", {*unit_id}))) {
      // As GET /units/{id}: guests see no units.
      return not_found("No such unit.");
    }
    if (context.app.expertise) items = context.app.expertise->suggest(c, context.viewer(), request);
    return true;
  });
  if (!found) return std::unexpected(found.error());
  const bool ready = context.app.expertise != nullptr && context.app.expertise->ready();
  return json_response(200, wire::to_json(SuggestionsOut{std::move(items), ready}, kSuggestions));
}

Result<http::Response> give_feedback(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  actions::FeedbackInput input;
  WEFT_TRY_VOID(wire::read(body, input, kFeedbackIn));
  WEFT_ASSIGN_OR_RETURN(auto outcome, actions::give_feedback(context.app.store, context.viewer(), input));
  return json_response(outcome.created ? 201 : 200, wire::to_json(FeedbackOut{outcome, input}, kFeedback));
}

Result<http::Response> set_availability(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  auto it = body.find("unavailable_until");
  if (it == body.end()) return invalid("unavailable_until", "unavailable_until is required (a time, or null).");
  std::optional<int64_t> until;
  if (!it->value().is_null()) {
    if (!it->value().is_string()) return invalid("unavailable_until", "unavailable_until must be an RFC 3339 time or null.");
    until = clock::parse_rfc3339(std::string(it->value().get_string()));
    if (!until) return invalid("unavailable_until", "unavailable_until must be an RFC 3339 time or null.");
  }
  WEFT_TRY_VOID(actions::set_availability(context.app.store, context.viewer(), until));
  return json_response(200, wire::to_json(AvailabilityOut{until}, kAvailability));
}

Result<http::Response> accuracy(http::Context& context) {
  const int64_t now = clock::now_seconds();
  int64_t from = now - 365 * 86400, to = now + 1;
  for (auto [name, target] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
    const std::string text = context.request.query(name);
    if (text.empty()) continue;
    auto at = clock::parse_rfc3339(text);
    if (!at) return invalid(name, std::string(name) + " must be an RFC 3339 time.");
    *target = *at;
  }
  if (from >= to) return invalid("from", "from must be before to.");
  ExpertiseAccuracy report;
  report.from = from;
  report.to = to;
  if (context.app.expertise) {
    auto found = store::read(context.app.store, [&](store::Connection& c) -> Result<ExpertiseAccuracy> {
      return context.app.expertise->accuracy(c, context.viewer(), from, to);
    });
    if (!found) return std::unexpected(found.error());
    report = std::move(*found);
  }
  return json_response(200, wire::accuracy_json(report));
}

}  // namespace

void add_problem_suggestions(App& app, const Viewer& viewer, Problem& problem) {
  if (!app.expertise) return;
  expertise::SuggestRequest request{.title = problem.title,
                                    .text = problem.body,
                                    .subject_type = "problem",
                                    .subject_id = problem.id,
                                    .subject_space_id = problem.space_id,
                                    .subject_record_id = problem.record_id,
                                    .include_viewer = true,
                                    .exclude_person = problem.author.id,
                                    .limit = 5};
  auto found = store::read(app.store, [&](store::Connection& c) -> Result<std::vector<ExpertSuggestion>> {
    return app.expertise->suggest(c, viewer, request);
  });
  if (found) problem.suggested_experts = std::move(*found);
}

void add_record_suggestions(App& app, const Viewer& viewer, Record& record) {
  if (!app.expertise) return;
  std::string fields;
  if (auto parsed = json::parse_object(record.fields)) {
    // The words of its text fields (a customer's name, a product); numbers and codes say little.
    for (const auto& [key, value] : *parsed) {
      if (value.is_string()) fields += std::string(value.get_string()) + "\n";
    }
  }
  expertise::SuggestRequest request{.title = record.title,
                                    .text = fields,
                                    .subject_type = "record",
                                    .subject_id = record.id,
                                    .subject_record_id = record.id,
                                    .include_viewer = true,
                                    .limit = 5};
  auto found = store::read(app.store, [&](store::Connection& c) -> Result<std::vector<ExpertSuggestion>> {
    return app.expertise->suggest(c, viewer, request);
  });
  if (found && !found->empty()) {
    // Those the engine names first; the record's followers and owner's unit after, when there is room.
    std::vector<ExpertSuggestion> merged = std::move(*found);
    for (auto& s : record.suggested_experts) {
      if (merged.size() >= 5) break;
      bool named = false;
      for (const auto& m : merged) named = named || m.person.id == s.person.id;
      if (!named) merged.push_back(std::move(s));
    }
    record.suggested_experts = std::move(merged);
    record.suggestions_basis = "expertise";
  }
}

void register_expertise_routes(App& app) {
  app.shapes->define_input<actions::FeedbackInput>("ExpertiseFeedbackInput", kFeedbackIn);
  using http::Access;
  app.shapes->define<SuggestionsOut>("ExpertSuggestionList", kSuggestions);
  app.shapes->define<FeedbackOut>("ExpertiseFeedback", kFeedback);
  app.shapes->define<AvailabilityOut>("Availability", kAvailability);
  auto& r = app.router;
  r.add("GET", "/api/v1/expertise", Access::kSignedIn,
        {.summary = "Who can help with a problem described in plain words: people ranked from what they have done, "
                    "each with reasons that cite evidence the caller may see",
         .tag = "expertise", .response_schema = "ExpertSuggestionList",
         .query = {"q", "limit", "space_id", "unit_id", "outside_unit"}},
        who_can_help);
  r.add("POST", "/api/v1/expertise/feedback", Access::kSignedIn,
        {.summary = "Feedback on a suggestion: not_me (from the person suggested) or helped (from the one who asked)",
         .tag = "expertise", .request_schema = "ExpertiseFeedbackInput", .response_schema = "ExpertiseFeedback",
         .status = 201, .other_status = 200},
        give_feedback);
  r.add("PUT", "/api/v1/me/availability", Access::kSignedIn,
        {.summary = "Be left out of suggestions until a time (null: available again)", .tag = "expertise",
         .request_schema = "Availability", .response_schema = "Availability"},
        set_availability);
  r.add("GET", "/api/v1/expertise/accuracy", Access::kAdmin,
        {.summary = "How well suggestions work here: for problems resolved in [from, to), where the accepted solver "
                    "ranked with only what was known when the problem was posted",
         .tag = "expertise", .response_schema = "ExpertiseAccuracy", .query = {"from", "to"}},
        accuracy);
}

}  // namespace weft::api
