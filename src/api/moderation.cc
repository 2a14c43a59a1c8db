// Moderation (reports, the queue, hide and restore) and the admin audit log.
#include "actions/moderation.h"
#include "api/app.h"
#include "api/serialize.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/limits.h"
#include "queries/moderation.h"
#include "wire/shape.h"

namespace weft::api {
namespace {

const auto kReport = [](auto& w, const queries::Report& r) {
  w.id("id", r.id);
  w.object("reporter", "PersonSummary", r.reporter, wire::kSummary);
  w.text("reason", r.reason);
  w.time("created_at", r.created_at);
  w.text_or_null("resolution", r.resolution, {.one_of = {"hidden", "dismissed"}, .description = "null: open"});
};

const auto kReported = [](auto& w, const queries::ReportedPost& r) {
  w.id("post_id", r.post_id);
  w.object("author", "PersonSummary", r.author, wire::kSummary);
  w.text("excerpt", r.excerpt, {.description = "the post's first 280 characters"});
  w.id_or_null("space_id", r.space_id);
  w.text("space_name", r.space_name);
  w.boolean("hidden", r.hidden);
  w.text_or_null("hidden_reason", r.hidden_reason);
  w.integer("open_reports", r.open_reports);
  w.time_or_null("last_reported_at", r.last_reported_at != 0 ? std::optional(r.last_reported_at) : std::nullopt);
  w.array("reports", nullptr, r.reports, kReport);
};

const auto kReportMade = [](auto& w, const std::pair<int64_t, int64_t>& made) {
  w.id("id", made.first);
  w.id("post_id", made.second);
};

struct ReasonIn {
  std::string reason;
};
const auto kReason = [](auto& r, ReasonIn& in) {
  r.text("reason", in.reason, {.description = "read by the moderators, and by the author when a post is hidden",
                               .length = limits::kModerationReason});
};

Result<std::string> read_reason(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  ReasonIn in;
  WEFT_TRY_VOID(wire::read(body, in, kReason));
  return std::move(in.reason);
}

Result<http::Response> report(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto reason, read_reason(context));
  WEFT_ASSIGN_OR_RETURN(auto report_id, actions::report_post(context.app.store, context.viewer(), id, reason));
  return json_response(201, wire::to_json(std::pair{report_id, id}, kReportMade));
}

template <auto Act>
Result<http::Response> moderate(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto reason, read_reason(context));
  WEFT_TRY_VOID(Act(context.app.store, context.viewer(), id, reason));
  return http::Response::no_content();
}

Result<http::Response> queue(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto page, cursor::page_request(context.request.query("cursor"),
                                                        context.request.query("limit"), 1));
  std::string state = context.request.has_query("state") ? context.request.query("state") : "open";
  WEFT_ASSIGN_OR_RETURN(auto items, queries::moderation_queue(context.app.store, context.viewer(), state, page));
  return page_response(items, [](const auto& r) { return wire::to_json(r, kReported); });
}

Result<std::optional<int64_t>> read_time(http::Context& context, const char* name) {
  if (!context.request.has_query(name) || context.request.query(name).empty()) return std::nullopt;
  auto seconds = clock::parse_rfc3339(context.request.query(name));
  if (!seconds) return invalid(name, std::string(name) + " must be an RFC 3339 time.");
  return *seconds;
}

Result<audit::Filter> read_filter(http::Context& context) {
  audit::Filter filter;
  filter.action = context.request.query("action");
  if (context.request.has_query("actor_id") && !context.request.query("actor_id").empty()) {
    filter.actor_id = json::parse_id(context.request.query("actor_id"));
    if (!filter.actor_id) return invalid("actor_id", "actor_id must be an id.");
  }
  WEFT_ASSIGN_OR_RETURN(filter.since, read_time(context, "since"));
  WEFT_ASSIGN_OR_RETURN(filter.until, read_time(context, "until"));
  return filter;
}

const auto kEntry = [](auto& w, const audit::Entry& e) {
  w.id("event_id", e.event_id);
  w.time("at", e.at);
  w.id_or_null("actor_id", e.actor_id, {.description = "null: the system"});
  w.text("actor_name", e.actor_name);
  w.text("action", e.action, {.description = "the event's verb: session.created, post.hidden, …"});
  w.text("object_type", e.object_type);
  w.id_or_null("object_id", e.object_id);
  w.text("object_name", e.object_name);
  w.text("detail", e.detail, {.description = "the reason, the new role, the URL, …"});
};

