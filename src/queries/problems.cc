// Problems and their solutions.
#include "queries/work.h"

#include "policy/records.h"
#include "policy/spaces.h"
#include "queries/work_rows.h"

namespace weft::queries {
using namespace detail;
namespace {

constexpr const char* kProblemColumns =
    "p.id, p.space_id, p.title, p.body, p.status, p.accepted_solution_id, p.solution_count, "
    "p.record_id, p.created_at, p.resolved_at, a.id, a.handle, a.name, a.title, a.unit_id, a.avatar_version";

Problem read_problem(store::Rows& rows) {
  Problem p;
  p.id = rows.int64(0);
  p.space_id = rows.int64(1);
  p.title = rows.text(2);
  p.body = rows.text(3);
  p.status = rows.text(4);
  p.accepted_solution_id = rows.optional_int64(5);
  p.solution_count = rows.int64(6);
  p.record_id = rows.optional_int64(7);
  p.created_at = rows.int64(8);
  p.resolved_at = rows.optional_int64(9);
  p.author = summary_at(rows, 10);
  return p;
}

}  // namespace

Result<Problem> problem(store::Store& store, const Viewer& viewer, int64_t problem_id, bool detail) {
  return store::read(store, [&](store::Connection& c) -> Result<Problem> {
    auto rows = c.query(std::string("SELECT ") + kProblemColumns +
                            " FROM problems p JOIN people a ON a.id = p.author_id WHERE p.id = ?",
                        {problem_id});
    if (!rows->next()) return not_found("No such problem.");
    Problem problem = read_problem(*rows);
    rows.reset();
    if (!content_visible(c, viewer, problem.space_id) || !policy::passes_record_gate(c, viewer, problem.record_id)) {
      return not_found("No such problem.");
    }
    if (!detail) return problem;
    auto solutions = c.query(
        std::string("SELECT s.id, s.problem_id, s.body, s.votes, s.created_at, COALESCE((SELECT value FROM "
                    "solution_votes v WHERE v.solution_id = s.id AND v.person_id = ?), 0), ") +
            kAuthor + " FROM solutions s JOIN people a ON a.id = s.author_id WHERE s.problem_id = ? "
            "ORDER BY (s.id = ?) DESC, s.votes DESC, s.id LIMIT 500",
        {viewer.person_id, problem_id, problem.accepted_solution_id.value_or(0)});
    while (solutions->next()) {
      Solution s{solutions->int64(0), solutions->int64(1), summary_at(*solutions, 6), solutions->text(2),
                 solutions->int64(3), static_cast<int>(solutions->int64(5)), false, solutions->int64(4)};
      s.accepted = problem.accepted_solution_id == s.id;
      problem.solutions.push_back(std::move(s));
    }
    solutions.reset();
    problem.chain = build_chain(c, viewer, problem.id, {}, {});
    return problem;
  });
}

Result<Solution> solution(store::Store& store, const Viewer& viewer, int64_t solution_id) {
  return store::read(store, [&](store::Connection& c) -> Result<Solution> {
    auto rows = c.query(
        std::string("SELECT s.id, s.problem_id, s.body, s.votes, s.created_at, COALESCE((SELECT value FROM "
                    "solution_votes v WHERE v.solution_id = s.id AND v.person_id = ?), 0), ") +
            kAuthor + ", p.space_id, p.accepted_solution_id, p.record_id FROM solutions s JOIN people a ON a.id = "
            "s.author_id JOIN problems p ON p.id = s.problem_id WHERE s.id = ?",
        {viewer.person_id, solution_id});
    if (!rows->next()) return not_found("No such solution.");
    Solution s{rows->int64(0), rows->int64(1), summary_at(*rows, 6), rows->text(2), rows->int64(3),
               static_cast<int>(rows->int64(5)), rows->optional_int64(13) == rows->int64(0), rows->int64(4)};
    int64_t space = rows->int64(12);
    auto record_id = rows->optional_int64(14);
    rows.reset();
    if (!content_visible(c, viewer, space) || !policy::passes_record_gate(c, viewer, record_id)) {
      return not_found("No such solution.");
    }
    return s;
  });
}

Result<cursor::Page<Problem>> space_problems(store::Store& store, const Viewer& viewer, int64_t space_id,
                                             const std::string& status, const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<Problem>> {
    WEFT_TRY_VOID(policy::require_content(c, viewer, space_id));
    std::vector<store::Param> params{space_id, before_id(page)};
    std::string sql = std::string("SELECT ") + kProblemColumns +
                      " FROM problems p JOIN people a ON a.id = p.author_id WHERE p.space_id = ? AND p.id < ?";
    if (!status.empty()) {
      sql += " AND p.status = ?";
      params.emplace_back(status);
    }
    sql += " AND " + policy::append(params, policy::record_gate(viewer, "p.record_id"));
    sql += " ORDER BY p.id DESC LIMIT ?";
    params.emplace_back(page.limit + 1);
    std::vector<Problem> items;
    auto rows = c.query(sql, params);
    while (rows->next()) items.push_back(read_problem(*rows));
    return paged(std::move(items), page.limit);
  });
}

Result<WorkAcross<Problem>> problems_across(store::Store& store, const Viewer& viewer, const WorkFilter& filter,
                                            const cursor::PageRequest& page) {
  return across<Problem>(store, viewer, filter, page, kProblemColumns, {}, "problems", "p", true, "status", "p.status",
                         read_problem);
}

}  // namespace weft::queries
