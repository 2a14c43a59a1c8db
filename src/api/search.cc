// Search and notifications.
#include "api/app.h"
#include "api/serialize.h"
#include "core/json.h"
#include "actions/notifications.h"
#include "queries/notifications.h"
#include "queries/search.h"
#include "search/search.h"
#include "wire/shape.h"

namespace weft::api {
namespace {

const auto kHit = [](auto& w, const queries::SearchHit& hit) {
  w.text("type", hit.type, {.one_of = {"post", "person", "space", "problem", "idea", "proposal", "record", "page"}});
  w.id("id", hit.id);
  w.text("title", hit.title);
  w.text("snippet", hit.snippet, {.description = "HTML-escaped text; only <mark> is markup"});
  w.id_or_null("space_id", hit.space_id, {.description = "the space it belongs to, if any"});
  w.text_or_null("space_name", hit.space_id ? std::optional(hit.space_name) : std::nullopt);
  w.texts("matched", hit.matched, {.one_of = {"title", "text", "author", "name", "handle", "skills", "purpose"},
                                   .description = "where the words were found"});
};

const auto kGroup = [](auto& w, const NotificationGroup& g) {
  w.text("kind", g.kind);
  w.text("priority", g.priority, {.one_of = {"work", "conversation", "social"}});
  w.text("subject_type", g.subject_type);
  w.id("subject_id", g.subject_id);
  w.id_or_null("post_id", g.post_id);
  w.id_or_null("space_id", g.space_id);
  w.text_or_null("space_name", g.space_id ? std::optional(g.space_name) : std::nullopt);
  w.text("excerpt", g.excerpt, {.description = "the post's first words or the item's title; empty for a person"});
  w.array("actors", "PersonSummary", g.actors, wire::kSummary, {.description = "the latest three, newest first"});
  w.integer("actor_count", g.actor_count, {.description = "distinct people"});
  w.integer("count", g.count);
  w.integer("unread", g.unread);
  w.time("latest_at", g.latest_at);
  w.ids("ids", g.ids, {.description = "to mark the group read"});
};

struct CountOut {
  int64_t count = 0;
};
const auto kCount = [](auto& w, const CountOut& c) { w.integer("count", c.count); };

Result<http::Response> search(http::Context& context) {
  std::string q = context.request.query("q");
  if (json::utf8_length(q) < 1 || json::utf8_length(q) > 200 || !json::valid_utf8(q)) {
    return invalid("q", "q must be 1 to 200 characters.");
  }
  std::string type = context.request.query("type");
  if (!type.empty() && type != "post" && type != "person" && type != "space" && type != "problem" &&
      type != "idea" && type != "proposal" && type != "record" && type != "page") {
    return invalid("type", "type must be post, person, space, problem, idea, proposal, record or page.");
  }
  WEFT_ASSIGN_OR_RETURN(auto page, cursor::page_request(context.request.query("cursor"),
                                                        context.request.query("limit"),
                                                        queries::search_cursor_parts(type),
                                                        queries::search_max_offset(type)));
  // What was written before this request is found (read-your-writes), within a bounded wait:
  // the index is written by the search subscriber just after each commit.
  search::await_fresh(context.app.store, search::kFreshnessBudget);
  WEFT_ASSIGN_OR_RETURN(auto hits, queries::search(context.app.store, context.viewer(), q, type, page));
  return page_response(hits, [](const queries::SearchHit& hit) { return wire::to_json(hit, kHit); });
}

Result<http::Response> list_notifications(http::Context& context) {
  std::string unread = context.request.query("unread");
  if (!unread.empty() && unread != "true" && unread != "false") {
    return invalid("unread", "unread must be true or false.");
  }
  WEFT_ASSIGN_OR_RETURN(auto page, cursor::page_request(context.request.query("cursor"),
                                                        context.request.query("limit"), 1));
  WEFT_ASSIGN_OR_RETURN(auto items, queries::notifications(context.app.store, context.viewer(),
                                                           unread == "true", page));
  return page_response(items, [](const Notification& n) { return notification_json(n); });
}

// Grouped by kind and subject ("Bea, Amara and 12 others reacted"), work first (queries/notifications.h).
Result<http::Response> notification_groups(http::Context& context) {
  std::string unread = context.request.query("unread");
  if (!unread.empty() && unread != "true" && unread != "false") {
    return invalid("unread", "unread must be true or false.");
  }
  int limit = 30;
  if (const std::string text = context.request.query("limit"); !text.empty()) {
    auto n = json::parse_id(text);
    if (!n || *n > 100) return invalid("limit", "limit must be a whole number from 1 to 100.");
    limit = static_cast<int>(*n);
  }
  WEFT_ASSIGN_OR_RETURN(auto groups, queries::notification_groups(context.app.store, context.viewer(),
                                                                  unread == "true", limit));
  boost::json::array items;
  for (const auto& g : groups) items.push_back(wire::to_json(g, kGroup));
  return list_response(std::move(items), std::nullopt);
}

Result<http::Response> unread_count(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto count, queries::unread_count(context.app.store, context.viewer()));
  return json_response(200, wire::to_json(CountOut{count}, kCount));
}

struct MarkReadIn {
  std::vector<int64_t> ids;
  bool all = false;
};
const auto kMarkRead = [](auto& r, MarkReadIn& in) {
  r.ids("ids", in.ids, {.description = "the notifications to mark read", .sometimes = true, .max_items = 1000});
  r.boolean("all", in.all, {.description = "true: every notification", .sometimes = true});
};

Result<http::Response> mark_read(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  MarkReadIn in;
  WEFT_TRY_VOID(wire::read(body, in, kMarkRead));
  const std::vector<int64_t>& ids = in.ids;
  if (ids.empty() && !in.all) return invalid("ids", "Send ids, or all: true.");
  WEFT_TRY_VOID(actions::mark_read(context.app.store, context.viewer(), ids, ids.empty()));
  return http::Response::no_content();
}

}  // namespace