const auto kActions = [](auto& w, const std::vector<std::string>& actions) { w.texts("items", actions); };

Result<http::Response> audit_log(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto filter, read_filter(context));
  WEFT_ASSIGN_OR_RETURN(auto page, cursor::page_request(context.request.query("cursor"),
                                                        context.request.query("limit"), 1));
  WEFT_ASSIGN_OR_RETURN(auto items, audit::entries(context.app.store, context.viewer(), filter, page));
  return page_response(items, [](const auto& e) { return wire::to_json(e, kEntry); });
}

Result<http::Response> audit_actions(http::Context&) {
  return json_response(200, wire::to_json(audit::audited_actions(), kActions));
}

Result<http::Response> audit_export(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto filter, read_filter(context));
  WEFT_ASSIGN_OR_RETURN(auto csv, audit::export_csv(context.app.store, context.viewer(), filter));
  http::Response response;
  response.content_type = "text/csv; charset=utf-8";
  response.body = std::move(csv);
  const std::string date = clock::rfc3339(clock::now_seconds()).substr(0, 10);
  response.set_header("Content-Disposition", "attachment; filename=\"weft-audit-" + date + ".csv\"");
  response.set_header("Cache-Control", "private, no-store");
  return response;
}

}  // namespace

void register_moderation_routes(App& app) {
  app.shapes->define_input<ReasonIn>("Reason", kReason);
  using http::Access;
  app.shapes->define<std::pair<int64_t, int64_t>>("ReportMade", kReportMade);
  app.shapes->define_page<queries::ReportedPost>("ReportedPostList", "ReportedPost", kReported);
  app.shapes->define_page<audit::Entry>("AuditEntryList", "AuditEntry", kEntry);
  app.shapes->define<std::vector<std::string>>("AuditActions", kActions);
  auto& r = app.router;
  r.add("POST", "/api/v1/posts/{id}/reports", Access::kSignedIn,
        {.summary = "Report a post or reply to its moderators, with a reason (once per person)",
         .tag = "moderation", .request_schema = "Reason", .response_schema = "ReportMade", .status = 201},
        report);
  r.add("GET", "/api/v1/moderation/reports", Access::kSignedIn,
        {.summary = "The moderation queue: reported or hidden posts the caller moderates (admins: all; space "
                    "owners: their spaces'), state open (default), hidden or all",
         .tag = "moderation", .response_schema = "ReportedPostList", .query = {"state", "cursor", "limit"}},
        queue);
  r.add("POST", "/api/v1/posts/{id}/hide", Access::kSignedIn,
        {.summary = "Hide a post from everyone but its author, with a reason (moderators); resolves its reports",
         .tag = "moderation", .request_schema = "Reason", .status = 204},
        moderate<actions::hide_post>);
  r.add("POST", "/api/v1/posts/{id}/restore", Access::kSignedIn,
        {.summary = "Show a hidden post again, with a reason (moderators)", .tag = "moderation",
         .request_schema = "Reason", .status = 204},
        moderate<actions::restore_post>);
  r.add("POST", "/api/v1/posts/{id}/reports/dismiss", Access::kSignedIn,
        {.summary = "Close a post's open reports without hiding it, with a reason (moderators)", .tag = "moderation",
         .request_schema = "Reason", .status = 204},
        moderate<actions::dismiss_reports>);
  r.add("GET", "/api/v1/admin/audit", Access::kAdmin,
        {.summary = "The audit log, newest first: sign-ins, role changes, deactivations, moderation, webhooks, "
                    "secrets and exports; filters action (a verb, or a family such as post.), actor_id, since, until",
         .tag = "admin", .response_schema = "AuditEntryList",
         .query = {"action", "actor_id", "since", "until", "cursor", "limit"}},
        audit_log);
  r.add("GET", "/api/v1/admin/audit/actions", Access::kAdmin,
        {.summary = "The actions the audit log keeps", .tag = "admin", .response_schema = "AuditActions"},
        audit_actions);
  r.add("GET", "/api/v1/admin/audit/export", Access::kAdmin,
        {.summary = "The audit log as CSV (text/csv), oldest first, with the same filters; the download is logged",
         .tag = "admin", .query = {"action", "actor_id", "since", "until"}},
        audit_export);
}

}  // namespace weft::api
