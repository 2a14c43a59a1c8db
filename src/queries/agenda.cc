#include "queries/agenda.h"

#include "core/clock.h"
#include "policy/records.h"
#include "queries/records.h"
#include "queries/work.h"

namespace weft::queries {
namespace {

std::vector<int64_t> ids_of(store::Connection& c, const std::string& sql, const std::vector<store::Param>& params) {
  std::vector<int64_t> ids;
  auto rows = c.query(sql, params);
  while (rows->next()) ids.push_back(rows->int64(0));
  return ids;
}

// Each id read through the item's own query (which checks visibility again); the invisible are
// left out.
template <typename T, typename Read>
std::vector<T> items_of(const std::vector<int64_t>& ids, Read read) {
  std::vector<T> out;
  for (int64_t id : ids) {
    auto item = read(id);
    if (item) out.push_back(std::move(*item));
  }
  return out;
}

}  // namespace

Result<Agenda> agenda(store::Store& store, const Viewer& viewer) {
  Agenda out;
  const int64_t me = viewer.person_id;
  const int64_t now = clock::now_seconds();
  const int64_t limit = kAgendaItems;
  struct Ids {
    std::vector<int64_t> awaiting, suggested, open, decisions, ideas, records, spaces;
  } ids;
  WEFT_TRY_VOID(store::read(store, [&](store::Connection& c) -> Result<void> {
    // Proposals in the person's spaces waiting for their stance.
    const std::string awaiting =
        " FROM proposals r JOIN space_members m ON m.space_id = r.space_id AND m.person_id = ? WHERE r.status = "
        "'open' AND NOT EXISTS (SELECT 1 FROM stances st WHERE st.proposal_id = r.id AND st.person_id = ?)";
    ids.awaiting = ids_of(c, "SELECT r.id" + awaiting + " ORDER BY r.closes_at, r.id LIMIT ?", {me, me, limit});
    out.awaiting_stance_total = c.query_int("SELECT COUNT(*)" + awaiting, {me, me}).value_or(0);
    ids.suggested = ids_of(c,
                           "SELECT p.id FROM expert_suggestions es JOIN problems p ON p.id = es.problem_id WHERE "
                           "es.person_id = ? AND p.status = 'open' AND p.author_id <> ? ORDER BY es.created_at DESC, "
                           "p.id DESC LIMIT ?",
                           {me, me, limit});
    // Open problems in their spaces, those on a record only if its access list lets them in (the
    // total too: it must not tell of problems they may not read).
    std::vector<store::Param> open_params{me};
    const std::string open =
        " FROM problems p JOIN space_members m ON m.space_id = p.space_id AND m.person_id = ? WHERE p.status = 'open' "
        "AND " + policy::append(open_params, policy::record_gate(viewer, "p.record_id"));
    std::vector<store::Param> page_params = open_params;
    page_params.emplace_back(limit * 2);
    ids.open = ids_of(c, "SELECT p.id" + open + " ORDER BY p.id DESC LIMIT ?", page_params);
    {
      auto total = c.query("SELECT COUNT(*)" + open, open_params);
      out.open_problems_total = total->next() ? total->int64(0) : 0;
    }
    ids.decisions = ids_of(c,
                           "SELECT r.id FROM proposals r JOIN space_members m ON m.space_id = r.space_id AND "
                           "m.person_id = ? WHERE r.status = 'closed' AND r.closed_at >= ? ORDER BY r.closed_at DESC, "
                           "r.id DESC LIMIT ?",
                           {me, now - kRecentDecisionSeconds, limit});
    ids.ideas = ids_of(c,
                       "SELECT i.id FROM ideas i WHERE i.author_id = ? AND i.stage <> 'new' ORDER BY "
                       "i.stage_changed_at DESC, i.id DESC LIMIT ?",
                       {me, limit});
    ids.records = ids_of(c,
                         "SELECT r.id FROM record_follows f JOIN records r ON r.id = f.record_id WHERE f.person_id = ? "
                         "ORDER BY r.updated_at DESC, r.id DESC LIMIT ?",
                         {me, limit});
    ids.spaces = ids_of(c,
                        "SELECT s.id FROM space_members m JOIN spaces s ON s.id = m.space_id WHERE m.person_id = ? "
                        "ORDER BY s.id DESC LIMIT ?",
                        {me, limit * 2});
    out.space_count = c.query_int("SELECT COUNT(*) FROM space_members WHERE person_id = ?", {me}).value_or(0);
    out.skills = c.query_int("SELECT COUNT(*) FROM person_skills WHERE person_id = ?", {me}).value_or(0);
    out.following = c.query_int("SELECT COUNT(*) FROM follows WHERE follower_id = ?", {me}).value_or(0);
    return {};
  }));
  auto problem_of = [&](int64_t id) { return problem(store, viewer, id, false); };
  auto proposal_of = [&](int64_t id) { return proposal(store, viewer, id, false); };
  out.awaiting_stance = items_of<Proposal>(ids.awaiting, proposal_of);
  out.suggested = items_of<Problem>(ids.suggested, problem_of);
  // Problems already listed as suggested are not listed twice.
  std::vector<int64_t> open;
  for (int64_t id : ids.open) {
    bool listed = false;
    for (const auto& p : out.suggested) listed = listed || p.id == id;
    if (!listed && static_cast<int64_t>(open.size()) < limit) open.push_back(id);
  }
  out.open_problems = items_of<Problem>(open, problem_of);
  out.recent_decisions = items_of<Proposal>(ids.decisions, proposal_of);
  out.idea_updates = items_of<Idea>(ids.ideas, [&](int64_t id) { return idea(store, viewer, id, false); });
  out.records = items_of<Record>(ids.records, [&](int64_t id) { return record(store, viewer, id, false); });
  out.spaces = items_of<Space>(ids.spaces, [&](int64_t id) { return space(store, viewer, id); });
  return out;
}

}  // namespace weft::queries
