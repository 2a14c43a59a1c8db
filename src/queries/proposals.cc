// Proposals and their stances.
#include "queries/work.h"

#include "policy/spaces.h"
#include "queries/work_rows.h"

namespace weft::queries {
using namespace detail;
namespace {

constexpr const char* kProposalColumns =
    "r.id, r.space_id, r.title, r.body, r.status, r.closes_at, r.agree, r.abstain, r.disagree, "
    "r.block, r.outcome, r.decision, r.from_idea_id, r.created_at, r.closed_at, (SELECT stance "
    "FROM stances st WHERE st.proposal_id = r.id AND st.person_id = ?), a.id, a.handle, a.name, "
    "a.title, a.unit_id, a.avatar_version, r.review_at, r.follow_up_of, (SELECT MIN(f.id) FROM proposals f WHERE f.follow_up_of = r.id)";

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
  r.review_at = rows.optional_int64(22);
  r.follow_up_of = rows.optional_int64(23);
  r.followed_up_by = rows.optional_int64(24);
  return r;
}

}  // namespace

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

Result<WorkAcross<Proposal>> proposals_across(store::Store& store, const Viewer& viewer, const WorkFilter& filter,
                                              const cursor::PageRequest& page) {
  return across<Proposal>(store, viewer, filter, page, kProposalColumns, {viewer.person_id}, "proposals", "r", false,
                          "status", "CASE WHEN r.status = 'open' THEN 'open' ELSE r.decision END", read_proposal);
}

}  // namespace weft::queries
