#include "queries/moderation.h"

#include <unordered_map>

#include "policy/posts.h"
#include "queries/work_rows.h"

namespace weft::queries {

Result<cursor::Page<ReportedPost>> moderation_queue(store::Store& store, const Viewer& viewer,
                                                    const std::string& state, const cursor::PageRequest& page) {
  if (state != "open" && state != "hidden" && state != "all") {
    return invalid("state", "state must be open, hidden or all.");
  }
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<ReportedPost>> {
    if (!viewer.is_admin() &&
        !c.query_int("SELECT 1 FROM space_members WHERE person_id = ? AND role = 'owner' LIMIT 1", {viewer.person_id})) {
      return forbidden("Only admins and space owners moderate.");
    }
    std::vector<store::Param> params{page.number(0, INT64_MAX)};
    std::string sql = std::string("SELECT p.id, ") + detail::kAuthor +
                      ", substr(p.body, 1, 280), p.space_id, COALESCE(s.name, ''), p.hidden_at IS NOT NULL, "
                      "p.hidden_reason, (SELECT COUNT(*) FROM post_reports o WHERE o.post_id = p.id AND o.resolved_at "
                      "IS NULL), (SELECT MAX(o.created_at) FROM post_reports o WHERE o.post_id = p.id) FROM posts p "
                      "JOIN people a ON a.id = p.author_id LEFT JOIN spaces s ON s.id = p.space_id WHERE p.id < ? AND "
                      "p.deleted_at IS NULL AND ";
    if (state == "open") {
      sql += "EXISTS (SELECT 1 FROM post_reports o WHERE o.post_id = p.id AND o.resolved_at IS NULL)";
    } else if (state == "hidden") {
      sql += "p.hidden_at IS NOT NULL";
    } else {
      sql += "(p.hidden_at IS NOT NULL OR EXISTS (SELECT 1 FROM post_reports o WHERE o.post_id = p.id))";
    }
    sql += " AND " + policy::append(params, policy::moderated_posts(viewer)) + " ORDER BY p.id DESC LIMIT ?";
    params.emplace_back(page.limit + 1);
    cursor::Page<ReportedPost> out;
    auto rows = c.query(sql, params);
    while (rows->next()) {
      ReportedPost r;
      r.post_id = rows->int64(0);
      r.author = detail::summary_at(*rows, 1);
      r.excerpt = rows->text(7);
      r.space_id = rows->optional_int64(8);
      r.space_name = rows->text(9);
      r.hidden = rows->int64(10) != 0;
      if (!rows->is_null(11)) r.hidden_reason = rows->text(11);
      r.open_reports = rows->int64(12);
      r.last_reported_at = rows->optional_int64(13).value_or(0);
      out.items.push_back(std::move(r));
    }
    rows.reset();
    if (static_cast<int>(out.items.size()) > page.limit) {
      out.items.resize(page.limit);
      out.next_cursor = cursor::encode({std::to_string(out.items.back().post_id)});
    }
    if (out.items.empty()) return out;
    std::unordered_map<int64_t, ReportedPost*> by_id;
    std::vector<int64_t> ids;
    for (auto& item : out.items) {
      by_id[item.post_id] = &item;
      ids.push_back(item.post_id);
    }
    auto reports = c.query(std::string("SELECT r.post_id, r.id, r.reason, r.created_at, r.resolution, ") +
                               detail::kAuthor + " FROM post_reports r JOIN people a ON a.id = r.reporter_id WHERE "
                               "r.post_id IN (" + c.ids_sql() + ") ORDER BY r.id DESC",
                           {store::Param::ids(ids)});
    while (reports->next()) {
      Report report;
      report.id = reports->int64(1);
      report.reason = reports->text(2);
      report.created_at = reports->int64(3);
      if (!reports->is_null(4)) report.resolution = reports->text(4);
      report.reporter = detail::summary_at(*reports, 5);
      by_id[reports->int64(0)]->reports.push_back(std::move(report));
    }
    return out;
  });
}

}  // namespace weft::queries
