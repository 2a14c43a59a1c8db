// Analytics: outcomes in a period, counted over what the caller may see (docs/design/analytics.md).
#include <fmt/format.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "analytics/cache.h"
#include "analytics/engagement.h"
#include "analytics/network.h"
#include "analytics/outcomes.h"
#include "api/app.h"
#include "api/serialize.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/threads.h"
#include "events/event_log.h"
#include "wire/shape.h"

namespace weft::api {

// The organization's view: what every member may see (public spaces' work, posts to everyone).
const Viewer kOrganization{0, Role::kMember, std::nullopt};
constexpr int64_t kDefaultDays = 30;

// The log's head, and the latest event that may have taken from someone what they could see.
struct LogMarks {
  int64_t head = 0;
  int64_t access_epoch = 0;
};
LogMarks log_marks(store::Store& store) {
  return store::read(store, [](store::Connection& c) -> Result<LogMarks> {
           return LogMarks{c.query_int("SELECT MAX(id) FROM events", {}).value_or(0), events::access_epoch(c)};
         }).value_or(LogMarks{});
}

// Cached network and engagement figures, per asker and query; and the organization's view of the
// last 30 days, which the dashboard opens on, kept current by a background thread: computed at
// start and again every `fresh_seconds` when something was written (docs/design/analytics.md,
// "Cached figures").
struct AnalyticsCaches {
  AnalyticsCaches(store::Store& store, int64_t fresh_seconds, int64_t min_group)
      : store(store), fresh_seconds(fresh_seconds), min_group(min_group), network(fresh_seconds, 256),
        engagement(fresh_seconds, 256) {
    if (fresh_seconds > 0) warmer = std::thread([this] { warm(); });
  }
  ~AnalyticsCaches() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    wake.notify_all();
    if (warmer.joinable()) warmer.join();
  }

  // The organization's last 30 days, as of the latest refresh (nullptr before the first, and
  // when access was narrowed since: a space made private, say).
  std::pair<std::shared_ptr<const Network>, std::shared_ptr<const Engagement>> organization(int64_t access_epoch) {
    std::lock_guard lock(mutex);
    return {org_network_epoch == access_epoch ? org_network : nullptr,
            org_engagement_epoch == access_epoch ? org_engagement : nullptr};
  }
  void keep(std::shared_ptr<const Network> n, int64_t access_epoch) {
    std::lock_guard lock(mutex);
    if (!org_network || access_epoch > org_network_epoch ||
        (access_epoch == org_network_epoch && n->computed_at >= org_network->computed_at)) {
      org_network = std::move(n);
      org_network_epoch = access_epoch;
    }
  }
  void keep(std::shared_ptr<const Engagement> e, int64_t access_epoch) {
    std::lock_guard lock(mutex);
    if (!org_engagement || access_epoch > org_engagement_epoch ||
        (access_epoch == org_engagement_epoch && e->computed_at >= org_engagement->computed_at)) {
      org_engagement = std::move(e);
      org_engagement_epoch = access_epoch;
    }
  }

  void warm() {
    // The organization's figures take seconds of CPU at 100,000 people. Requests come first: on
    // Linux a thread has a nice value of its own, and this one yields to the request workers and
    // the views whenever they are runnable (docs/DECISIONS.md 73).
    core::name_thread("weft-analytics");
    core::lower_thread_priority();
    int64_t done_head = -1;
    for (;;) {
      const LogMarks marks = log_marks(store);
      if (marks.head != done_head) {
        analytics::Scope scope;
        scope.to = clock::now_seconds() + 1;
        scope.from = scope.to - kDefaultDays * 86400;
        scope.min_group = min_group;
        if (auto n = analytics::network(store, kOrganization, scope)) {
          keep(std::make_shared<const Network>(std::move(*n)), marks.access_epoch);
        }
        if (auto e = analytics::engagement(store, kOrganization, scope)) {
          keep(std::make_shared<const Engagement>(std::move(*e)), marks.access_epoch);
        }
        done_head = marks.head;
      }
      std::unique_lock lock(mutex);
      if (wake.wait_for(lock, std::chrono::seconds(fresh_seconds), [this] { return stopping; })) return;
    }
  }

