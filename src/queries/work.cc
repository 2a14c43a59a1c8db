#include "queries/work.h"

#include "search/search.h"

#include <set>

#include "policy/spaces.h"
#include "queries/people.h"

namespace weft::queries {
namespace {

constexpr int kChainPeople = 20;

PersonSummary summary_at(store::Rows& rows, int first) {
  return {rows.int64(first), rows.text(first + 1), rows.text(first + 2), rows.text(first + 3),
          rows.optional_int64(first + 4)};
}
const char* kAuthor = "a.id, a.handle, a.name, a.title, a.unit_id";

int64_t before_id(const cursor::PageRequest& page) {
  return page.number(0, INT64_MAX);
}

template <typename T>
cursor::Page<T> paged(std::vector<T> items, int limit) {
  cursor::Page<T> page;
  if (limit > 0 && static_cast<int>(items.size()) > limit) {
    items.resize(limit);
    page.next_cursor = cursor::encode({std::to_string(items.back().id)});
  }
  page.items = std::move(items);
  return page;
}

// --- spaces ---------------------------------------------------------------------------------

constexpr const char* kSpaceColumns =
    "s.id, s.name, s.purpose, s.kind, s.visibility, s.member_count, s.created_at, "
    "(SELECT role FROM space_members m WHERE m.space_id = s.id AND m.person_id = ?), "
    "EXISTS (SELECT 1 FROM join_requests j WHERE j.space_id = s.id AND j.person_id = ?)";

Space read_space(store::Rows& rows) {
  Space s;
  s.id = rows.int64(0);
  s.name = rows.text(1);
  s.purpose = rows.text(2);
  s.kind = rows.text(3);
  s.visibility = rows.text(4);
  s.member_count = rows.int64(5);
  s.created_at = rows.int64(6);
  if (!rows.is_null(7)) s.my_role = rows.text(7);
  s.join_requested = rows.int64(8) != 0;
  return s;
}

// --- problems -------------------------------------------------------------------------------

constexpr const char* kProblemColumns =
    "p.id, p.space_id, p.title, p.body, p.status, p.accepted_solution_id, p.solution_count, "
    "p.record_id, p.created_at, p.resolved_at, a.id, a.handle, a.name, a.title, a.unit_id";

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

constexpr const char* kIdeaColumns =
    "i.id, i.space_id, i.title, i.body, i.stage, i.score, i.from_problem_id, i.comment_count, "
    "i.created_at, i.stage_changed_at, COALESCE((SELECT value FROM idea_votes v WHERE v.idea_id = "
    "i.id AND v.person_id = ?), 0), a.id, a.handle, a.name, a.title, a.unit_id";

Idea read_idea(store::Rows& rows) {
  Idea i;
  i.id = rows.int64(0);
  i.space_id = rows.int64(1);
  i.title = rows.text(2);
  i.body = rows.text(3);
  i.stage = rows.text(4);
  i.score = rows.int64(5);
  i.from_problem_id = rows.optional_int64(6);
  i.comment_count = rows.int64(7);
  i.created_at = rows.int64(8);
  i.stage_changed_at = rows.int64(9);
  i.my_vote = static_cast<int>(rows.int64(10));
  i.author = summary_at(rows, 11);
  return i;
}

constexpr const char* kProposalColumns =
    "r.id, r.space_id, r.title, r.body, r.status, r.closes_at, r.agree, r.abstain, r.disagree, "
    "r.block, r.outcome, r.decision, r.from_idea_id, r.created_at, r.closed_at, (SELECT stance "
    "FROM stances st WHERE st.proposal_id = r.id AND st.person_id = ?), a.id, a.handle, a.name, "
    "a.title, a.unit_id";

Proposal read_proposal(store::Rows& rows) {
  Proposal r;
  r.id = rows.int64(0);
  r.space_id = rows.int64(1);
  r.title = rows.text(2);
  r.body = rows.text(3);
  r.status = rows.text(4);
  r.closes_at = rows.int64(5);
  r.agree = rows.int64(6);
  r.abstain = rows.int64(7);
  r.disagree = rows.int64(8);
  r.block = rows.int64(9);
  if (!rows.is_null(10)) r.outcome = rows.text(10);
  if (!rows.is_null(11)) r.decision = rows.text(11);
  r.from_idea_id = rows.optional_int64(12);
  r.created_at = rows.int64(13);
  r.closed_at = rows.optional_int64(14);
  if (!rows.is_null(15)) r.my_stance = rows.text(15);
  r.author = summary_at(rows, 16);
  return r;
}

bool content_visible(store::Connection& c, const Viewer& viewer, int64_t space_id) {
  return policy::space_access(c, viewer, space_id).content;
}

std::vector<PersonSummary> people_of(store::Connection& c, const std::string& sql, int64_t id) {
  std::vector<PersonSummary> out;
  auto rows = c.query("SELECT a.id, a.handle, a.name, a.title, a.unit_id FROM people a WHERE a.id IN (" +
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

// Builds the chain around a problem, an idea or a proposal. Items in spaces the viewer may not
// see are left out.
Chain build_chain(store::Connection& c, const Viewer& viewer, std::optional<int64_t> problem_id,
                  std::vector<int64_t> idea_ids, std::vector<int64_t> proposal_ids) {
  Chain chain;
  if (problem_id) {
    auto space = c.query_int("SELECT space_id FROM problems WHERE id = ?", {*problem_id});
    if (space && content_visible(c, viewer, *space)) chain.problem = problem_item(c, *problem_id);
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

}  // namespace

Result<Space> space(store::Store& store, const Viewer& viewer, int64_t space_id) {
  return store::read(store, [&](store::Connection& c) -> Result<Space> {
    std::vector<store::Param> params{viewer.person_id, viewer.person_id, space_id};
    std::string sql = std::string("SELECT ") + kSpaceColumns + " FROM spaces s WHERE s.id = ? AND " +
                      policy::append(params, policy::visible_spaces(viewer));
    auto rows = c.query(sql, params);
    if (!rows->next()) return not_found("No such space.");
    return read_space(*rows);
  });
}

Result<cursor::Page<Space>> spaces(store::Store& store, const Viewer& viewer, bool mine,
                                   const std::string& q, const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<Space>> {
    std::vector<store::Param> params{viewer.person_id, viewer.person_id, before_id(page)};
    std::string sql = std::string("SELECT ") + kSpaceColumns + " FROM spaces s WHERE s.id < ? AND " +
                      policy::append(params, policy::visible_spaces(viewer));
    if (mine) {
      sql += " AND EXISTS (SELECT 1 FROM space_members mm WHERE mm.space_id = s.id AND mm.person_id = ?)";
      params.emplace_back(viewer.person_id);
    }
    if (!q.empty()) {
      const auto& index = search::index_for(c);
      if (!index.matchable(q)) return cursor::Page<Space>{};
      sql += " AND " + index.spaces_matching(params, q, "s.id");
    }
    sql += " ORDER BY s.id DESC LIMIT ?";
    params.emplace_back(page.limit + 1);
    std::vector<Space> items;
    auto rows = c.query(sql, params);
    while (rows->next()) items.push_back(read_space(*rows));
    return paged(std::move(items), page.limit);
  });
}

Result<cursor::Page<SpaceMember>> space_members(store::Store& store, const Viewer& viewer,
                                                int64_t space_id, const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<SpaceMember>> {
    WEFT_TRY_VOID(policy::require_content(c, viewer, space_id));
    // Ordered by person id; cursor key: person id.
    int64_t after = page.number(0, 0);
    auto rows = c.query(
        std::string("SELECT ") + kAuthor + ", m.role, m.created_at FROM space_members m JOIN people a ON "
        "a.id = m.person_id WHERE m.space_id = ? AND m.person_id > ? ORDER BY m.person_id LIMIT ?",
        {space_id, after, page.limit + 1});
    cursor::Page<SpaceMember> result;
    while (rows->next()) {
      if (static_cast<int>(result.items.size()) == page.limit && !result.items.empty()) {
        result.next_cursor = cursor::encode({std::to_string(result.items.back().person.id)});
        break;
      }
      result.items.push_back({summary_at(*rows, 0), rows->text(5), rows->int64(6)});
    }
    return result;
  });
}

Result<std::vector<SpaceMember>> join_requests(store::Store& store, const Viewer& viewer, int64_t space_id) {
  return store::read(store, [&](store::Connection& c) -> Result<std::vector<SpaceMember>> {
    auto access = policy::space_access(c, viewer, space_id);
    if (!access.visible) return not_found("No such space.");
    if (!access.owner()) return forbidden("Only the space's owners see join requests.");
    auto rows = c.query(std::string("SELECT ") + kAuthor +
                            ", j.created_at FROM join_requests j JOIN people a ON a.id = j.person_id "
                            "WHERE j.space_id = ? ORDER BY j.created_at LIMIT 500",
                        {space_id});
    std::vector<SpaceMember> out;
    while (rows->next()) out.push_back({summary_at(*rows, 0), "requested", rows->int64(5)});
    return out;
  });
}

Result<Problem> problem(store::Store& store, const Viewer& viewer, int64_t problem_id, bool detail) {
  return store::read(store, [&](store::Connection& c) -> Result<Problem> {
    auto rows = c.query(std::string("SELECT ") + kProblemColumns +
                            " FROM problems p JOIN people a ON a.id = p.author_id WHERE p.id = ?",
                        {problem_id});
    if (!rows->next()) return not_found("No such problem.");
    Problem problem = read_problem(*rows);
    rows.reset();
    if (!content_visible(c, viewer, problem.space_id)) return not_found("No such problem.");
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
            kAuthor + ", p.space_id, p.accepted_solution_id FROM solutions s JOIN people a ON a.id = "
            "s.author_id JOIN problems p ON p.id = s.problem_id WHERE s.id = ?",
        {viewer.person_id, solution_id});
    if (!rows->next()) return not_found("No such solution.");
    Solution s{rows->int64(0), rows->int64(1), summary_at(*rows, 6), rows->text(2), rows->int64(3),
               static_cast<int>(rows->int64(5)), rows->optional_int64(12) == rows->int64(0), rows->int64(4)};
    int64_t space = rows->int64(11);
    rows.reset();
    if (!content_visible(c, viewer, space)) return not_found("No such solution.");
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
    sql += " ORDER BY p.id DESC LIMIT ?";
    params.emplace_back(page.limit + 1);
    std::vector<Problem> items;
    auto rows = c.query(sql, params);
    while (rows->next()) items.push_back(read_problem(*rows));
    return paged(std::move(items), page.limit);
  });
}

Result<IdeaComment> idea_comment(store::Store& store, const Viewer& viewer, int64_t comment_id) {
  return store::read(store, [&](store::Connection& c) -> Result<IdeaComment> {
    auto rows = c.query(std::string("SELECT cm.id, cm.body, cm.created_at, ") + kAuthor +
                            ", i.space_id FROM idea_comments cm JOIN ideas i ON i.id = cm.idea_id JOIN "
                            "people a ON a.id = cm.author_id WHERE cm.id = ?",
                        {comment_id});
    if (!rows->next()) return not_found("No such comment.");
    IdeaComment comment{rows->int64(0), summary_at(*rows, 3), rows->text(1), rows->int64(2)};
    const int64_t space_id = rows->int64(8);
    rows.reset();
    if (!content_visible(c, viewer, space_id)) return not_found("No such comment.");
    return comment;
  });
}

Result<Idea> idea(store::Store& store, const Viewer& viewer, int64_t idea_id, bool detail) {
  return store::read(store, [&](store::Connection& c) -> Result<Idea> {
    auto rows = c.query(std::string("SELECT ") + kIdeaColumns +
                            " FROM ideas i JOIN people a ON a.id = i.author_id WHERE i.id = ?",
                        {viewer.person_id, idea_id});
    if (!rows->next()) return not_found("No such idea.");
    Idea idea = read_idea(*rows);
    rows.reset();
    if (!content_visible(c, viewer, idea.space_id)) return not_found("No such idea.");
    if (!detail) return idea;
    auto comments = c.query(std::string("SELECT cm.id, cm.body, cm.created_at, ") + kAuthor +
                                " FROM idea_comments cm JOIN people a ON a.id = cm.author_id WHERE "
                                "cm.idea_id = ? ORDER BY cm.id LIMIT 1000",
                            {idea_id});
    while (comments->next()) {
      idea.comments.push_back({comments->int64(0), summary_at(*comments, 3), comments->text(1), comments->int64(2)});
    }
    comments.reset();
    auto stages = c.query(std::string("SELECT st.stage, st.note, st.at, ") + kAuthor +
                              " FROM idea_stages st LEFT JOIN people a ON a.id = st.by_id WHERE "
                              "st.idea_id = ? ORDER BY st.id",
                          {idea_id});
    while (stages->next()) {
      StageChange change{stages->text(0), stages->text(1), std::nullopt, stages->int64(2)};
      if (!stages->is_null(3)) change.by = summary_at(*stages, 3);
      idea.stages.push_back(std::move(change));
    }
    stages.reset();
    idea.chain = chain_of_idea(c, viewer, idea_id);
    return idea;
  });
}

Result<cursor::Page<Idea>> space_ideas(store::Store& store, const Viewer& viewer, int64_t space_id,
                                       const std::string& stage, const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<Idea>> {
    WEFT_TRY_VOID(policy::require_content(c, viewer, space_id));
    std::vector<store::Param> params{viewer.person_id, space_id, before_id(page)};
    std::string sql = std::string("SELECT ") + kIdeaColumns +
                      " FROM ideas i JOIN people a ON a.id = i.author_id WHERE i.space_id = ? AND i.id < ?";
    if (!stage.empty()) {
      sql += " AND i.stage = ?";
      params.emplace_back(stage);
    }
    sql += " ORDER BY i.id DESC LIMIT ?";
    params.emplace_back(page.limit + 1);
    std::vector<Idea> items;
    auto rows = c.query(sql, params);
    while (rows->next()) items.push_back(read_idea(*rows));
    return paged(std::move(items), page.limit);
  });
}

Result<Proposal> proposal(store::Store& store, const Viewer& viewer, int64_t proposal_id, bool detail) {
  return store::read(store, [&](store::Connection& c) -> Result<Proposal> {
    auto rows = c.query(std::string("SELECT ") + kProposalColumns +
                            " FROM proposals r JOIN people a ON a.id = r.author_id WHERE r.id = ?",
                        {viewer.person_id, proposal_id});
    if (!rows->next()) return not_found("No such proposal.");
    Proposal proposal = read_proposal(*rows);
    rows.reset();
    if (!content_visible(c, viewer, proposal.space_id)) return not_found("No such proposal.");
    if (!detail) return proposal;
    auto stances = c.query(std::string("SELECT st.stance, st.reason, st.updated_at, ") + kAuthor +
                               " FROM stances st JOIN people a ON a.id = st.person_id WHERE "
                               "st.proposal_id = ? ORDER BY st.updated_at, a.id LIMIT 2000",
                           {proposal_id});
    while (stances->next()) {
      proposal.stances.push_back({summary_at(*stances, 3), stances->text(0), stances->text(1), stances->int64(2)});
    }
    stances.reset();
    if (proposal.from_idea_id) {
      auto problem = c.query_int("SELECT from_problem_id FROM ideas WHERE id = ?", {*proposal.from_idea_id});
      proposal.chain = build_chain(c, viewer, problem, {*proposal.from_idea_id}, {proposal.id});
    } else {
      proposal.chain = build_chain(c, viewer, std::nullopt, {}, {proposal.id});
    }
    return proposal;
  });
}

Result<cursor::Page<Proposal>> space_proposals(store::Store& store, const Viewer& viewer, int64_t space_id,
                                               const std::string& status, const cursor::PageRequest& page) {
  return store::read(store, [&](store::Connection& c) -> Result<cursor::Page<Proposal>> {
    WEFT_TRY_VOID(policy::require_content(c, viewer, space_id));
    std::vector<store::Param> params{viewer.person_id, space_id, before_id(page)};
    std::string sql = std::string("SELECT ") + kProposalColumns +
                      " FROM proposals r JOIN people a ON a.id = r.author_id WHERE r.space_id = ? AND r.id < ?";
    if (!status.empty()) {
      sql += " AND r.status = ?";
      params.emplace_back(status);
    }
    sql += " ORDER BY r.id DESC LIMIT ?";
    params.emplace_back(page.limit + 1);
    std::vector<Proposal> items;
    auto rows = c.query(sql, params);
    while (rows->next()) items.push_back(read_proposal(*rows));
    return paged(std::move(items), page.limit);
  });
}

}  // namespace weft::queries