void register_search_routes(App& app) {
  app.shapes->define_input<MarkReadIn>("MarkRead", kMarkRead);
  app.shapes->define_page<queries::SearchHit>("SearchResults", "SearchHit", kHit);
  app.shapes->define_items<NotificationGroup>("NotificationGroupList", "NotificationGroup", kGroup);
  app.shapes->define<CountOut>("Count", kCount);
  using http::Access;
  auto& r = app.router;
  // The WebSocket itself is served by the upgrade path (App::upgrade); this route describes it
  // and answers plain requests.
  r.add("GET", "/api/v1/stream", Access::kSignedIn,
        {.summary = "WebSocket (upgrade): notifications and new feed posts as {id,type,data}; "
                    "?since=<event id> resumes",
         .tag = "notifications", .status = 101, .query = {"since"}},
        [](http::Context&) -> Result<http::Response> {
          auto response = http::error_response(
              {ErrorCode::kInvalidArgument, "Connect with a WebSocket upgrade request."});
          response.status = 426;
          response.set_header("Upgrade", "websocket");
          return response;
        });
  r.add("GET", "/api/v1/search", Access::kSignedIn,
        {.summary = "Ranked search over what I may see; snippets mark matches with <mark>",
         .tag = "search", .response_schema = "SearchResults",
         .query = {"q", "type", "cursor", "limit"}},
        search);
  r.add("GET", "/api/v1/notifications", Access::kSignedIn,
        {.summary = "My notifications, newest first", .tag = "notifications",
         .response_schema = "NotificationList", .query = {"unread", "cursor", "limit"}},
        list_notifications);
  r.add("GET", "/api/v1/notifications/groups", Access::kSignedIn,
        {.summary = "My latest notifications grouped by kind and subject (\"Bea, Amara and 12 others reacted\"), "
                    "unread first and work before conversation before reactions, with an excerpt and the space",
         .tag = "notifications", .response_schema = "NotificationGroupList", .query = {"unread", "limit"}},
        notification_groups);
  r.add("GET", "/api/v1/notifications/unread_count", Access::kSignedIn,
        {.summary = "How many of my notifications are unread", .tag = "notifications",
         .response_schema = "Count"},
        unread_count);
  r.add("POST", "/api/v1/notifications/read", Access::kSignedIn,
        {.summary = "Mark notifications read: ids, or all", .tag = "notifications",
         .request_schema = "MarkRead", .status = 204},
        mark_read);
}

}  // namespace weft::api
