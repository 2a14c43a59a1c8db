// Moderation (reports, the queue, hide and restore) and the admin audit log.
#include "actions/moderation.h"
#include "api/app.h"
#include "api/serialize.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/limits.h"
#include "queries/moderation.h"

namespace weft::api {
namespace {

Result<std::string> read_reason(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto body, context.json_body());
  return json::required_string(body, "reason", {limits::kModerationReason.min, limits::kModerationReason.max});
}

Result<http::Response> report(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto reason, read_reason(context));
  WEFT_ASSIGN_OR_RETURN(auto report_id, actions::report_post(context.app.store, context.viewer(), id, reason));
  return json_response(201, boost::json::object{{"id", std::to_string(report_id)}, {"post_id", std::to_string(id)}});
}

template <auto Act>
Result<http::Response> moderate(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto id, context.id_param("id"));
  WEFT_ASSIGN_OR_RETURN(auto reason, read_reason(context));
  WEFT_TRY_VOID(Act(context.app.store, context.viewer(), id, reason));
  return http::Response::no_content();
}

boost::json::object reported_json(const queries::ReportedPost& r) {
  boost::json::array reports;
  for (const auto& report : r.reports) {
    reports.push_back({{"id", std::to_string(report.id)},
                       {"reporter", summary_json(report.reporter)},
                       {"reason", report.reason},
                       {"created_at", time_value(report.created_at)},
                       {"resolution", report.resolution ? boost::json::value(*report.resolution) : nullptr}});
  }
  return {{"post_id", std::to_string(r.post_id)},
          {"author", summary_json(r.author)},
          {"excerpt", r.excerpt},
          {"space_id", id_value(r.space_id)},
          {"space_name", r.space_name},
          {"hidden", r.hidden},
          {"hidden_reason", r.hidden_reason ? boost::json::value(*r.hidden_reason) : nullptr},
          {"open_reports", r.open_reports},
          {"last_reported_at", r.last_reported_at ? time_value(r.last_reported_at) : nullptr},
          {"reports", std::move(reports)}};
}

Result<http::Response> queue(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto page, cursor::page_request(context.request.query("cursor"),
                                                        context.request.query("limit"), 1));
  std::string state = context.request.has_query("state") ? context.request.query("state") : "open";
  WEFT_ASSIGN_OR_RETURN(auto items, queries::moderation_queue(context.app.store, context.viewer(), state, page));
  return page_response(items, reported_json);
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

boost::json::object entry_json(const audit::Entry& e) {
  return {{"event_id", std::to_string(e.event_id)},
          {"at", time_value(e.at)},
          {"actor_id", id_value(e.actor_id)},
          {"actor_name", e.actor_name},
          {"action", e.action},
          {"object_type", e.object_type},
          {"object_id", id_value(e.object_id)},
          {"object_name", e.object_name},
          {"detail", e.detail}};
}

Result<http::Response> audit_log(http::Context& context) {
  WEFT_ASSIGN_OR_RETURN(auto filter, read_filter(context));
  WEFT_ASSIGN_OR_RETURN(auto page, cursor::page_request(context.request.query("cursor"),
                                                        context.request.query("limit"), 1));
  WEFT_ASSIGN_OR_RETURN(auto items, audit::entries(context.app.store, context.viewer(), filter, page));
  return page_response(items, entry_json);
}

Result<http::Response> audit_actions(http::Context&) {
  boost::json::array items;
  for (const auto& action : audit::audited_actions()) items.push_back(boost::json::string(action));
  return json_response(200, boost::json::object{{"items", std::move(items)}});
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
  using http::Access;
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
