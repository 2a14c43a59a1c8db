#include "queries/person_work.h"

#include "policy/records.h"
#include "policy/spaces.h"
#include "queries/people.h"
#include "queries/work.h"

namespace weft::queries {
namespace {

using store::Param;

// The visibility of `alias` (a problem, idea or proposal row), parameters appended.
std::string visible(std::vector<Param>& params, const Viewer& viewer, const std::string& alias, bool on_records) {
  std::string sql = policy::append(params, policy::space_content(viewer, alias + ".space_id"));
  if (on_records) sql += " AND " + policy::append(params, policy::record_gate(viewer, alias + ".record_id"));
  return sql;
}

}  // namespace

Result<PersonWork> person_work(store::Store& store, const Viewer& viewer, int64_t person_id) {
  WEFT_TRY_VOID(discard_value(person(store, viewer, person_id)));  // 404 unless visible
  PersonWork out;
  std::vector<int64_t> solved, raised, adopted, decisions;
  WEFT_TRY_VOID(store::read(store, [&](store::Connection& c) -> Result<void> {
    auto ids_and_count = [&](const std::string& select, const std::string& order, std::vector<Param> params,
                             std::vector<int64_t>& ids, int64_t& count) {
      count = c.query_int("SELECT COUNT(*) " + select, params).value_or(0);
      params.emplace_back(kPersonWorkItems);
      auto rows = c.query("SELECT p.id " + select + " ORDER BY " + order + " LIMIT ?", params);
      while (rows->next()) ids.push_back(rows->int64(0));
    };
    {
      std::vector<Param> params{person_id};
      std::string select = "FROM problems p JOIN solutions s ON s.id = p.accepted_solution_id WHERE s.author_id = ? AND ";
      select += visible(params, viewer, "p", true);
      ids_and_count(select, "p.resolved_at DESC, p.id DESC", params, solved, out.solved_count);
    }
    {
      std::vector<Param> params{person_id};
      std::string select = "FROM problems p WHERE p.author_id = ? AND ";
      select += visible(params, viewer, "p", true);
      ids_and_count(select, "p.id DESC", params, raised, out.raised_count);
    }
    {
      std::vector<Param> params{person_id};
      std::string select = "FROM ideas p WHERE p.author_id = ? AND p.stage IN ('accepted', 'implemented') AND ";
      select += visible(params, viewer, "p", false);
      ids_and_count(select, "p.stage_changed_at DESC, p.id DESC", params, adopted, out.adopted_count);
    }
    {
      std::vector<Param> params{person_id};
      std::string select = "FROM proposals p JOIN stances st ON st.proposal_id = p.id AND st.person_id = ? WHERE "
                           "p.status = 'closed' AND ";
      select += visible(params, viewer, "p", false);
      ids_and_count(select, "p.closed_at DESC, p.id DESC", params, decisions, out.decisions_count);
    }
    {
      std::vector<Param> params{person_id};
      std::string sql = "SELECT COUNT(*) FROM solutions s JOIN problems p ON p.id = s.problem_id WHERE s.author_id = ? AND ";
      sql += visible(params, viewer, "p", true);
      out.solutions_count = c.query_int(sql, params).value_or(0);
    }
    {
      std::vector<Param> params{person_id};
      std::string sql = "SELECT COUNT(*) FROM ideas p WHERE p.author_id = ? AND ";
      sql += visible(params, viewer, "p", false);
      out.ideas_count = c.query_int(sql, params).value_or(0);
    }
    return {};
  }));
  for (int64_t id : solved) {
    if (auto p = problem(store, viewer, id, false)) out.solved.push_back(std::move(*p));
  }
  for (int64_t id : raised) {
    if (auto p = problem(store, viewer, id, false)) out.raised.push_back(std::move(*p));
  }
  for (int64_t id : adopted) {
    if (auto i = idea(store, viewer, id, false)) out.adopted.push_back(std::move(*i));
  }
  for (int64_t id : decisions) {
    if (auto r = proposal(store, viewer, id, false)) out.decisions.push_back(std::move(*r));
  }
  return out;
}

}  // namespace weft::queries
