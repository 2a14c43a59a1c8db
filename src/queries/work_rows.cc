#include "queries/work_rows.h"

#include <algorithm>

#include "policy/records.h"
#include "policy/spaces.h"

namespace weft::queries::detail {
namespace {

constexpr int kChainPeople = 20;

std::vector<PersonSummary> people_of(store::Connection& c, const std::string& sql, int64_t id) {
  std::vector<PersonSummary> out;
  auto rows = c.query("SELECT a.id, a.handle, a.name, a.title, a.unit_id, a.avatar_version FROM people a WHERE a.id IN (" +
                          sql + ") ORDER BY a.name LIMIT " + std::to_string(kChainPeople),
                      {id});
  while (rows->next()) out.push_back(summary_at(*rows, 0));
  return out;
}

ChainItem problem_item(store::Connection& c, int64_t id) {
  auto rows = c.query("SELECT title, status FROM problems WHERE id = ?", {id});
  rows->next();
  ChainItem item{id, rows->text(0), rows->text(1)};
  rows.reset();
  item.people = people_of(c, "SELECT author_id FROM problems WHERE id = ?1 UNION SELECT author_id FROM solutions WHERE problem_id = ?1", id);
  return item;
}

}  // namespace

PersonSummary summary_at(store::Rows& rows, int first) {
  return {rows.int64(first), rows.text(first + 1), rows.text(first + 2), rows.text(first + 3),
          rows.optional_int64(first + 4), rows.optional_int64(first + 5)};
}

bool content_visible(store::Connection& c, const Viewer& viewer, int64_t space_id) {
  return policy::space_access(c, viewer, space_id).content;
}

Chain build_chain(store::Connection& c, const Viewer& viewer, std::optional<int64_t> problem_id,
                  std::vector<int64_t> idea_ids, std::vector<int64_t> proposal_ids) {
  Chain chain;
  if (problem_id) {
    auto space = c.query_int("SELECT space_id FROM problems WHERE id = ?", {*problem_id});
    if (space && content_visible(c, viewer, *space) &&
        policy::passes_record_gate(c, viewer, c.query_int("SELECT record_id FROM problems WHERE id = ?", {*problem_id}))) {
      chain.problem = problem_item(c, *problem_id);
    }
    auto rows = c.query("SELECT id FROM ideas WHERE from_problem_id = ? ORDER BY id", {*problem_id});
    while (rows->next()) {
      if (std::find(idea_ids.begin(), idea_ids.end(), rows->int64(0)) == idea_ids.end()) {
        idea_ids.push_back(rows->int64(0));
      }
    }
  }
  std::sort(idea_ids.begin(), idea_ids.end());
  for (int64_t idea_id : idea_ids) {
    auto rows = c.query("SELECT title, stage, space_id FROM ideas WHERE id = ?", {idea_id});
    if (!rows->next()) continue;
    ChainItem item{idea_id, rows->text(0), rows->text(1)};
    int64_t space = rows->int64(2);
    rows.reset();
    if (!content_visible(c, viewer, space)) continue;
    item.people = people_of(c,
                            "SELECT author_id FROM ideas WHERE id = ?1 UNION SELECT person_id FROM "
                            "idea_votes WHERE idea_id = ?1 UNION SELECT author_id FROM idea_comments "
                            "WHERE idea_id = ?1",
                            idea_id);
    chain.ideas.push_back(std::move(item));
    auto proposals = c.query("SELECT id FROM proposals WHERE from_idea_id = ? ORDER BY id", {idea_id});
    while (proposals->next()) {
      if (std::find(proposal_ids.begin(), proposal_ids.end(), proposals->int64(0)) == proposal_ids.end()) {
        proposal_ids.push_back(proposals->int64(0));
      }
    }
  }
  std::sort(proposal_ids.begin(), proposal_ids.end());
  for (int64_t proposal_id : proposal_ids) {
    auto rows = c.query("SELECT title, status, outcome, decision, space_id FROM proposals WHERE id = ?",
                        {proposal_id});
    if (!rows->next()) continue;
    ChainItem item{proposal_id, rows->text(0), rows->text(1)};
    if (!rows->is_null(2)) item.outcome = rows->text(2);
    if (!rows->is_null(3)) item.decision = rows->text(3);
    int64_t space = rows->int64(4);
    rows.reset();
    if (!content_visible(c, viewer, space)) continue;
    item.people = people_of(c,
                            "SELECT author_id FROM proposals WHERE id = ?1 UNION SELECT person_id "
                            "FROM stances WHERE proposal_id = ?1",
                            proposal_id);
    chain.proposals.push_back(std::move(item));
  }
  return chain;
}

Chain chain_of_idea(store::Connection& c, const Viewer& viewer, int64_t idea_id) {
  auto problem = c.query_int("SELECT from_problem_id FROM ideas WHERE id = ?", {idea_id});
  return build_chain(c, viewer, problem, {idea_id}, {});
}

}  // namespace weft::queries::detail

namespace weft::queries::detail {

Result<std::string> across_condition(store::Connection& c, std::vector<store::Param>& params, const Viewer& viewer,
                                     const std::string& alias, bool on_records, std::optional<int64_t> space_id,
                                     std::optional<int64_t> unit_id) {
  if (space_id) WEFT_TRY_VOID(discard_value(policy::require_content(c, viewer, *space_id)));
  std::string sql = policy::append(params, policy::space_content(viewer, alias + ".space_id"));
  if (on_records) sql += " AND " + policy::append(params, policy::record_gate(viewer, alias + ".record_id"));
  if (space_id) {
    sql += " AND " + alias + ".space_id = ?";
    params.emplace_back(*space_id);
  }
  if (unit_id) {
    sql += " AND a.unit_id = ?";
    params.emplace_back(*unit_id);
  }
  return sql;
}

std::vector<std::tuple<int64_t, std::string, std::string>> space_names(store::Connection& c,
                                                                       std::vector<int64_t> space_ids) {
  std::sort(space_ids.begin(), space_ids.end());
  space_ids.erase(std::unique(space_ids.begin(), space_ids.end()), space_ids.end());
  std::vector<std::tuple<int64_t, std::string, std::string>> out;
  if (space_ids.empty()) return out;
  auto rows = c.query("SELECT id, name, visibility FROM spaces WHERE id IN (" + c.ids_sql("?") + ") ORDER BY id",
                      {store::Param::ids(space_ids)});
  while (rows->next()) out.emplace_back(rows->int64(0), rows->text(1), rows->text(2));
  return out;
}

}  // namespace weft::queries::detail