  store::Store& store;
  const int64_t fresh_seconds;
  const int64_t min_group;
  analytics::FigureCache<Network> network;
  analytics::FigureCache<Engagement> engagement;
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  std::shared_ptr<const Network> org_network;
  std::shared_ptr<const Engagement> org_engagement;
  int64_t org_network_epoch = 0;
  int64_t org_engagement_epoch = 0;
  std::thread warmer;
};

namespace {

const auto kOutcomeItem = [](auto& w, const OutcomeItem& item) {
  w.text("type", item.type, {.one_of = {"problem", "idea", "proposal"}});
  w.id("id", item.id);
  w.text("title", item.title);
  w.id("space_id", item.space_id);
  w.time("at", item.at, {.description = "the time that put it in the figure"});
};

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

// For cached figures the default period ends at the next whole minute, so that asking again within
// the minute finds the same answer.
Result<analytics::Scope> cached_scope_of(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto scope, scope_of(context));
  if (context.request.query("to").empty() && context.request.query("from").empty()) {
    const int64_t now = clock::now_seconds();
    scope.to = (now / 60 + 1) * 60;
    scope.from = scope.to - kDefaultDays * 86400;
  }
  return scope;
}

// Who asks as whom: the same person with a token that does not carry their admin powers, or after
// a move to another unit, sees other figures; and none kept from before access was narrowed.
std::string cache_key(const Viewer& viewer, const analytics::Scope& scope, int64_t access_epoch) {
  return fmt::format("{}:{}:{}:{}:{}:{}:{}:{}", viewer.person_id, static_cast<int>(viewer.role),
                     viewer.unit_id.value_or(0), access_epoch, scope.from, scope.to, scope.unit_id.value_or(0),
                     scope.level.value_or(-1));
}


// view=mine (default): everything the caller may see; view=organization: what every member may
// see — the same answer for everyone, kept current in the background for the last 30 days.
Result<bool> organization_view(http::Context& context) {
  const std::string view = context.request.query("view");
  if (view.empty() || view == "mine") return false;
  if (view != "organization") return invalid("view", "view must be mine or organization.");
  if (context.viewer().is_guest()) return forbidden("Guests see the figures of their own spaces only (view=mine).");
  return true;
}

bool default_period(http::Context& context) {
  return context.request.query("from").empty() && context.request.query("to").empty();
}

template <typename T>
Result<http::Response> answer(const std::shared_ptr<const T>& figures, bool organization, int64_t now,
                              boost::json::object (*to_json)(const T&)) {
  T copy = *figures;
  copy.age_seconds = std::max<int64_t>(0, now - figures->computed_at);
  copy.view = organization ? "organization" : "mine";
  return json_response(200, to_json(copy));
}

// One cached figure (network or engagement): the organization's kept view when `kept` asks for it
// and has one, else the cache's answer for the asker (or the organization) and the scope.
template <typename T, typename Compute, typename Kept>
Result<http::Response> cached_answer(http::Context& context, const analytics::Scope& scope, bool organization,
                                     bool kept, analytics::FigureCache<T>& cache, Kept kept_value,
                                     Compute compute, boost::json::object (*to_json)(const T&)) {
  const int64_t now = clock::now_seconds();
  store::Store& store = context.app.store;
  const LogMarks marks = log_marks(store);
  if (kept) {
    if (std::shared_ptr<const T> value = kept_value(marks.access_epoch)) return answer(value, true, now, to_json);
  }
  const Viewer viewer = organization ? kOrganization : context.viewer();
  WEFT_ASSIGN_OR_RETURN(auto figures, cache.get(cache_key(viewer, scope, marks.access_epoch), marks.head, now,
                                                [&store, viewer, scope, compute] { return compute(store, viewer, scope); }));
  if (kept) context.app.analytics_caches->keep(figures, marks.access_epoch);
  return answer(figures, organization, now, to_json);
}

