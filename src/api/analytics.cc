// Analytics: outcomes in a period, counted over what the caller may see (docs/design/analytics.md).
#include "analytics/outcomes.h"
#include "api/app.h"
#include "api/serialize.h"
#include "core/clock.h"
#include "core/json.h"
#include "wire/wire.h"

namespace weft::api {
namespace {

constexpr int64_t kDefaultDays = 30;

// from/to as RFC 3339 (default: the last 30 days), unit_id and space_id as ids.
Result<analytics::Scope> scope_of(http::Context& context) {
  analytics::Scope scope;
  const int64_t now = clock::now_seconds();
  scope.to = now + 1;
  scope.from = now - kDefaultDays * 86400;
  for (auto [name, target] : {std::pair{"from", &scope.from}, std::pair{"to", &scope.to}}) {
    const std::string text = context.request.query(name);
    if (text.empty()) continue;
    auto at = clock::parse_rfc3339(text);
    if (!at) return invalid(name, std::string(name) + " must be an RFC 3339 time.");
    *target = *at;
  }
  if (scope.from >= scope.to) return invalid("from", "from must be before to.");
  for (auto [name, target] : {std::pair{"unit_id", &scope.unit_id}, std::pair{"space_id", &scope.space_id}}) {
    const std::string text = context.request.query(name);
    if (text.empty()) continue;
    auto id = json::parse_id(text);
    if (!id) return invalid(name, std::string(name) + " must be an id.");
    *target = *id;
  }
  scope.min_group = context.app.config.analytics_min_group;
  return scope;
}

Result<http::Response> get_outcomes(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto scope, scope_of(context));
  WEFT_ASSIGN_OR_RETURN(auto figures, analytics::outcomes(context.app.store, context.viewer(), scope));
  return json_response(200, wire::outcomes_json(figures));
}

Result<http::Response> get_items(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto scope, scope_of(context));
  const std::string figure = context.request.query("figure");
  int limit = 50;
  if (const std::string text = context.request.query("limit"); !text.empty()) {
    auto n = json::parse_id(text);
    if (!n || *n > 200) return invalid("limit", "limit must be a whole number from 1 to 200.");
    limit = static_cast<int>(*n);
  }
  WEFT_ASSIGN_OR_RETURN(auto items, analytics::outcome_items(context.app.store, context.viewer(), scope, figure, limit));
  boost::json::array out;
  for (const auto& item : items) {
    out.push_back({{"type", item.type}, {"id", json::id_string(item.id)}, {"title", item.title},
                   {"space_id", json::id_string(item.space_id)}, {"at", time_value(item.at)}});
  }
  return list_response(std::move(out), std::nullopt);
}

}  // namespace

void register_analytics_routes(App& app) {
  using http::Access;
  app.router.add("GET", "/api/v1/analytics/outcomes", Access::kSignedIn,
                 {.summary = "What happened in a period (default: the last 30 days): problems opened and resolved and "
                             "how fast, ideas adopted, proposals decided, chains completed, people taking part — over "
                             "what the caller may see, for one unit's authors or one space if asked",
                  .tag = "analytics", .response_schema = "AnalyticsOutcomes",
                  .query = {"from", "to", "unit_id", "space_id"}},
                 get_outcomes);
  app.router.add("GET", "/api/v1/analytics/outcomes/items", Access::kSignedIn,
                 {.summary = "The items behind one outcome figure (problems_opened, problems_resolved, problems_unsolved, "
                             "ideas_created, ideas_adopted, proposals_decided, chains_completed), newest first",
                  .tag = "analytics", .response_schema = "OutcomeItemList",
                  .query = {"figure", "from", "to", "unit_id", "space_id", "limit"}},
                 get_items);
}

}  // namespace weft::api
