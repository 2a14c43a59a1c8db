#include "analytics/outcomes.h"

#include <algorithm>
#include <cmath>

#include "policy/records.h"
#include "policy/spaces.h"

namespace weft::analytics {
namespace {

using store::Param;

// The rows of `alias` (problems, ideas or proposals) the viewer may see within the scope; the
// condition's parameters are appended to `params` in the order they appear in it.
std::string visible(std::vector<Param>& params, const Viewer& viewer, const Scope& scope, const std::string& alias,
                    bool on_records) {
  std::string sql = policy::append(params, policy::space_content(viewer, alias + ".space_id"));
  if (on_records) sql += " AND " + policy::append(params, policy::record_gate(viewer, alias + ".record_id"));
  if (scope.space_id) {
    sql += " AND " + alias + ".space_id = ?";
    params.emplace_back(*scope.space_id);
  }
  if (scope.unit_id) {
    sql += " AND EXISTS (SELECT 1 FROM people au WHERE au.id = " + alias + ".author_id AND au.unit_id = ?)";
    params.emplace_back(*scope.unit_id);
  }
  return sql;
}

// Pages (alias `alias`) the viewer may read within the scope; in a unit's scope, those whose
// `person_column` (who wrote them, or the save) is in the unit.
std::string visible_pages(std::vector<Param>& params, const Viewer& viewer, const Scope& scope, const std::string& alias,
                          const std::string& person_column) {
  std::string sql = policy::append(params, policy::space_content(viewer, alias + ".space_id"));
  sql += " AND " + policy::append(params, policy::page_gate(viewer, alias));
  if (scope.space_id) {
    sql += " AND " + alias + ".space_id = ?";
    params.emplace_back(*scope.space_id);
  }
  if (scope.unit_id) {
    sql += " AND EXISTS (SELECT 1 FROM people au WHERE au.id = " + person_column + " AND au.unit_id = ?)";
    params.emplace_back(*scope.unit_id);
  }
  return sql;
}

// `column` within the period, as SQL with its two parameters appended.
std::string within(std::vector<Param>& params, const Scope& scope, const std::string& column) {
  params.emplace_back(scope.from);
  params.emplace_back(scope.to);
  return column + " >= ? AND " + column + " < ?";
}

// Decided proposals whose review date is before `to` (first parameter) and that no proposal opened
// before `to` (second parameter) follows up.
constexpr const char* kPastReview =
    "r.status = 'closed' AND r.review_at IS NOT NULL AND r.review_at < ? AND NOT EXISTS (SELECT 1 FROM "
    "proposals f WHERE f.follow_up_of = r.id AND f.created_at < ?)";

DurationFigure durations(std::vector<int64_t> seconds) {
  DurationFigure figure;
  figure.count = static_cast<int64_t>(seconds.size());
  figure.median_seconds = percentile(seconds, 50);
  figure.p90_seconds = percentile(std::move(seconds), 90);
  return figure;
}

}  // namespace

std::optional<int64_t> percentile(std::vector<int64_t> values, double p) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

Result<Outcomes> outcomes(store::Store& store, const Viewer& viewer, const Scope& scope) {
  if (scope.from >= scope.to) return invalid("from", "from must be before to.");
  return store::read(store, [&](store::Connection& c) -> Result<Outcomes> {
    if (scope.space_id) WEFT_TRY_VOID(discard_value(policy::require_content(c, viewer, *scope.space_id)));
    Outcomes out;
    out.from = scope.from;
    out.to = scope.to;
    out.unit_id = scope.unit_id;
    out.space_id = scope.space_id;
    out.min_group = scope.min_group;

    auto count = [&](const std::string& sql, const std::vector<Param>& params) {
      return c.query_int(sql, params).value_or(0);
    };
    {
      std::vector<Param> params;
      std::string sql = "SELECT COUNT(*) FROM problems p WHERE " + within(params, scope, "p.created_at");
      sql += " AND " + visible(params, viewer, scope, "p", true);
      out.problems_opened = count(sql, params);
    }
    {
      std::vector<Param> params;
      std::string sql = "SELECT p.created_at, MIN(s.created_at) FROM problems p JOIN solutions s ON s.problem_id = p.id "
                        "WHERE " + within(params, scope, "p.created_at");
      sql += " AND " + visible(params, viewer, scope, "p", true) + " GROUP BY p.id, p.created_at";
      std::vector<int64_t> seconds;
      auto rows = c.query(sql, params);
      while (rows->next()) seconds.push_back(std::max<int64_t>(0, rows->int64(1) - rows->int64(0)));
      out.time_to_first_solution = durations(std::move(seconds));
    }
    {
      std::vector<Param> params;
      std::string sql = "SELECT p.created_at, p.resolved_at FROM problems p WHERE p.status = 'resolved' AND " +
                        within(params, scope, "p.resolved_at");
      sql += " AND " + visible(params, viewer, scope, "p", true);
      std::vector<int64_t> seconds;
      auto rows = c.query(sql, params);
      while (rows->next()) seconds.push_back(std::max<int64_t>(0, rows->int64(1) - rows->int64(0)));
      out.problems_resolved = static_cast<int64_t>(seconds.size());
      out.time_to_resolution = durations(std::move(seconds));
    }
    {
      // Open at the end of the period: not resolved then (still open, or resolved later).
      std::vector<Param> params{scope.to, scope.to};
      std::string sql = "SELECT p.created_at FROM problems p WHERE p.created_at < ? AND (p.status = 'open' OR "
                        "p.resolved_at >= ?) AND " + visible(params, viewer, scope, "p", true);
      out.unsolved_by_age = {{"under_7_days", 0}, {"7_to_30_days", 0}, {"30_to_90_days", 0}, {"over_90_days", 0}};
      auto rows = c.query(sql, params);
      while (rows->next()) {
        const int64_t days = (scope.to - rows->int64(0)) / 86400;
        ++out.unsolved_by_age[days < 7 ? 0 : days < 30 ? 1 : days < 90 ? 2 : 3].count;
      }
    }
    {
      std::vector<Param> params;
      std::string sql = "SELECT i.stage, COUNT(*) FROM ideas i WHERE " + within(params, scope, "i.created_at");
      sql += " AND " + visible(params, viewer, scope, "i", false) + " GROUP BY i.stage";
      out.ideas_by_stage = {{"new", 0}, {"under_review", 0}, {"accepted", 0}, {"implemented", 0}, {"declined", 0}};
      auto rows = c.query(sql, params);
      int64_t adopted = 0;
      while (rows->next()) {
        const std::string stage = rows->text(0);
        const int64_t n = rows->int64(1);
        out.ideas_created += n;
        for (auto& bucket : out.ideas_by_stage) {
          if (bucket.name == stage) bucket.count = n;
        }
        if (stage == "accepted" || stage == "implemented") adopted += n;
      }
      if (out.ideas_created > 0) out.adoption_rate = static_cast<double>(adopted) / static_cast<double>(out.ideas_created);
    }
    {
      std::vector<Param> params;
      std::string sql = "SELECT COUNT(*) FROM proposals r WHERE " + within(params, scope, "r.created_at");
      sql += " AND " + visible(params, viewer, scope, "r", false);
      out.proposals_opened = count(sql, params);
    }
    {
      std::vector<Param> params;
      std::string sql = "SELECT r.decision, r.block FROM proposals r WHERE r.status = 'closed' AND " +
                        within(params, scope, "r.closed_at");
      sql += " AND " + visible(params, viewer, scope, "r", false);
      auto rows = c.query(sql, params);
      while (rows->next()) {
        ++out.proposals_decided;
        const std::string decision = rows->optional_text(0).value_or("");
        if (decision == "adopted") ++out.proposals_adopted;
        if (decision == "rejected") {
          ++out.proposals_rejected;
          if (rows->int64(1) > 0) ++out.proposals_blocked;
        }
      }
    }
    {
      std::vector<Param> params{scope.to, scope.to};
      std::string sql = std::string("SELECT COUNT(*) FROM proposals r WHERE ") + kPastReview + " AND " +
                        visible(params, viewer, scope, "r", false);
      out.proposals_past_review = count(sql, params);
    }
    {
      std::vector<Param> params;
      std::string sql = "SELECT COUNT(*) FROM problems p WHERE p.status = 'resolved' AND " +
                        within(params, scope, "p.resolved_at");
      sql += " AND " + visible(params, viewer, scope, "p", true) +
             " AND (EXISTS (SELECT 1 FROM ideas ci WHERE ci.from_problem_id = p.id AND ci.stage = 'implemented') OR "
             "EXISTS (SELECT 1 FROM proposals cr JOIN ideas ci2 ON ci2.id = cr.from_idea_id WHERE "
             "ci2.from_problem_id = p.id AND cr.decision = 'adopted'))";
      out.chains_completed = count(sql, params);
    }
    {
      std::vector<Param> params;
      std::string sql = "SELECT COUNT(*) FROM pages g WHERE " + within(params, scope, "g.created_at");
      sql += " AND " + visible_pages(params, viewer, scope, "g", "g.created_by");
      out.pages_created = count(sql, params);
    }
    {
      std::vector<Param> params;
      std::string sql = "SELECT COUNT(*) FROM page_revisions rv JOIN pages g ON g.id = rv.page_id WHERE " +
                        within(params, scope, "rv.created_at");
      sql += " AND " + visible_pages(params, viewer, scope, "g", "rv.author_id");
      out.page_saves = count(sql, params);
    }
    // An outcome is captured when a page the viewer may read was promoted from it or links to it.
    auto captured = [&](const std::string& type, const std::string& alias, std::vector<Param>& params) {
      std::string sql = "(EXISTS (SELECT 1 FROM pages cg WHERE cg.source_type = '" + type + "' AND cg.source_id = " +
                        alias + ".id AND ";
      sql += policy::append(params, policy::space_content(viewer, "cg.space_id"));
      sql += ") OR EXISTS (SELECT 1 FROM page_links cl JOIN pages lg ON lg.id = cl.page_id WHERE cl.target_type = '" +
             type + "' AND cl.target_id = " + alias + ".id AND ";
      sql += policy::append(params, policy::space_content(viewer, "lg.space_id"));
      sql += " AND " + policy::append(params, policy::page_gate(viewer, "lg"));
      return sql + "))";
    };
    {
      std::vector<Param> params;
      std::string sql = "SELECT COUNT(*) FROM problems p WHERE p.status = 'resolved' AND " +
                        within(params, scope, "p.resolved_at");
      sql += " AND " + visible(params, viewer, scope, "p", true);
      sql += " AND " + captured("problem", "p", params);
      out.problems_captured = count(sql, params);
    }
    {
      std::vector<Param> params;
      std::string sql = "SELECT COUNT(*) FROM proposals r WHERE r.status = 'closed' AND " +
                        within(params, scope, "r.closed_at");
      sql += " AND " + visible(params, viewer, scope, "r", false);
      sql += " AND " + captured("proposal", "r", params);
      out.proposals_captured = count(sql, params);
    }
    {
      // Everyone who did something in the period on what the viewer may see.
      std::vector<Param> params;
      std::string sql = "SELECT COUNT(DISTINCT t.person), COUNT(DISTINCT pe.unit_id) FROM (";
      // Each part's period, then its visibility: appended one after the other, so that the
      // parameters follow the text (the operands of one + may be evaluated in any order).
      auto part = [&](const std::string& select, const std::string& time_column, const std::string& alias,
                      bool on_records) {
        sql += select + " WHERE ";
        sql += within(params, scope, time_column);
        sql += " AND ";
        sql += visible(params, viewer, scope, alias, on_records);
      };
      part("SELECT p.author_id AS person FROM problems p", "p.created_at", "p", true);
      part(" UNION SELECT s.author_id FROM solutions s JOIN problems p ON p.id = s.problem_id", "s.created_at", "p", true);
      part(" UNION SELECT i.author_id FROM ideas i", "i.created_at", "i", false);
      part(" UNION SELECT ic.author_id FROM idea_comments ic JOIN ideas i ON i.id = ic.idea_id", "ic.created_at", "i",
           false);
      part(" UNION SELECT r.author_id FROM proposals r", "r.created_at", "r", false);
      part(" UNION SELECT st.person_id FROM stances st JOIN proposals r ON r.id = st.proposal_id", "st.updated_at", "r",
           false);
      sql += ") t JOIN people pe ON pe.id = t.person";
      if (scope.unit_id) {
        sql += " WHERE pe.unit_id = ?";
        params.emplace_back(*scope.unit_id);
      }
      auto rows = c.query(sql, params);
      if (rows->next()) {
        const int64_t people = rows->int64(0);
        // A figure about a group of people: withheld under the privacy floor.
        if (people >= scope.min_group) {
          out.participants = people;
          out.participant_units = rows->int64(1);
        }
      }
    }
    return out;
  });
}

const std::vector<std::string>& item_figures() {
  static const std::vector<std::string> names = {"problems_opened", "problems_resolved", "problems_unsolved",
                                                 "ideas_created",   "ideas_adopted",     "proposals_decided",
                                                 "chains_completed", "decisions_past_review"};
  return names;
}

Result<std::vector<OutcomeItem>> outcome_items(store::Store& store, const Viewer& viewer, const Scope& scope,
                                               const std::string& figure, int limit) {
  const auto& names = item_figures();
  if (std::find(names.begin(), names.end(), figure) == names.end()) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    return invalid("figure", "figure must be one of " + list + ".");
  }
  if (scope.from >= scope.to) return invalid("from", "from must be before to.");
  return store::read(store, [&](store::Connection& c) -> Result<std::vector<OutcomeItem>> {
    if (scope.space_id) WEFT_TRY_VOID(discard_value(policy::require_content(c, viewer, *scope.space_id)));
    std::vector<Param> params;
    std::string sql;
    std::string type = "problem";
    // Each as: id, title, space_id, the time that counts; the period, then visibility, in order.
    if (figure == "problems_opened") {
      sql = "SELECT p.id, p.title, p.space_id, p.created_at AS at FROM problems p WHERE ";
      sql += within(params, scope, "p.created_at");
      sql += " AND " + visible(params, viewer, scope, "p", true);
    } else if (figure == "problems_resolved" || figure == "chains_completed") {
      sql = "SELECT p.id, p.title, p.space_id, p.resolved_at AS at FROM problems p WHERE p.status = 'resolved' AND ";
      sql += within(params, scope, "p.resolved_at");
      sql += " AND " + visible(params, viewer, scope, "p", true);
      if (figure == "chains_completed") {
        sql += " AND (EXISTS (SELECT 1 FROM ideas ci WHERE ci.from_problem_id = p.id AND ci.stage = 'implemented') OR "
               "EXISTS (SELECT 1 FROM proposals cr JOIN ideas ci2 ON ci2.id = cr.from_idea_id WHERE "
               "ci2.from_problem_id = p.id AND cr.decision = 'adopted'))";
      }
    } else if (figure == "problems_unsolved") {
      params = {scope.to, scope.to};
      sql = "SELECT p.id, p.title, p.space_id, p.created_at AS at FROM problems p WHERE p.created_at < ? AND "
            "(p.status = 'open' OR p.resolved_at >= ?) AND ";
      sql += visible(params, viewer, scope, "p", true);
    } else if (figure == "ideas_created" || figure == "ideas_adopted") {
      type = "idea";
      sql = "SELECT i.id, i.title, i.space_id, i.created_at AS at FROM ideas i WHERE ";
      sql += within(params, scope, "i.created_at");
      sql += " AND " + visible(params, viewer, scope, "i", false);
      if (figure == "ideas_adopted") sql += " AND i.stage IN ('accepted', 'implemented')";
    } else if (figure == "decisions_past_review") {
      type = "proposal";
      params = {scope.to, scope.to};
      sql = std::string("SELECT r.id, r.title, r.space_id, r.review_at AS at FROM proposals r WHERE ") + kPastReview +
            " AND ";
      sql += visible(params, viewer, scope, "r", false);
    } else {
      type = "proposal";
      sql = "SELECT r.id, r.title, r.space_id, r.closed_at AS at FROM proposals r WHERE r.status = 'closed' AND ";
      sql += within(params, scope, "r.closed_at");
      sql += " AND " + visible(params, viewer, scope, "r", false);
    }
    sql += " ORDER BY at DESC, 1 DESC LIMIT ?";
    params.emplace_back(limit);
    std::vector<OutcomeItem> items;
    auto rows = c.query(sql, params);
    while (rows->next()) items.push_back({type, rows->int64(0), rows->text(1), rows->int64(2), rows->int64(3)});
    return items;
  });
}

}  // namespace weft::analytics