Result<http::Response> get_network(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto scope, cached_scope_of(context));
  if (!context.request.query("unit_id").empty() || !context.request.query("space_id").empty()) {
    return invalid("unit_id", "The network covers the whole organization: unit_id and space_id do not apply.");
  }
  if (const std::string text = context.request.query("level"); !text.empty()) {
    auto level = json::parse_id(text);
    if (text == "0") level = 0;
    if (!level || *level > 20) return invalid("level", "level must be a depth of the unit tree, 0 to 20.");
    scope.level = static_cast<int>(*level);
  }
  WEFT_ASSIGN_OR_RETURN(const bool organization, organization_view(context));
  auto& caches = *context.app.analytics_caches;
  const bool kept = organization && default_period(context) && !scope.level;
  return cached_answer<Network>(context, scope, organization, kept, caches.network,
                                [&caches](int64_t epoch) { return caches.organization(epoch).first; },
                                analytics::network, wire::network_json);
}

Result<http::Response> get_engagement(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto scope, cached_scope_of(context));
  if (!context.request.query("space_id").empty()) return invalid("space_id", "space_id does not apply to engagement.");
  WEFT_ASSIGN_OR_RETURN(const bool organization, organization_view(context));
  auto& caches = *context.app.analytics_caches;
  const bool kept = organization && default_period(context) && !scope.unit_id;
  return cached_answer<Engagement>(context, scope, organization, kept, caches.engagement,
                                   [&caches](int64_t epoch) { return caches.organization(epoch).second; },
                                   analytics::engagement, wire::engagement_json);
}

Result<http::Response> get_outcomes(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto scope, scope_of(context));
  WEFT_ASSIGN_OR_RETURN(auto figures, analytics::outcomes(context.app.store, context.viewer(), scope));
  return json_response(200, wire::outcomes_json(figures));
}

// A CSV field: quoted when it holds a comma, a quote or a line break; a leading =, +, - or @ is
// prefixed with ' so that a spreadsheet does not run it as a formula.
std::string csv_field(const std::string& value) {
  std::string text = value;
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@')) text = "'" + text;
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char ch : text) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

// The report as CSV, a figure a row: figure,value (empty when withheld or unknown).
Result<http::Response> export_outcomes(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto scope, scope_of(context));
  WEFT_ASSIGN_OR_RETURN(auto o, analytics::outcomes(context.app.store, context.viewer(), scope));
  std::string body = "figure,value\r\n";
  auto row = [&](const std::string& name, const std::string& value) { body += csv_field(name) + "," + csv_field(value) + "\r\n"; };
  auto number = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string(); };
  row("from", clock::rfc3339(o.from));
  row("to", clock::rfc3339(o.to));
  row("unit_id", number(o.unit_id));
  row("space_id", number(o.space_id));
  row("problems_opened", std::to_string(o.problems_opened));
  row("problems_resolved", std::to_string(o.problems_resolved));
  row("time_to_first_solution_median_seconds", number(o.time_to_first_solution.median_seconds));
  row("time_to_first_solution_p90_seconds", number(o.time_to_first_solution.p90_seconds));
  row("time_to_resolution_median_seconds", number(o.time_to_resolution.median_seconds));
  row("time_to_resolution_p90_seconds", number(o.time_to_resolution.p90_seconds));
  for (const auto& b : o.unsolved_by_age) row("unsolved_" + b.name, std::to_string(b.count));
  row("ideas_created", std::to_string(o.ideas_created));
  for (const auto& b : o.ideas_by_stage) row("ideas_" + b.name, std::to_string(b.count));
  row("ideas_adoption_rate", o.adoption_rate ? fmt::format("{:.4f}", *o.adoption_rate) : std::string());
  row("proposals_opened", std::to_string(o.proposals_opened));
  row("proposals_decided", std::to_string(o.proposals_decided));
  row("proposals_adopted", std::to_string(o.proposals_adopted));
  row("proposals_rejected", std::to_string(o.proposals_rejected));
  row("proposals_blocked", std::to_string(o.proposals_blocked));
  row("decisions_past_review", std::to_string(o.proposals_past_review));
  row("chains_completed", std::to_string(o.chains_completed));
  row("pages_created", std::to_string(o.pages_created));
  row("page_saves", std::to_string(o.page_saves));
  row("problems_captured", std::to_string(o.problems_captured));
  row("proposals_captured", std::to_string(o.proposals_captured));
  row("participants", number(o.participants));
  row("participant_units", number(o.participant_units));
  http::Response response;
  response.content_type = "text/csv; charset=utf-8";
  response.body = std::move(body);
  const std::string date = clock::rfc3339(clock::now_seconds()).substr(0, 10);
  response.set_header("Content-Disposition", "attachment; filename=\"weft-outcomes-" + date + ".csv\"");
  return response;
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
  for (const auto& item : items) out.push_back(wire::to_json(item, kOutcomeItem));
  return list_response(std::move(out), std::nullopt);
}

}  // namespace

void register_analytics_routes(App& app) {
  app.shapes->define_items<OutcomeItem>("OutcomeItemList", "OutcomeItem", kOutcomeItem);
  using http::Access;
  app.analytics_caches = std::make_shared<AnalyticsCaches>(app.store, app.config.analytics_cache_seconds,
                                                         app.config.analytics_min_group);
  app.router.add("GET", "/api/v1/analytics/network", Access::kSignedIn,
                 {.summary = "The collaboration network in a period (default: the last 30 days) over what the caller may "
                             "see: the unit x unit matrix, the share of ties that cross units and its trend, brokers, "
                             "silos, communities next to units; cached (computed_at, age_seconds)",
                  .tag = "analytics", .response_schema = "AnalyticsNetwork", .query = {"from", "to", "view", "level"}},
                 get_network);
  app.router.add("GET", "/api/v1/analytics/engagement", Access::kSignedIn,
                 {.summary = "Connecting vs reaching in a period: people reached vs people who connected for posts, "
                             "problems, ideas and proposals; broadcast vs conversation per unit; reshare cascades and "
                             "the sharers who carry posts to new people; cached (computed_at, age_seconds)",
                  .tag = "analytics", .response_schema = "AnalyticsEngagement", .query = {"from", "to", "unit_id", "view"}},
                 get_engagement);
  app.router.add("GET", "/api/v1/analytics/outcomes", Access::kSignedIn,
                 {.summary = "What happened in a period (default: the last 30 days): problems opened and resolved and "
                             "how fast, ideas adopted, proposals decided, chains completed, people taking part — over "
                             "what the caller may see, for one unit's authors or one space if asked",
                  .tag = "analytics", .response_schema = "AnalyticsOutcomes",
                  .query = {"from", "to", "unit_id", "space_id"}},
                 get_outcomes);
  app.router.add("GET", "/api/v1/analytics/outcomes/export", Access::kSignedIn,
                 {.summary = "The outcomes report as CSV (figure,value), for a spreadsheet; the same query as "
                             "/analytics/outcomes",
                  .tag = "analytics", .query = {"from", "to", "unit_id", "space_id"}},
                 export_outcomes);
  app.router.add("GET", "/api/v1/analytics/outcomes/items", Access::kSignedIn,
                 {.summary = "The items behind one outcome figure (problems_opened, problems_resolved, problems_unsolved, "
                             "ideas_created, ideas_adopted, proposals_decided, chains_completed, decisions_past_review), newest first",
                  .tag = "analytics", .response_schema = "OutcomeItemList",
                  .query = {"figure", "from", "to", "unit_id", "space_id", "limit"}},
                 get_items);
}

}  // namespace weft::api
